import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { answers, localStandard, STANDARD_2016, STANDARD_2022, STANDARD_2027 } from '../../../test/support/poverty-standards.js'
import { dong, orThrow, type Dong } from '../shared/index.js'
import { classify } from './classify.js'
import type { AreaType, HouseholdClass, PovertyStandard } from './standard.js'

const classOf = (standard: PovertyStandard, area: AreaType, income: Dong, deprived: number): HouseholdClass =>
  orThrow(classify(standard, area, income, answers(standard, deprived))).class

const CASES = [
  { standard: STANDARD_2022, area: 'rural', line: 1_500_000n, average: 2_250_000n },
  { standard: STANDARD_2022, area: 'urban', line: 2_000_000n, average: 3_000_000n },
  { standard: STANDARD_2027, area: 'rural', line: 2_200_000n, average: 3_300_000n },
  { standard: STANDARD_2027, area: 'urban', line: 2_800_000n, average: 4_200_000n },
  { standard: localStandard('79'), area: 'rural', line: 3_000_000n, average: 4_500_000n },
  { standard: localStandard('79'), area: 'urban', line: 4_000_000n, average: 6_000_000n },
] as const

describe('classify under Decision 59/2015 (2016–2021): two income tiers', () => {
  const cases = [
    { area: 'rural', poorLine: 700_000n, line: 1_000_000n, average: 1_500_000n },
    { area: 'urban', poorLine: 900_000n, line: 1_300_000n, average: 1_950_000n },
  ] as const
  for (const { area, poorLine, line, average } of cases) {
    it(`${area}: income at or below ${poorLine} is poor with no deprivation at all`, () => {
      expect(classOf(STANDARD_2016, area, dong(poorLine), 0)).toBe('poor')
      expect(classOf(STANDARD_2016, area, dong(0), 0)).toBe('poor')
    })
    it(`${area}: one đồng above ${poorLine} up to ${line} is poor with 3 of the 10 deprivations, near-poor with 2`, () => {
      expect(classOf(STANDARD_2016, area, dong(poorLine + 1n), 2)).toBe('near_poor')
      expect(classOf(STANDARD_2016, area, dong(poorLine + 1n), 3)).toBe('poor')
      expect(classOf(STANDARD_2016, area, dong(line), 3)).toBe('poor')
      expect(classOf(STANDARD_2016, area, dong(line), 0)).toBe('near_poor')
    })
    it(`${area}: above ${line} is average living up to ${average}, then not poor`, () => {
      expect(classOf(STANDARD_2016, area, dong(line + 1n), 10)).toBe('average_living')
      expect(classOf(STANDARD_2016, area, dong(average), 0)).toBe('average_living')
      expect(classOf(STANDARD_2016, area, dong(average + 1n), 0)).toBe('not_poor')
    })
  }
  it('says why in both languages when the lower tier decides', () => {
    const result = orThrow(classify(STANDARD_2016, 'rural', dong(650_000), answers(STANDARD_2016, 0)))
    expect(result.indicatorCount).toBe(10)
    expect(result.reasons[0]!.vi).toContain('không xét chỉ số thiếu hụt')
    expect(result.reasons[0]!.en).toContain('whatever the deprivations')
  })
})

describe('classify', () => {
  for (const { standard, area, line, average } of CASES) {
    describe(`${standard.code}, ${area} (line ${line}, average ${average})`, () => {
      it('puts income exactly on the line with exactly 3 deprivations on the poor side', () => {
        expect(classOf(standard, area, dong(line), 3)).toBe('poor')
      })
      it('puts income exactly on the line with 2 deprivations on the near-poor side', () => {
        expect(classOf(standard, area, dong(line), 2)).toBe('near_poor')
      })
      it('treats zero income with no deprivation as near-poor and with many as poor', () => {
        expect(classOf(standard, area, dong(0), 0)).toBe('near_poor')
        expect(classOf(standard, area, dong(0), 12)).toBe('poor')
      })
      it('puts one đồng above the line in the average-living class, whatever the deprivations', () => {
        expect(classOf(standard, area, dong(line + 1n), 0)).toBe('average_living')
        expect(classOf(standard, area, dong(line + 1n), 12)).toBe('average_living')
      })
      it('keeps income exactly on the average-living line average-living, and one đồng above is not poor', () => {
        expect(classOf(standard, area, dong(average), 5)).toBe('average_living')
        expect(classOf(standard, area, dong(average + 1n), 5)).toBe('not_poor')
      })
    })
  }

  it('uses the area type: 1.800.000 ₫ is average-living in a rural commune and near-poor or poor in an urban ward (2022–2026)', () => {
    expect(classOf(STANDARD_2022, 'rural', dong(1_800_000), 4)).toBe('average_living')
    expect(classOf(STANDARD_2022, 'urban', dong(1_800_000), 4)).toBe('poor')
    expect(classOf(STANDARD_2022, 'urban', dong(1_800_000), 1)).toBe('near_poor')
  })

  it('a local standard catches households the national standard does not', () => {
    const income = dong(2_500_000)
    expect(classOf(STANDARD_2022, 'urban', income, 3)).toBe('average_living')
    expect(classOf(localStandard('79'), 'urban', income, 3)).toBe('poor')
  })

  it('answers not poor above the line when a standard has no average-living line', () => {
    const standard = { ...STANDARD_2022, rules: { ...STANDARD_2022.rules, averageLivingLinesDong: null } }
    expect(classOf(standard, 'rural', dong(1_500_001), 0)).toBe('not_poor')
  })

  it('keeps the lines and the deprivation codes with the result, with reasons in both languages', () => {
    const result = orThrow(classify(STANDARD_2022, 'rural', dong(1_500_000), { ...answers(STANDARD_2022, 0), nutrition: true, floor_area: true, telecom_use: true }))
    expect(result).toMatchObject({ class: 'poor', deprivations: ['nutrition', 'floor_area', 'telecom_use'], indicatorCount: 12, incomeLineDong: 1_500_000n, averageLivingLineDong: 2_250_000n, poorMinDeprivations: 3 })
    expect(result.reasons.map((r) => r.vi).join(' ')).toContain('1.500.000 ₫')
    expect(result.reasons.at(-1)).toEqual({ vi: expect.stringContaining('hộ nghèo'), en: expect.stringContaining('poor household') })
  })

  it('the 2027–2030 standard has waste treatment and 12 indicators', () => {
    const codes = STANDARD_2027.rules.dimensions.flatMap((d) => d.indicators.map((i) => i.code))
    expect(codes).toContain('waste_treatment')
    expect(codes).toHaveLength(12)
    expect(STANDARD_2022.rules.dimensions.flatMap((d) => d.indicators)).toHaveLength(12)
  })

  it('refuses an indicator the standard does not have, a missing one, and a negative income', () => {
    expect(classify(STANDARD_2022, 'rural', dong(1), { ...answers(STANDARD_2022, 0), waste_treatment: true })).toMatchObject({ ok: false, code: 'poverty_indicator_unknown' })
    const { employment: _employment, ...missing } = answers(STANDARD_2022, 0)
    expect(classify(STANDARD_2022, 'rural', dong(1), missing)).toMatchObject({ ok: false, code: 'poverty_indicator_unanswered', details: { codes: ['employment'] } })
    expect(classify(STANDARD_2022, 'rural', dong(-1), answers(STANDARD_2022, 0))).toMatchObject({ ok: false, code: 'invalid_money' })
  })

  it('is monotone: more income never moves a household to a poorer class, more deprivations never to a richer one', () => {
    const rank: Record<HouseholdClass, number> = { poor: 0, near_poor: 1, average_living: 2, not_poor: 3 }
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000n }), fc.bigInt({ min: 0n, max: 2_000_000n }), fc.integer({ min: 0, max: 12 }), fc.constantFrom<AreaType>('rural', 'urban'), (income, more, deprived, area) => {
        const base = rank[classOf(STANDARD_2027, area, dong(income), deprived)]
        expect(rank[classOf(STANDARD_2027, area, dong(income + more), deprived)]).toBeGreaterThanOrEqual(base)
        expect(rank[classOf(STANDARD_2027, area, dong(income), Math.min(12, deprived + 1))]).toBeLessThanOrEqual(base)
      }),
    )
  })
})
