import { sql } from 'kysely'
import type { Executor } from '../executor.js'
import type { HouseholdEventsTable } from '../schema.js'
import { underScope } from '../scope.js'

// Queries of the household registry: households, persons, membership and the household story.
// Bulk writes are set-based: one statement per batch of rows, read from a JSON array with
// json_to_recordset (plain json parses twice as fast as jsonb and is read once), with ids drawn
// from the identity sequences beforehand so that rows can refer to each other without a round
// trip per row.

/** A commune unit in the reader's scope, with the place it stands for (current layer). */
export async function findCommuneWithPlace(db: Executor, unitId: number, scopePath: string) {
  return db
    .selectFrom('units')
    .leftJoin('admin_units as place', (join) =>
      join.onRef('place.code', '=', 'units.admin_code').on('place.layer', '=', 'current').on('place.level', '=', 'commune'),
    )
    .select(['units.id', 'units.kind', 'units.name', 'units.path', 'units.admin_code', 'units.province_code', 'place.area_type', 'place.province_code as place_province_code', 'place.name as place_name'])
    .where('units.id', '=', unitId)
    .where(underScope('units.path', scopePath))
    .executeTakeFirst()
}
export type CommuneWithPlace = NonNullable<Awaited<ReturnType<typeof findCommuneWithPlace>>>

/** Every commune unit in the reader's scope with its place, keyed later by admin code (imports). */
export async function listCommunesWithPlace(db: Executor, scopePath: string, adminCodes: readonly string[]): Promise<CommuneWithPlace[]> {
  if (adminCodes.length === 0) return []
  return db
    .selectFrom('units')
    .leftJoin('admin_units as place', (join) =>
      join.onRef('place.code', '=', 'units.admin_code').on('place.layer', '=', 'current').on('place.level', '=', 'commune'),
    )
    .select(['units.id', 'units.kind', 'units.name', 'units.path', 'units.admin_code', 'units.province_code', 'place.area_type', 'place.province_code as place_province_code', 'place.name as place_name'])
    .where('units.kind', '=', 'commune')
    .where('units.admin_code', 'in', [...adminCodes])
    .where(underScope('units.path', scopePath))
    .execute()
}

export async function listVillagesOf(db: Executor, communeUnitIds: readonly number[]) {
  if (communeUnitIds.length === 0) return []
  return db.selectFrom('units').select(['id', 'parent_id', 'code', 'name']).where('kind', '=', 'village').where('parent_id', 'in', [...communeUnitIds]).execute()
}

export async function findVillage(db: Executor, id: number) {
  return db.selectFrom('units').select(['id', 'parent_id', 'kind', 'name', 'code']).where('id', '=', id).executeTakeFirst()
}

export async function householdCodesTaken(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>()
  for (let i = 0; i < codes.length; i += LOOKUP_BATCH) {
    const batch = codes.slice(i, i + LOOKUP_BATCH)
    const rows = await sql<{ code: string }>`select code from households where code = any(${toTextArray(batch)}::text[])`.execute(db)
    for (const r of rows.rows) taken.add(r.code)
  }
  return taken
}

/** A person already registered under a citizen id, and the household they currently belong to. */
export interface RegisteredCitizen {
  readonly person_id: bigint
  readonly citizen_id: string
  readonly household_id: bigint | null
  readonly household_code: string | null
  /** The current household's commune path, to tell whether the reader may see it. */
  readonly commune_path: string | null
}

const LOOKUP_BATCH = 20_000

/** Which of these citizen ids are registered, and where (set-based, batched). */
export async function findRegisteredCitizens(db: Executor, citizenIds: readonly string[]): Promise<RegisteredCitizen[]> {
  const found: RegisteredCitizen[] = []
  for (let i = 0; i < citizenIds.length; i += LOOKUP_BATCH) {
    const batch = citizenIds.slice(i, i + LOOKUP_BATCH)
    const { rows } = await sql<RegisteredCitizen>`
      select p.id as person_id, p.citizen_id, h.id as household_id, h.code as household_code, c.path as commune_path
        from persons p
        left join household_members hm on hm.person_id = p.id and hm.left_on is null
        left join households h on h.id = hm.household_id
        left join units c on c.id = h.commune_unit_id
       where p.citizen_id = any(${toTextArray(batch)}::text[])`.execute(db)
    found.push(...rows)
  }
  return found
}

/** A PostgreSQL array literal of texts, so one parameter carries a whole batch on both drivers. */
function toTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (ch) => `\\${ch}`)}"`).join(',')}}`
}

const ALLOCATE_BATCH = 200_000

/**
 * Draws `count` ids from a table's identity sequence as decimal strings. The server joins each
 * batch into one text value: a million one-column rows would cost seconds to send and parse.
 */
export async function allocateIdStrings(db: Executor, table: 'persons' | 'households' | 'household_events', count: number): Promise<string[]> {
  const ids: string[] = []
  if (count === 0) return ids
  const { rows: seq } = await sql<{ name: string }>`select pg_get_serial_sequence(${table}, 'id') as name`.execute(db)
  const sequence = seq[0]?.name
  if (sequence === undefined) throw new Error(`no identity sequence on ${table}.id`)
  for (let done = 0; done < count; done += ALLOCATE_BATCH) {
    const n = Math.min(ALLOCATE_BATCH, count - done)
    const { rows } = await sql<{ ids: string }>`select array_to_string(array_agg(nextval(${sequence}::regclass)), ',') as ids from generate_series(1, ${n})`.execute(db)
    for (const id of (rows[0]?.ids ?? '').split(',')) ids.push(id)
  }
  return ids
}

/** Draws `count` ids from a table's identity sequence. */
export async function allocateIds(db: Executor, table: 'persons' | 'households' | 'household_events', count: number): Promise<bigint[]> {
  return (await allocateIdStrings(db, table, count)).map((id) => BigInt(id))
}

export async function nextHouseholdNumber(db: Executor): Promise<bigint> {
  const { rows } = await sql<{ n: bigint }>`select nextval('household_code_seq')::bigint as n`.execute(db)
  const n = rows[0]?.n
  if (n === undefined) throw new Error('household_code_seq returned no value')
  return BigInt(n)
}

/** An id in a bulk row: bigint, or its decimal string when a large batch is built for speed. */
export type BulkId = bigint | string

export interface NewPerson {
  readonly id: BulkId
  readonly province_code: string
  readonly full_name: string
  readonly name_search: string
  readonly birth_date: string | null
  readonly sex: 'male' | 'female' | null
  readonly ethnicity: string | null
  readonly citizen_id: string | null
  readonly phone: string | null
  readonly health_insured: boolean | null
  readonly in_school: boolean | null
}

export interface NewHousehold {
  readonly id: BulkId
  readonly code: string
  readonly province_code: string
  readonly commune_unit_id: number
  readonly village_unit_id: number | null
  readonly address: string | null
  readonly residence_type: 'rural' | 'urban'
  readonly head_person_id: BulkId
  readonly formed_on: string
}

export interface NewMember {
  readonly household_id: BulkId
  readonly person_id: BulkId
  readonly relation: string
  readonly joined_on: string
}

export type EventKind =
  | HouseholdEventsTable['kind']
  | 'member_added'
  | 'member_removed'
  | 'head_changed'
  | 'details_changed'
  | 'member_updated'

export interface NewEvent {
  readonly province_code: string
  readonly kind: EventKind
  readonly on_date: string
  readonly source_household_ids: readonly BulkId[]
  readonly target_household_ids: readonly BulkId[]
  readonly person_ids: readonly BulkId[]
  readonly note: string | null
  readonly created_by: number | null
}

/** Rows per INSERT statement of a bulk write. */
export const WRITE_BATCH = 10_000

const hasBigint = (value: unknown): boolean => typeof value === 'bigint' || (Array.isArray(value) && value.some(hasBigint))

/**
 * The rows of one statement as JSON text. Rows of one batch share their shape, so the first row
 * tells whether bigint ids need converting; large batches carry ids as strings and skip the
 * (slower) replacer.
 */
function json(rows: readonly object[]): string {
  const first = rows[0]
  const convert = first !== undefined && Object.values(first).some(hasBigint)
  return convert ? JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)) : JSON.stringify(rows)
}

export async function insertPersons(db: Executor, persons: readonly NewPerson[]): Promise<void> {
  for (let i = 0; i < persons.length; i += WRITE_BATCH) {
    await sql`
      insert into persons (id, province_code, full_name, name_search, birth_date, sex, ethnicity, citizen_id, phone, health_insured, in_school)
      select id, province_code, full_name, name_search, birth_date, sex, ethnicity, citizen_id, phone, health_insured, in_school
        from json_to_recordset(${json(persons.slice(i, i + WRITE_BATCH))}::json) as x(
          id bigint, province_code text, full_name text, name_search text, birth_date date, sex text, ethnicity text,
          citizen_id text, phone text, health_insured boolean, in_school boolean)`.execute(db)
  }
}

export async function insertHouseholds(db: Executor, households: readonly NewHousehold[]): Promise<void> {
  for (let i = 0; i < households.length; i += WRITE_BATCH) {
    await sql`
      insert into households (id, code, province_code, commune_unit_id, village_unit_id, address, residence_type, head_person_id, formed_on)
      select id, code, province_code, commune_unit_id, village_unit_id, address, residence_type, head_person_id, formed_on
        from json_to_recordset(${json(households.slice(i, i + WRITE_BATCH))}::json) as x(
          id bigint, code text, province_code text, commune_unit_id integer, village_unit_id integer, address text,
          residence_type text, head_person_id bigint, formed_on date)`.execute(db)
  }
}

/**
 * Links people to households. Someone who left a household and comes back on the very day they
 * had joined it (moved out and back the same day) gets their old membership reopened: the
 * primary key allows one row per household, person and joining day, and the events keep the story.
 * `fresh: true` (an import of new people, who cannot have been members) skips that conflict
 * handling, which costs a speculative insertion per row.
 */
export async function insertMembers(db: Executor, members: readonly NewMember[], options: { fresh?: boolean } = {}): Promise<void> {
  for (let i = 0; i < members.length; i += WRITE_BATCH) {
    const rows = json(members.slice(i, i + WRITE_BATCH))
    if (options.fresh)
      await sql`
        insert into household_members (household_id, person_id, relation, joined_on)
        select household_id, person_id, relation, joined_on
          from json_to_recordset(${rows}::json) as x(household_id bigint, person_id bigint, relation text, joined_on date)`.execute(db)
    else
      await sql`
        insert into household_members (household_id, person_id, relation, joined_on)
        select household_id, person_id, relation, joined_on
          from json_to_recordset(${rows}::json) as x(household_id bigint, person_id bigint, relation text, joined_on date)
        on conflict (household_id, person_id, joined_on) do update set left_on = null, relation = excluded.relation`.execute(db)
  }
}

export async function insertEvents(db: Executor, events: readonly NewEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += WRITE_BATCH) {
    await sql`
      insert into household_events (province_code, kind, on_date, source_household_ids, target_household_ids, person_ids, note, created_by)
      select province_code, kind, on_date, source_household_ids, target_household_ids, person_ids, note, created_by
        from json_to_recordset(${json(events.slice(i, i + WRITE_BATCH))}::json) as x(
          province_code text, kind text, on_date date, source_household_ids bigint[], target_household_ids bigint[],
          person_ids bigint[], note text, created_by integer)`.execute(db)
  }
}

/** Ends current memberships: these people leave this household on `on`. */
export async function endMemberships(db: Executor, householdId: bigint, personIds: readonly bigint[], on: string): Promise<void> {
  if (personIds.length === 0) return
  await db
    .updateTable('household_members')
    .set({ left_on: on })
    .where('household_id', '=', householdId)
    .where('person_id', 'in', [...personIds])
    .where('left_on', 'is', null)
    .execute()
}

export async function setRelation(db: Executor, householdId: bigint, personId: bigint, relation: string): Promise<void> {
  await db.updateTable('household_members').set({ relation }).where('household_id', '=', householdId).where('person_id', '=', personId).where('left_on', 'is', null).execute()
}

/** A household the reader may see, locked for the rest of the transaction. */
export async function lockHouseholdInScope(db: Executor, id: bigint, scopePath: string) {
  return db
    .selectFrom('households')
    .innerJoin('units as commune', 'commune.id', 'households.commune_unit_id')
    .selectAll('households')
    .select(['commune.path as commune_path'])
    .where('households.id', '=', id)
    .where(underScope('commune.path', scopePath))
    .forUpdate('households')
    .executeTakeFirst()
}
export type LockedHousehold = NonNullable<Awaited<ReturnType<typeof lockHouseholdInScope>>>

/** Current members with what the rules need and what the detail page shows. */
export async function currentMembers(db: Executor, householdId: bigint) {
  return db
    .selectFrom('household_members as hm')
    .innerJoin('persons as p', 'p.id', 'hm.person_id')
    .select(['hm.person_id', 'hm.relation', 'hm.joined_on', 'hm.left_on', 'p.full_name', 'p.birth_date', 'p.sex', 'p.citizen_id', 'p.ethnicity', 'p.phone', 'p.health_insured', 'p.in_school'])
    .where('hm.household_id', '=', householdId)
    .where('hm.left_on', 'is', null)
    .orderBy('hm.joined_on')
    .orderBy('hm.person_id')
    .execute()
}
export type MemberRow = Awaited<ReturnType<typeof currentMembers>>[number]

export async function formerMembers(db: Executor, householdId: bigint): Promise<MemberRow[]> {
  return db
    .selectFrom('household_members as hm')
    .innerJoin('persons as p', 'p.id', 'hm.person_id')
    .select(['hm.person_id', 'hm.relation', 'hm.joined_on', 'hm.left_on', 'p.full_name', 'p.birth_date', 'p.sex', 'p.citizen_id', 'p.ethnicity', 'p.phone', 'p.health_insured', 'p.in_school'])
    .where('hm.household_id', '=', householdId)
    .where('hm.left_on', 'is not', null)
    .orderBy('hm.left_on')
    .orderBy('hm.person_id')
    .execute()
}

export async function findPerson(db: Executor, id: bigint) {
  return db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updatePerson(db: Executor, id: bigint, person: Omit<NewPerson, 'id' | 'province_code'>): Promise<void> {
  await db.updateTable('persons').set({ ...person }).where('id', '=', id).execute()
}

const householdView = (db: Executor) =>
  db
    .selectFrom('households as h')
    .innerJoin('units as commune', 'commune.id', 'h.commune_unit_id')
    .leftJoin('units as village', 'village.id', 'h.village_unit_id')
    .leftJoin('persons as head', 'head.id', 'h.head_person_id')
    .select([
      'h.id', 'h.code', 'h.province_code', 'h.commune_unit_id', 'h.village_unit_id', 'h.address', 'h.residence_type', 'h.head_person_id',
      'h.status', 'h.formed_on', 'h.ended_on', 'commune.name as commune_name', 'commune.admin_code as commune_code', 'commune.path as commune_path',
      'village.name as village_name', 'head.full_name as head_name', 'head.citizen_id as head_citizen_id',
    ])

export async function findHouseholdInScope(db: Executor, id: bigint, scopePath: string) {
  return householdView(db).where('h.id', '=', id).where(underScope('commune.path', scopePath)).executeTakeFirst()
}
export type HouseholdRow = NonNullable<Awaited<ReturnType<typeof findHouseholdInScope>>>

export interface HouseholdFilter {
  /** Folded name words (each must start a word of one current member's name), or a household code. */
  readonly nameWords?: readonly string[] | undefined
  readonly code?: string | undefined
  readonly citizenId?: string | undefined
  readonly communeUnitId?: number | undefined
  readonly villageUnitId?: number | undefined
  readonly status?: string | undefined
  readonly limit: number
  readonly offset: number
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`)

export async function listHouseholdsInScope(db: Executor, scopePath: string, filter: HouseholdFilter) {
  let query = householdView(db).where(underScope('commune.path', scopePath))
  if (filter.communeUnitId !== undefined) query = query.where('h.commune_unit_id', '=', filter.communeUnitId)
  if (filter.villageUnitId !== undefined) query = query.where('h.village_unit_id', '=', filter.villageUnitId)
  if (filter.status !== undefined) query = query.where('h.status', '=', filter.status as 'active')
  if (filter.citizenId !== undefined) {
    const citizenId = filter.citizenId
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('household_members as hm')
          .innerJoin('persons as p', 'p.id', 'hm.person_id')
          .select(sql.lit(1).as('one'))
          .whereRef('hm.household_id', '=', 'h.id')
          .where('hm.left_on', 'is', null)
          .where('p.citizen_id', '=', citizenId),
      ),
    )
  }
  const words = filter.nameWords ?? []
  if (words.length > 0 || filter.code !== undefined) {
    const code = filter.code
    query = query.where((eb) => {
      const byName =
        words.length === 0
          ? undefined
          : eb.exists(
              words.reduce(
                (q, word) => q.where(sql<string>`' ' || p.name_search`, 'like', `% ${escapeLike(word)}%`),
                eb
                  .selectFrom('household_members as hm')
                  .innerJoin('persons as p', 'p.id', 'hm.person_id')
                  .select(sql.lit(1).as('one'))
                  .whereRef('hm.household_id', '=', 'h.id')
                  .where('hm.left_on', 'is', null),
              ),
            )
      const byCode = code === undefined ? undefined : eb('h.code', '=', code)
      const either = [byName, byCode].filter((x) => x !== undefined)
      return either.length === 1 ? either[0]! : eb.or(either)
    })
  }
  const [items, count] = await Promise.all([
    query
      .select((eb) =>
        eb
          .selectFrom('household_members as cm')
          .select((e) => e.fn.countAll<bigint>().as('n'))
          .whereRef('cm.household_id', '=', 'h.id')
          .where('cm.left_on', 'is', null)
          .as('member_count'),
      )
      .orderBy('h.code')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.clearSelect().select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}
export type HouseholdListRow = Awaited<ReturnType<typeof listHouseholdsInScope>>['items'][number]

export async function householdClasses(db: Executor, householdId: bigint) {
  return db
    .selectFrom('household_classes as hc')
    .leftJoin('poverty_standards as ps', 'ps.id', 'hc.standard_id')
    .select(['hc.id', 'hc.class', 'hc.effective_from', 'hc.decision_number', 'hc.decision_date', 'hc.review_id', 'ps.code as standard_code'])
    .where('hc.household_id', '=', householdId)
    .orderBy('hc.effective_from', 'desc')
    .execute()
}

export async function povertyAssessments(db: Executor, householdId: bigint) {
  return db
    .selectFrom('poverty_assessments as pa')
    .leftJoin('poverty_standards as ps', 'ps.id', 'pa.standard_id')
    .select(['pa.id', 'pa.review_id', 'pa.surveyed_on', 'pa.area_type', 'pa.income_per_person_month_dong', 'pa.deprivation_count', 'pa.result_class', 'ps.code as standard_code'])
    .where('pa.household_id', '=', householdId)
    .orderBy('pa.surveyed_on', 'desc')
    .execute()
}

/** The household's story: every event that names it as a source or a target. */
export async function householdEvents(db: Executor, householdId: bigint) {
  const { rows } = await sql<{
    id: bigint
    kind: EventKind
    on_date: string
    source_household_ids: bigint[] | string
    target_household_ids: bigint[] | string
    person_ids: bigint[] | string
    note: string | null
    created_by: number | null
    created_by_name: string | null
    created_at: Date
  }>`
    select e.id, e.kind, e.on_date, e.source_household_ids, e.target_household_ids, e.person_ids, e.note, e.created_by,
           u.full_name as created_by_name, e.created_at
      from household_events e
      left join users u on u.id = e.created_by
     where e.source_household_ids @> array[${householdId}::bigint] or e.target_household_ids @> array[${householdId}::bigint]
     order by e.on_date desc, e.id desc
     limit 500`.execute(db)
  return rows.map((r) => ({
    ...r,
    source_household_ids: bigintArray(r.source_household_ids),
    target_household_ids: bigintArray(r.target_household_ids),
    person_ids: bigintArray(r.person_ids),
  }))
}

/** int8[] comes back as an array on PGlite and as '{1,2}' text on node-postgres (no array parser is set). */
function bigintArray(value: bigint[] | string | number[]): bigint[] {
  if (Array.isArray(value)) return value.map((v) => BigInt(v))
  const inner = value.replace(/^\{|\}$/g, '')
  return inner === '' ? [] : inner.split(',').map((v) => BigInt(v))
}

/** Codes of households the reader may see, for naming related households in the story. */
export async function householdCodesInScope(db: Executor, ids: readonly bigint[], scopePath: string): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('households as h')
    .innerJoin('units as commune', 'commune.id', 'h.commune_unit_id')
    .select(['h.id', 'h.code'])
    .where('h.id', 'in', [...ids])
    .where(underScope('commune.path', scopePath))
    .execute()
  return new Map(rows.map((r) => [String(r.id), r.code]))
}

export async function personNames(db: Executor, ids: readonly bigint[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('persons').select(['id', 'full_name']).where('id', 'in', [...ids]).execute()
  return new Map(rows.map((r) => [String(r.id), r.full_name]))
}
