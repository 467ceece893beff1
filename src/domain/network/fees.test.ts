import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { orThrow } from '../shared/index.js'
import { parseFeeTerms } from './entrustment.js'
import { averageOutstandingDong, groupCommission, interestCollectionRateMicros, organisationFee, overdueRatioMicros, qualityPayShare, type FeeFigures } from './fees.js'

// 0,045 %/month on outstanding, 2 % of interest collected to the organisation, 8 % to the group
// board; half is paid above 2 % overdue, 80 % below a 75 % collection rate.
const terms = orThrow(parseFeeTerms({
  feeOnOutstandingMonthlyMicros: '450',
  feeOnInterestCollectedMicros: '20000',
  commissionOnInterestCollectedMicros: '80000',
  qualityReductions: [
    { factor: 'overdue_ratio', thresholdMicros: '20000', payShareMicros: '500000' },
    { factor: 'interest_collection_rate', thresholdMicros: '750000', payShareMicros: '800000' },
  ],
}))

const figures = (f: Partial<FeeFigures>): FeeFigures => ({
  loans: 1, openingOutstandingDong: null, closingOutstandingDong: 0n, overduePrincipalDong: 0n, interestCollectedDong: 0n, interestReceivableDong: 0n, ...f,
})

describe('the base figures', () => {
  it('averages opening and closing, floored, and takes the closing when there is no opening', () => {
    expect(averageOutstandingDong(72_000_000n, 90_000_000n)).toBe(81_000_000n)
    // (1 + 2) / 2 = 1,5 → 1
    expect(averageOutstandingDong(1n, 2n)).toBe(1n)
    expect(averageOutstandingDong(null, 72_000_000n)).toBe(72_000_000n)
  })

  it('measures the overdue ratio and the collection rate in millionths, floored', () => {
    // 18.000.000 × 10⁶ / 72.000.000 = 250.000 (25 %)
    expect(overdueRatioMicros(18_000_000n, 72_000_000n)).toBe(250_000n)
    expect(overdueRatioMicros(0n, 0n)).toBe(0n)
    // 1 × 10⁶ / 3 = 333.333,3 → 333.333
    expect(overdueRatioMicros(1n, 3n)).toBe(333_333n)
    // 264.000 × 10⁶ / (264.000 + 85.800) = 754.716,98 → 754.716
    expect(interestCollectionRateMicros(264_000n, 85_800n)).toBe(754_716n)
    expect(interestCollectionRateMicros(0n, 0n)).toBe(1_000_000n)
    expect(interestCollectionRateMicros(0n, 5n)).toBe(0n)
    // A month that reversed more than it collected counts as having collected nothing.
    expect(interestCollectionRateMicros(-100n, 5n)).toBe(0n)
  })

  it('asserts on impossible figures', () => {
    expect(() => overdueRatioMicros(2n, 1n)).toThrow(/part of the outstanding/)
    expect(() => averageOutstandingDong(-1n, 0n)).toThrow(/never negative/)
  })
})

describe('quality reductions', () => {
  it('pays the smallest triggered share, without compounding', () => {
    // Overdue 25 % > 2 % (½) and collection 74,86 % < 75 % (80 %): ½ applies, not ½ × 80 %.
    const both = qualityPayShare(terms.qualityReductions, { overdueRatioMicros: 250_000n, interestCollectionRateMicros: 748_592n })
    expect(both.payShareMicros).toBe(500_000n)
    expect(both.reductions.map((r) => r.triggered)).toEqual([true, true])
    // Exactly at the threshold triggers neither (above / below are strict).
    const edge = qualityPayShare(terms.qualityReductions, { overdueRatioMicros: 20_000n, interestCollectionRateMicros: 750_000n })
    expect(edge.payShareMicros).toBe(1_000_000n)
    expect(edge.reductions.map((r) => r.triggered)).toEqual([false, false])
  })

  it('never pays more than the gross nor a negative amount', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.bigInt({ min: 0n, max: 10n ** 10n }), fc.bigInt({ min: -(10n ** 9n), max: 10n ** 10n }), fc.bigInt({ min: 0n, max: 10n ** 10n }),
      (opening, closing, overdueRaw, collected, receivable) => {
        const overdue = overdueRaw > closing ? closing : overdueRaw
        const f = figures({ openingOutstandingDong: opening, closingOutstandingDong: closing, overduePrincipalDong: overdue, interestCollectedDong: collected, interestReceivableDong: receivable })
        for (const c of [organisationFee(terms, f), groupCommission(terms, f)]) {
          expect(c.netDong >= 0n && c.netDong <= c.grossDong).toBe(true)
          expect(c.grossDong).toBe(c.components.reduce((s, x) => s + x.amountDong, 0n))
        }
      },
    ))
  })
})

describe('organisation fee and group commission', () => {
  it('computes the organisation fee of the October example (test/fees) by hand', () => {
    // Opening 72.000.000, closing 90.000.000 → average 81.000.000.
    // On outstanding: 81.000.000 × 450 / 10⁶ = 36.450. On interest: 1.264.000 × 20.000 / 10⁶ = 25.280.
    // Gross 61.730. Overdue 18.000.000 / 90.000.000 = 200.000 > 20.000 → ½;
    // collection 1.264.000 / (1.264.000 + 421.640) = 749.863 < 750.000 → 80 %. Smallest: ½ → 30.865.
    const fee = organisationFee(terms, figures({ loans: 3, openingOutstandingDong: 72_000_000n, closingOutstandingDong: 90_000_000n, overduePrincipalDong: 18_000_000n, interestCollectedDong: 1_264_000n, interestReceivableDong: 421_640n }))
    expect(fee.averageOutstandingDong).toBe(81_000_000n)
    expect(fee.components.map((c) => [c.kind, c.amountDong])).toEqual([['fee_on_outstanding', 36_450n], ['fee_on_interest_collected', 25_280n]])
    expect(fee.factors).toEqual({ overdueRatioMicros: 200_000n, interestCollectionRateMicros: 749_863n })
    expect(fee.payShareMicros).toBe(500_000n)
    expect([fee.grossDong, fee.netDong]).toEqual([61_730n, 30_865n])
  })

  it('computes a group commission on interest collected only', () => {
    // 264.000 × 80.000 / 10⁶ = 21.120; no overdue, collection 754.716 ≥ 750.000 → paid whole.
    const a = groupCommission(terms, figures({ openingOutstandingDong: 36_000_000n, closingOutstandingDong: 54_000_000n, interestCollectedDong: 264_000n, interestReceivableDong: 85_800n }))
    expect(a.components).toEqual([{ kind: 'commission_on_interest_collected', baseDong: 264_000n, rateMicros: 80_000n, amountDong: 21_120n }])
    expect([a.grossDong, a.payShareMicros, a.netDong]).toEqual([21_120n, 1_000_000n, 21_120n])
    // 1.000.000 × 8 % = 80.000; overdue ½ of 36.000.000 → paid half: 40.000.
    const b = groupCommission(terms, figures({ openingOutstandingDong: 36_000_000n, closingOutstandingDong: 36_000_000n, overduePrincipalDong: 18_000_000n, interestCollectedDong: 1_000_000n, interestReceivableDong: 335_840n }))
    expect([b.grossDong, b.netDong]).toEqual([80_000n, 40_000n])
    // 333 × 8 % = 26,64 → 26 (floored once per component).
    expect(groupCommission(terms, figures({ closingOutstandingDong: 1n, interestCollectedDong: 333n })).grossDong).toBe(26n)
  })

  it('gives nothing for a rate the terms do not have, and nothing on a net reversal', () => {
    const outstandingOnly = orThrow(parseFeeTerms({ feeOnOutstandingMonthlyMicros: '450' }))
    expect(groupCommission(outstandingOnly, figures({ interestCollectedDong: 1_000_000n })).grossDong).toBe(0n)
    expect(organisationFee(terms, figures({ interestCollectedDong: -50_000n })).grossDong).toBe(0n)
  })
})
