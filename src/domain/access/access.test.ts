import { describe, expect, it } from 'vitest'
import { can, checkDecision, childPath, CHILD_KINDS, inScope, ROLE_RULES, ROLES } from './index.js'

describe('maker-checker', () => {
  it('refuses a decision by the maker', () => {
    expect(checkDecision({ makerId: 7, status: 'pending' }, 7)).toEqual({ ok: false, code: 'maker_cannot_check' })
  })
  it('accepts a decision by another user while pending', () => {
    expect(checkDecision({ makerId: 7, status: 'pending' }, 8)).toEqual({ ok: true, value: undefined })
  })
  it('refuses to decide twice', () => {
    for (const status of ['approved', 'rejected'] as const)
      expect(checkDecision({ makerId: 7, status }, 8)).toMatchObject({ ok: false, code: 'approval_not_pending' })
  })
})

describe('scope', () => {
  it('covers a unit and its descendants only', () => {
    expect(inScope('/1/4/', '/1/4/')).toBe(true)
    expect(inScope('/1/4/', '/1/4/9/12/')).toBe(true)
    expect(inScope('/1/4/', '/1/5/')).toBe(false)
    // A sibling whose id starts with the same digits is not inside: the trailing slash matters.
    expect(inScope('/1/4/', '/1/45/')).toBe(false)
    expect(inScope('/1/4/9/', '/1/4/')).toBe(false)
  })
  it('builds child paths from the parent path', () => {
    expect(childPath('/1/4/', 9)).toBe('/1/4/9/')
  })
})

describe('roles', () => {
  it('keeps the supervisor read-only and without user management', () => {
    expect(ROLE_RULES.supervisor.readOnly).toBe(true)
    expect(can('supervisor', 'users.manage')).toBe(false)
    expect(can('supervisor', 'audit.read')).toBe(true)
  })
  it('grants user management to administrators only', () => {
    expect(ROLES.filter((r) => can(r, 'users.manage'))).toEqual(['admin'])
  })
  it('binds every role to at least one level, and the hierarchy ends at the village', () => {
    for (const role of ROLES) expect(ROLE_RULES[role].unitKinds.length).toBeGreaterThan(0)
    expect(CHILD_KINDS.village).toEqual([])
  })
})
