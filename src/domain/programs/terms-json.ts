import { DEFAULT_ALLOCATION, type AllocationPart } from '../loans/index.js'
import { fail, ok, type Result } from '../shared/index.js'
import type { EligibilityRule } from './eligibility.js'
import type { AmountBasis, ProgramTerms, RateRule } from './terms.js'

/**
 * Program terms as stored (jsonb) and sent over the API: money and micros as integer strings.
 * `parseProgramTerms` is the one gate from that form into the domain type.
 */
export interface ProgramTermsJson {
  rate: { kind: 'fixed'; yearlyMicros: string } | { kind: 'percent_of_base'; percentMicros: string }
  overdueFactorMicros?: string
  maxAmount: { basis: AmountBasis; amountDong: string }
  maxTermMonths: number
  graceMonthsMax?: number
  instalmentIntervalMonths?: number
  dayCount?: 'monthly_30' | 'yearly_365'
  capitalSources?: string[]
  allocationOrder?: AllocationPart[]
  extensionMonthsMaxShortTerm?: number
  extensionShareMaxMicros?: string
  eligibility?: EligibilityRule
  repriceExisting?: boolean
}

const BASES: readonly AmountBasis[] = ['household', 'purpose', 'worker', 'study_month', 'business', 'contract_share']
const PARTS: readonly AllocationPart[] = ['overdue_interest', 'interest', 'overdue_principal', 'principal']
const INTEGER = /^\d{1,18}$/

export function parseProgramTerms(json: unknown): Result<ProgramTerms> {
  const bad = (field: string) => fail('program_terms_invalid', { field })
  const t = json as Partial<ProgramTermsJson> | null
  if (t === null || typeof t !== 'object') return bad('terms')
  let rate: RateRule
  if (t.rate?.kind === 'fixed' && INTEGER.test(t.rate.yearlyMicros)) rate = { kind: 'fixed', yearlyMicros: BigInt(t.rate.yearlyMicros) }
  else if (t.rate?.kind === 'percent_of_base' && INTEGER.test(t.rate.percentMicros)) rate = { kind: 'percent_of_base', percentMicros: BigInt(t.rate.percentMicros) }
  else return bad('rate')
  if (!t.maxAmount || !BASES.includes(t.maxAmount.basis) || !INTEGER.test(t.maxAmount.amountDong)) return bad('maxAmount')
  if (!Number.isInteger(t.maxTermMonths) || t.maxTermMonths! < 1 || t.maxTermMonths! > 600) return bad('maxTermMonths')
  const grace = t.graceMonthsMax ?? 0
  if (!Number.isInteger(grace) || grace < 0 || grace >= t.maxTermMonths!) return bad('graceMonthsMax')
  const interval = t.instalmentIntervalMonths ?? 6
  if (!Number.isInteger(interval) || interval < 1 || interval > 120) return bad('instalmentIntervalMonths')
  const order = t.allocationOrder ?? DEFAULT_ALLOCATION
  if (order.length !== PARTS.length || !PARTS.every((p) => order.includes(p))) return bad('allocationOrder')
  const overdue = t.overdueFactorMicros ?? '1300000'
  const share = t.extensionShareMaxMicros ?? '500000'
  if (!INTEGER.test(overdue) || !INTEGER.test(share)) return bad('overdueFactorMicros')
  return ok({
    rate,
    overdueFactorMicros: BigInt(overdue),
    maxAmount: { basis: t.maxAmount.basis, amountDong: BigInt(t.maxAmount.amountDong) },
    maxTermMonths: t.maxTermMonths!,
    graceMonthsMax: grace,
    instalmentIntervalMonths: interval,
    dayCount: t.dayCount ?? 'monthly_30',
    capitalSources: t.capitalSources ?? ['CENTRAL'],
    allocationOrder: order,
    extensionMonthsMaxShortTerm: t.extensionMonthsMaxShortTerm ?? 12,
    extensionShareMaxMicros: BigInt(share),
    eligibility: t.eligibility ?? {},
    repriceExisting: t.repriceExisting ?? false,
  })
}
