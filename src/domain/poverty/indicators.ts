import { fail, ok, toYmd, type LocalDate, type Result } from '../shared/index.js'
import { indicatorsOf, type Derivation, type Indicator, type PovertyStandardRules } from './standard.js'

/** What the registry knows of one current member on the survey date. Null = not recorded. */
export interface MemberFacts {
  readonly personId: string
  readonly birthDate: LocalDate | null
  readonly healthInsured: boolean | null
  readonly inSchool: boolean | null
}

/** The survey of one household: registry facts plus what was asked on the form. */
export interface SurveyFacts {
  /** The members living in the household on the survey date. */
  readonly members: readonly MemberFacts[]
  /** The dwelling's floor area in m², when measured. */
  readonly floorAreaM2: number | null
  /** Answers on the form: indicator code → deprived. Used where facts cannot decide. */
  readonly answers: Readonly<Record<string, boolean>>
}

export interface Bilingual {
  readonly vi: string
  readonly en: string
}

/** Whether the household is deprived in one indicator, where that came from and why. */
export interface IndicatorOutcome {
  readonly code: string
  readonly deprived: boolean
  readonly source: 'derived' | 'answered'
  /** The survey's answer, kept even when the facts decided (null when not asked). */
  readonly answered: boolean | null
  readonly reason: Bilingual
}

/**
 * Age in whole years on a date: the birthday counts from its day (29 February counts from
 * 1 March in other years).
 *
 * @example ageOn('2010-05-20', '2026-05-19') // 15
 */
export function ageOn(birthDate: LocalDate, on: LocalDate): number {
  const b = toYmd(birthDate)
  const d = toYmd(on)
  const hadBirthday = d.month > b.month || (d.month === b.month && d.day >= b.day)
  return d.year - b.year - (hadBirthday ? 0 : 1)
}

type Derived = { readonly deprived: boolean; readonly reason: Bilingual } | undefined

const FACT_LABEL = {
  healthInsured: { vi: 'thẻ bảo hiểm y tế', en: 'health insurance' },
  inSchool: { vi: 'đi học', en: 'school attendance' },
} as const

function ageRange(min: number, maxExclusive: number | null): Bilingual {
  return maxExclusive === null
    ? { vi: `từ ${min} tuổi trở lên`, en: `aged ${min} or over` }
    : { vi: `từ ${min} đến dưới ${maxExclusive} tuổi`, en: `aged ${min} to under ${maxExclusive}` }
}

/** Decides an indicator from member facts, or returns undefined when the facts cannot decide. */
function derive(rule: Derivation, facts: SurveyFacts, on: LocalDate): Derived {
  if (rule.kind === 'floor_area_per_person_below') {
    const n = facts.members.length
    if (facts.floorAreaM2 === null || n === 0) return undefined
    // area ÷ n < t  ⇔  area < t × n: no division, so no rounding at the boundary.
    const deprived = facts.floorAreaM2 < rule.thresholdM2 * n
    const cmp = deprived ? '<' : '≥'
    return {
      deprived,
      reason: {
        vi: `Diện tích ${facts.floorAreaM2} m² cho ${n} người: bình quân ${cmp} ${rule.thresholdM2} m²/người.`,
        en: `${facts.floorAreaM2} m² for ${n} people: ${cmp} ${rule.thresholdM2} m² per person.`,
      },
    }
  }
  const { fact, minAgeYears, maxAgeYearsExclusive } = rule
  const range = ageRange(minAgeYears, maxAgeYearsExclusive)
  const label = FACT_LABEL[fact]
  const inRange = (age: number) => age >= minAgeYears && (maxAgeYearsExclusive === null || age < maxAgeYearsExclusive)
  let undetermined = false
  const lacking: string[] = []
  let counted = 0
  for (const m of facts.members) {
    if (m.birthDate === null) {
      // Unknown age: this member might be in the range; only a certain lack elsewhere decides.
      undetermined = true
      continue
    }
    if (!inRange(ageOn(m.birthDate, on))) continue
    counted++
    const value = m[fact]
    if (value === false) lacking.push(m.personId)
    else if (value === null) undetermined = true
  }
  if (lacking.length > 0)
    return {
      deprived: true,
      reason: {
        vi: `${lacking.length} thành viên ${range.vi} không có ${label.vi} (mã người: ${lacking.join(', ')}).`,
        en: `${lacking.length} member(s) ${range.en} without ${label.en} (person ids: ${lacking.join(', ')}).`,
      },
    }
  if (undetermined) return undefined
  return {
    deprived: false,
    reason:
      counted === 0
        ? { vi: `Không có thành viên ${range.vi}.`, en: `No member ${range.en}.` }
        : { vi: `Cả ${counted} thành viên ${range.vi} đều có ${label.vi}.`, en: `All ${counted} member(s) ${range.en} have ${label.en}.` },
  }
}

function answeredReason(indicator: Indicator, deprived: boolean): Bilingual {
  return deprived
    ? { vi: `Trả lời trên phiếu: thiếu hụt (${indicator.deprivedIfVi}).`, en: `Answered on the survey: deprived (${indicator.deprivedIfEn}).` }
    : { vi: 'Trả lời trên phiếu: không thiếu hụt.', en: 'Answered on the survey: not deprived.' }
}

/**
 * Decides every indicator of a standard for one household: from member facts where the facts
 * decide, otherwise from the survey's answer. An answer for an indicator the standard does not
 * have is refused (`poverty_indicator_unknown`), and so is an indicator neither the facts nor
 * the answers decide (`poverty_indicator_unanswered`), so a class never rests on a guess.
 *
 * @example deriveIndicators(rules, { members, floorAreaM2: 30, answers: { employment: false, … } }, '2026-10-01')
 */
export function deriveIndicators(rules: PovertyStandardRules, facts: SurveyFacts, on: LocalDate): Result<IndicatorOutcome[]> {
  const indicators = indicatorsOf(rules)
  const known = new Set(indicators.map((i) => i.code))
  const unknown = Object.keys(facts.answers).filter((code) => !known.has(code))
  if (unknown.length > 0) return fail('poverty_indicator_unknown', { codes: unknown, known: [...known] })
  const outcomes: IndicatorOutcome[] = []
  const unanswered: string[] = []
  for (const indicator of indicators) {
    const answered = Object.hasOwn(facts.answers, indicator.code) ? (facts.answers[indicator.code] as boolean) : null
    const derived = indicator.derivation === null ? undefined : derive(indicator.derivation, facts, on)
    if (derived) outcomes.push({ code: indicator.code, deprived: derived.deprived, source: 'derived', answered, reason: derived.reason })
    else if (answered !== null) outcomes.push({ code: indicator.code, deprived: answered, source: 'answered', answered, reason: answeredReason(indicator, answered) })
    else unanswered.push(indicator.code)
  }
  if (unanswered.length > 0) return fail('poverty_indicator_unanswered', { codes: unanswered })
  return ok(outcomes)
}
