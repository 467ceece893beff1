import { createUser } from '../../src/app/users.js'
import { systemContext } from '../../src/app/open-app.js'
import type { Actor, Executor, RequestContext } from '../../src/app/context.js'
import type { Organisation, Role } from '../../src/domain/access/index.js'

/** Creates a user through the real use-case and returns a request context acting as them. */
export async function actor(db: Executor, username: string, role: Role, unitId: number, organisation: Organisation | null = null): Promise<(now?: Date) => RequestContext> {
  const outcome = await createUser(db, systemContext('fixture'), { username, fullName: username, role, unitId, organisation, password: 'Fixture-pass-1' })
  if (outcome.kind !== 'created') throw new Error('fixture users are created directly')
  const unit = await db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirstOrThrow()
  const a: Actor = { userId: outcome.user.id, username, role, unitId, scopePath: unit.path }
  return (now = new Date('2026-06-01T03:00:00Z')) => ({ actor: a, requestId: `test-${username}`, now })
}

/** Inserts a unit directly (fixtures only), returning its id. */
export async function fixtureUnit(db: Executor, parentId: number, kind: string, code: string, name: string, extra: { adminCode?: string; provinceCode?: string } = {}): Promise<number> {
  const parent = await db.selectFrom('units').select(['path', 'province_code']).where('id', '=', parentId).executeTakeFirstOrThrow()
  const { id } = await db.insertInto('units').values({ parent_id: parentId, kind, code, name, path: '', province_code: extra.provinceCode ?? parent.province_code, admin_code: extra.adminCode ?? null }).returning('id').executeTakeFirstOrThrow()
  await db.updateTable('units').set({ path: `${parent.path}${id}/` }).where('id', '=', id).execute()
  return id
}

/** A household of one member in a commune unit, with a poverty class decided on a date (fixtures only). */
export async function fixtureHousehold(db: Executor, communeUnitId: number, code: string, householdClass: 'poor' | 'near_poor' | 'not_poor', classFrom = '2025-12-20'): Promise<bigint> {
  const { id: personId } = await db.insertInto('persons').values({ province_code: '20', full_name: `Chủ hộ ${code}`, name_search: `chu ho ${code}` }).returning('id').executeTakeFirstOrThrow()
  const { id } = await db.insertInto('households').values({ code, province_code: '20', commune_unit_id: communeUnitId, residence_type: 'rural', head_person_id: personId, formed_on: '2010-01-01' }).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('household_members').values({ household_id: id, person_id: personId, relation: 'head', joined_on: '2010-01-01' }).execute()
  const standard = await db.selectFrom('poverty_standards').select('id').orderBy('valid_from').executeTakeFirstOrThrow()
  await db.insertInto('household_classes').values({ household_id: id, province_code: '20', class: householdClass, standard_id: standard.id, effective_from: classFrom, decision_number: 'QĐ-fixture', decision_date: classFrom }).execute()
  return id
}
