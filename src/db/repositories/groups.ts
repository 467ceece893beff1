import { sql } from 'kysely'
import type { Executor } from '../executor.js'
import { underScope } from '../scope.js'

// Queries of the savings-and-loan groups: the groups (scoped by their commune), their membership
// and officer history, the savings-group rules and the monthly grades.

export interface GroupRow {
  id: bigint
  province_code: string
  code: string
  name: string
  commune_unit_id: number
  commune_name: string
  commune_code: string
  commune_path: string
  village_unit_id: number | null
  village_name: string | null
  transaction_point_id: number
  point_code: string
  point_site_name: string
  point_monthly_day: number
  organisation_unit_id: number
  organisation_unit_name: string
  organisation: 'womens_union' | 'farmers_union' | 'veterans_association' | 'youth_union'
  founding_decision_number: string
  founding_decision_date: string
  status: 'active' | 'suspended' | 'dissolved'
  status_changed_on: string | null
  status_reason: string | null
  created_at: Date
  member_count: number
  leader_name: string | null
  grade_period: string | null
  grade: 'good' | 'fair' | 'average' | 'weak' | null
  grade_score: number | null
}

const groups = (db: Executor) =>
  db
    .selectFrom('savings_groups as g')
    .innerJoin('units as c', 'c.id', 'g.commune_unit_id')
    .leftJoin('units as v', 'v.id', 'g.village_unit_id')
    .innerJoin('transaction_points as p', 'p.id', 'g.transaction_point_id')
    .innerJoin('organisation_units as o', 'o.id', 'g.organisation_unit_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('group_grades as gg')
          .select(['gg.period', 'gg.grade', 'gg.score'])
          .whereRef('gg.group_id', '=', 'g.id')
          .orderBy('gg.period', 'desc')
          .orderBy('gg.run_id', 'desc')
          .limit(1)
          .as('lg'),
      (join) => join.onTrue(),
    )
    .select([
      'g.id', 'g.province_code', 'g.code', 'g.name', 'g.commune_unit_id', 'c.name as commune_name', 'c.code as commune_code', 'c.path as commune_path',
      'g.village_unit_id', 'v.name as village_name', 'g.transaction_point_id', 'p.code as point_code', 'p.site_name as point_site_name', 'p.monthly_day as point_monthly_day',
      'g.organisation_unit_id', 'o.name as organisation_unit_name', 'o.organisation', 'g.founding_decision_number', 'g.founding_decision_date',
      'g.status', 'g.status_changed_on', 'g.status_reason', 'g.created_at',
      sql<number>`(select count(*)::int from group_memberships m where m.group_id = g.id and m.left_on is null)`.as('member_count'),
      sql<string | null>`(select pp.full_name from group_officers f join persons pp on pp.id = f.person_id where f.group_id = g.id and f.role = 'leader' and f.to_date is null)`.as('leader_name'),
      'lg.period as grade_period', 'lg.grade', 'lg.score as grade_score',
    ])

export async function findGroupInScope(db: Executor, id: bigint, scopePath: string): Promise<GroupRow | undefined> {
  return groups(db).where('g.id', '=', id).where(underScope('c.path', scopePath)).executeTakeFirst()
}

/** Locks the group row for a change (members, officers, status) so concurrent changes queue. */
export async function lockGroupInScope(db: Executor, id: bigint, scopePath: string): Promise<{ id: bigint; status: 'active' | 'suspended' | 'dissolved' } | undefined> {
  return db
    .selectFrom('savings_groups as g')
    .innerJoin('units as c', 'c.id', 'g.commune_unit_id')
    .select(['g.id', 'g.status'])
    .where('g.id', '=', id)
    .where(underScope('c.path', scopePath))
    .forUpdate('g')
    .executeTakeFirst()
}

export interface GroupFilter {
  readonly communeUnitId?: number | undefined
  readonly transactionPointId?: number | undefined
  readonly organisationUnitId?: number | undefined
  readonly organisation?: string | undefined
  readonly grade?: 'good' | 'fair' | 'average' | 'weak' | 'ungraded' | undefined
  readonly status?: 'active' | 'suspended' | 'dissolved' | undefined
  /** A group code (exact) or words of its name. */
  readonly q?: string | undefined
}

export async function listGroupsInScope(db: Executor, scopePath: string, filter: GroupFilter, limit: number, offset: number): Promise<{ rows: GroupRow[]; total: number }> {
  let q = groups(db).where(underScope('c.path', scopePath))
  if (filter.communeUnitId !== undefined) q = q.where('g.commune_unit_id', '=', filter.communeUnitId)
  if (filter.transactionPointId !== undefined) q = q.where('g.transaction_point_id', '=', filter.transactionPointId)
  if (filter.organisationUnitId !== undefined) q = q.where('g.organisation_unit_id', '=', filter.organisationUnitId)
  if (filter.organisation !== undefined) q = q.where('o.organisation', '=', filter.organisation as GroupRow['organisation'])
  if (filter.status !== undefined) q = q.where('g.status', '=', filter.status)
  if (filter.grade === 'ungraded') q = q.where('lg.grade', 'is', null)
  else if (filter.grade !== undefined) q = q.where('lg.grade', '=', filter.grade)
  const text = filter.q?.trim()
  if (text) q = q.where((eb) => eb.or([eb('g.code', '=', text), eb('g.name', 'ilike', `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`)]))
  const rows = await q.orderBy('c.path').orderBy('g.code').limit(limit).offset(offset).execute()
  const total = offset === 0 && rows.length < limit
    ? rows.length
    : Number((await db.selectFrom(q.as('x')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  return { rows, total }
}

export async function groupCodes(db: Executor, communeUnitId: number): Promise<string[]> {
  return (await db.selectFrom('savings_groups').select('code').where('commune_unit_id', '=', communeUnitId).execute()).map((r) => r.code)
}

export async function groupCodeTaken(db: Executor, code: string): Promise<boolean> {
  return (await db.selectFrom('savings_groups').select('id').where('code', '=', code).executeTakeFirst()) !== undefined
}

// ---- membership ----

export interface MembershipRow {
  id: bigint
  group_id: bigint
  household_id: bigint
  household_code: string
  head_name: string | null
  joined_on: string
  left_on: string | null
  leave_reason: 'left' | 'moved' | 'household_ended' | null
  moved_from_group_id: bigint | null
  moved_from_group_code: string | null
  moved_to_group_id: bigint | null
  moved_to_group_code: string | null
  note: string | null
  created_at: Date
}

export async function membershipsOf(db: Executor, groupId: bigint): Promise<MembershipRow[]> {
  return db
    .selectFrom('group_memberships as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .leftJoin('persons as hp', 'hp.id', 'h.head_person_id')
    .leftJoin('savings_groups as gf', 'gf.id', 'm.moved_from_group_id')
    .leftJoin('savings_groups as gt', 'gt.id', 'm.moved_to_group_id')
    .select([
      'm.id', 'm.group_id', 'm.household_id', 'h.code as household_code', 'hp.full_name as head_name', 'm.joined_on', 'm.left_on', 'm.leave_reason',
      'm.moved_from_group_id', 'gf.code as moved_from_group_code', 'm.moved_to_group_id', 'gt.code as moved_to_group_code', 'm.note', 'm.created_at',
    ])
    .where('m.group_id', '=', groupId)
    .orderBy('m.left_on', (ob) => ob.desc().nullsFirst())
    .orderBy('h.code')
    .orderBy('m.id')
    .execute()
}

/** A household's open membership, whatever the group, with where that group is (to name it only when visible). */
export async function activeMembershipOf(db: Executor, householdId: bigint) {
  return db
    .selectFrom('group_memberships as m')
    .innerJoin('savings_groups as g', 'g.id', 'm.group_id')
    .innerJoin('units as c', 'c.id', 'g.commune_unit_id')
    .select(['m.id', 'm.group_id', 'm.joined_on', 'g.code as group_code', 'g.status as group_status', 'c.path as commune_path'])
    .where('m.household_id', '=', householdId)
    .where('m.left_on', 'is', null)
    .executeTakeFirst()
}

export async function activeMemberCount(db: Executor, groupId: bigint): Promise<number> {
  const row = await db.selectFrom('group_memberships').select((eb) => eb.fn.countAll<string>().as('n')).where('group_id', '=', groupId).where('left_on', 'is', null).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Whether a group of this commune exists at all: until one does, applications keep free group numbers. */
export async function communeHasGroups(db: Executor, communeUnitId: number): Promise<boolean> {
  return (await db.selectFrom('savings_groups').select('id').where('commune_unit_id', '=', communeUnitId).limit(1).executeTakeFirst()) !== undefined
}

/** A household in the reader's scope, locked, with what joining a group needs. */
export async function lockHouseholdForGroup(db: Executor, householdId: bigint, scopePath: string) {
  return db
    .selectFrom('households as h')
    .innerJoin('units as c', 'c.id', 'h.commune_unit_id')
    .leftJoin('persons as hp', 'hp.id', 'h.head_person_id')
    .select(['h.id', 'h.code', 'h.status', 'h.commune_unit_id', 'h.province_code', 'hp.full_name as head_name'])
    .where('h.id', '=', householdId)
    .where(underScope('c.path', scopePath))
    .forUpdate('h')
    .executeTakeFirst()
}

export async function insertMembership(db: Executor, row: {
  province_code: string; group_id: bigint; household_id: bigint; joined_on: string; moved_from_group_id: bigint | null; note: string | null; created_by: number | null
}): Promise<bigint> {
  const { id } = await db.insertInto('group_memberships').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

export async function closeMembership(db: Executor, id: bigint, close: { left_on: string; leave_reason: 'left' | 'moved' | 'household_ended'; moved_to_group_id: bigint | null; note: string | null; ended_by: number | null }): Promise<void> {
  await db.updateTable('group_memberships').set(close).where('id', '=', id).where('left_on', 'is', null).execute()
}

// ---- officers ----

export interface OfficerRow {
  id: bigint
  group_id: bigint
  role: 'leader' | 'deputy'
  person_id: bigint
  person_name: string
  citizen_id: string | null
  household_id: bigint
  household_code: string
  from_date: string
  to_date: string | null
  note: string | null
}

export async function officersOf(db: Executor, groupId: bigint): Promise<OfficerRow[]> {
  return db
    .selectFrom('group_officers as f')
    .innerJoin('persons as p', 'p.id', 'f.person_id')
    .innerJoin('households as h', 'h.id', 'f.household_id')
    .select(['f.id', 'f.group_id', 'f.role', 'f.person_id', 'p.full_name as person_name', 'p.citizen_id', 'f.household_id', 'h.code as household_code', 'f.from_date', 'f.to_date', 'f.note'])
    .where('f.group_id', '=', groupId)
    .orderBy('f.to_date', (ob) => ob.desc().nullsFirst())
    .orderBy('f.role')
    .orderBy('f.from_date', 'desc')
    .execute()
}

/** The person's current household, if it is an active member of the group. */
export async function memberPersonInGroup(db: Executor, groupId: bigint, personId: bigint): Promise<{ household_id: bigint; joined_on: string } | undefined> {
  return db
    .selectFrom('household_members as hm')
    .innerJoin('group_memberships as m', (j) => j.onRef('m.household_id', '=', 'hm.household_id').on('m.left_on', 'is', null))
    .select(['hm.household_id', 'm.joined_on'])
    .where('hm.person_id', '=', personId)
    .where('hm.left_on', 'is', null)
    .where('m.group_id', '=', groupId)
    .executeTakeFirst()
}

/** Ends the open terms of a group's officers matching the filter, on a date. */
export async function endOfficerTerms(db: Executor, groupId: bigint, on: string, where: { role?: 'leader' | 'deputy'; householdId?: bigint; personId?: bigint; id?: bigint }): Promise<{ id: bigint; role: string; person_id: bigint; from_date: string }[]> {
  let q = db.updateTable('group_officers').set({ to_date: sql<string>`greatest(from_date, ${on}::date)` }).where('group_id', '=', groupId).where('to_date', 'is', null)
  if (where.role !== undefined) q = q.where('role', '=', where.role)
  if (where.householdId !== undefined) q = q.where('household_id', '=', where.householdId)
  if (where.personId !== undefined) q = q.where('person_id', '=', where.personId)
  if (where.id !== undefined) q = q.where('id', '=', where.id)
  return q.returning(['id', 'role', 'person_id', 'from_date']).execute()
}

// ---- rules ----

export async function loadNetworkRules(db: Executor) {
  return db.selectFrom('network_rules').select(['id', 'province_code', 'valid_from', 'valid_to', 'legal_basis', 'note', 'rules', 'created_at']).orderBy('valid_from').orderBy('id').execute()
}

// ---- grades ----

export async function gradesOf(db: Executor, groupId: bigint, limit: number) {
  return db
    .selectFrom('group_grades as gg')
    .innerJoin('group_grade_runs as r', 'r.id', 'gg.run_id')
    .select(['gg.period', 'gg.run_id', 'gg.score', 'gg.grade', 'gg.factors', 'gg.rules_id', 'r.source', 'r.computed_at'])
    .where('gg.group_id', '=', groupId)
    .orderBy('gg.period', 'desc')
    .orderBy('gg.run_id', 'desc')
    .limit(limit)
    .execute()
}

/** Whether the month-end close of a period is done: its loan snapshots are then the month's figures. */
export async function periodClosed(db: Executor, period: string): Promise<boolean> {
  return (await db.selectFrom('period_closes').select('period').where('period', '=', period).where('status', '=', 'done').executeTakeFirst()) !== undefined
}

export interface GradeFactsRow {
  group_id: bigint
  province_code: string
  outstanding_dong: bigint
  overdue_dong: bigint
  loans: number
  /** Interest due and collected on the month's transaction day (captures posted), null when the group was not captured. */
  interest_due_dong: bigint | null
  interest_collected_dong: bigint | null
}

/**
 * Per group in scope (not dissolved, founded by the month's end): the outstanding and overdue
 * principal of the loans applied for through it, in one statement. From the month's loan
 * snapshots when the month is closed, otherwise from the loans' balances as they stand.
 */
export async function gradeFacts(db: Executor, scopePath: string, period: string, periodEnd: string, fromSnapshot: string | null): Promise<GradeFactsRow[]> {
  const loans = fromSnapshot === null
    ? sql`select a.group_id, l.principal_in_term_dong + l.principal_overdue_dong + l.principal_frozen_dong as outstanding, l.principal_overdue_dong as overdue
            from loans l join loan_applications a on a.id = l.application_id
           where a.group_id is not null and l.status in ('active', 'frozen')`
    : sql`select a.group_id, s.principal_in_term_dong + s.principal_overdue_dong + s.principal_frozen_dong as outstanding, s.principal_overdue_dong as overdue
            from loan_snapshots s join loans l on l.id = s.loan_id join loan_applications a on a.id = l.application_id
           where a.group_id is not null and s.period = ${fromSnapshot} and s.status in ('active', 'frozen')`
  const { rows } = await sql<GradeFactsRow>`
    select g.id as group_id, g.province_code,
           coalesce(sum(x.outstanding), 0)::bigint as outstanding_dong,
           coalesce(sum(x.overdue), 0)::bigint as overdue_dong,
           count(x.group_id)::int as loans,
           min(d.due)::bigint as interest_due_dong, min(d.collected)::bigint as interest_collected_dong
      from savings_groups g
      join units c on c.id = g.commune_unit_id
      left join (${loans}) x on x.group_id = g.id and x.outstanding > 0
      left join (
        select b.group_id, sum(l.interest_owed_dong) as due, sum(l.interest_dong) as collected
          from day_batches b join transaction_days t on t.id = b.transaction_day_id join day_batch_lines l on l.batch_id = b.id
         where t.period = ${period} and b.kind = 'capture' and b.status = 'posted'
         group by b.group_id
      ) d on d.group_id = g.id
     where ${underScope('c.path', scopePath)} and g.status <> 'dissolved' and g.founding_decision_date <= ${periodEnd}::date
     group by g.id, g.province_code
     order by g.id`.execute(db)
  return rows.map((r) => ({
    ...r, outstanding_dong: BigInt(r.outstanding_dong), overdue_dong: BigInt(r.overdue_dong),
    interest_due_dong: r.interest_due_dong === null ? null : BigInt(r.interest_due_dong), interest_collected_dong: r.interest_collected_dong === null ? null : BigInt(r.interest_collected_dong),
  }))
}

const INSERT_BATCH = 5000

export async function insertGrades(db: Executor, rows: readonly { group_id: string; period: string; run_id: string; province_code: string; rules_id: number; score: number | null; grade: string | null; factors: unknown }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH)
    await sql`insert into group_grades (group_id, period, run_id, province_code, rules_id, score, grade, factors)
              select group_id, period, run_id, province_code, rules_id, score, grade, factors
                from json_to_recordset(${JSON.stringify(batch)}::json)
                  as r(group_id bigint, period text, run_id bigint, province_code text, rules_id integer, score smallint, grade text, factors jsonb)`.execute(db)
  }
}
