import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LocalDate } from '../shared/index.js'
import { amountInForce, checkChildrenWithinParent, checkPlanLine, decideRoom, enforceRoom, periodBounds, quarterOf } from './index.js'

const d = (s: string) => s as LocalDate

describe('plan periods', () => {
  it('bounds a year and each quarter', () => {
    expect(periodBounds({ year: 2026, quarter: null })).toEqual({ from: '2026-01-01', to: '2026-12-31' })
    expect(periodBounds({ year: 2026, quarter: 1 })).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(periodBounds({ year: 2024, quarter: 4 })).toEqual({ from: '2024-10-01', to: '2024-12-31' })
    expect([d('2026-03-31'), d('2026-04-01'), d('2026-12-31')].map(quarterOf)).toEqual([1, 2, 4])
  })

  it('refuses a negative amount or a line taking effect after its period', () => {
    expect(checkPlanLine({ period: { year: 2026, quarter: 1 }, amountDong: 0n, validFrom: d('2025-12-20') }).ok).toBe(true)
    expect(checkPlanLine({ period: { year: 2026, quarter: 1 }, amountDong: -1n, validFrom: d('2026-01-01') })).toMatchObject({ code: 'plan_line_invalid' })
    expect(checkPlanLine({ period: { year: 2026, quarter: 1 }, amountDong: 1n, validFrom: d('2026-04-01') })).toMatchObject({ code: 'plan_line_invalid' })
  })
})

describe('children within the parent', () => {
  const v = (amountDong: bigint, validFrom: string) => ({ amountDong, validFrom: d(validFrom) })

  it('takes the latest version on or before a date', () => {
    const versions = [v(100n, '2026-01-01'), v(60n, '2026-07-01')]
    expect([amountInForce(versions, d('2025-12-31')), amountInForce(versions, d('2026-06-30')), amountInForce(versions, d('2026-07-01'))]).toEqual([null, 100n, 60n])
  })

  it('checks every date a version takes effect, including a later cut of the parent', () => {
    expect(checkChildrenWithinParent([v(100n, '2026-01-01')], [[v(60n, '2026-01-01')], [v(40n, '2026-01-01')]]).ok).toBe(true)
    expect(checkChildrenWithinParent([v(100n, '2026-01-01'), v(90n, '2026-07-01')], [[v(60n, '2026-01-01')], [v(40n, '2026-01-01')]]))
      .toMatchObject({ code: 'plan_children_exceed_parent', details: { date: '2026-07-01', parentDong: '90', childrenDong: '100', excessDong: '10' } })
    // A child revised down before the parent's cut makes it fit.
    expect(checkChildrenWithinParent([v(100n, '2026-01-01'), v(90n, '2026-07-01')], [[v(60n, '2026-01-01'), v(50n, '2026-06-01')], [v(40n, '2026-01-01')]]).ok).toBe(true)
    // No parent line: nothing to exceed.
    expect(checkChildrenWithinParent([], [[v(1_000n, '2026-01-01')]]).ok).toBe(true)
  })

  it('accepts children exactly when their sum fits on every date (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { maxLength: 8 }), (parent, children) => {
      const sum = children.reduce((s, c) => s + c, 0n)
      const result = checkChildrenWithinParent([v(parent, '2026-01-01')], children.map((c) => [v(c, '2026-01-01')]))
      expect(result.ok).toBe(sum <= parent)
    }))
  })
})

describe('room before a disbursement', () => {
  const c = (unitId: number, allocatedDong: bigint, disbursedDong: bigint) => ({ lineId: BigInt(unitId), unitId, period: { year: 2026, quarter: null }, capitalSourceCode: null, allocatedDong, disbursedDong })

  it('binds on the line with the least room; none when no line applies', () => {
    const room = decideRoom([c(1, 1_000n, 500n), c(2, 300n, 250n)], 60n, 'warn')
    expect(room).toMatchObject({ roomDong: 50n, exceeds: true, binding: { unitId: 2 } })
    expect(decideRoom([], 10n ** 15n, 'block')).toMatchObject({ roomDong: null, exceeds: false })
  })

  it("refuses only under 'block', and only when exceeded", () => {
    expect(enforceRoom(decideRoom([c(2, 300n, 250n)], 60n, 'warn')).ok).toBe(true)
    expect(enforceRoom(decideRoom([c(2, 300n, 250n)], 50n, 'block')).ok).toBe(true)
    expect(enforceRoom(decideRoom([c(2, 300n, 250n)], 51n, 'block'))).toMatchObject({ code: 'plan_room_exceeded', details: { roomDong: '50', amountDong: '51', unitId: 2 } })
  })
})
