import { compareDates, fail, ok, type LocalDate, type Result } from '../shared/index.js'

/**
 * An entrustment contract's dates: signed on or before it takes effect, and an end (if any) not
 * before its start.
 *
 * @example checkContractDates('2026-01-05', '2026-01-01', null) → entrustment_contract_dates_invalid
 */
export function checkContractDates(signedOn: LocalDate, validFrom: LocalDate, validTo: LocalDate | null): Result<void> {
  if (compareDates(signedOn, validFrom) > 0) return fail('entrustment_contract_dates_invalid', { reason: 'signed_after_start', signedOn, validFrom })
  if (validTo !== null && compareDates(validTo, validFrom) < 0) return fail('entrustment_contract_dates_invalid', { reason: 'ends_before_start', validFrom, validTo })
  return ok(undefined)
}

/** The quality factors a fee may be reduced by (tỷ lệ nợ quá hạn, tỷ lệ thu lãi). */
export const FEE_QUALITY_FACTORS = ['overdue_ratio', 'interest_collection_rate'] as const
export type FeeQualityFactor = (typeof FEE_QUALITY_FACTORS)[number]

/**
 * A contract's fee terms from a date (phí ủy thác, hoa hồng), as stored (jsonb) and sent over the
 * API: rates are millionths as integer strings. This slice only records and checks them; the
 * monthly computation of fees and commissions (a later slice) reads them.
 *
 * - `feeOnOutstandingMonthlyMicros`: the organisation's fee per month on the average outstanding
 *   of the loans it supervises (e.g. '450' = 0,045 %/month);
 * - `feeOnInterestCollectedMicros`: the organisation's fee on interest actually collected;
 * - `commissionOnInterestCollectedMicros`: the group boards' commission on interest collected
 *   through their groups;
 * - `qualityReductions`: when a factor crosses its threshold (overdue ratio above, collection
 *   rate below), only `payShareMicros` of the amount is paid (e.g. '500000' = half).
 */
export interface FeeTermsJson {
  feeOnOutstandingMonthlyMicros?: string
  feeOnInterestCollectedMicros?: string
  commissionOnInterestCollectedMicros?: string
  qualityReductions?: { factor: FeeQualityFactor; thresholdMicros: string; payShareMicros: string }[]
}

export interface FeeTerms {
  readonly feeOnOutstandingMonthlyMicros: bigint | null
  readonly feeOnInterestCollectedMicros: bigint | null
  readonly commissionOnInterestCollectedMicros: bigint | null
  readonly qualityReductions: readonly { readonly factor: FeeQualityFactor; readonly thresholdMicros: bigint; readonly payShareMicros: bigint }[]
}

const MICROS = /^\d{1,7}$/
const MAX_MICROS = 1_000_000n
const RATE_FIELDS = ['feeOnOutstandingMonthlyMicros', 'feeOnInterestCollectedMicros', 'commissionOnInterestCollectedMicros'] as const

/** The one gate from stored or sent fee terms into the domain type. At least one rate is needed. */
export function parseFeeTerms(json: unknown): Result<FeeTerms> {
  const bad = (field: string) => fail('entrustment_fee_terms_invalid', { field })
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return bad('feeTerms')
  const t = json as Record<string, unknown>
  for (const key of Object.keys(t)) if (![...RATE_FIELDS, 'qualityReductions'].includes(key)) return bad(key)
  const rates: Partial<Record<(typeof RATE_FIELDS)[number], bigint | null>> = {}
  for (const field of RATE_FIELDS) {
    const value = t[field]
    if (value === undefined || value === null) {
      rates[field] = null
      continue
    }
    if (typeof value !== 'string' || !MICROS.test(value) || BigInt(value) > MAX_MICROS) return bad(field)
    rates[field] = BigInt(value)
  }
  if (RATE_FIELDS.every((f) => rates[f] === null)) return bad('feeOnOutstandingMonthlyMicros')
  const reductions = t.qualityReductions ?? []
  if (!Array.isArray(reductions) || reductions.length > 20) return bad('qualityReductions')
  const parsed: FeeTerms['qualityReductions'][number][] = []
  for (const [i, r] of reductions.entries()) {
    const item = r as Partial<Record<string, unknown>> | null
    if (item === null || typeof item !== 'object') return bad(`qualityReductions.${i}`)
    if (!(FEE_QUALITY_FACTORS as readonly unknown[]).includes(item.factor)) return bad(`qualityReductions.${i}.factor`)
    for (const f of ['thresholdMicros', 'payShareMicros'] as const) {
      const v = item[f]
      if (typeof v !== 'string' || !MICROS.test(v) || BigInt(v) > MAX_MICROS) return bad(`qualityReductions.${i}.${f}`)
    }
    parsed.push({ factor: item.factor as FeeQualityFactor, thresholdMicros: BigInt(item.thresholdMicros as string), payShareMicros: BigInt(item.payShareMicros as string) })
  }
  return ok({
    feeOnOutstandingMonthlyMicros: rates.feeOnOutstandingMonthlyMicros ?? null,
    feeOnInterestCollectedMicros: rates.feeOnInterestCollectedMicros ?? null,
    commissionOnInterestCollectedMicros: rates.commissionOnInterestCollectedMicros ?? null,
    qualityReductions: parsed,
  })
}
