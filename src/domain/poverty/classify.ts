import { fail, formatDong, ok, type Dong, type LocalDate, type Result } from '../shared/index.js'
import { deriveIndicators, type Bilingual, type IndicatorOutcome, type SurveyFacts } from './indicators.js'
import { indicatorsOf, type AreaType, type HouseholdClass, type PovertyStandard } from './standard.js'

export const CLASS_LABELS: Readonly<Record<HouseholdClass, Bilingual>> = {
  poor: { vi: 'hộ nghèo', en: 'poor household' },
  near_poor: { vi: 'hộ cận nghèo', en: 'near-poor household' },
  average_living: { vi: 'hộ có mức sống trung bình', en: 'average-living-standard household' },
  not_poor: { vi: 'hộ không nghèo', en: 'not poor' },
}

const AREA_LABELS: Readonly<Record<AreaType, Bilingual>> = {
  rural: { vi: 'khu vực nông thôn', en: 'rural' },
  urban: { vi: 'khu vực thành thị', en: 'urban' },
}

export interface Classification {
  readonly class: HouseholdClass
  /** Codes of the indicators the household is deprived in, in the standard's order. */
  readonly deprivations: readonly string[]
  readonly indicatorCount: number
  /** The lines that decided, so the result can be read without the standard at hand. */
  readonly incomeLineDong: Dong
  readonly averageLivingLineDong: Dong | null
  readonly poorMinDeprivations: number
  /** Why, one sentence per step, in Vietnamese and English. */
  readonly reasons: readonly Bilingual[]
}

/**
 * Classifies a household under a standard (Decree 07/2021 art. 3; Decree 351/2025): income at or
 * below the area's line with at least `poorMinDeprivations` deprivations is poor, with fewer is
 * near-poor (under a standard with `poorIncomeLinesDong` — Decision 59/2015 — income at or below
 * that lower line is poor whatever the deprivations); above the line and at or below the average-living line is average living standard;
 * otherwise not poor. `deprived` maps every indicator code of the standard to whether the
 * household is deprived in it; a missing or unknown code is refused.
 *
 * @example classify(standard2022, 'rural', dong(1_500_000), { employment: true, … }) // ok({ class: 'poor' or 'near_poor', … })
 */
export function classify(
  standard: PovertyStandard,
  areaType: AreaType,
  incomePerPersonMonth: Dong,
  deprived: Readonly<Record<string, boolean>>,
): Result<Classification> {
  if (incomePerPersonMonth < 0n) return fail('invalid_money', { input: incomePerPersonMonth.toString(), reason: 'income cannot be negative' })
  const { rules } = standard
  const indicators = indicatorsOf(rules)
  const known = new Set(indicators.map((i) => i.code))
  const unknown = Object.keys(deprived).filter((code) => !known.has(code))
  if (unknown.length > 0) return fail('poverty_indicator_unknown', { codes: unknown, known: [...known] })
  const missing = indicators.filter((i) => !Object.hasOwn(deprived, i.code)).map((i) => i.code)
  if (missing.length > 0) return fail('poverty_indicator_unanswered', { codes: missing })

  const deprivations = indicators.filter((i) => deprived[i.code] === true)
  const line = rules.incomeLinesDong[areaType]
  const averageLine = rules.averageLivingLinesDong?.[areaType] ?? null
  const min = rules.classification.poorMinDeprivations
  const area = AREA_LABELS[areaType]
  const income = formatDong(incomePerPersonMonth)
  const reasons: Bilingual[] = []

  const poorLine = rules.classification.poorIncomeLinesDong?.[areaType] ?? null
  let cls: HouseholdClass
  if (poorLine !== null && incomePerPersonMonth <= poorLine) {
    cls = 'poor'
    reasons.push({
      vi: `Thu nhập bình quân ${income}/người/tháng không vượt mức ${formatDong(poorLine)} (${area.vi}): hộ nghèo không xét chỉ số thiếu hụt.`,
      en: `Income of ${income} per person per month is at or below ${formatDong(poorLine)} (${area.en}): poor whatever the deprivations.`,
    })
  } else if (incomePerPersonMonth <= line) {
    cls = deprivations.length >= min ? 'poor' : 'near_poor'
    reasons.push({
      vi: `Thu nhập bình quân ${income}/người/tháng không vượt chuẩn nghèo ${area.vi} ${formatDong(line)}.`,
      en: `Income of ${income} per person per month is at or below the ${area.en} poverty line of ${formatDong(line)}.`,
    })
    const names = deprivations.map((i) => i.nameVi).join(', ')
    const namesEn = deprivations.map((i) => i.nameEn).join(', ')
    reasons.push({
      vi: `Thiếu hụt ${deprivations.length}/${indicators.length} chỉ số${names ? ` (${names})` : ''}; hộ nghèo khi thiếu hụt từ ${min} chỉ số trở lên.`,
      en: `Deprived in ${deprivations.length} of ${indicators.length} indicators${namesEn ? ` (${namesEn})` : ''}; poor means ${min} or more.`,
    })
  } else if (averageLine !== null && incomePerPersonMonth <= averageLine) {
    cls = 'average_living'
    reasons.push({
      vi: `Thu nhập bình quân ${income}/người/tháng cao hơn chuẩn nghèo ${area.vi} ${formatDong(line)} nhưng không vượt mức sống trung bình ${formatDong(averageLine)}.`,
      en: `Income of ${income} per person per month is above the ${area.en} poverty line of ${formatDong(line)} and at or below the average-living line of ${formatDong(averageLine)}.`,
    })
  } else {
    cls = 'not_poor'
    const above = averageLine ?? line
    reasons.push({
      vi: `Thu nhập bình quân ${income}/người/tháng cao hơn ${averageLine === null ? `chuẩn nghèo ${area.vi}` : 'mức sống trung bình'} ${formatDong(above)}.`,
      en: `Income of ${income} per person per month is above the ${averageLine === null ? `${area.en} poverty line` : 'average-living line'} of ${formatDong(above)}.`,
    })
  }
  reasons.push({ vi: `Kết luận: ${CLASS_LABELS[cls].vi} theo ${standard.nameVi}.`, en: `Result: ${CLASS_LABELS[cls].en} under ${standard.nameEn}.` })
  return ok({
    class: cls,
    deprivations: deprivations.map((i) => i.code),
    indicatorCount: indicators.length,
    incomeLineDong: line,
    averageLivingLineDong: averageLine,
    poorMinDeprivations: min,
    reasons,
  })
}

/** A household's full assessment: every indicator with its source, and the classification. */
export interface Assessment {
  readonly indicators: readonly IndicatorOutcome[]
  readonly classification: Classification
}

/**
 * Derives the indicators from the survey facts, then classifies: the one call a survey makes.
 *
 * @example assess(standard, 'urban', dong(1_900_000), { members, floorAreaM2: 40, answers }, '2026-10-01')
 */
export function assess(standard: PovertyStandard, areaType: AreaType, incomePerPersonMonth: Dong, facts: SurveyFacts, on: LocalDate): Result<Assessment> {
  const derived = deriveIndicators(standard.rules, facts, on)
  if (!derived.ok) return derived
  const deprived = Object.fromEntries(derived.value.map((o) => [o.code, o.deprived]))
  const classification = classify(standard, areaType, incomePerPersonMonth, deprived)
  if (!classification.ok) return classification
  return ok({ indicators: derived.value, classification: classification.value })
}
