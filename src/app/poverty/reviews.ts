import { sql } from 'kysely'
import {
  assess, checkAdHocOpening, checkAnnualOpening, checkInAnnualWindow, isOverdue, resolveStandard, standardDateFor, transition,
  type AreaType, type Assessment, type HouseholdClass, type IndicatorOutcome, type MemberFacts, type PovertyStandard,
  type ReviewEvent, type ReviewKind, type ReviewState, type ReviewStatus,
} from '../../domain/poverty/index.js'
import { dongFromJson, localDateOf, orThrow, parseIsoDate, RuleViolation, yearOf, type Dong, type LocalDate } from '../../domain/shared/index.js'
import {
  assessmentRows, classesOn, findHouseholdInScope, findReviewInScope, listActiveHouseholdsOfCommune, listReviewsInScope, membersOn,
  type HouseholdRef, type ReviewFilter, type ReviewRow,
} from '../../db/repositories/poverty.js'
import { findUnitInScope } from '../../db/repositories/units.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { loadStandards } from './standards.js'

// The poverty review (rà soát hộ nghèo, hộ cận nghèo): annual campaigns per commune and ad-hoc
// reviews on a household's request. Every step goes through the one transition function.

export interface ReviewView {
  readonly id: number
  readonly kind: ReviewKind
  readonly communeUnitId: number
  readonly communeName: string
  readonly year: number
  readonly status: ReviewStatus
  readonly householdId: bigint | null
  readonly requestedOn: string | null
  readonly dueOn: string | null
  readonly overdue: boolean
  readonly openedOn: string
  readonly meetingDate: string | null
  readonly attendees: number | null
  readonly agreeing: number | null
  readonly postingFrom: string | null
  readonly postingTo: string | null
  readonly decisionNumber: string | null
  readonly decisionDate: string | null
  readonly assessedCount: number
}

function toReviewView(row: ReviewRow, today: LocalDate): ReviewView {
  return {
    id: row.id, kind: row.kind, communeUnitId: row.commune_unit_id, communeName: row.commune_name, year: row.year, status: row.status,
    householdId: row.household_id, requestedOn: row.requested_on, dueOn: row.due_on,
    overdue: isOverdue({ status: row.status, dueOn: row.due_on as LocalDate | null }, today),
    openedOn: row.opened_on, meetingDate: row.meeting_date, attendees: row.attendees, agreeing: row.agreeing,
    postingFrom: row.posting_from, postingTo: row.posting_to, decisionNumber: row.decision_number, decisionDate: row.decision_date,
    assessedCount: row.assessed_count,
  }
}

const stateOf = (row: ReviewRow): ReviewState => ({
  kind: row.kind, status: row.status, openedOn: row.opened_on as LocalDate, meetingDate: row.meeting_date as LocalDate | null,
  postingTo: row.posting_to as LocalDate | null, assessedCount: row.assessed_count,
})

const today = (ctx: RequestContext) => localDateOf(ctx.now)
const dateOr = (s: string | undefined, fallback: LocalDate): LocalDate => (s === undefined ? fallback : orThrow(parseIsoDate(s)))

function notInFuture(date: LocalDate, ctx: RequestContext): void {
  if (date > today(ctx)) throw new RuleViolation('poverty_date_in_future', { date, today: today(ctx) })
}

/** Locks the review's row for the rest of the transaction and reads it, or answers not_found. */
async function lockReview(trx: Executor, ctx: RequestContext, id: number): Promise<ReviewRow> {
  const row = await findReviewInScope(trx, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'poverty_review', id })
  await trx.selectFrom('poverty_reviews').select('id').where('id', '=', id).forUpdate().execute()
  const locked = await findReviewInScope(trx, id, ctx.actor.scopePath)
  if (!locked) throw new RuleViolation('not_found', { entity: 'poverty_review', id })
  return locked
}

async function reread(trx: Executor, ctx: RequestContext, id: number): Promise<ReviewView> {
  const row = await findReviewInScope(trx, id, ctx.actor.scopePath)
  if (!row) throw new Error(`poverty review ${id} vanished inside its own transaction`)
  return toReviewView(row, today(ctx))
}

// ---- reading ----

export async function listReviews(db: Executor, ctx: RequestContext, filter: Omit<ReviewFilter, 'overdueOn'>): Promise<{ items: ReviewView[]; total: number }> {
  requirePermission(ctx, 'poverty.read')
  const { rows, total } = await listReviewsInScope(db, ctx.actor.scopePath, filter)
  return { items: rows.map((r) => toReviewView(r, today(ctx))), total }
}

/** Ad-hoc requests still open after their 15 days, oldest due first. */
export async function listOverdueRequests(db: Executor, ctx: RequestContext, asOf?: string): Promise<{ items: ReviewView[]; total: number; asOf: string }> {
  requirePermission(ctx, 'poverty.read')
  const on = dateOr(asOf, today(ctx))
  const { rows, total } = await listReviewsInScope(db, ctx.actor.scopePath, { overdueOn: on, limit: 500, offset: 0 })
  const items = rows.map((r) => ({ ...toReviewView(r, on), overdue: true })).sort((a, b) => ((a.dueOn ?? '') < (b.dueOn ?? '') ? -1 : 1))
  return { items, total, asOf: on }
}

export interface AssessmentView {
  readonly id: bigint
  readonly householdId: bigint
  readonly standardId: number
  readonly standardCode: string
  readonly areaType: AreaType
  readonly incomePerPersonMonthDong: bigint
  readonly deprivationCount: number
  readonly resultClass: HouseholdClass
  readonly surveyedOn: string
  readonly indicators: unknown
  readonly inputs: unknown
}

type AssessmentRow = Awaited<ReturnType<typeof assessmentRows>>[number]
const toAssessmentView = (a: AssessmentRow): AssessmentView => ({
  id: a.id, householdId: a.household_id, standardId: a.standard_id, standardCode: a.standard_code, areaType: a.area_type,
  incomePerPersonMonthDong: a.income_per_person_month_dong, deprivationCount: a.deprivation_count, resultClass: a.result_class,
  surveyedOn: a.surveyed_on, indicators: a.deprivations, inputs: a.inputs,
})

export interface ReviewHouseholdView {
  readonly householdId: bigint
  readonly code: string
  readonly headName: string | null
  readonly address: string | null
  readonly villageName: string | null
  readonly residenceType: AreaType
  readonly status: string
  /** The class in force today, before this review decides. */
  readonly currentClass: HouseholdClass | null
  readonly assessment: AssessmentView | null
}

/** A review with the households it goes through and each one's assessment so far. */
export async function getReview(db: Executor, ctx: RequestContext, id: number): Promise<{ review: ReviewView; households: ReviewHouseholdView[] }> {
  requirePermission(ctx, 'poverty.read')
  const row = await findReviewInScope(db, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'poverty_review', id })
  const assessments = await assessmentRows(db, id)
  const byHousehold = new Map(assessments.map((a) => [String(a.household_id), a]))
  let households: HouseholdRef[]
  if (row.kind === 'annual') {
    households = await listActiveHouseholdsOfCommune(db, row.commune_unit_id)
    // A household assessed and then split or merged still shows with its assessment.
    const listed = new Set(households.map((h) => String(h.id)))
    for (const a of assessments)
      if (!listed.has(String(a.household_id))) {
        const h = await findHouseholdInScope(db, a.household_id, ctx.actor.scopePath)
        if (h) households.push(h)
      }
  } else {
    const h = row.household_id === null ? undefined : await findHouseholdInScope(db, row.household_id, ctx.actor.scopePath)
    households = h ? [h] : []
  }
  const classes = await classesOn(db, households.map((h) => h.id), today(ctx))
  return {
    review: toReviewView(row, today(ctx)),
    households: households.map((h) => {
      const a = byHousehold.get(String(h.id))
      return {
        householdId: h.id, code: h.code, headName: h.head_name, address: h.address, villageName: h.village_name, residenceType: h.residence_type,
        status: h.status, currentClass: classes.get(String(h.id)) ?? null, assessment: a ? toAssessmentView(a) : null,
      }
    }),
  }
}

// ---- opening ----

export interface OpenAnnualInput {
  readonly communeUnitId: number
  readonly year: number
  /** Defaults to today; a campaign recorded after the fact gives the date it opened (inside 1 Sep – 14 Dec). */
  readonly openedOn?: string | undefined
}

/** Opens the annual review of a commune: one per commune and year, inside its window. */
export async function openAnnualReview(db: Executor, ctx: RequestContext, input: OpenAnnualInput): Promise<{ review: ReviewView; households: ReviewHouseholdView[] }> {
  requirePermission(ctx, 'poverty.review', 'write')
  const openedOn = dateOr(input.openedOn, today(ctx))
  orThrow(checkAnnualOpening(input.year, openedOn, today(ctx)))
  const id = await inTransaction(db, async (trx) => {
    const unit = await findUnitInScope(trx, input.communeUnitId, ctx.actor.scopePath)
    if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: input.communeUnitId })
    if (unit.kind !== 'commune') throw new RuleViolation('poverty_unit_not_commune', { unitId: unit.id, kind: unit.kind })
    // Serialise openings per commune so the check below cannot race.
    await trx.selectFrom('units').select('id').where('id', '=', unit.id).forUpdate().execute()
    const open = await trx
      .selectFrom('poverty_reviews').select('id')
      .where('kind', '=', 'annual').where('commune_unit_id', '=', unit.id).where('year', '=', input.year).where('status', '<>', 'cancelled')
      .executeTakeFirst()
    if (open) throw new RuleViolation('poverty_review_already_open', { reviewId: open.id, year: input.year })
    const { id } = await trx
      .insertInto('poverty_reviews')
      .values({ kind: 'annual', commune_unit_id: unit.id, year: input.year, opened_on: openedOn, household_id: null, created_by: ctx.actor.userId || null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const review = await reread(trx, ctx, id)
    await recordAudit(trx, ctx, { action: 'poverty.review.open', entityType: 'poverty_review', entityId: id, after: review, scopePath: unit.path })
    return id
  })
  return getReview(db, ctx, id)
}

export interface OpenAdHocInput {
  readonly householdId: bigint
  /** The day the household filed its request (Form 04). */
  readonly requestedOn: string
  /** Defaults to today; must be on or after the 15th of its month. */
  readonly openedOn?: string | undefined
}

/** Opens an ad-hoc review of one household on its request; the decision is due within 15 days. */
export async function openAdHocReview(db: Executor, ctx: RequestContext, input: OpenAdHocInput): Promise<ReviewView> {
  requirePermission(ctx, 'poverty.review', 'write')
  const requestedOn = orThrow(parseIsoDate(input.requestedOn))
  const openedOn = dateOr(input.openedOn, today(ctx))
  const { dueOn } = orThrow(checkAdHocOpening(requestedOn, openedOn, today(ctx)))
  return inTransaction(db, async (trx) => {
    const household = await findHouseholdInScope(trx, input.householdId, ctx.actor.scopePath)
    if (!household) throw new RuleViolation('not_found', { entity: 'household', id: input.householdId })
    if (household.status !== 'active') throw new RuleViolation('poverty_household_not_active', { householdId: household.id, status: household.status })
    await trx.selectFrom('households').select('id').where('id', '=', household.id).forUpdate().execute()
    const open = await trx
      .selectFrom('poverty_reviews').select('id')
      .where('kind', '=', 'ad_hoc').where('household_id', '=', household.id).where('status', 'in', ['surveying', 'meeting', 'posting'])
      .executeTakeFirst()
    if (open) throw new RuleViolation('poverty_review_already_open', { reviewId: open.id, householdId: household.id })
    const { id } = await trx
      .insertInto('poverty_reviews')
      .values({
        kind: 'ad_hoc', commune_unit_id: household.commune_unit_id, year: yearOf(openedOn), household_id: household.id,
        requested_on: requestedOn, due_on: dueOn, opened_on: openedOn, created_by: ctx.actor.userId || null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const review = await reread(trx, ctx, id)
    await recordAudit(trx, ctx, { action: 'poverty.review.open_ad_hoc', entityType: 'poverty_review', entityId: id, after: review, scopePath: household.scope_path })
    return review
  })
}

// ---- surveys ----

export interface SurveyInput {
  readonly householdId: bigint
  /** Defaults to today. */
  readonly surveyedOn?: string | undefined
  /** Thu nhập bình quân đầu người/tháng: whole đồng as an integer string. */
  readonly incomePerPersonMonthDong: string
  /** The dwelling's floor area, when measured. */
  readonly floorAreaM2?: number | null | undefined
  /** Answers on the survey form: indicator code → deprived. */
  readonly indicators?: Readonly<Record<string, boolean>> | undefined
}

interface ComputedSurvey {
  readonly household: HouseholdRef
  readonly surveyedOn: LocalDate
  readonly income: Dong
  readonly areaType: AreaType
  readonly standard: PovertyStandard
  readonly assessment: Assessment
  readonly inputs: Record<string, unknown>
}

function parseIncome(text: string): Dong {
  const income = orThrow(dongFromJson(text))
  if (income < 0n) throw new RuleViolation('invalid_money', { input: text, reason: 'income cannot be negative' })
  return income
}

/** Everything a survey decides, without writing: shared by recording and previewing. */
async function computeSurvey(db: Executor, ctx: RequestContext, review: ReviewRow, input: SurveyInput): Promise<ComputedSurvey> {
  const income = parseIncome(input.incomePerPersonMonthDong)
  const floorAreaM2 = input.floorAreaM2 ?? null
  if (floorAreaM2 !== null && !(Number.isFinite(floorAreaM2) && floorAreaM2 >= 0 && floorAreaM2 <= 100_000))
    throw new RuleViolation('validation_failed', { field: 'floorAreaM2', input: floorAreaM2 })
  const surveyedOn = dateOr(input.surveyedOn, today(ctx))
  notInFuture(surveyedOn, ctx)
  if (surveyedOn < review.opened_on) throw new RuleViolation('poverty_dates_out_of_order', { openedOn: review.opened_on, surveyedOn })
  if (review.kind === 'annual') orThrow(checkInAnnualWindow(review.year, surveyedOn))

  const household = await findHouseholdInScope(db, input.householdId, ctx.actor.scopePath)
  if (!household) throw new RuleViolation('not_found', { entity: 'household', id: input.householdId })
  const belongs = review.kind === 'annual' ? household.commune_unit_id === review.commune_unit_id : household.id === review.household_id
  if (!belongs) throw new RuleViolation('poverty_household_not_in_review', { householdId: household.id, reviewId: review.id })
  if (household.status !== 'active') throw new RuleViolation('poverty_household_not_active', { householdId: household.id, status: household.status })

  const standards = await loadStandards(db)
  const standardDate = standardDateFor(review.kind, review.year, surveyedOn)
  const standard = orThrow(resolveStandard(standards, { on: standardDate, scope: 'national', provinceCode: null }))
  // The place decides rural or urban (a commune is rural, a ward urban); the household's own
  // record is the fallback when the commune unit is not linked to the administrative register.
  const areaType: AreaType = household.commune_area_type ?? household.residence_type
  const members: MemberFacts[] = (await membersOn(db, household.id, surveyedOn)).map((m) => ({
    personId: String(m.person_id), birthDate: m.birth_date as LocalDate | null, healthInsured: m.health_insured, inSchool: m.in_school,
  }))
  const answers = input.indicators ?? {}
  const facts = { members, floorAreaM2, answers }
  const assessment = orThrow(assess(standard, areaType, income, facts, surveyedOn))

  // Where the province has its own standard in force, the household's class under it is kept too,
  // for locally funded programs; the decision itself uses the national standard.
  const local = resolveStandard(standards, { on: standardDate, scope: 'local', provinceCode: household.province_code })
  const localResult = local.ok ? assess(local.value, areaType, income, facts, surveyedOn) : undefined
  const c = assessment.classification
  const inputs = {
    surveyedOn,
    incomePerPersonMonthDong: income.toString(),
    areaType,
    areaTypeSource: household.commune_area_type === null ? 'household' : 'commune',
    floorAreaM2,
    members,
    answers,
    standard: {
      id: standard.id, code: standard.code, standardDate, incomeLineDong: c.incomeLineDong.toString(),
      averageLivingLineDong: c.averageLivingLineDong?.toString() ?? null, poorMinDeprivations: c.poorMinDeprivations,
    },
    reasons: c.reasons,
    local: !local.ok
      ? null
      : localResult?.ok
        ? { standardId: local.value.id, standardCode: local.value.code, class: localResult.value.classification.class, deprivations: localResult.value.classification.deprivations, reasons: localResult.value.classification.reasons }
        : { standardId: local.value.id, standardCode: local.value.code, class: null, error: localResult?.ok === false ? localResult.code : null },
  }
  return { household, surveyedOn, income, areaType, standard, assessment, inputs }
}

export interface SurveyOutcome {
  readonly householdId: bigint
  readonly standardId: number
  readonly standardCode: string
  readonly areaType: AreaType
  readonly incomePerPersonMonthDong: Dong
  readonly class: HouseholdClass
  readonly deprivations: readonly string[]
  readonly indicators: readonly IndicatorOutcome[]
  readonly reasons: readonly { vi: string; en: string }[]
  readonly inputs: Record<string, unknown>
}

const outcomeOf = (s: ComputedSurvey): SurveyOutcome => ({
  householdId: s.household.id, standardId: s.standard.id, standardCode: s.standard.code, areaType: s.areaType, incomePerPersonMonthDong: s.income,
  class: s.assessment.classification.class, deprivations: s.assessment.classification.deprivations, indicators: s.assessment.indicators,
  reasons: s.assessment.classification.reasons, inputs: s.inputs,
})

/** What a survey would conclude, without recording it: the form shows it as the officer types. */
export async function previewSurvey(db: Executor, ctx: RequestContext, reviewId: number, input: SurveyInput): Promise<SurveyOutcome> {
  requirePermission(ctx, 'poverty.review')
  const review = await findReviewInScope(db, reviewId, ctx.actor.scopePath)
  if (!review) throw new RuleViolation('not_found', { entity: 'poverty_review', id: reviewId })
  orThrow(transition(stateOf(review), { type: 'record_survey' }))
  return outcomeOf(await computeSurvey(db, ctx, review, input))
}

/**
 * Records (or, while the review is surveying, re-records) one household's survey: the assessment
 * keeps every input, each indicator's source and reason, the standard and the class.
 */
export async function recordSurvey(db: Executor, ctx: RequestContext, reviewId: number, input: SurveyInput): Promise<SurveyOutcome> {
  requirePermission(ctx, 'poverty.review', 'write')
  return inTransaction(db, async (trx) => {
    const review = await lockReview(trx, ctx, reviewId)
    orThrow(transition(stateOf(review), { type: 'record_survey' }))
    const s = await computeSurvey(trx, ctx, review, input)
    const c = s.assessment.classification
    const values = {
      standard_id: s.standard.id, province_code: s.household.province_code, area_type: s.areaType, income_per_person_month_dong: s.income,
      inputs: JSON.stringify(s.inputs), deprivations: JSON.stringify(s.assessment.indicators), deprivation_count: c.deprivations.length,
      result_class: c.class, surveyed_on: s.surveyedOn, surveyed_by: ctx.actor.userId || null,
    }
    const before = await trx.selectFrom('poverty_assessments').select(['id', 'result_class', 'income_per_person_month_dong', 'deprivation_count', 'surveyed_on'])
      .where('review_id', '=', review.id).where('household_id', '=', s.household.id).executeTakeFirst()
    const id = before
      ? (await trx.updateTable('poverty_assessments').set(values).where('id', '=', before.id).returning('id').executeTakeFirstOrThrow()).id
      : (await trx.insertInto('poverty_assessments').values({ ...values, review_id: review.id, household_id: s.household.id }).returning('id').executeTakeFirstOrThrow()).id
    await recordAudit(trx, ctx, {
      action: before ? 'poverty.assessment.rerecord' : 'poverty.assessment.record', entityType: 'poverty_assessment', entityId: id,
      before: before ?? undefined,
      after: { reviewId: review.id, householdId: s.household.id, standard: s.standard.code, incomePerPersonMonthDong: s.income, class: c.class, deprivations: c.deprivations, surveyedOn: s.surveyedOn },
      scopePath: s.household.scope_path,
    })
    return outcomeOf(s)
  })
}

// ---- the steps after the surveys ----

async function step(db: Executor, ctx: RequestContext, reviewId: number, event: ReviewEvent, action: string, persist: (trx: Executor, row: ReviewRow) => Promise<Record<string, unknown> | void>): Promise<ReviewView> {
  requirePermission(ctx, 'poverty.review', 'write')
  return inTransaction(db, async (trx) => {
    const row = await lockReview(trx, ctx, reviewId)
    const before = toReviewView(row, today(ctx))
    const next = orThrow(transition(stateOf(row), event))
    const extra = await persist(trx, row)
    await trx.updateTable('poverty_reviews').set({ status: next.status }).where('id', '=', reviewId).execute()
    const after = await reread(trx, ctx, reviewId)
    await recordAudit(trx, ctx, { action, entityType: 'poverty_review', entityId: reviewId, before, after: extra ? { ...after, ...extra } : after, scopePath: row.commune_path })
    return after
  })
}

export interface MeetingInput {
  readonly meetingDate: string
  readonly attendees: number
  readonly agreeing: number
}

/** The village meeting's result: the list proceeds only when at least half of those attending agree. */
export async function recordMeeting(db: Executor, ctx: RequestContext, reviewId: number, input: MeetingInput): Promise<ReviewView> {
  const meetingDate = orThrow(parseIsoDate(input.meetingDate))
  notInFuture(meetingDate, ctx)
  return step(db, ctx, reviewId, { type: 'record_meeting', meetingDate, attendees: input.attendees, agreeing: input.agreeing }, 'poverty.review.meeting', async (trx) => {
    await trx.updateTable('poverty_reviews').set({ meeting_date: meetingDate, attendees: input.attendees, agreeing: input.agreeing }).where('id', '=', reviewId).execute()
  })
}

export interface PostingInput {
  readonly postingFrom: string
  readonly postingTo: string
}

/** The public posting period (niêm yết công khai) of the proposed list. */
export async function recordPosting(db: Executor, ctx: RequestContext, reviewId: number, input: PostingInput): Promise<ReviewView> {
  const postingFrom = orThrow(parseIsoDate(input.postingFrom))
  const postingTo = orThrow(parseIsoDate(input.postingTo))
  notInFuture(postingFrom, ctx)
  return step(db, ctx, reviewId, { type: 'record_posting', postingFrom, postingTo }, 'poverty.review.posting', async (trx) => {
    await trx.updateTable('poverty_reviews').set({ posting_from: postingFrom, posting_to: postingTo }).where('id', '=', reviewId).execute()
  })
}

export interface DecisionInput {
  readonly decisionNumber: string
  readonly decisionDate: string
}

/**
 * The commune chairman's decision: every assessed (still active) household gets its class,
 * effective from the decision date, with the standard and the decision number — one statement.
 */
export async function decideReview(db: Executor, ctx: RequestContext, reviewId: number, input: DecisionInput): Promise<ReviewView> {
  const decisionDate = orThrow(parseIsoDate(input.decisionDate))
  const decisionNumber = input.decisionNumber.trim()
  notInFuture(decisionDate, ctx)
  return step(db, ctx, reviewId, { type: 'decide', decisionNumber, decisionDate }, 'poverty.review.decide', async (trx) => {
    const assessed = trx.selectFrom('poverty_assessments as a').innerJoin('households as h', 'h.id', 'a.household_id').where('a.review_id', '=', reviewId).where('h.status', '=', 'active')
    const clash = await trx.selectFrom('household_classes').select('household_id')
      .where('effective_from', '=', decisionDate)
      .where('household_id', 'in', assessed.select('a.household_id'))
      .execute()
    if (clash.length > 0) throw new RuleViolation('poverty_class_already_set_on_date', { decisionDate, householdIds: clash.map((c) => c.household_id) })
    await trx.updateTable('poverty_reviews').set({ decision_number: decisionNumber, decision_date: decisionDate }).where('id', '=', reviewId).execute()
    const inserted = await trx
      .insertInto('household_classes')
      .columns(['household_id', 'province_code', 'class', 'standard_id', 'effective_from', 'decision_number', 'decision_date', 'review_id'])
      .expression(
        assessed.select([
          'a.household_id', 'a.province_code', 'a.result_class', 'a.standard_id',
          sql<string>`${decisionDate}::date`.as('effective_from'), sql<string>`${decisionNumber}::text`.as('decision_number'), sql<string>`${decisionDate}::date`.as('decision_date'), 'a.review_id',
        ]),
      )
      .returning(['household_id', 'class'])
      .execute()
    const counts: Record<string, number> = {}
    for (const r of inserted) counts[r.class] = (counts[r.class] ?? 0) + 1
    return { classesSet: inserted.length, byClass: counts }
  })
}

/** Cancels a review that has not been decided; its assessments stay as a record. */
export async function cancelReview(db: Executor, ctx: RequestContext, reviewId: number): Promise<ReviewView> {
  return step(db, ctx, reviewId, { type: 'cancel' }, 'poverty.review.cancel', async () => {})
}
