import { sql } from 'kysely'
import { buildSchedule } from '../../domain/loans/index.js'
import { evaluateEligibility, type ProgramTerms } from '../../domain/programs/index.js'
import { holidayDates, orThrow, RuleViolation, statutoryHolidays, yearOf, type LocalDate } from '../../domain/shared/index.js'
import { underScope } from '../../db/scope.js'
import { requestApproval } from '../approvals.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { programTermsOn } from '../programs.js'
import { saveInstalments } from '../../db/repositories/loans.js'
import type { ApplicationStatus } from '../../db/schema.js'
import { eligibilityFacts } from './eligibility-facts.js'
// -- capital import --
import { localFundTerms } from '../capital/funds.js'
// -- network groups import --
import { resolveApplicationGroup } from '../groups/application-group.js'

export interface ApplicationInput {
  readonly householdId: bigint
  readonly programCode: string
  readonly purpose: string
  readonly amountDong: bigint
  readonly termMonths: number
  readonly graceMonths?: number | undefined
  readonly intervalMonths?: number | undefined
  readonly capitalSource?: string | undefined
  readonly channel: 'entrusted' | 'direct'
  readonly groupId?: bigint | null | undefined
  readonly applicationDate: LocalDate
  /** For student loans: months of study the amount covers. */
  readonly studyMonths?: number | undefined
  /** For social housing: the purchase contract's price; the loan may cover a share of it. */
  readonly contractPriceDong?: bigint | undefined
}

/** Checks the amount against the program's maximum on its basis; a household cap counts what is still owed. */
function checkAmount(terms: ProgramTerms, input: ApplicationInput, owedSameProgramDong: bigint): void {
  const max = terms.maxAmount
  let limit = max.amountDong
  if (max.basis === 'study_month') limit = max.amountDong * BigInt(input.studyMonths ?? 0)
  if (max.basis === 'contract_share') limit = ((input.contractPriceDong ?? 0n) * max.amountDong) / 1_000_000n
  const counted = max.basis === 'household' ? input.amountDong + owedSameProgramDong : input.amountDong
  if (counted > limit) throw new RuleViolation('amount_exceeds_program_max', { maxDong: limit.toString(), basis: max.basis, owedDong: owedSameProgramDong.toString() })
}

/**
 * A household applies (form 01/TD). Eligibility is evaluated against the registry on the
 * application date and stored with the facts it used, whatever the outcome, so an auditor sees
 * why. An ineligible application is refused and not stored.
 */
export async function submitApplication(db: Executor, ctx: RequestContext, input: ApplicationInput): Promise<bigint> {
  requirePermission(ctx, 'loans.apply', 'write')
  return inTransaction(db, async (trx) => {
    const household = await trx
      .selectFrom('households').innerJoin('units', 'units.id', 'households.commune_unit_id')
      .select(['households.id', 'households.province_code', 'households.commune_unit_id', 'households.status', 'units.path'])
      .where('households.id', '=', input.householdId).where(underScope('units.path', ctx.actor.scopePath))
      .executeTakeFirst()
    if (!household) throw new RuleViolation('not_found', { entity: 'household', id: input.householdId })
    if (household.status !== 'active') throw new RuleViolation('loan_household_not_active')
    const { version } = await programTermsOn(trx, input.programCode, input.applicationDate)
    const terms = version.terms
    if (input.termMonths > terms.maxTermMonths) throw new RuleViolation('term_exceeds_program_max', { maxTermMonths: terms.maxTermMonths })
    const grace = input.graceMonths ?? 0
    if (grace > terms.graceMonthsMax || grace >= input.termMonths) throw new RuleViolation('term_exceeds_program_max', { graceMonthsMax: terms.graceMonthsMax })
    const capitalSource = input.capitalSource ?? terms.capitalSources[0] ?? 'CENTRAL'
    // -- capital: a local fund lends the programs its agreement allows (refused otherwise), whatever the catalogue lists --
    const localFund = await localFundTerms(trx, capitalSource, input.programCode, input.applicationDate)
    if (localFund === null && !terms.capitalSources.includes(capitalSource)) throw new RuleViolation('capital_source_not_allowed', { allowed: terms.capitalSources })
    const owed = await trx.selectFrom('loans')
      .select(sql<bigint>`coalesce(sum(principal_in_term_dong + principal_overdue_dong + principal_frozen_dong + (approved_dong - disbursed_dong)), 0)::bigint`.as('owed'))
      .where('household_id', '=', input.householdId).where('program_code', '=', input.programCode).where('status', '<>', 'closed')
      .executeTakeFirstOrThrow()
    checkAmount(terms, input, owed.owed)
    // -- network groups: the application's group must be a real group of the household --
    const groupId = await resolveApplicationGroup(trx, household, input.groupId ?? null, input.channel)
    const facts = await eligibilityFacts(trx, input.householdId, input.applicationDate, groupId !== null || input.channel === 'direct', localFund?.localPovertyStandard ? 'local' : 'national')
    orThrow(evaluateEligibility(terms.eligibility, facts))
    const { id } = await trx.insertInto('loan_applications').values({
      province_code: household.province_code, household_id: household.id, commune_unit_id: household.commune_unit_id, group_id: groupId,
      channel: input.channel, program_code: input.programCode, terms_id: version.id, capital_source_code: capitalSource, purpose: input.purpose,
      amount_dong: input.amountDong, term_months: input.termMonths, grace_months: grace, interval_months: input.intervalMonths ?? terms.instalmentIntervalMonths,
      application_date: input.applicationDate, eligibility: JSON.stringify({ facts, rule: terms.eligibility, result: 'eligible' }),
      submitted_by: ctx.actor.userId || null, submitted_at: ctx.now,
    }).returning('id').executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'loan_application.submit', entityType: 'loan_application', entityId: id, after: { ...input, facts }, scopePath: household.path })
    return id
  })
}

type Step = 'group_review' | 'commune_confirm' | 'submit_for_approval' | 'reject'

const STEP_RULES: Record<Step, { from: readonly string[]; permission: 'loans.review' | 'loans.confirm' | 'loans.appraise' }> = {
  group_review: { from: ['submitted'], permission: 'loans.review' },
  commune_confirm: { from: ['group_reviewed'], permission: 'loans.confirm' },
  submit_for_approval: { from: ['commune_confirmed'], permission: 'loans.appraise' },
  reject: { from: ['submitted', 'group_reviewed', 'commune_confirmed'], permission: 'loans.appraise' },
}

const NEXT_STATUS = {
  group_review: 'group_reviewed', commune_confirm: 'commune_confirmed', submit_for_approval: 'pending_approval', reject: 'rejected',
} as const satisfies Record<Step, ApplicationStatus>

/** One step of the application workflow, recorded with who and when. */
export async function advanceApplication(
  db: Executor, ctx: RequestContext, applicationId: bigint, step: Step, input: { note?: string | null; monthlyDay?: number | null; reason?: string | null } = {},
): Promise<{ status: string; approvalId?: number }> {
  const rule = STEP_RULES[step]
  if (step === 'reject') {
    // Whoever may act at the application's current step may also reject it there.
    const canReject = ['loans.review', 'loans.confirm', 'loans.appraise'].some((p) => { try { requirePermission(ctx, p as 'loans.review', 'write'); return true } catch { return false } })
    if (!canReject) throw new RuleViolation('forbidden', { permission: 'loans.review|loans.confirm|loans.appraise' })
  } else requirePermission(ctx, rule.permission, 'write')
  return inTransaction(db, async (trx) => {
    const app = await trx.selectFrom('loan_applications').innerJoin('units', 'units.id', 'loan_applications.commune_unit_id')
      .selectAll('loan_applications').select('units.path')
      .where('loan_applications.id', '=', applicationId).where(underScope('units.path', ctx.actor.scopePath)).forUpdate('loan_applications')
      .executeTakeFirst()
    if (!app) throw new RuleViolation('not_found', { entity: 'loan_application', id: applicationId })
    if (!rule.from.includes(app.status)) throw new RuleViolation('application_step_invalid', { status: app.status, step })
    const by = ctx.actor.userId || null
    const status = NEXT_STATUS[step]
    let approvalId: number | undefined
    if (step === 'group_review') {
      await trx.updateTable('loan_applications').set({ status, group_reviewed_by: by, group_reviewed_at: ctx.now, group_review_note: input.note ?? null }).where('id', '=', app.id).execute()
    } else if (step === 'commune_confirm') {
      await trx.updateTable('loan_applications').set({ status, commune_confirmed_by: by, commune_confirmed_at: ctx.now }).where('id', '=', app.id).execute()
    } else if (step === 'submit_for_approval') {
      // The checker's inbox shows the payload: name the household and the program, not only their ids.
      const about = await trx.selectFrom('households as h').leftJoin('persons as p', 'p.id', 'h.head_person_id').innerJoin('programs as g', (join) => join.on('g.code', '=', app.program_code))
        .select(['h.code', 'p.full_name', 'g.name_vi', 'g.name_en']).where('h.id', '=', app.household_id).executeTakeFirstOrThrow()
      approvalId = await requestApproval(trx, ctx, {
        kind: 'loan.approve', entityType: 'loan_application', entityId: String(app.id), unitId: app.commune_unit_id, unitPath: app.path,
        payload: {
          applicationId: String(app.id), monthlyDay: input.monthlyDay ?? null, amountDong: app.amount_dong.toString(), programCode: app.program_code, householdId: String(app.household_id),
          householdCode: about.code, headName: about.full_name, programName: about.name_vi, programNameEn: about.name_en, termMonths: app.term_months, purpose: app.purpose,
        },
      })
      await trx.updateTable('loan_applications').set({ status, approval_id: approvalId }).where('id', '=', app.id).execute()
    } else {
      if (!input.reason?.trim()) throw new RuleViolation('validation_failed', { field: 'reason' })
      await trx.updateTable('loan_applications').set({ status, decided_by: by, decided_at: ctx.now, rejection_reason: input.reason }).where('id', '=', app.id).execute()
    }
    await recordAudit(trx, ctx, { action: `loan_application.${step}`, entityType: 'loan_application', entityId: app.id, before: { status: app.status }, after: { status, ...input }, scopePath: app.path })
    return approvalId === undefined ? { status } : { status, approvalId }
  })
}

/** The monthly day loans of a commune fall due on: its first active transaction point's day, else the 15th. */
async function monthlyDayOf(trx: Executor, communeUnitId: number): Promise<number> {
  const point = await trx.selectFrom('transaction_points').select('monthly_day').where('commune_unit_id', '=', communeUnitId).where('status', '=', 'active').orderBy('id').executeTakeFirst()
  return point?.monthly_day ?? 15
}

/**
 * The approval handler for 'loan.approve': the checker (never the maker, enforced by the approvals
 * mechanism) approves, and the loan contract is created with its schedule on the transaction
 * point's monthly day, moved off public holidays.
 */
/** A checker rejected the loan approval: the application is rejected with the checker's reason. */
export async function rejectLoanApproval(trx: Executor, ctx: RequestContext, payload: unknown, unitPath: string, reason: string): Promise<void> {
  const { applicationId } = payload as { applicationId: string }
  const app = await trx.selectFrom('loan_applications').select(['id', 'status']).where('id', '=', BigInt(applicationId)).forUpdate().executeTakeFirstOrThrow()
  if (app.status !== 'pending_approval') throw new RuleViolation('application_step_invalid', { status: app.status, step: 'reject' })
  await trx.updateTable('loan_applications').set({ status: 'rejected', decided_by: ctx.actor.userId || null, decided_at: ctx.now, rejection_reason: reason }).where('id', '=', app.id).execute()
  await recordAudit(trx, ctx, { action: 'loan_application.reject', entityType: 'loan_application', entityId: app.id, before: { status: app.status }, after: { status: 'rejected', reason, by: 'approval' }, scopePath: unitPath })
}

export async function createLoanFromApproval(trx: Executor, ctx: RequestContext, payload: unknown): Promise<bigint> {
  const { applicationId, monthlyDay } = payload as { applicationId: string; monthlyDay: number | null }
  const app = await trx.selectFrom('loan_applications').selectAll().where('id', '=', BigInt(applicationId)).forUpdate().executeTakeFirstOrThrow()
  if (app.status !== 'pending_approval') throw new RuleViolation('application_step_invalid', { status: app.status, step: 'approve' })
  const contractDate = app.application_date as LocalDate
  const day = monthlyDay ?? (await monthlyDayOf(trx, app.commune_unit_id))
  const first = yearOf(contractDate)
  const holidays = holidayDates(Array.from({ length: Math.ceil(app.term_months / 12) + 2 }, (_, k) => statutoryHolidays(Math.max(first + k, 2021))).flat())
  const instalments = buildSchedule({
    amountDong: app.amount_dong, firstDisbursementDate: contractDate, termMonths: app.term_months, graceMonths: app.grace_months,
    intervalMonths: app.interval_months, monthlyDay: day, holidays,
  })
  const { id } = await trx.insertInto('loans').values({
    application_id: app.id, province_code: app.province_code, household_id: app.household_id, commune_unit_id: app.commune_unit_id,
    program_code: app.program_code, terms_id: app.terms_id, capital_source_code: app.capital_source_code, contract_date: contractDate,
    monthly_day: day, status: 'approved', approved_dong: app.amount_dong, accrued_until: null, last_event_date: null, freeze_info: null, recalled_on: null,
  }).returning('id').executeTakeFirstOrThrow()
  await saveInstalments(trx, id, instalments)
  await trx.updateTable('loan_applications').set({ status: 'approved', decided_by: ctx.actor.userId || null, decided_at: ctx.now }).where('id', '=', app.id).execute()
  await recordAudit(trx, ctx, { action: 'loan.create', entityType: 'loan', entityId: id, after: { applicationId, amountDong: app.amount_dong, instalments: instalments.length, monthlyDay: day } })
  return id
}
