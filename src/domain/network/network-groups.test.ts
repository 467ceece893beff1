import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LocalDate } from '../shared/index.js'
import { checkContractDates, parseFeeTerms } from './entrustment.js'
import { gradeGroup, type GroupGradeFacts } from './group-grading.js'
import { checkJoin, checkLeave } from './group-size.js'
import { parseNetworkRules, rulesOn, type NetworkRulesJson, type NetworkRulesVersion } from './network-rules.js'
import { checkOrganisationAttachment, checkOrganisationParent } from './organisation.js'
import { checkGroupChangeDate, groupStatusChange, parseGradePeriod } from './savings-group.js'

const d = (s: string) => s as LocalDate

/** The national rules as seeded (the migration holds the same). */
const RULES_JSON: NetworkRulesJson = {
  groupSize: { min: 5, max: 60, belowMin: 'warn', aboveMax: 'refuse' },
  grading: {
    factors: {
      overdueRatio: { maxPoints: 60, bands: [{ limitMicros: '0', points: 60 }, { limitMicros: '5000', points: 50 }, { limitMicros: '10000', points: 40 }, { limitMicros: '20000', points: 25 }, { limitMicros: '50000', points: 10 }] },
      interestCollectionRate: { maxPoints: 30, bands: [{ limitMicros: '1000000', points: 30 }, { limitMicros: '980000', points: 25 }, { limitMicros: '950000', points: 20 }, { limitMicros: '900000', points: 10 }] },
      meetingsHeld: { maxPoints: 10, bands: [{ limitMicros: '1000000', points: 10 }, { limitMicros: '750000', points: 5 }] },
    },
    grades: [{ minScore: 90, grade: 'good' }, { minScore: 70, grade: 'fair' }, { minScore: 50, grade: 'average' }, { minScore: 0, grade: 'weak' }],
  },
}
const parsed = parseNetworkRules(RULES_JSON)
if (!parsed.ok) throw new Error('the seeded rules parse')
const RULES = parsed.value

const facts = (outstanding: bigint, overdue: bigint, extra: Partial<GroupGradeFacts> = {}): GroupGradeFacts => ({
  outstandingDong: outstanding, overdueDong: overdue, interestDueDong: null, interestCollectedDong: null, meetingsExpected: null, meetingsHeld: null, ...extra,
})

describe('savings-group rules as data', () => {
  it('parses the national rules and names the field at fault in bad ones', () => {
    expect(RULES.groupSize).toEqual({ min: 5, max: 60, belowMin: 'warn', aboveMax: 'refuse' })
    const bad = (patch: (r: NetworkRulesJson) => void) => {
      const copy = structuredClone(RULES_JSON)
      patch(copy)
      return parseNetworkRules(copy)
    }
    expect(bad((r) => (r.groupSize.max = 3))).toMatchObject({ ok: false, code: 'network_rules_invalid', details: { field: 'groupSize.max' } })
    expect(bad((r) => ((r.groupSize as { aboveMax: string }).aboveMax = 'ignore'))).toMatchObject({ details: { field: 'groupSize.aboveMax' } })
    // Bands of a lower-is-better factor rise from best to worst.
    expect(bad((r) => (r.grading.factors.overdueRatio.bands[1]!.limitMicros = '0'))).toMatchObject({ details: { field: 'grading.factors.overdueRatio.bands.1.limitMicros' } })
    expect(bad((r) => (r.grading.factors.meetingsHeld.bands[0]!.points = 11))).toMatchObject({ details: { field: 'grading.factors.meetingsHeld.bands.0.points' } })
    expect(bad((r) => r.grading.grades.pop())).toMatchObject({ details: { field: 'grading.grades.2.minScore' } })
    expect(bad((r) => ((r.grading.grades[0] as { grade: string }).grade = 'excellent'))).toMatchObject({ details: { field: 'grading.grades.0.grade' } })
    expect(parseNetworkRules(null)).toMatchObject({ ok: false, code: 'network_rules_invalid' })
  })

  it('takes a province\'s own version over the national one, by date', () => {
    const v = (id: number, provinceCode: string | null, validFrom: string, validTo: string | null): NetworkRulesVersion => ({ id, provinceCode, validFrom: d(validFrom), validTo: validTo === null ? null : d(validTo), legalBasis: 'x', rules: RULES })
    const versions = [v(1, null, '2002-10-04', '2025-12-31'), v(2, null, '2026-01-01', null), v(3, '20', '2026-03-01', null)]
    expect(rulesOn(versions, d('2025-06-30'), '20')).toMatchObject({ ok: true, value: { id: 1 } })
    expect(rulesOn(versions, d('2026-02-28'), '20')).toMatchObject({ ok: true, value: { id: 2 } })
    expect(rulesOn(versions, d('2026-03-31'), '20')).toMatchObject({ ok: true, value: { id: 3 } })
    expect(rulesOn(versions, d('2026-03-31'), '01')).toMatchObject({ ok: true, value: { id: 2 } })
    expect(rulesOn(versions, d('2000-01-01'), '20')).toMatchObject({ ok: false, code: 'network_rules_missing' })
  })
})

describe('group size', () => {
  it('refuses or warns as the rule says when a household joins a full group', () => {
    expect(checkJoin(RULES.groupSize, 59)).toEqual({ ok: true, value: [] })
    expect(checkJoin(RULES.groupSize, 60)).toMatchObject({ ok: false, code: 'group_too_large', details: { max: 60, membersAfter: 61 } })
    expect(checkJoin({ ...RULES.groupSize, aboveMax: 'warn' }, 60)).toMatchObject({ ok: true, value: [{ code: 'group_too_large' }] })
    // A group still forming is under the minimum: joining is fine.
    expect(checkJoin(RULES.groupSize, 0)).toEqual({ ok: true, value: [] })
  })

  it('warns (or refuses) when a household leaving takes the group under the minimum', () => {
    expect(checkLeave(RULES.groupSize, 6)).toEqual({ ok: true, value: [] })
    expect(checkLeave(RULES.groupSize, 5)).toMatchObject({ ok: true, value: [{ code: 'group_below_minimum', details: { min: 5, membersAfter: 4 } }] })
    expect(checkLeave({ ...RULES.groupSize, belowMin: 'refuse' }, 5)).toMatchObject({ ok: false, code: 'group_below_minimum' })
  })

  it('never lets a refusing maximum through, whatever the count', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 100 }), (members, max) => {
      const outcome = checkJoin({ min: 1, max, belowMin: 'warn', aboveMax: 'refuse' }, members)
      expect(outcome.ok).toBe(members + 1 <= max)
    }))
  })
})

describe('group grading', () => {
  it('grades on the overdue ratio alone while the other factors have no data (neutral)', () => {
    // 20.000.000 overdue of 90.000.000 (22,2 %): beyond the last band → 0 of 60 → 0 → weak.
    const weak = gradeGroup(facts(90_000_000n, 20_000_000n), RULES.grading)
    expect(weak).toMatchObject({ score: 0, grade: 'weak', factors: { overdueRatio: { assessed: true, points: 0, valueMicros: 222_222n }, interestCollectionRate: { assessed: false, reason: 'no_collection_data' }, meetingsHeld: { assessed: false, reason: 'no_meeting_data' } } })
    expect(gradeGroup(facts(30_000_000n, 0n), RULES.grading)).toMatchObject({ score: 100, grade: 'good' })
    // 0,5 % exactly reaches the 50-point band: 50/60 → 83,3 → 83 → fair. One đồng more falls to 40/60 → 67 → average.
    expect(gradeGroup(facts(200_000_000n, 1_000_000n), RULES.grading)).toMatchObject({ score: 83, grade: 'fair' })
    expect(gradeGroup(facts(200_000_000n, 1_000_001n), RULES.grading)).toMatchObject({ score: 67, grade: 'average' })
  })

  it('counts every factor once the transaction day records them', () => {
    const outcome = gradeGroup(facts(100_000_000n, 0n, { interestDueDong: 1_000_000n, interestCollectedDong: 960_000n, meetingsExpected: 1, meetingsHeld: 1 }), RULES.grading)
    // 60 + 20 (96 % ≥ 95 %) + 10 = 90 of 100 → good.
    expect(outcome).toMatchObject({ score: 90, grade: 'good', factors: { interestCollectionRate: { points: 20, valueMicros: 960_000n }, meetingsHeld: { points: 10 } } })
  })

  it('does not grade a group with nothing to grade it on', () => {
    expect(gradeGroup(facts(0n, 0n), RULES.grading)).toMatchObject({ score: null, grade: null, factors: { overdueRatio: { assessed: false, reason: 'no_outstanding' } } })
  })

  it('scores within 0–100 and never better for more overdue', () => {
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (outstanding, a, b) => {
      const [less, more] = [a % (outstanding + 1n), b % (outstanding + 1n)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)) as [bigint, bigint]
      const better = gradeGroup(facts(outstanding, less), RULES.grading)
      const worse = gradeGroup(facts(outstanding, more), RULES.grading)
      expect(better.score).not.toBeNull()
      expect(better.score!).toBeGreaterThanOrEqual(worse.score!)
      expect(worse.score!).toBeGreaterThanOrEqual(0)
      expect(better.score!).toBeLessThanOrEqual(100)
    }))
  })
})

describe('organisations, contracts and groups', () => {
  it('attaches an organisation unit to the bank unit of its level', () => {
    expect(checkOrganisationAttachment('commune', 'commune').ok).toBe(true)
    expect(checkOrganisationAttachment('former_district', 'transaction_office').ok).toBe(true)
    expect(checkOrganisationAttachment('province', 'commune')).toMatchObject({ ok: false, code: 'organisation_unit_level_mismatch', details: { expected: 'province' } })
  })

  it('takes a parent of the same organisation at a higher level only', () => {
    const child = { organisation: 'womens_union', level: 'commune' as const }
    expect(checkOrganisationParent(child, null).ok).toBe(true)
    expect(checkOrganisationParent(child, { organisation: 'womens_union', level: 'province', status: 'active' }).ok).toBe(true)
    expect(checkOrganisationParent(child, { organisation: 'farmers_union', level: 'province', status: 'active' }).ok).toBe(false)
    expect(checkOrganisationParent(child, { organisation: 'womens_union', level: 'commune', status: 'active' }).ok).toBe(false)
    expect(checkOrganisationParent(child, { organisation: 'womens_union', level: 'former_district', status: 'dissolved' }).ok).toBe(false)
  })

  it('checks a contract\'s dates and its fee terms', () => {
    expect(checkContractDates(d('2026-01-02'), d('2026-01-01'), null)).toMatchObject({ ok: false, details: { reason: 'signed_after_start' } })
    expect(checkContractDates(d('2025-12-20'), d('2026-01-01'), d('2025-12-31'))).toMatchObject({ ok: false, details: { reason: 'ends_before_start' } })
    expect(checkContractDates(d('2025-12-20'), d('2026-01-01'), null).ok).toBe(true)
    expect(parseFeeTerms({ feeOnOutstandingMonthlyMicros: '450', qualityReductions: [{ factor: 'overdue_ratio', thresholdMicros: '20000', payShareMicros: '500000' }] }))
      .toMatchObject({ ok: true, value: { feeOnOutstandingMonthlyMicros: 450n, feeOnInterestCollectedMicros: null, qualityReductions: [{ payShareMicros: 500_000n }] } })
    expect(parseFeeTerms({})).toMatchObject({ ok: false, code: 'entrustment_fee_terms_invalid' })
    expect(parseFeeTerms({ feeOnOutstandingMonthlyMicros: '0,045' })).toMatchObject({ details: { field: 'feeOnOutstandingMonthlyMicros' } })
    expect(parseFeeTerms({ feeOnOutstandingMonthlyMicros: '450', rate: '1' })).toMatchObject({ details: { field: 'rate' } })
    expect(parseFeeTerms({ feeOnOutstandingMonthlyMicros: '450', qualityReductions: [{ factor: 'weather', thresholdMicros: '1', payShareMicros: '1' }] })).toMatchObject({ details: { field: 'qualityReductions.0.factor' } })
  })

  it('lets a group change status only along its life, and dissolve only when empty', () => {
    expect(groupStatusChange('active', 'suspended', 10)).toEqual({ ok: true, value: 'suspended' })
    expect(groupStatusChange('suspended', 'active', 10)).toEqual({ ok: true, value: 'active' })
    expect(groupStatusChange('active', 'dissolved', 1)).toMatchObject({ ok: false, code: 'group_has_members' })
    expect(groupStatusChange('suspended', 'dissolved', 0).ok).toBe(true)
    for (const to of ['active', 'suspended', 'dissolved'] as const) expect(groupStatusChange('dissolved', to, 0)).toMatchObject({ ok: false, code: 'group_status_transition_invalid' })
    expect(groupStatusChange('active', 'active', 0)).toMatchObject({ ok: false, code: 'group_status_transition_invalid' })
  })

  it('dates a change no later than today and no earlier than what it follows', () => {
    expect(checkGroupChangeDate(d('2026-06-02'), d('2026-06-01'), [])).toMatchObject({ ok: false, details: { reason: 'in_future' } })
    expect(checkGroupChangeDate(d('2026-01-01'), d('2026-06-01'), [d('2026-02-01')])).toMatchObject({ ok: false, details: { reason: 'too_early' } })
    expect(checkGroupChangeDate(d('2026-02-01'), d('2026-06-01'), [d('2026-02-01')]).ok).toBe(true)
  })

  it('reads a grading month up to the current one', () => {
    expect(parseGradePeriod('2026-05', d('2026-06-01'))).toEqual({ ok: true, value: { period: '2026-05', lastDay: '2026-05-31' } })
    expect(parseGradePeriod('2026-02', d('2026-06-01'))).toMatchObject({ ok: true, value: { lastDay: '2026-02-28' } })
    expect(parseGradePeriod('2026-06', d('2026-06-01')).ok).toBe(true)
    expect(parseGradePeriod('2026-07', d('2026-06-01'))).toMatchObject({ ok: false, code: 'grade_period_invalid', details: { reason: 'in_future' } })
    for (const bad of ['2026-13', '26-05', '2026-5', '']) expect(parseGradePeriod(bad, d('2026-06-01'))).toMatchObject({ ok: false, code: 'grade_period_invalid' })
  })
})
