import { dong, dongFromJson, fail, ok, type Dong, type LocalDate, type Result } from '../shared/index.js'

/** Khu vực: the poverty lines differ between rural communes and urban wards. */
export const AREA_TYPES = ['rural', 'urban'] as const
export type AreaType = (typeof AREA_TYPES)[number]

/** Hộ nghèo / cận nghèo / có mức sống trung bình / không nghèo. */
export const HOUSEHOLD_CLASSES = ['poor', 'near_poor', 'average_living', 'not_poor'] as const
export type HouseholdClass = (typeof HOUSEHOLD_CLASSES)[number]

export const STANDARD_SCOPES = ['national', 'local'] as const
export type StandardScope = (typeof STANDARD_SCOPES)[number]

/** Facts kept per person in the registry that an indicator may be derived from. */
export const MEMBER_FACTS = ['healthInsured', 'inSchool'] as const
export type MemberFact = (typeof MEMBER_FACTS)[number]

/**
 * How an indicator is derived from facts the registry already holds. An indicator without a
 * derivation (or whose facts are missing) is answered directly on the survey.
 */
export type Derivation =
  /** Deprived when any member whose age is in [minAgeYears, maxAgeYearsExclusive) lacks the fact. */
  | { readonly kind: 'any_member_lacks'; readonly fact: MemberFact; readonly minAgeYears: number; readonly maxAgeYearsExclusive: number | null }
  /** Deprived when the dwelling's floor area divided by the current members is below the threshold. */
  | { readonly kind: 'floor_area_per_person_below'; readonly thresholdM2: number }

/** Chỉ số đo lường mức độ thiếu hụt dịch vụ xã hội cơ bản. */
export interface Indicator {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  /** When a household counts as deprived, as the legal text words it. */
  readonly deprivedIfVi: string
  readonly deprivedIfEn: string
  readonly derivation: Derivation | null
}

/** Chiều thiếu hụt: employment, health, education, housing, water & sanitation, information. */
export interface Dimension {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly indicators: readonly Indicator[]
}

/**
 * What a poverty standard says, stored as `poverty_standards.rules` (jsonb) with money as integer
 * strings. The lines are whole đồng per person per month.
 */
export interface PovertyStandardRules {
  /** Chuẩn nghèo về thu nhập: income at or below it is poor or near-poor. */
  readonly incomeLinesDong: Readonly<Record<AreaType, Dong>>
  /** Mức sống trung bình: above the income line and at or below this. Null when the standard defines none. */
  readonly averageLivingLinesDong: Readonly<Record<AreaType, Dong>> | null
  /** Free text, e.g. which figures are not yet confirmed in a primary source. */
  readonly note: string | null
  readonly dimensions: readonly Dimension[]
  /**
   * Poor = income ≤ line and deprived in at least `poorMinDeprivations` indicators; near-poor
   * otherwise. `poorIncomeLinesDong`, when set, is a lower income line at or below which a
   * household is poor whatever its deprivations (the 2016–2020 standard of Decision 59/2015/QĐ-TTg:
   * income ≤ 700.000 ₫ rural / 900.000 ₫ urban is poor; up to the near-poor line of 1.000.000 ₫ /
   * 1.300.000 ₫ it is poor with three or more deprivations, near-poor with fewer).
   */
  readonly classification: { readonly poorMinDeprivations: number; readonly poorIncomeLinesDong?: Readonly<Record<AreaType, Dong>> | undefined }
}

/** A standard with its validity and legal basis, as resolved for a date and a province. */
export interface PovertyStandard {
  readonly id: number
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly scope: StandardScope
  /** Set for a local standard only. */
  readonly provinceCode: string | null
  readonly validFrom: LocalDate
  /** Inclusive; null when open-ended. */
  readonly validTo: LocalDate | null
  readonly legalBasis: string
  readonly rules: PovertyStandardRules
}

/** Every indicator of a standard, in order. */
export function indicatorsOf(rules: PovertyStandardRules): Indicator[] {
  return rules.dimensions.flatMap((d) => d.indicators)
}

// ---- the jsonb form and its validator ----

const CODE = /^[a-z][a-z0-9_]{0,39}$/
/** A sanity bound on lines: nobody's poverty line is a billion đồng a month. */
const LINE_MAX = dong(1_000_000_000)
const TEXT_MAX = 1000

type Problem = { readonly path: string; readonly problem: string }
const invalid = (path: string, problem: string) => fail('poverty_standard_rules_invalid', { path, problem })

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function text(v: unknown, path: string, problems: Problem[]): string {
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > TEXT_MAX) problems.push({ path, problem: 'a non-empty text of at most 1000 characters' })
  return typeof v === 'string' ? v.trim() : ''
}

function lines(v: unknown, path: string, problems: Problem[]): Record<AreaType, Dong> {
  const out = { rural: dong(0), urban: dong(0) }
  if (!isObject(v)) {
    problems.push({ path, problem: 'an object { rural, urban } of integer strings' })
    return out
  }
  for (const area of AREA_TYPES) {
    const parsed = dongFromJson(v[area])
    if (!parsed.ok || parsed.value <= 0n || parsed.value > LINE_MAX) problems.push({ path: `${path}.${area}`, problem: 'a positive whole number of đồng as an integer string' })
    else out[area] = parsed.value
  }
  return out
}

function derivation(v: unknown, path: string, problems: Problem[]): Derivation | null {
  if (v === undefined || v === null) return null
  if (!isObject(v)) {
    problems.push({ path, problem: 'a derivation object or null' })
    return null
  }
  if (v.kind === 'any_member_lacks') {
    const fact = v.fact
    const min = v.minAgeYears
    const max = v.maxAgeYearsExclusive ?? null
    if (typeof fact !== 'string' || !(MEMBER_FACTS as readonly string[]).includes(fact)) problems.push({ path: `${path}.fact`, problem: `one of ${MEMBER_FACTS.join(', ')}` })
    if (!Number.isInteger(min) || (min as number) < 0 || (min as number) > 150) problems.push({ path: `${path}.minAgeYears`, problem: 'an age in whole years' })
    if (max !== null && (!Number.isInteger(max) || (max as number) <= (min as number) || (max as number) > 150))
      problems.push({ path: `${path}.maxAgeYearsExclusive`, problem: 'null or an age above minAgeYears' })
    return { kind: 'any_member_lacks', fact: fact as MemberFact, minAgeYears: min as number, maxAgeYearsExclusive: max as number | null }
  }
  if (v.kind === 'floor_area_per_person_below') {
    const threshold = v.thresholdM2
    if (!Number.isInteger(threshold) || (threshold as number) <= 0 || (threshold as number) > 1000) problems.push({ path: `${path}.thresholdM2`, problem: 'a positive whole number of m²' })
    return { kind: 'floor_area_per_person_below', thresholdM2: threshold as number }
  }
  problems.push({ path: `${path}.kind`, problem: 'any_member_lacks or floor_area_per_person_below' })
  return null
}

function indicator(v: unknown, path: string, problems: Problem[]): Indicator {
  const o = isObject(v) ? v : {}
  if (!isObject(v)) problems.push({ path, problem: 'an indicator object' })
  if (typeof o.code !== 'string' || !CODE.test(o.code)) problems.push({ path: `${path}.code`, problem: 'a code of lower-case letters, digits and _' })
  return {
    code: typeof o.code === 'string' ? o.code : '',
    nameVi: text(o.nameVi, `${path}.nameVi`, problems),
    nameEn: text(o.nameEn, `${path}.nameEn`, problems),
    deprivedIfVi: text(o.deprivedIfVi, `${path}.deprivedIfVi`, problems),
    deprivedIfEn: text(o.deprivedIfEn, `${path}.deprivedIfEn`, problems),
    derivation: derivation(o.derivation, `${path}.derivation`, problems),
  }
}

function dimension(v: unknown, path: string, problems: Problem[]): Dimension {
  const o = isObject(v) ? v : {}
  if (!isObject(v)) problems.push({ path, problem: 'a dimension object' })
  if (typeof o.code !== 'string' || !CODE.test(o.code)) problems.push({ path: `${path}.code`, problem: 'a code of lower-case letters, digits and _' })
  const list = Array.isArray(o.indicators) ? o.indicators : []
  if (list.length === 0 || list.length > 20) problems.push({ path: `${path}.indicators`, problem: 'a list of 1 to 20 indicators' })
  return {
    code: typeof o.code === 'string' ? o.code : '',
    nameVi: text(o.nameVi, `${path}.nameVi`, problems),
    nameEn: text(o.nameEn, `${path}.nameEn`, problems),
    indicators: list.map((item, i) => indicator(item, `${path}.indicators[${i}]`, problems)),
  }
}

/**
 * Reads and checks the jsonb form of a standard's rules. Every problem is named with its path;
 * the first one is returned as `poverty_standard_rules_invalid`.
 *
 * @example parseStandardRules({ incomeLinesDong: { rural: '1500000', urban: '2000000' }, … })
 */
export function parseStandardRules(json: unknown): Result<PovertyStandardRules> {
  if (!isObject(json)) return invalid('', 'an object')
  const problems: Problem[] = []
  const incomeLinesDong = lines(json.incomeLinesDong, 'incomeLinesDong', problems)
  const averageLivingLinesDong = json.averageLivingLinesDong === null || json.averageLivingLinesDong === undefined ? null : lines(json.averageLivingLinesDong, 'averageLivingLinesDong', problems)
  const note = json.note === null || json.note === undefined ? null : text(json.note, 'note', problems)
  const dims = Array.isArray(json.dimensions) ? json.dimensions : []
  if (dims.length === 0 || dims.length > 12) problems.push({ path: 'dimensions', problem: 'a list of 1 to 12 dimensions' })
  const dimensions = dims.map((d, i) => dimension(d, `dimensions[${i}]`, problems))
  const classification = isObject(json.classification) ? json.classification : {}
  const poorMin = classification.poorMinDeprivations
  const all = dimensions.flatMap((d) => d.indicators)
  if (!Number.isInteger(poorMin) || (poorMin as number) < 1 || (poorMin as number) > Math.max(all.length, 1))
    problems.push({ path: 'classification.poorMinDeprivations', problem: 'a whole number between 1 and the number of indicators' })
  // Dimension codes and indicator codes are separate namespaces ('employment' is both).
  for (const codes of [dimensions.map((d) => d.code), all.map((i) => i.code)]) {
    const seen = new Set<string>()
    for (const code of codes) {
      if (seen.has(code)) problems.push({ path: 'dimensions', problem: `the code '${code}' is used twice` })
      seen.add(code)
    }
  }
  if (averageLivingLinesDong)
    for (const area of AREA_TYPES)
      if (averageLivingLinesDong[area] <= incomeLinesDong[area]) problems.push({ path: `averageLivingLinesDong.${area}`, problem: 'above the income line' })
  const poorIncomeLinesDong = classification.poorIncomeLinesDong === null || classification.poorIncomeLinesDong === undefined
    ? undefined : lines(classification.poorIncomeLinesDong, 'classification.poorIncomeLinesDong', problems)
  if (poorIncomeLinesDong)
    for (const area of AREA_TYPES)
      if (poorIncomeLinesDong[area] >= incomeLinesDong[area]) problems.push({ path: `classification.poorIncomeLinesDong.${area}`, problem: 'below the income line' })
  const first = problems[0]
  if (first) return invalid(first.path, first.problem)
  return ok({ incomeLinesDong, averageLivingLinesDong, note, dimensions, classification: { poorMinDeprivations: poorMin as number, ...(poorIncomeLinesDong ? { poorIncomeLinesDong } : {}) } })
}

/** The jsonb form of rules: money as integer strings, nothing else changed. */
export function standardRulesToJson(rules: PovertyStandardRules): Record<string, unknown> {
  const toJson = (l: Readonly<Record<AreaType, Dong>>) => ({ rural: l.rural.toString(), urban: l.urban.toString() })
  return {
    incomeLinesDong: toJson(rules.incomeLinesDong),
    averageLivingLinesDong: rules.averageLivingLinesDong === null ? null : toJson(rules.averageLivingLinesDong),
    note: rules.note,
    dimensions: rules.dimensions,
    classification: {
      poorMinDeprivations: rules.classification.poorMinDeprivations,
      ...(rules.classification.poorIncomeLinesDong ? { poorIncomeLinesDong: toJson(rules.classification.poorIncomeLinesDong) } : {}),
    },
  }
}
