import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { programAllowed, splitInterest, validateSplit } from './agreement.js'
import { nearestHolder, poolBalances, poolCovers } from './pools.js'

const split = { fundShareMicros: 500_000, reserveShareMicros: 200_000, bankFeeMicros: 300_000 }

describe('local fund agreements', () => {
  it('accepts shares summing to a million and refuses any other sum', () => {
    expect(validateSplit(split).ok).toBe(true)
    expect(validateSplit({ ...split, bankFeeMicros: 300_001 })).toMatchObject({ ok: false, code: 'capital_split_invalid' })
    expect(validateSplit({ fundShareMicros: -1, reserveShareMicros: 1, bankFeeMicros: 1_000_000 })).toMatchObject({ ok: false, code: 'capital_split_invalid' })
    expect(validateSplit({ fundShareMicros: 0.5, reserveShareMicros: 0, bankFeeMicros: 999_999.5 })).toMatchObject({ ok: false, code: 'capital_split_invalid' })
  })

  it('allows every program when the list is empty and only the listed ones otherwise', () => {
    expect(programAllowed({ programCodes: [] }, 'STUDENT').ok).toBe(true)
    expect(programAllowed({ programCodes: ['POOR'] }, 'POOR').ok).toBe(true)
    expect(programAllowed({ programCodes: ['POOR'] }, 'STUDENT')).toMatchObject({ ok: false, code: 'capital_program_not_in_agreement' })
  })

  it('floors the fund and reserve shares and leaves the remainder to the bank', () => {
    expect(splitInterest(1_001n, split)).toEqual({ earnedDong: 1_001n, fundDong: 500n, reserveDong: 200n, feeDong: 301n })
    expect(splitInterest(0n, split)).toEqual({ earnedDong: 0n, fundDong: 0n, reserveDong: 0n, feeDong: 0n })
    expect(splitInterest(-5n, split).fundDong).toBe(0n)
  })

  it('never creates or loses a đồng in a split', () => {
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (earned, a, b) => {
      const fund = Math.min(a, 1_000_000)
      const reserve = Math.min(b, 1_000_000 - fund)
      const s = splitInterest(earned, { fundShareMicros: fund, reserveShareMicros: reserve, bankFeeMicros: 1_000_000 - fund - reserve })
      return s.fundDong + s.reserveDong + s.feeDong === earned && s.feeDong >= 0n && s.fundDong >= 0n && s.reserveDong >= 0n
    }))
  })
})

describe('capital pools down the hierarchy', () => {
  const held = new Map([[4, 1_000n], [9, 300n]])

  it('finds the nearest holding unit at or above a commune', () => {
    expect(nearestHolder('/1/4/9/', held)).toBe(9)
    expect(nearestHolder('/1/4/10/', held)).toBe(4)
    expect(nearestHolder('/1/5/11/', held)).toBeNull()
  })

  it('charges each loan to its nearest holder and ignores loans under none', () => {
    const pools = poolBalances({ heldDong: held, outstanding: [
      { unitId: 9, path: '/1/4/9/', dong: 250n }, { unitId: 10, path: '/1/4/10/', dong: 400n }, { unitId: 11, path: '/1/5/11/', dong: 99n },
    ] })
    expect(pools).toEqual(new Map([[4, 600n], [9, 50n]]))
    expect(poolCovers(pools, 9, 50n, 'fund_insufficient').ok).toBe(true)
    expect(poolCovers(pools, 9, 51n, 'fund_insufficient')).toMatchObject({ ok: false, code: 'fund_insufficient', details: { availableDong: '50' } })
    expect(poolCovers(pools, 7, 1n, 'capital_allocation_exceeds_available')).toMatchObject({ ok: false, code: 'capital_allocation_exceeds_available' })
  })
})
