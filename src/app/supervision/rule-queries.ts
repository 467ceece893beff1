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
/** The Vietnamese calendar date of a timestamptz column, whatever the session's time zone (UTC+7, no daylight saving). */
const vnDate = (column: RawBuilder<unknown>) => sql`((${column} at time zone 'UTC') + interval '7 hours')::date`

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
    with rel as (
      -- Current members of any household who bear a user's full name: found from the few users
      -- (persons_folded_name_idx), never by probing every application's household.
      select m.household_id, u.id as user_id,
             jsonb_agg(jsonb_build_object('personId', p.id::text, 'fullName', p.full_name, 'relation', m.relation) order by p.id) as members
      from users u
      join persons p on lower(btrim(p.full_name)) = lower(btrim(u.full_name))
      join household_members m on m.person_id = p.id and m.left_on is null
      group by m.household_id, u.id
    ),
    hit as materialized (
      select a.id, a.province_code, a.commune_unit_id, a.household_id, a.program_code, a.amount_dong, a.application_date, a.decided_at,
             a.submitted_by, a.group_reviewed_by, a.commune_confirmed_by, du.id as decider_id, du.full_name as decider_name, du.username as decider_username,
             ap.id as approval_id, ap.maker_id, rel.members
      from loan_applications a
      left join approvals ap on ap.id = a.approval_id
      join users du on du.id = coalesce(a.decided_by, ap.checker_id)
      left join rel on rel.household_id = a.household_id and rel.user_id = du.id
      where a.status = 'approved' and a.decided_at < (${asOf}::date + 1)
        and (du.id = a.submitted_by or du.id = a.group_reviewed_by or du.id = a.commune_confirmed_by or du.id = ap.maker_id or rel.members is not null)
    )
    select a.province_code, a.commune_unit_id as unit_id, cu.path as scope_path, a.id::text as subject_id, a.amount_dong,
           jsonb_build_object(
             'applicationId', a.id::text, 'householdId', a.household_id::text, 'householdCode', h.code, 'programCode', a.program_code,
             'amountDong', a.amount_dong::text, 'applicationDate', a.application_date, 'deciderId', a.decider_id, 'deciderName', a.decider_name,
             'deciderUsername', a.decider_username, 'decidedAt', a.decided_at, 'approvalId', a.approval_id, 'appraisedBy', a.maker_id,
             'makerSteps', to_jsonb(array_remove(array[
               case when a.decider_id = a.submitted_by then 'submitted' end,
               case when a.decider_id = a.group_reviewed_by then 'group_reviewed' end,
               case when a.decider_id = a.commune_confirmed_by then 'commune_confirmed' end,
               case when a.decider_id = a.maker_id then 'appraised' end]::text[], null)),
             'householdMembersNamedLikeDecider', coalesce(a.members, '[]'::jsonb)) as evidence
    from hit a
    join units cu on cu.id = a.commune_unit_id
    join households h on h.id = a.household_id`,

  // Outstanding, active (a frozen loan rests by decision: frozen_past_expiry watches it) and no
  // loan event since the cut-off; a loan never transacted counts from its contract date.
  dormant_loan: (p, asOf) => {
    const before = addMonths(asOf, -Number(p.months))
    // The last transaction is the last disbursement or repayment recorded as a loan event (the
    // quality report's definition, docs/decisions.md). Not `loans.last_event_date`: the month-end
    // close moves it for every open loan, so after a close no loan would ever look dormant.
    return sql<CandidateColumns>`
      with recent as (
        select distinct e.loan_id from loan_events e
        where e.type in ('disburse', 'repay') and e.event_date > ${before}::date and e.event_date <= ${asOf}::date
      ),
      hit as (
        select l.* from loans l
        where l.status = 'active' and ${OUTSTANDING} > 0 and l.contract_date <= ${before}::date
          and not exists (select 1 from recent r where r.loan_id = l.id)
      ),
      last_txn as (
        select e.loan_id, max(e.event_date) as on_date from loan_events e join hit l on l.id = e.loan_id
        where e.type in ('disburse', 'repay') and e.event_date <= ${asOf}::date group by e.loan_id
      )
      select l.province_code, l.commune_unit_id as unit_id, cu.path as scope_path, l.id::text as subject_id, ${OUTSTANDING} as amount_dong,
             jsonb_build_object(
               'loanId', l.id::text, 'householdId', l.household_id::text, 'householdCode', h.code, 'programCode', l.program_code,
               'contractDate', l.contract_date, 'lastEventDate', coalesce(t.on_date, l.contract_date), 'outstandingDong', ${OUTSTANDING}::text,
               'overdueDong', l.principal_overdue_dong::text, 'noEventSince', ${before}::date, 'months', ${p.months!.toString()}::int) as evidence
      from hit l
      join units cu on cu.id = l.commune_unit_id
      join households h on h.id = l.household_id
      left join last_txn t on t.loan_id = l.id`
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
    -- The programs each terms version forbids alongside it: the few terms that forbid any, their
    -- list unnested once (a string element equal to the program code is what @> matched).
    excl as (
      select distinct t.id as terms_id, e.value #>> '{}' as program_code
      from program_terms t
      cross join lateral jsonb_array_elements(case when jsonb_typeof(t.terms->'eligibility'->'excludesOutstandingPrograms') = 'array'
                                                  then t.terms->'eligibility'->'excludesOutstandingPrograms' else '[]'::jsonb end) e
      where jsonb_typeof(e.value) = 'string'
    ),
    forbidden as (
      select a.household_id,
             jsonb_agg(jsonb_build_object('loanId', a.id::text, 'programCode', a.program_code, 'forbidsLoanId', b.id::text, 'forbidsProgram', b.program_code) order by a.id, b.id) as pairs
      from o a
      join excl x on x.terms_id = a.terms_id
      join o b on b.household_id = a.household_id and b.program_code = x.program_code and b.id <> a.id
      group by a.household_id
    ),
    hit as materialized (
      select t.household_id, t.total, f.pairs
      from (select household_id, sum(outstanding)::bigint as total from o group by household_id) t
      left join forbidden f on f.household_id = t.household_id
      where t.total > ${p.maxCombinedDong!.toString()}::bigint or f.pairs is not null
    ),
    hl as (
      select x.household_id,
             jsonb_agg(jsonb_build_object('loanId', x.id::text, 'programCode', x.program_code, 'outstandingDong', x.outstanding::text) order by x.id) as loans
      from o x
      where x.household_id in (select household_id from hit)
      group by x.household_id
    )
    select h.province_code, h.commune_unit_id as unit_id, cu.path as scope_path, h.id::text as subject_id, t.total as amount_dong,
           jsonb_build_object(
             'householdId', h.id::text, 'householdCode', h.code, 'combinedOutstandingDong', t.total::text,
             'maxCombinedDong', ${p.maxCombinedDong!.toString()}::text, 'overLimit', t.total > ${p.maxCombinedDong!.toString()}::bigint,
             'loans', hl.loans,
             'forbiddenPairs', coalesce(t.pairs, '[]'::jsonb)) as evidence
    from hit t
    join households h on h.id = t.household_id
    join units cu on cu.id = h.commune_unit_id
    left join hl on hl.household_id = t.household_id`,

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

  // Rule 1. The registry refuses one CCCD on two person records and one record in two current
  // households, so the abuse left is the same person registered twice (a second record without
  // the CCCD) or one record moving between borrowing households. People are keyed by their folded
  // name and birth date when the birth date is known (two records of one key must not carry two
  // different CCCDs: those are namesakes), else by their CCCD, else by their record. A key that is
  // a current member of N or more active households, or a member (now or before) of N or more
  // households that owe loans, is flagged once, on its lowest person id.
  duplicate_citizen_id: (p) => sql<CandidateColumns>`
    with suspects as materialized (
      -- A key reaches two households (minHouseholds is at least 2) only through two person records
      -- of one key, or one record with two memberships — one of them past, since a person is a
      -- current member of one household at most (household_members_current_idx). Keys without a
      -- birth date are a CCCD (unique, 12 digits) or the record's own id: never shared. So the
      -- people worth joining are found from two indexes, without grouping the whole registry.
      select pe.id as person_id from persons pe
      where pe.birth_date is not null
        and (pe.name_search, pe.birth_date) in (
          select d.name_search, d.birth_date from persons d where d.birth_date is not null
          group by d.name_search, d.birth_date having count(*) >= 2)
      union
      select hm.person_id from household_members hm where hm.left_on is not null
    ),
    borrowing as (
      select l.household_id, sum(${OUTSTANDING})::bigint as outstanding
      from loans l
      where l.status in ('active', 'frozen') and ${OUTSTANDING} > 0
        and l.household_id in (select hm.household_id from household_members hm where hm.person_id in (select person_id from suspects))
      group by l.household_id
    ),
    m as (
      select case when pe.birth_date is not null then pe.name_search || '|' || pe.birth_date::text
                  else coalesce(pe.citizen_id, 'person:' || pe.id::text) end as person_key, pe.id as person_id, pe.full_name, pe.citizen_id,
             hm.household_id, hm.relation, hm.left_on, h.code as household_code, h.commune_unit_id,
             (hm.left_on is null and h.status = 'active') as is_current, b.outstanding
      from suspects s
      join household_members hm on hm.person_id = s.person_id
      join persons pe on pe.id = hm.person_id
      join households h on h.id = hm.household_id
      left join borrowing b on b.household_id = hm.household_id
      where (hm.left_on is null and h.status = 'active') or b.household_id is not null
    ),
    k as (
      select person_key from m
      group by person_key
      having count(distinct citizen_id) <= 1
         and (count(distinct household_id) filter (where is_current) >= ${p.minHouseholds!.toString()}::int
              or count(distinct household_id) filter (where outstanding is not null) >= ${p.minHouseholds!.toString()}::int)
    ),
    g as (
      select person_key, min(person_id) as person_id, min(household_id) as first_household,
             count(distinct household_id) filter (where is_current) as current_households,
             count(distinct household_id) filter (where outstanding is not null) as borrowing_households,
             coalesce(sum(outstanding), 0)::bigint as outstanding,
             jsonb_agg(jsonb_build_object(
               'personId', person_id::text, 'fullName', full_name, 'citizenId', citizen_id, 'householdId', household_id::text,
               'householdCode', household_code, 'relation', relation, 'leftOn', left_on, 'current', is_current,
               'outstandingDong', outstanding::text) order by household_id, person_id) as memberships
      from m
      where person_key in (select person_key from k)
      group by person_key
    )
    select h.province_code, h.commune_unit_id as unit_id, cu.path as scope_path, g.person_id::text as subject_id, g.outstanding as amount_dong,
           jsonb_build_object(
             'personId', g.person_id::text, 'currentHouseholds', g.current_households, 'borrowingHouseholds', g.borrowing_households,
             'minHouseholds', ${p.minHouseholds!.toString()}::int, 'memberships', g.memberships) as evidence
    from g
    join households h on h.id = g.first_household
    join units cu on cu.id = h.commune_unit_id`,

  // Rule 3. The household's class in force on the application date (the latest decision effective
  // on or before it) against the program's terms: not in the required classes, or in an excluded
  // one ('recently_escaped' derived as the application did, src/app/loans/eligibility-facts.ts);
  // or that class's decision was signed after the approval (plus the allowed days): the list was
  // made to fit the loan.
  borrower_not_on_list: (p, asOf) => sql<CandidateColumns>`
    with t as materialized (
      -- Each terms version's eligibility and what it asks, extracted once: reading them from the
      -- (large, toasted) terms document on every application's row cost more than the rest.
      select t.id,
             e.rule ? 'householdClasses' as has_required, e.rule->'householdClasses' as required,
             e.rule ? 'excludedClasses' as has_excluded, e.rule->'excludedClasses' as excluded,
             coalesce(e.rule->'householdClasses' @> '["recently_escaped"]', false) as required_escaped,
             coalesce(e.rule->'excludedClasses' @> '["recently_escaped"]', false) as excluded_escaped
      from program_terms t cross join lateral (select t.terms->'eligibility' as rule) e
    ),
    a as (
      select a.id, a.province_code, a.commune_unit_id, a.household_id, a.program_code, a.amount_dong, a.application_date,
             ${vnDate(sql`a.decided_at`)} as approved_on, t.has_required, t.required, t.has_excluded, t.excluded, t.required_escaped, t.excluded_escaped
      from loan_applications a
      join t on t.id = a.terms_id
      where a.status = 'approved' and a.decided_at is not null and ${vnDate(sql`a.decided_at`)} <= ${asOf}::date
    ),
    -- Each class decision with the day the next one takes over (one decision per household and
    -- day: household_classes' unique key), so the class in force on an application's date is a
    -- plain range join for every application at once, not a sorted probe per application.
    cv as (
      select c.household_id, c.class, c.decision_number, c.decision_date, c.effective_from,
             lead(c.effective_from) over (partition by c.household_id order by c.effective_from) as next_from
      from household_classes c
    ),
    x as (
      select a.*, c.class, c.decision_number, c.decision_date, c.effective_from,
             coalesce((a.has_required or a.has_excluded) and (
               (a.required_escaped or a.excluded_escaped)
               and c.class is not null and c.class not in ('poor', 'near_poor')
               -- Reached only by the rare application whose class is neither poor nor near-poor under a program that names 'recently_escaped'.
               and c.effective_from > (a.application_date - interval '3 years')::date
               and exists (select 1 from household_classes q where q.household_id = a.household_id and q.class in ('poor', 'near_poor') and q.effective_from < c.effective_from)
             ), false) as escaped
      from a
      left join cv c on c.household_id = a.household_id and c.effective_from <= a.application_date and (c.next_from is null or a.application_date < c.next_from)
    ),
    y as (
      select x.*,
             x.has_required and not (x.required @> jsonb_build_array(x.class) or (x.escaped and x.required_escaped)) as not_in_required,
             x.has_excluded and (x.excluded @> jsonb_build_array(x.class) or (x.escaped and x.excluded_escaped)) as in_excluded,
             x.decision_date > x.approved_on + ${p.decisionGraceDays!.toString()}::int as decided_after
      from x
    ),
    hit as materialized (
      select y.*,
             to_jsonb(array_remove(array[
               case when y.not_in_required then 'not_in_required_class' end,
               case when y.in_excluded then 'in_excluded_class' end,
               case when y.decided_after then 'class_decided_after_approval' end
             ]::text[], null)) as problems
      from y
      where y.not_in_required or y.in_excluded or y.decided_after
    )
    select y.province_code, y.commune_unit_id as unit_id, cu.path as scope_path, y.id::text as subject_id, y.amount_dong,
           jsonb_build_object(
             'applicationId', y.id::text, 'householdId', y.household_id::text, 'householdCode', h.code, 'programCode', y.program_code,
             'amountDong', y.amount_dong::text, 'applicationDate', y.application_date, 'approvedOn', y.approved_on,
             'householdClass', y.class, 'recentlyEscaped', coalesce(y.escaped, false), 'classEffectiveFrom', y.effective_from,
             'classDecisionNumber', y.decision_number, 'classDecisionDate', y.decision_date,
             'requiredClasses', y.required, 'excludedClasses', y.excluded, 'problems', y.problems) as evidence
    from hit y
    join households h on h.id = y.household_id
    join units cu on cu.id = y.commune_unit_id`,

  // Rule 5b. Per transaction office (the parent of the application's commune): the officers who
  // decided at least the share of its approvals in the M months ending on the as-of date, when
  // the office approved at least K loans then. One open flag per office and officer.
  approver_concentration: (p, asOf) => {
    const from = addDays(addMonths(asOf, -Number(p.months)), 1)
    return sql<CandidateColumns>`
      with d as (
        select cu.parent_id as office_id, coalesce(a.decided_by, ap.checker_id) as decider_id, a.amount_dong
        from loan_applications a
        join units cu on cu.id = a.commune_unit_id
        left join approvals ap on ap.id = a.approval_id
        where a.status = 'approved' and a.decided_at is not null and ${vnDate(sql`a.decided_at`)} between ${from}::date and ${asOf}::date
      ),
      t as (select office_id, count(*) as total from d group by office_id having count(*) >= ${p.minCount!.toString()}::int),
      s as (select office_id, decider_id, count(*) as n, sum(amount_dong)::bigint as amount from d where decider_id is not null group by office_id, decider_id)
      select ou.province_code, ou.id as unit_id, ou.path as scope_path, s.office_id::text || '/' || s.decider_id::text as subject_id, s.amount as amount_dong,
             jsonb_build_object(
               'officeId', ou.id, 'officeName', ou.name, 'deciderId', du.id, 'deciderName', du.full_name, 'deciderUsername', du.username,
               'approvals', s.n, 'officeApprovals', t.total, 'sharePercent', round(100.0 * s.n / t.total, 1),
               'thresholdPercent', ${p.sharePercent!.toString()}::int, 'minCount', ${p.minCount!.toString()}::int,
               'from', ${from}::date, 'to', ${asOf}::date, 'amountDong', s.amount::text) as evidence
      from s
      join t on t.office_id = s.office_id
      join units ou on ou.id = s.office_id
      join users du on du.id = s.decider_id
      where s.n * 100 >= ${p.sharePercent!.toString()}::int * t.total`
  },

  // Rule 7. A disbursed, still open loan whose first disbursement is more than N days old and
  // which has no use-of-funds check (form 06/TD, table use_of_funds_checks) dated within N days
  // of it. Loans taken over without a disbursement event are outside the rule.
  no_use_of_funds_check: (p, asOf) => {
    const disbursedBy = addDays(asOf, -Number(p.days))
    return sql<CandidateColumns>`
      with disb as (
        select e.loan_id, min(e.event_date) as disbursed_on
        from loan_events e
        where e.type = 'disburse' and e.event_date < ${disbursedBy}::date
        group by e.loan_id
      ),
      hit as materialized (
        select l.id, l.province_code, l.commune_unit_id, l.household_id, l.program_code, l.disbursed_dong, d.disbursed_on
        from disb d
        join loans l on l.id = d.loan_id
        where l.status in ('active', 'frozen') and l.disbursed_dong > 0
          and not exists (
            select 1 from use_of_funds_checks c
            where c.loan_id = l.id and c.checked_on between d.disbursed_on and d.disbursed_on + ${p.days!.toString()}::int)
      ),
      last_check as (
        select c.loan_id, max(c.checked_on) as checked_on from use_of_funds_checks c where c.loan_id in (select id from hit) group by c.loan_id
      )
      select l.province_code, l.commune_unit_id as unit_id, cu.path as scope_path, l.id::text as subject_id, l.disbursed_dong as amount_dong,
             jsonb_build_object(
               'loanId', l.id::text, 'householdId', l.household_id::text, 'householdCode', h.code, 'programCode', l.program_code,
               'disbursedOn', l.disbursed_on, 'checkDueBy', l.disbursed_on + ${p.days!.toString()}::int, 'days', ${p.days!.toString()}::int,
               'disbursedDong', l.disbursed_dong::text,
               'lastCheckOn', lc.checked_on) as evidence
      from hit l
      join units cu on cu.id = l.commune_unit_id
      join households h on h.id = l.household_id
      left join last_check lc on lc.loan_id = l.id`
  },

  // Rule 8. An open loan whose commune differs from its household's (or its application's does),
  // whose household's village is not a village of the household's commune, or whose household's
  // commune code is not in the current administrative registry (checked only once the registry
  // is loaded: an empty registry proves nothing).
  address_mismatch: () => sql<CandidateColumns>`
    with reg as (select exists (select 1 from admin_units where layer = 'current' and level = 'commune') as loaded),
    x as (
      select l.id, l.province_code, l.commune_unit_id, l.household_id, l.program_code, ${OUTSTANDING} as outstanding,
             h.code as household_code, h.address, h.commune_unit_id as household_commune_id, hu.name as household_commune, hu.admin_code,
             a.commune_unit_id as application_commune_id, v.id as village_id, v.name as village,
             l.commune_unit_id <> h.commune_unit_id as loan_commune_differs,
             a.commune_unit_id <> h.commune_unit_id as application_commune_differs,
             h.village_unit_id is not null and (v.kind <> 'village' or v.parent_id is distinct from h.commune_unit_id) as village_not_in_commune,
             reg.loaded and au.code is null as commune_not_in_registry
      from loans l
      cross join reg
      join households h on h.id = l.household_id
      join units hu on hu.id = h.commune_unit_id
      left join loan_applications a on a.id = l.application_id
      left join units v on v.id = h.village_unit_id
      left join admin_units au on au.layer = 'current' and au.level = 'commune' and au.code = hu.admin_code
      where l.status in ('active', 'frozen')
    ),
    -- Plain booleans decide; the problem list is built only for the loans that have one.
    hit as materialized (
      select x.*,
             to_jsonb(array_remove(array[
               case when x.loan_commune_differs then 'loan_commune_differs' end,
               case when x.application_commune_differs then 'application_commune_differs' end,
               case when x.village_not_in_commune then 'village_not_in_commune' end,
               case when x.commune_not_in_registry then 'commune_not_in_registry' end
             ]::text[], null)) as problems
      from x
      where x.loan_commune_differs or x.application_commune_differs or x.village_not_in_commune or x.commune_not_in_registry
    )
    select x.province_code, x.commune_unit_id as unit_id, lu.path as scope_path, x.id::text as subject_id, x.outstanding as amount_dong,
           jsonb_build_object(
             'loanId', x.id::text, 'householdId', x.household_id::text, 'householdCode', x.household_code, 'programCode', x.program_code,
             'address', x.address, 'loanCommuneId', x.commune_unit_id, 'loanCommune', lu.name,
             'householdCommuneId', x.household_commune_id, 'householdCommune', x.household_commune, 'communeCode', x.admin_code,
             'applicationCommuneId', x.application_commune_id, 'villageId', x.village_id, 'village', x.village, 'problems', x.problems) as evidence
    from hit x
    join units lu on lu.id = x.commune_unit_id`,
}
