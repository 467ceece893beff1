import { sql } from 'kysely'
import type { Executor } from '../executor.js'
import { underScope } from '../scope.js'

// Queries of the entrusted organisations opposite the bank and the entrustment contracts with
// them. An organisation unit belongs to the bank unit it is attached to (its scope); a contract
// is seen from either side: the bank unit that signed it or the organisation unit's bank unit.

export interface OrganisationUnitRow {
  id: number
  organisation: 'womens_union' | 'farmers_union' | 'veterans_association' | 'youth_union'
  level: 'province' | 'former_district' | 'commune'
  bank_unit_id: number
  bank_unit_name: string
  bank_unit_kind: string
  bank_unit_path: string
  parent_id: number | null
  parent_name: string | null
  name: string
  province_code: string | null
  status: 'active' | 'dissolved'
  dissolved_on: string | null
  created_at: Date
  group_count: number
}

const organisationUnits = (db: Executor) =>
  db
    .selectFrom('organisation_units as o')
    .innerJoin('units as b', 'b.id', 'o.bank_unit_id')
    .leftJoin('organisation_units as p', 'p.id', 'o.parent_id')
    .select([
      'o.id', 'o.organisation', 'o.level', 'o.bank_unit_id', 'b.name as bank_unit_name', 'b.kind as bank_unit_kind', 'b.path as bank_unit_path',
      'o.parent_id', 'p.name as parent_name', 'o.name', 'o.province_code', 'o.status', 'o.dissolved_on', 'o.created_at',
      sql<number>`(select count(*)::int from savings_groups g where g.organisation_unit_id = o.id and g.status <> 'dissolved')`.as('group_count'),
    ])

export async function findOrganisationUnitInScope(db: Executor, id: number, scopePath: string): Promise<OrganisationUnitRow | undefined> {
  return organisationUnits(db).where('o.id', '=', id).where(underScope('b.path', scopePath)).executeTakeFirst()
}

export async function findOrganisationUnit(db: Executor, id: number): Promise<OrganisationUnitRow | undefined> {
  return organisationUnits(db).where('o.id', '=', id).executeTakeFirst()
}

export interface OrganisationUnitFilter {
  readonly organisation?: string | undefined
  readonly level?: string | undefined
  readonly bankUnitId?: number | undefined
  readonly status?: string | undefined
}

export async function listOrganisationUnitsInScope(db: Executor, scopePath: string, filter: OrganisationUnitFilter, limit: number): Promise<OrganisationUnitRow[]> {
  let q = organisationUnits(db).where(underScope('b.path', scopePath))
  if (filter.organisation !== undefined) q = q.where('o.organisation', '=', filter.organisation as OrganisationUnitRow['organisation'])
  if (filter.level !== undefined) q = q.where('o.level', '=', filter.level as OrganisationUnitRow['level'])
  if (filter.bankUnitId !== undefined) q = q.where('o.bank_unit_id', '=', filter.bankUnitId)
  if (filter.status !== undefined) q = q.where('o.status', '=', filter.status as OrganisationUnitRow['status'])
  return q.orderBy('b.path').orderBy('o.level').orderBy('o.organisation').orderBy('o.name').limit(limit).execute()
}

/** An active unit of this organisation already attached to the bank unit (province and commune levels are one per bank unit). */
export async function activeOrganisationUnitAt(db: Executor, organisation: string, bankUnitId: number): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('organisation_units')
    .select('id')
    .where('organisation', '=', organisation as OrganisationUnitRow['organisation'])
    .where('bank_unit_id', '=', bankUnitId)
    .where('status', '=', 'active')
    .where('level', '<>', 'former_district')
    .executeTakeFirst()
}

// ---- entrustment contracts ----

export interface ContractRow {
  id: number
  number: string
  bank_unit_id: number
  bank_unit_name: string
  bank_unit_kind: string
  bank_unit_path: string
  organisation_unit_id: number
  organisation_unit_name: string
  organisation: OrganisationUnitRow['organisation']
  organisation_level: OrganisationUnitRow['level']
  province_code: string | null
  signed_on: string
  valid_from: string
  valid_to: string | null
  commune_unit_ids: number[]
  program_codes: string[]
  status: 'active' | 'terminated'
  terminated_on: string | null
  termination_reason: string | null
  note: string | null
  created_at: Date
}

const contracts = (db: Executor) =>
  db
    .selectFrom('entrustment_contracts as k')
    .innerJoin('units as b', 'b.id', 'k.bank_unit_id')
    .innerJoin('organisation_units as o', 'o.id', 'k.organisation_unit_id')
    .innerJoin('units as ob', 'ob.id', 'o.bank_unit_id')
    .select([
      'k.id', 'k.number', 'k.bank_unit_id', 'b.name as bank_unit_name', 'b.kind as bank_unit_kind', 'b.path as bank_unit_path',
      'k.organisation_unit_id', 'o.name as organisation_unit_name', 'o.organisation', 'o.level as organisation_level', 'k.province_code',
      'k.signed_on', 'k.valid_from', 'k.valid_to', 'k.commune_unit_ids', 'k.program_codes', 'k.status', 'k.terminated_on', 'k.termination_reason', 'k.note', 'k.created_at',
    ])

/** Visible from either side: the bank unit that signed, or the unit the organisation is attached to. */
const contractInScope = (scopePath: string) => sql<boolean>`(${underScope('b.path', scopePath)} or ${underScope('ob.path', scopePath)})`

export async function findContractInScope(db: Executor, id: number, scopePath: string): Promise<ContractRow | undefined> {
  return contracts(db).where('k.id', '=', id).where(contractInScope(scopePath)).executeTakeFirst()
}

/** A contract the actor may change: the bank side must be in scope. */
export async function findContractForChange(db: Executor, id: number, scopePath: string): Promise<ContractRow | undefined> {
  return contracts(db).where('k.id', '=', id).where(underScope('b.path', scopePath)).executeTakeFirst()
}

export interface ContractFilter {
  readonly organisationUnitId?: number | undefined
  readonly bankUnitId?: number | undefined
  readonly status?: 'active' | 'terminated' | undefined
  readonly organisation?: string | undefined
}

export async function listContractsInScope(db: Executor, scopePath: string, filter: ContractFilter, limit: number): Promise<ContractRow[]> {
  let q = contracts(db).where(contractInScope(scopePath))
  if (filter.organisationUnitId !== undefined) q = q.where('k.organisation_unit_id', '=', filter.organisationUnitId)
  if (filter.bankUnitId !== undefined) q = q.where('k.bank_unit_id', '=', filter.bankUnitId)
  if (filter.status !== undefined) q = q.where('k.status', '=', filter.status)
  if (filter.organisation !== undefined) q = q.where('o.organisation', '=', filter.organisation as OrganisationUnitRow['organisation'])
  return q.orderBy('k.valid_from', 'desc').orderBy('k.number').limit(limit).execute()
}

export async function contractNumberTaken(db: Executor, number: string): Promise<boolean> {
  return (await db.selectFrom('entrustment_contracts').select('id').where('number', '=', number).executeTakeFirst()) !== undefined
}

export async function feeTermsOf(db: Executor, contractIds: readonly number[]) {
  if (contractIds.length === 0) return []
  return db
    .selectFrom('entrustment_fee_terms')
    .select(['id', 'contract_id', 'valid_from', 'valid_to', 'legal_basis', 'note', 'terms', 'created_at'])
    .where('contract_id', 'in', [...contractIds])
    .orderBy('contract_id')
    .orderBy('valid_from')
    .execute()
}

/** Units of a kind under a path whose ids are in the list (the communes a contract may name). */
export async function unitsUnder(db: Executor, ids: readonly number[], path: string, kind: string): Promise<number[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('units').select('id').where('id', 'in', [...ids]).where('kind', '=', kind).where(underScope('path', path)).execute()
  return rows.map((r) => r.id)
}

export async function programCodesKnown(db: Executor, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return []
  return (await db.selectFrom('programs').select('code').where('code', 'in', [...codes]).execute()).map((r) => r.code)
}
