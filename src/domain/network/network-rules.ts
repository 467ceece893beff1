import { compareDates, fail, ok, type LocalDate, type Result } from '../shared/index.js'

/** What a rule does when it is crossed: refuse the change, or let it through with a warning. */
export type RuleAction = 'refuse' | 'warn'

/** Group size (số thành viên Tổ TK&VV): typically 5–60; some documents say 3–60 — it is data. */
export interface GroupSizeRule {
  readonly min: number
  readonly max: number
  /** A member leaving would take the group under `min`. */
  readonly belowMin: RuleAction
  /** A member joining would take the group over `max`. */
  readonly aboveMax: RuleAction
}

export const GRADES = ['good', 'fair', 'average', 'weak'] as const
/** Xếp loại Tổ: Tốt / Khá / Trung bình / Yếu. */
export type GroupGrade = (typeof GRADES)[number]

export const GRADING_FACTORS = ['overdueRatio', 'interestCollectionRate', 'meetingsHeld'] as const
export type GradingFactor = (typeof GRADING_FACTORS)[number]

/**
 * Whether a factor's value is better low (the overdue ratio) or high (the interest collection
 * rate, the share of monthly meetings held). Fixed by the factor's meaning, not configurable.
 */
export const BETTER: Readonly<Record<GradingFactor, 'lower' | 'higher'>> = { overdueRatio: 'lower', interestCollectionRate: 'higher', meetingsHeld: 'higher' }

/**
 * A factor's scoring: bands from best to worst; a value earns the points of the first band it
 * reaches (≤ limit for a lower-is-better factor, ≥ limit for a higher-is-better one), 0 when none.
 */
export interface FactorScoring {
  readonly maxPoints: number
  readonly bands: readonly { readonly limitMicros: bigint; readonly points: number }[]
}

export interface GradingRules {
  readonly factors: Readonly<Record<GradingFactor, FactorScoring>>
  /** From the highest score down: a score earns the first grade whose minimum it reaches. */
  readonly grades: readonly { readonly minScore: number; readonly grade: GroupGrade }[]
}

/** Group savings (tiết kiệm tổ): the least a deposit may be, and any monthly interest paid on it. */
export interface SavingsRule {
  readonly minDepositDong: bigint
  readonly interestMonthlyMicros: bigint
}

export interface NetworkRules {
  readonly groupSize: GroupSizeRule
  readonly grading: GradingRules
  /** Absent in versions written before the transaction day: no minimum, no interest. */
  readonly savings: SavingsRule | null
}

/** A version of the rules in force from a date, with its legal basis (like program terms). */
export interface NetworkRulesVersion {
  readonly id: number
  /** null: national; otherwise a province's own rules, which win over the national ones. */
  readonly provinceCode: string | null
  readonly validFrom: LocalDate
  readonly validTo: LocalDate | null
  readonly legalBasis: string
  readonly rules: NetworkRules
}

/** The stored (jsonb) and sent form: micros as integer strings. */
export interface NetworkRulesJson {
  groupSize: { min: number; max: number; belowMin: RuleAction; aboveMax: RuleAction }
  grading: {
    factors: Record<GradingFactor, { maxPoints: number; bands: { limitMicros: string; points: number }[] }>
    grades: { minScore: number; grade: GroupGrade }[]
  }
  savings?: { minDepositDong: string; interestMonthlyMicros: string }
}

const MICROS = /^\d{1,7}$/
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
const ACTIONS: readonly unknown[] = ['refuse', 'warn']

function parseFactor(json: unknown, factor: GradingFactor): Result<FactorScoring> {
  const bad = (field: string) => fail('network_rules_invalid', { field: `grading.factors.${factor}${field}` })
  const f = json as Partial<{ maxPoints: unknown; bands: unknown }> | null
  if (f === null || typeof f !== 'object') return bad('')
  if (!isInt(f.maxPoints, 1, 1000)) return bad('.maxPoints')
  if (!Array.isArray(f.bands) || f.bands.length === 0 || f.bands.length > 20) return bad('.bands')
  const bands: { limitMicros: bigint; points: number }[] = []
  for (const [i, b] of (f.bands as unknown[]).entries()) {
    const band = b as Partial<{ limitMicros: unknown; points: unknown }> | null
    if (band === null || typeof band !== 'object' || typeof band.limitMicros !== 'string' || !MICROS.test(band.limitMicros) || BigInt(band.limitMicros) > 1_000_000n) return bad(`.bands.${i}.limitMicros`)
    if (!isInt(band.points, 0, f.maxPoints)) return bad(`.bands.${i}.points`)
    const limit = BigInt(band.limitMicros)
    const previous = bands.at(-1)
    // Bands go from best to worst: limits rise for a lower-is-better factor, fall for the other.
    if (previous && (BETTER[factor] === 'lower' ? limit <= previous.limitMicros : limit >= previous.limitMicros)) return bad(`.bands.${i}.limitMicros`)
    if (previous && band.points > previous.points) return bad(`.bands.${i}.points`)
    bands.push({ limitMicros: limit, points: band.points })
  }
  return ok({ maxPoints: f.maxPoints, bands })
}

/**
 * The one gate from stored or sent rules into the domain type; names the field at fault.
 *
 * @example parseNetworkRules({ groupSize: { min: 60, max: 5, … }, … }) → network_rules_invalid { field: 'groupSize.max' }
 */
export function parseNetworkRules(json: unknown): Result<NetworkRules> {
  const bad = (field: string) => fail('network_rules_invalid', { field })
  const r = json as Partial<NetworkRulesJson> | null
  if (r === null || typeof r !== 'object') return bad('rules')
  const size = r.groupSize as Partial<Record<string, unknown>> | undefined
  if (!size || typeof size !== 'object') return bad('groupSize')
  if (!isInt(size.min, 1, 1000)) return bad('groupSize.min')
  if (!isInt(size.max, 1, 1000) || size.max < size.min) return bad('groupSize.max')
  if (!ACTIONS.includes(size.belowMin)) return bad('groupSize.belowMin')
  if (!ACTIONS.includes(size.aboveMax)) return bad('groupSize.aboveMax')
  const grading = r.grading as Partial<NetworkRulesJson['grading']> | undefined
  if (!grading || typeof grading !== 'object' || !grading.factors || typeof grading.factors !== 'object') return bad('grading.factors')
  const factors: Partial<Record<GradingFactor, FactorScoring>> = {}
  for (const factor of GRADING_FACTORS) {
    const parsed = parseFactor(grading.factors[factor], factor)
    if (!parsed.ok) return parsed
    factors[factor] = parsed.value
  }
  if (!Array.isArray(grading.grades) || grading.grades.length === 0 || grading.grades.length > 10) return bad('grading.grades')
  const grades: { minScore: number; grade: GroupGrade }[] = []
  for (const [i, g] of grading.grades.entries()) {
    if (g === null || typeof g !== 'object' || !isInt(g.minScore, 0, 100)) return bad(`grading.grades.${i}.minScore`)
    if (!(GRADES as readonly unknown[]).includes(g.grade)) return bad(`grading.grades.${i}.grade`)
    const previous = grades.at(-1)
    if (previous && g.minScore >= previous.minScore) return bad(`grading.grades.${i}.minScore`)
    grades.push({ minScore: g.minScore, grade: g.grade })
  }
  // Every score 0–100 must earn a grade: the lowest band starts at 0.
  if (grades.at(-1)?.minScore !== 0) return bad(`grading.grades.${grades.length - 1}.minScore`)
  let savings: SavingsRule | null = null
  if (r.savings !== undefined) {
    const sv = r.savings as Partial<Record<string, unknown>> | null
    if (sv === null || typeof sv !== 'object') return bad('savings')
    if (typeof sv.minDepositDong !== 'string' || !/^\d{1,12}$/.test(sv.minDepositDong)) return bad('savings.minDepositDong')
    if (typeof sv.interestMonthlyMicros !== 'string' || !MICROS.test(sv.interestMonthlyMicros) || BigInt(sv.interestMonthlyMicros) > 1_000_000n) return bad('savings.interestMonthlyMicros')
    savings = { minDepositDong: BigInt(sv.minDepositDong), interestMonthlyMicros: BigInt(sv.interestMonthlyMicros) }
  }
  return ok({
    groupSize: { min: size.min, max: size.max, belowMin: size.belowMin as RuleAction, aboveMax: size.aboveMax as RuleAction },
    grading: { factors: factors as Record<GradingFactor, FactorScoring>, grades },
    savings,
  })
}

/**
 * The rules in force on a date for a province: the province's own version if one covers the date,
 * otherwise the national one.
 *
 * @example rulesOn(versions, '2026-05-31', '20') → the Lạng Sơn version, else the national
 */
export function rulesOn(versions: readonly NetworkRulesVersion[], date: LocalDate, provinceCode: string | null): Result<NetworkRulesVersion> {
  const covers = (v: NetworkRulesVersion) => compareDates(v.validFrom, date) <= 0 && (v.validTo === null || compareDates(date, v.validTo) <= 0)
  const latest = (list: NetworkRulesVersion[]) => list.sort((a, b) => compareDates(b.validFrom, a.validFrom))[0]
  const own = provinceCode === null ? undefined : latest(versions.filter((v) => v.provinceCode === provinceCode && covers(v)))
  const chosen = own ?? latest(versions.filter((v) => v.provinceCode === null && covers(v)))
  return chosen ? ok(chosen) : fail('network_rules_missing', { date, provinceCode })
}
