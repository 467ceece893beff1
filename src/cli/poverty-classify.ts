import { z } from 'zod'
import { classifyStandalone, type StandaloneSurvey } from '../app/poverty/classify.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { AREA_TYPES, CLASS_LABELS, STANDARD_SCOPES } from '../domain/poverty/index.js'
import { dongFromJson, formatDong, orThrow, RuleViolation } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'

export const POVERTY_CLASSIFY_HELP = `tdcs poverty classify [--json] < survey.json

Classifies one household survey under the poverty standard in force on its date and prints the
class with its reasons in Vietnamese and English. Reads JSON on stdin:

  {
    "date": "2026-10-01",                 the date whose standard applies
    "scope": "national",                  or "local" (then provinceCode is required)
    "provinceCode": "79",                 optional
    "areaType": "rural",                  or "urban"
    "incomePerPersonMonth": "1500000",    whole đồng per person per month, an integer string
    "indicators": { "employment": true, "domestic_water": false, … },   answers: deprived or not
    "members": [ { "birthDate": "2015-03-03", "healthInsured": true, "inSchool": false } ],
    "floorAreaM2": 30                     optional; derives floor area per person from members
  }

Indicators the member facts decide (health insurance, school attendance, floor area) need no
answer. Exit 0 with the class; 1 with a named code on bad input (invalid_money,
poverty_indicator_unanswered, poverty_standard_missing, …). --json prints the full result.`

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const SurveySchema = z
  .object({
    date: IsoDate,
    scope: z.enum(STANDARD_SCOPES).default('national'),
    provinceCode: z.string().regex(/^\d{2}$/).nullable().optional(),
    areaType: z.enum(AREA_TYPES),
    incomePerPersonMonth: z.string().optional(),
    incomePerPersonMonthDong: z.string().optional(),
    indicators: z.record(z.string(), z.boolean()).default({}),
    members: z.array(z.object({ birthDate: IsoDate.nullable().default(null), healthInsured: z.boolean().nullable().default(null), inSchool: z.boolean().nullable().default(null) })).max(100).default([]),
    floorAreaM2: z.number().min(0).max(100_000).nullable().default(null),
  })
  .strict()

/** Parses the survey a user piped in; every problem is a named code, before the database is opened. */
export function parseClassifySurvey(text: string): StandaloneSurvey {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new RuleViolation('malformed_json', { reason: (error as Error).message })
  }
  const parsed = SurveySchema.safeParse(json)
  if (!parsed.success) throw new RuleViolation('validation_failed', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })
  const s = parsed.data
  const income = s.incomePerPersonMonth ?? s.incomePerPersonMonthDong
  if (income === undefined) throw new RuleViolation('validation_failed', { missing: 'incomePerPersonMonth' })
  return {
    date: s.date, scope: s.scope, provinceCode: s.provinceCode ?? null, areaType: s.areaType,
    incomePerPersonMonthDong: orThrow(dongFromJson(income)), indicators: s.indicators, members: s.members, floorAreaM2: s.floorAreaM2,
  }
}

/** Classifies and prints; a rule violation propagates to main, which prints its code and exits 1. */
export async function povertyClassify(app: TdcsApp, survey: StandaloneSurvey, asJson: boolean): Promise<number> {
  const result = await classifyStandalone(app.db, systemContext(`cli-poverty-classify`), survey)
  if (asJson) {
    console.log(JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2))
    return EXIT.ok
  }
  const label = CLASS_LABELS[result.class]
  console.log(`Chuẩn áp dụng / Standard: ${result.standard.code} — ${result.standard.nameVi}`)
  console.log(`Căn cứ / Legal basis: ${result.standard.legalBasis}`)
  console.log(`Thu nhập / Income: ${formatDong(result.incomePerPersonMonthDong)}/người/tháng; chuẩn / line: ${formatDong(result.incomeLineDong)} (${result.areaType})`)
  console.log(`Phân loại / Class: ${label.vi} / ${label.en} (${result.class})`)
  console.log(`Thiếu hụt / Deprivations: ${result.deprivations.length === 0 ? '—' : result.deprivations.join(', ')}`)
  console.log('Lý do:')
  for (const r of result.reasons) console.log(`  - ${r.vi}`)
  console.log('Reasons:')
  for (const r of result.reasons) console.log(`  - ${r.en}`)
  return EXIT.ok
}
