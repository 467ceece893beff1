import { assess, resolveStandard, type AreaType, type MemberFacts, type StandardScope } from '../../domain/poverty/index.js'
import { orThrow, parseIsoDate, RuleViolation, type Dong, type LocalDate } from '../../domain/shared/index.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { loadStandards } from './standards.js'

export interface StandaloneSurvey {
  /** The date whose standard applies. */
  readonly date: string
  readonly scope: StandardScope
  /** Needed with scope 'local'. */
  readonly provinceCode: string | null
  readonly areaType: AreaType
  readonly incomePerPersonMonthDong: Dong
  readonly indicators: Readonly<Record<string, boolean>>
  readonly members: readonly { readonly birthDate: string | null; readonly healthInsured: boolean | null; readonly inSchool: boolean | null }[]
  readonly floorAreaM2: number | null
}

/**
 * Classifies a survey that belongs to no review (the `tdcs poverty classify` command, a what-if
 * on the web): resolves the standard for the date and scope, derives what member facts can,
 * takes the rest from the answers. Writes nothing.
 */
export async function classifyStandalone(db: Executor, ctx: RequestContext, survey: StandaloneSurvey) {
  requirePermission(ctx, 'poverty.read')
  const on = orThrow(parseIsoDate(survey.date))
  if (survey.incomePerPersonMonthDong < 0n) throw new RuleViolation('invalid_money', { input: survey.incomePerPersonMonthDong.toString(), reason: 'income cannot be negative' })
  if (survey.scope === 'local' && survey.provinceCode === null) throw new RuleViolation('validation_failed', { missing: 'provinceCode', reason: 'a local standard belongs to a province' })
  const standard = orThrow(resolveStandard(await loadStandards(db), { on, scope: survey.scope, provinceCode: survey.provinceCode }))
  const members: MemberFacts[] = survey.members.map((m, i) => ({
    personId: String(i + 1), birthDate: m.birthDate === null ? null : orThrow(parseIsoDate(m.birthDate)), healthInsured: m.healthInsured, inSchool: m.inSchool,
  }))
  const result = orThrow(assess(standard, survey.areaType, survey.incomePerPersonMonthDong, { members, floorAreaM2: survey.floorAreaM2, answers: survey.indicators }, on as LocalDate))
  const c = result.classification
  return {
    standard: { id: standard.id, code: standard.code, nameVi: standard.nameVi, nameEn: standard.nameEn, legalBasis: standard.legalBasis },
    areaType: survey.areaType,
    incomePerPersonMonthDong: survey.incomePerPersonMonthDong,
    incomeLineDong: c.incomeLineDong,
    averageLivingLineDong: c.averageLivingLineDong,
    class: c.class,
    deprivations: c.deprivations,
    indicators: result.indicators,
    reasons: c.reasons,
  }
}
