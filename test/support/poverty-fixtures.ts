// Rows the poverty tests need from other areas (places, households), inserted directly with
// Kysely so these tests do not depend on the other areas' use-cases.
import { systemContext } from '../../src/app/open-app.js'
import { createUser } from '../../src/app/users.js'
import type { Role } from '../../src/domain/access/index.js'
import type { Executor } from '../../src/app/context.js'
import type { HouseholdClass } from '../../src/db/schema.js'

/** Inserts a unit under a parent and fills in its materialised path. */
export async function insertUnit(db: Executor, parentId: number, kind: string, code: string, name: string, extra: { provinceCode?: string | null; adminCode?: string | null; formerCommuneCode?: string | null } = {}) {
  const parent = await db.selectFrom('units').select(['path', 'province_code']).where('id', '=', parentId).executeTakeFirstOrThrow()
  const { id } = await db
    .insertInto('units')
    .values({ parent_id: parentId, kind, code, name, path: '', province_code: extra.provinceCode ?? parent.province_code, admin_code: extra.adminCode ?? null, former_commune_code: extra.formerCommuneCode ?? null })
    .returning('id')
    .executeTakeFirstOrThrow()
  const path = `${parent.path}${id}/`
  await db.updateTable('units').set({ path }).where('id', '=', id).execute()
  return { id, path }
}

export interface SeededCommune {
  readonly id: number
  readonly path: string
  readonly code: string
  readonly villages: readonly { readonly id: number; readonly path: string; readonly code: string }[]
}

export interface SeededProvince {
  readonly provinceUnitId: number
  readonly officeUnitId: number
  readonly communes: readonly SeededCommune[]
}

/**
 * A province branch with one transaction office serving the given communes, each commune unit
 * linked (admin_code) to a current commune of the administrative register with its area type.
 */
export async function seedProvince(
  db: Executor,
  province: { code: string; name: string },
  communes: readonly { code: string; name: string; areaType: 'rural' | 'urban'; villages?: readonly { code: string; name: string; formerCommuneCode?: string }[] }[],
): Promise<SeededProvince> {
  await db.insertInto('admin_units').values({ layer: 'current', level: 'province', code: province.code, name: province.name, full_name: province.name, unit_type: 'tinh', area_type: null, parent_code: null, province_code: province.code, valid_from: '2025-07-01', valid_to: null }).execute()
  const p = await insertUnit(db, 1, 'province', province.code, `Chi nhánh ${province.name}`, { provinceCode: province.code, adminCode: province.code })
  const office = await insertUnit(db, p.id, 'transaction_office', `PGD-${province.code}`, `PGD ${province.name}`)
  const seeded: SeededCommune[] = []
  for (const c of communes) {
    await db.insertInto('admin_units').values({ layer: 'current', level: 'commune', code: c.code, name: c.name, full_name: c.name, unit_type: c.areaType === 'urban' ? 'phuong' : 'xa', area_type: c.areaType, parent_code: province.code, province_code: province.code, valid_from: '2025-07-01', valid_to: null }).execute()
    const unit = await insertUnit(db, office.id, 'commune', c.code, c.name, { adminCode: c.code })
    const villages = []
    for (const v of c.villages ?? []) villages.push({ ...(await insertUnit(db, unit.id, 'village', v.code, v.name, { formerCommuneCode: v.formerCommuneCode ?? null })), code: v.code })
    seeded.push({ ...unit, code: c.code, villages })
  }
  return { provinceUnitId: p.id, officeUnitId: office.id, communes: seeded }
}

export interface MemberSeed {
  readonly fullName: string
  readonly birthDate?: string | null
  readonly healthInsured?: boolean | null
  readonly inSchool?: boolean | null
}

/** A household with its members (the first is the head), active from `formedOn`. */
export async function seedHousehold(
  db: Executor,
  h: { code: string; provinceCode: string; communeUnitId: number; villageUnitId?: number | null; residenceType: 'rural' | 'urban'; formedOn?: string; members: readonly MemberSeed[] },
): Promise<bigint> {
  const formedOn = h.formedOn ?? '2020-01-01'
  const { id } = await db
    .insertInto('households')
    .values({ code: h.code, province_code: h.provinceCode, commune_unit_id: h.communeUnitId, village_unit_id: h.villageUnitId ?? null, residence_type: h.residenceType, formed_on: formedOn, ended_on: null, address: `Địa chỉ ${h.code}`, head_person_id: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const [i, m] of h.members.entries()) {
    const person = await db
      .insertInto('persons')
      .values({
        province_code: h.provinceCode, full_name: m.fullName, name_search: m.fullName.toLowerCase(), birth_date: m.birthDate ?? null,
        sex: null, ethnicity: null, citizen_id: null, phone: null, health_insured: m.healthInsured ?? null, in_school: m.inSchool ?? null,
        education_level: null, has_disability: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.insertInto('household_members').values({ household_id: id, person_id: person.id, relation: i === 0 ? 'head' : 'member', joined_on: formedOn, left_on: null }).execute()
    if (i === 0) await db.updateTable('households').set({ head_person_id: person.id }).where('id', '=', id).execute()
  }
  return id
}

/** Ends a household (split, merged, dissolved) on a date. */
export async function endHousehold(db: Executor, id: bigint, status: 'split' | 'merged' | 'dissolved', endedOn: string): Promise<void> {
  await db.updateTable('households').set({ status, ended_on: endedOn }).where('id', '=', id).execute()
}

/** A decided class, as a past review would have left it. */
export async function seedClass(db: Executor, householdId: bigint, cls: HouseholdClass, effectiveFrom: string, standardCode = 'VN-2022-2026'): Promise<void> {
  const { province_code } = await db.selectFrom('households').select('province_code').where('id', '=', householdId).executeTakeFirstOrThrow()
  const standard = await db.selectFrom('poverty_standards').select('id').where('code', '=', standardCode).executeTakeFirstOrThrow()
  await db.insertInto('household_classes').values({ household_id: householdId, province_code, class: cls, standard_id: standard.id, effective_from: effectiveFrom, decision_number: `QĐ-${effectiveFrom}`, decision_date: effectiveFrom, review_id: null }).execute()
}

/** A user through the foundation's own use-case, acting as the system. */
export async function seedUser(db: Executor, username: string, role: Role, unitId: number, password: string): Promise<number> {
  const outcome = await createUser(db, systemContext(`fixture-${username}`), { username, fullName: `Cán bộ ${username}`, role, unitId, password, organisation: role === 'org_officer' ? 'womens_union' : null })
  if (outcome.kind !== 'created') throw new Error(`user ${username} was not created`)
  return outcome.user.id
}

/** Historical units and the crosswalk link that makes a current commune the successor of an old one. */
export async function seedHistoricalCommune(db: Executor, h: { provinceCode: string; provinceName: string; districtCode: string; districtName: string; communeCode: string; communeName: string; newCommuneCode: string }): Promise<void> {
  const row = (level: 'province' | 'district' | 'commune', code: string, name: string, parent: string | null) => ({
    layer: 'historical' as const, level, code, name, full_name: name, unit_type: level, area_type: level === 'commune' ? ('rural' as const) : null,
    parent_code: parent, province_code: h.provinceCode, valid_from: null, valid_to: '2025-06-30',
  })
  await db.insertInto('admin_units').values([row('province', h.provinceCode, h.provinceName, null), row('district', h.districtCode, h.districtName, h.provinceCode), row('commune', h.communeCode, h.communeName, h.districtCode)]).onConflict((oc) => oc.doNothing()).execute()
  await db.insertInto('admin_unit_links').values({ new_level: 'commune', new_code: h.newCommuneCode, old_level: 'commune', old_code: h.communeCode, kind: 'full' }).execute()
}
