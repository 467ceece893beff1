import { assert } from '../shared/index.js'
import { BETTER, GRADING_FACTORS, type FactorScoring, type GradingFactor, type GradingRules, type GroupGrade } from './network-rules.js'

/**
 * What a group is graded on for a month. Facts the system does not record yet are null: the
 * interest collection rate and the meetings held come with the transaction day (a later slice).
 */
export interface GroupGradeFacts {
  /** Dư nợ of the loans applied for through the group: in term + overdue + frozen. */
  readonly outstandingDong: bigint
  /** Nợ quá hạn of those loans. */
  readonly overdueDong: bigint
  readonly interestDueDong: bigint | null
  readonly interestCollectedDong: bigint | null
  readonly meetingsExpected: number | null
  readonly meetingsHeld: number | null
}

export type NotAssessedReason = 'no_outstanding' | 'no_collection_data' | 'no_interest_due' | 'no_meeting_data' | 'no_meeting_due'

export interface FactorOutcome {
  /** False when the facts are missing: the factor then counts neither for nor against the group. */
  readonly assessed: boolean
  readonly maxPoints: number
  readonly points: number | null
  /** The factor's value in millionths, rounded down (for display; bands compare exactly). */
  readonly valueMicros: bigint | null
  readonly reason: NotAssessedReason | null
}

export interface GradeOutcome {
  /** 0–100, or null when no factor could be assessed (a group with no outstanding loan yet). */
  readonly score: number | null
  readonly grade: GroupGrade | null
  readonly factors: Readonly<Record<GradingFactor, FactorOutcome>>
}

const MICROS = 1_000_000n

/** A ratio as numerator/denominator (denominator > 0), never rounded before comparing. */
interface Ratio {
  readonly num: bigint
  readonly den: bigint
}

/** The points of the first band the ratio reaches, compared exactly by cross-multiplication. */
export function bandPoints(scoring: FactorScoring, better: 'lower' | 'higher', ratio: Ratio): number {
  assert(ratio.den > 0n, 'a ratio needs a positive denominator')
  const scaled = ratio.num * MICROS
  for (const band of scoring.bands) {
    const bound = band.limitMicros * ratio.den
    if (better === 'lower' ? scaled <= bound : scaled >= bound) return band.points
  }
  return 0
}

function assess(factor: GradingFactor, scoring: FactorScoring, ratio: Ratio | NotAssessedReason): FactorOutcome {
  if (typeof ratio === 'string') return { assessed: false, maxPoints: scoring.maxPoints, points: null, valueMicros: null, reason: ratio }
  return { assessed: true, maxPoints: scoring.maxPoints, points: bandPoints(scoring, BETTER[factor], ratio), valueMicros: (ratio.num * MICROS) / ratio.den, reason: null }
}

function ratioOf(num: bigint | number | null, den: bigint | number | null, missing: NotAssessedReason, zero: NotAssessedReason): Ratio | NotAssessedReason {
  if (num === null || den === null) return missing
  if (BigInt(den) === 0n) return zero
  return { num: BigInt(num), den: BigInt(den) }
}

/**
 * Grades a group for a month (xếp loại Tổ). Each factor earns points by its bands; the score is
 * the points earned over the points possible **of the factors assessed**, scaled to 100 and
 * rounded half up, so a factor with no data yet is neutral: it neither lowers nor raises the
 * score. Until the transaction day exists only the overdue ratio is assessed.
 *
 * @example with the national rules, overdue 20.000.000 of 90.000.000 outstanding (22,2 %) earns
 * 0 of 60 points → score 0 → 'weak'; no overdue → 60 of 60 → 100 → 'good'.
 */
export function gradeGroup(facts: GroupGradeFacts, rules: GradingRules): GradeOutcome {
  assert(facts.outstandingDong >= 0n && facts.overdueDong >= 0n && facts.overdueDong <= facts.outstandingDong, 'overdue is part of a non-negative outstanding')
  const factors: Record<GradingFactor, FactorOutcome> = {
    overdueRatio: assess('overdueRatio', rules.factors.overdueRatio, ratioOf(facts.overdueDong, facts.outstandingDong, 'no_outstanding', 'no_outstanding')),
    interestCollectionRate: assess('interestCollectionRate', rules.factors.interestCollectionRate, ratioOf(facts.interestCollectedDong, facts.interestDueDong, 'no_collection_data', 'no_interest_due')),
    meetingsHeld: assess('meetingsHeld', rules.factors.meetingsHeld, ratioOf(facts.meetingsHeld, facts.meetingsExpected, 'no_meeting_data', 'no_meeting_due')),
  }
  let earned = 0
  let possible = 0
  for (const factor of GRADING_FACTORS) {
    const outcome = factors[factor]
    if (!outcome.assessed || outcome.points === null) continue
    earned += outcome.points
    possible += outcome.maxPoints
  }
  if (possible === 0) return { score: null, grade: null, factors }
  const score = Math.floor((earned * 200 + possible) / (2 * possible))
  const grade = rules.grades.find((g) => score >= g.minScore)?.grade
  assert(grade !== undefined, 'parsed grading rules give every score from 0 a grade')
  return { score, grade, factors }
}
