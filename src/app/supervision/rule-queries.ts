import { sql, type RawBuilder } from 'kysely'
import { addDays, addMonths, type LocalDate } from '../../domain/shared/index.js'
import type { RuleName, RuleParams } from '../../domain/supervision/index.js'

/**
 * What every rule's query returns: one row per candidate flag, over the whole portfolio (the run
 * filters by the actor's scope). `evidence` is the rows that triggered the rule, as JSON, money as
 * decimal strings; `amount_dong` is the figure a reviewer sorts by (outstanding, shortfall …).
 */
export interface CandidateColumns {
  province_code: string | null
  unit_id: number | null
  scope_path: string
  subject_id: string
  amount_dong: bigint | null
  evidence: unknown
}

const OUTSTANDING = sql`(l.principal_in_term_dong + l.principal_overdue_dong + l.principal_frozen_dong)`
const period = (d: LocalDate) => d.slice(0, 7)

/**
 * The set-based SQL of each rule (one statement over every row in the portfolio, never a loop of
 * per-row queries). Dates the parameters imply are computed here, in the domain's calendar, so the
 * SQL compares plain dates.
 */
export const RULE_QUERIES: Readonly<Record<RuleName, (p: RuleParams, asOf: LocalDate) => RawBuilder<CandidateColumns>>> = {
  // The decider of an approved application also took, reviewed, confirmed or appraised it; or a
  // current member of the borrowing household bears the decider's full name (users carry no
  // citizen id, so the name is the only link; a reviewer checks it).
  approver_is_maker: (_p, asOf) => sql<CandidateColumns>`
    select a.province_code, a.commune_unit_id as unit_id, cu.path as scope_path, a.id::text as subject_id, a.amount_dong,
           jsonb_build_object(
             'applicationId', a.id::text, 'householdId', a.household_id::text, 'householdCode', h.code, 'programCode', a.program_code,
             'amountDong', a.amount_dong::text, 'applicationDate', a.application_date, 'deciderId', du.id, 'deciderName', du.full_name,
             'deciderUsername', du.username, 'decidedAt', a.decided_at, 'approvalId', ap.id, 'appraisedBy', ap.maker_id,
             'makerSteps', to_jsonb(array_remove(array[
               case when du.id = a.submitted_by then 'submitted' end,
               case when du.id = a.group_reviewed_by then 'group_reviewed' end,
               case when du.id = a.commune_confirmed_by then 'commune_confirmed' end,
               case when du.id = ap.maker_id then 'appraised' end]::text[], null)),
             'householdMembersNamedLikeDecider', coalesce(rel.members, '[]'::jsonb)) as evidence
    from loan_applications a
    join units cu on cu.id = a.commune_unit_id
    join households h on h.id = a.household_id
    left join approvals ap on ap.id = a.approval_id
    join users du on du.id = coalesce(a.decided_by, ap.checker_id)
    left join lateral (
      select jsonb_agg(jsonb_build_object('personId', p.id::text, 'fullName', p.full_name, 'relation', m.relation) order by p.id) as members
      from household_members m join persons p on p.id = m.person_id
      where m.household_id = a.household_id and m.left_on is null and lower(btrim(p.full_name)) = lower(btrim(du.full_name))
    ) rel on true
    where a.status = 'approved' and a.decided_at < (${asOf}::date + 1)
      and (du.id = a.submitted_by or du.id = a.group_reviewed_by or du.id = a.commune_confirmed_by or du.id = ap.maker_id or rel.members is not null)`,

  // Outstanding, active (a frozen loan rests by decision: frozen_past_expiry watches it) and no
  // loan event since the cut-off; a loan never transacted counts from its contract date.
  dormant_loan: (p, asOf) => {
    const before = addMonths(asOf, -Number(p.months))
    return sql<CandidateColumns>`
      select l.province_code, l.commune_unit_id as unit_id, cu.path as scope_path, l.id::text as subject_id, ${OUTSTANDING} as amount_dong,
             jsonb_build_object(
               'loanId', l.id::text, 'householdId', l.household_id::text, 'householdCode', h.code, 'programCode', l.program_code,
               'contractDate', l.contract_date, 'lastEventDate', l.last_event_date, 'outstandingDong', ${OUTSTANDING}::text,
               'overdueDong', l.principal_overdue_dong::text, 'noEventSince', ${before}::date, 'months', ${p.months!.toString()}::int) as evidence
      from loans l
      join units cu on cu.id = l.commune_unit_id
      join households h on h.id = l.household_id
      where l.status = 'active' and ${OUTSTANDING} > 0 and coalesce(l.last_event_date, l.contract_date) <= ${before}::date`
  },

  // Still frozen after the freeze decision's end date (freeze_info.to) plus the grace days.
  frozen_past_expiry: (p, asOf) => {
    const endedBefore = addDays(asOf, -Number(p.graceDays))
    return sql<CandidateColumns>`
      select l.province_code, l.commune_unit_id as unit_id, cu.path as scope_path, l.id::text as subject_id, l.principal_frozen_dong as amount_dong,
             jsonb_build_object(
               'loanId', l.id::text, 'householdId', l.household_id::text, 'householdCode', h.code, 'programCode', l.program_code,
               'freeze', l.freeze_info, 'frozenTo', l.freeze_info->>'to', 'frozenDong', l.principal_frozen_dong::text,
               'daysPastExpiry', ${asOf}::date - (l.freeze_info->>'to')::date) as evidence
      from loans l
      join units cu on cu.id = l.commune_unit_id
      join households h on h.id = l.household_id
      where l.status = 'frozen' and l.freeze_info->>'to' is not null and (l.freeze_info->>'to')::date < ${endedBefore}::date`
  },

  // Per household: combined outstanding over the parameter, or two outstanding loans where the
  // terms of one forbid the other's program (eligibility.excludesOutstandingPrograms, e.g.
  // DIFFICULT_AREAS with JOB_CREATION or POOR).
  cross_program_exposure: (p) => sql<CandidateColumns>`
    with o as (
      select l.id, l.household_id, l.program_code, l.terms_id, ${OUTSTANDING} as outstanding
      from loans l
      where l.status in ('active', 'frozen') and ${OUTSTANDING} > 0
    ),
    totals as (
      select household_id, sum(outstanding)::bigint as total,
             jsonb_agg(jsonb_build_object('loanId', id::text, 'programCode', program_code, 'outstandingDong', outstanding::text) order by id) as loans
      from o group by household_id
    ),
    forbidden as (
      select a.household_id,
             jsonb_agg(jsonb_build_object('loanId', a.id::text, 'programCode', a.program_code, 'forbidsLoanId', b.id::text, 'forbidsProgram', b.program_code) order by a.id, b.id) as pairs
      from o a
      join program_terms t on t.id = a.terms_id
      join o b on b.household_id = a.household_id and b.id <> a.id
      where coalesce(t.terms->'eligibility'->'excludesOutstandingPrograms', '[]'::jsonb) @> jsonb_build_array(b.program_code)
      group by a.household_id
    )
    select h.province_code, h.commune_unit_id as unit_id, cu.path as scope_path, h.id::text as subject_id, t.total as amount_dong,
           jsonb_build_object(
             'householdId', h.id::text, 'householdCode', h.code, 'combinedOutstandingDong', t.total::text,
             'maxCombinedDong', ${p.maxCombinedDong!.toString()}::text, 'overLimit', t.total > ${p.maxCombinedDong!.toString()}::bigint,
             'loans', t.loans, 'forbiddenPairs', coalesce(f.pairs, '[]'::jsonb)) as evidence
    from totals t
    join households h on h.id = t.household_id
    join units cu on cu.id = h.commune_unit_id
    left join forbidden f on f.household_id = t.household_id
    where t.total > ${p.maxCombinedDong!.toString()}::bigint or f.pairs is not null`,

  // Leader shortfall flags (raised by the transaction day) of one group, not dismissed, in at
  // least K distinct months of the 12 ending with the as-of month. The month is the transaction
  // day's period, or the month the flag was raised when it came from no day batch.
  repeated_leader_shortfalls: (p, asOf) => sql<CandidateColumns>`
    with s as (
      select f.id, f.subject_id, f.amount_dong, f.status, coalesce(td.period, to_char(f.raised_at, 'YYYY-MM')) as period
      from red_flags f
      left join day_batches b on f.source_type = 'day_batch' and b.id::text = f.source_id
      left join transaction_days td on td.id = b.transaction_day_id
      where f.rule = 'leader_remittance_shortfall' and f.subject_type = 'savings_group' and f.status <> 'dismissed'
    )
    select g.province_code, g.commune_unit_id as unit_id, cu.path as scope_path, g.id::text as subject_id, sum(coalesce(s.amount_dong, 0))::bigint as amount_dong,
           jsonb_build_object(
             'groupId', g.id::text, 'groupCode', g.code, 'groupName', g.name, 'months', count(distinct s.period),
             'threshold', ${p.months!.toString()}::int, 'from', ${period(addMonths(asOf, -11))}::text, 'to', ${period(asOf)}::text,
             'flags', jsonb_agg(jsonb_build_object('flagId', s.id::text, 'period', s.period, 'amountDong', s.amount_dong::text, 'status', s.status) order by s.period, s.id)) as evidence
    from s
    join savings_groups g on g.id::text = s.subject_id
    join units cu on cu.id = g.commune_unit_id
    where s.period between ${period(addMonths(asOf, -11))}::text and ${period(asOf)}::text
    group by g.id, g.province_code, g.commune_unit_id, cu.path, g.code, g.name
    having count(distinct s.period) >= ${p.months!.toString()}::int`,
}
