import { describe, expect, it } from 'vitest'
import { DEFAULT_ALLOCATION } from '../loans/index.js'
import type { LocalDate } from '../shared/index.js'
import { evaluateEligibility, percentOfBase, rateSegments, termsOn, type EligibilityFacts, type ProgramTerms, type TermsVersion } from './index.js'

const d = (s: string) => s as LocalDate
const terms = (over: Partial<ProgramTerms>): ProgramTerms => ({
  rate: { kind: 'fixed', yearlyMicros: 66_000n }, overdueFactorMicros: 1_300_000n, maxAmount: { basis: 'household', amountDong: 100_000_000n },
  maxTermMonths: 120, graceMonthsMax: 0, instalmentIntervalMonths: 6, dayCount: 'monthly_30', capitalSources: ['CENTRAL'], allocationOrder: DEFAULT_ALLOCATION,
  extensionMonthsMaxShortTerm: 12, extensionShareMaxMicros: 500_000n, eligibility: {}, repriceExisting: false, ...over,
})
const version = (id: number, from: string, to: string | null, over: Partial<ProgramTerms>): TermsVersion => ({ id, validFrom: d(from), validTo: to ? d(to) : null, legalBasis: 'test', terms: terms(over) })

describe('program terms by date', () => {
  const job = [
    version(1, '2015-07-01', '2025-12-31', { rate: { kind: 'percent_of_base', percentMicros: 1_200_000n } }),
    version(2, '2026-01-01', null, { rate: { kind: 'percent_of_base', percentMicros: 1_270_000n } }),
  ]
  it('finds the version in force, and names a date with none', () => {
    expect(termsOn(job, d('2025-12-31'))).toMatchObject({ ok: true, value: { id: 1 } })
    expect(termsOn(job, d('2026-01-01'))).toMatchObject({ ok: true, value: { id: 2 } })
    expect(termsOn(job, d('2015-06-30'))).toMatchObject({ ok: false, code: 'program_terms_missing' })
  })
  it('resolves "127% of the base rate" exactly: 6,6% × 127% = 8,382%', () => {
    expect(percentOfBase(66_000n, 1_270_000n)).toBe(83_820n)
    expect(percentOfBase(66_000n, 1_200_000n)).toBe(79_200n)
  })
  it('keeps an old job-creation contract on its own terms after the new ones start', () => {
    expect(rateSegments(job[0]!, job, [{ validFrom: d('2010-01-01'), yearlyMicros: 66_000n }])).toEqual([{ from: '2015-07-01', yearlyMicros: 79_200n }])
  })
  it('follows a base-rate change inside a relative version', () => {
    const segments = rateSegments(job[1]!, job, [{ validFrom: d('2019-01-01'), yearlyMicros: 66_000n }, { validFrom: d('2027-01-01'), yearlyMicros: 60_000n }])
    expect(segments).toEqual([{ from: '2026-01-01', yearlyMicros: 83_820n }, { from: '2027-01-01', yearlyMicros: 76_200n }])
  })
  it('reprices existing social-housing contracts from 10/10/2025', () => {
    const housing = [version(1, '2024-07-01', '2025-10-09', { rate: { kind: 'fixed', yearlyMicros: 66_000n } }), version(2, '2025-10-10', null, { rate: { kind: 'fixed', yearlyMicros: 54_000n }, repriceExisting: true })]
    expect(rateSegments(housing[0]!, housing, [])).toEqual([{ from: '2024-07-01', yearlyMicros: 66_000n }, { from: '2025-10-10', yearlyMicros: 54_000n }])
  })
})

describe('eligibility', () => {
  const facts: EligibilityFacts = { householdClass: 'poor', recentlyEscaped: false, residence: 'rural', inListedArea: false, outstandingPrograms: [], groupMember: true }
  it('accepts a poor household for the poor-household program', () => {
    expect(evaluateEligibility({ householdClasses: ['poor'], groupMemberRequired: true }, facts).ok).toBe(true)
  })
  it('refuses with the unmet condition and the facts', () => {
    expect(evaluateEligibility({ householdClasses: ['near_poor'] }, facts)).toMatchObject({ ok: false, code: 'borrower_not_eligible', details: { condition: 'householdClasses', actual: ['poor'] } })
    expect(evaluateEligibility({ residence: ['urban'] }, facts)).toMatchObject({ details: { condition: 'residence' } })
    expect(evaluateEligibility({ listedAreasOnly: true }, facts)).toMatchObject({ details: { condition: 'listedAreasOnly' } })
    expect(evaluateEligibility({ groupMemberRequired: true }, { ...facts, groupMember: false })).toMatchObject({ details: { condition: 'groupMemberRequired' } })
  })
  it('treats "recently escaped" as a class derived from history', () => {
    expect(evaluateEligibility({ householdClasses: ['recently_escaped'] }, { ...facts, householdClass: 'not_poor', recentlyEscaped: true }).ok).toBe(true)
  })
  it('excludes a difficult-areas borrower who is poor or has a job-creation loan', () => {
    const rule = { excludedClasses: ['poor', 'near_poor', 'recently_escaped'] as const, excludesOutstandingPrograms: ['JOB_CREATION'], listedAreasOnly: true }
    const listed = { ...facts, inListedArea: true, householdClass: 'not_poor' as const }
    expect(evaluateEligibility(rule, listed).ok).toBe(true)
    expect(evaluateEligibility(rule, { ...listed, householdClass: 'poor' })).toMatchObject({ details: { condition: 'excludedClasses' } })
    expect(evaluateEligibility(rule, { ...listed, outstandingPrograms: ['JOB_CREATION'] })).toMatchObject({ details: { condition: 'excludesOutstandingPrograms', conflicting: ['JOB_CREATION'] } })
  })
})
