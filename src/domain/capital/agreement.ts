import { fail, ok, type Result } from '../shared/index.js'

/** A million: shares of an interest split are millionths that sum to exactly this. */
export const MICROS = 1_000_000

/**
 * The terms of a local-budget fund's agreement (thỏa thuận ủy thác) that rules read: which
 * programs it lends (empty = all), whether the local poverty standard may be used, and how
 * interest earned on its loans is split.
 */
export interface AgreementTerms {
  readonly programCodes: readonly string[]
  readonly localPovertyStandard: boolean
  /** Share added back to the fund (bổ sung nguồn vốn). */
  readonly fundShareMicros: number
  /** Share to the risk reserve (trích lập dự phòng rủi ro). */
  readonly reserveShareMicros: number
  /** Management fee kept by the bank (phí quản lý). */
  readonly bankFeeMicros: number
}

/**
 * Checks an agreement's interest split: three non-negative integer shares summing to 1,000,000.
 * @example validateSplit({ fundShareMicros: 500_000, reserveShareMicros: 200_000, bankFeeMicros: 300_000 }) // ok
 */
export function validateSplit(t: Pick<AgreementTerms, 'fundShareMicros' | 'reserveShareMicros' | 'bankFeeMicros'>): Result<void> {
  const shares = [t.fundShareMicros, t.reserveShareMicros, t.bankFeeMicros]
  if (shares.some((s) => !Number.isInteger(s) || s < 0 || s > MICROS) || shares.reduce((a, b) => a + b, 0) !== MICROS)
    return fail('capital_split_invalid', { fundShareMicros: t.fundShareMicros, reserveShareMicros: t.reserveShareMicros, bankFeeMicros: t.bankFeeMicros, expectedSum: MICROS })
  return ok(undefined)
}

/**
 * Whether a fund's agreement lets it lend a program: an empty list allows every program.
 * @example programAllowed({ programCodes: ['POOR'] } as AgreementTerms, 'STUDENT') // fail('capital_program_not_in_agreement')
 */
export function programAllowed(t: Pick<AgreementTerms, 'programCodes'>, programCode: string): Result<void> {
  if (t.programCodes.length === 0 || t.programCodes.includes(programCode)) return ok(undefined)
  return fail('capital_program_not_in_agreement', { programCode, allowed: [...t.programCodes] })
}

/** A split of one month's interest: the fund's and the reserve's shares, the bank's fee takes the rest. */
export interface InterestSplit {
  readonly earnedDong: bigint
  readonly fundDong: bigint
  readonly reserveDong: bigint
  readonly feeDong: bigint
}

/**
 * Splits interest earned by the agreement's shares. Fund and reserve shares are each floored;
 * the bank's management fee is the remainder, so the three always sum to what was earned and no
 * đồng is created or lost. Nothing earned (or a net reversal) splits nothing.
 * @example splitInterest(1_001n, { fundShareMicros: 500_000, reserveShareMicros: 200_000, bankFeeMicros: 300_000 })
 * // { earnedDong: 1001n, fundDong: 500n, reserveDong: 200n, feeDong: 301n }
 */
export function splitInterest(earnedDong: bigint, t: Pick<AgreementTerms, 'fundShareMicros' | 'reserveShareMicros' | 'bankFeeMicros'>): InterestSplit {
  if (earnedDong <= 0n) return { earnedDong: 0n, fundDong: 0n, reserveDong: 0n, feeDong: 0n }
  const fundDong = (earnedDong * BigInt(t.fundShareMicros)) / BigInt(MICROS)
  const reserveDong = (earnedDong * BigInt(t.reserveShareMicros)) / BigInt(MICROS)
  return { earnedDong, fundDong, reserveDong, feeDong: earnedDong - fundDong - reserveDong }
}
