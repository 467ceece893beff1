import { sql } from 'kysely'
import type { Organisation } from '../../domain/access/index.js'
import { checkContractDates, parseFeeTerms, type FeeTerms, type OrganisationLevel } from '../../domain/network/index.js'
import { addDays, compareDates, orThrow, parseIsoDate, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import {
  contractNumberTaken, feeTermsOf, findContractForChange, findContractInScope, findOrganisationUnit, listContractsInScope, programCodesKnown, unitsUnder,
  type ContractFilter, type ContractRow,
} from '../../db/repositories/entrustment.js'
import { findNetworkUnitInScope } from '../../db/repositories/network.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { authorOf, dateOrToday } from './shared.js'

/** One version of a contract's fee and commission terms. */
export interface FeeTermsVersion {
  readonly id: number
  readonly validFrom: string
  readonly validTo: string | null
  readonly legalBasis: string
  readonly note: string | null
  readonly terms: FeeTerms
  /** As stored (rates as integer strings of millionths). */
  readonly termsJson: unknown
}

/** Hợp đồng ủy thác: who signed it, when it is in force, what it covers, its fee terms. */
export interface EntrustmentContract {
  readonly id: number
  readonly number: string
  readonly bankUnitId: number
  readonly bankUnitName: string
  readonly organisationUnitId: number
  readonly organisationUnitName: string
  readonly organisation: Organisation
  readonly organisationLevel: OrganisationLevel
  readonly signedOn: string
  readonly validFrom: string
  readonly validTo: string | null
  /** Empty: every commune the bank unit serves. */
  readonly communeUnitIds: readonly number[]
  /** Empty: every program. */
  readonly programCodes: readonly string[]
  readonly status: 'active' | 'terminated'
  readonly terminatedOn: string | null
  readonly terminationReason: string | null
  readonly note: string | null
  readonly feeTerms: readonly FeeTermsVersion[]
  readonly createdAt: Date
}

type FeeTermsRow = Awaited<ReturnType<typeof feeTermsOf>>[number]

const toFeeTerms = (r: FeeTermsRow): FeeTermsVersion => ({
  id: r.id, validFrom: r.valid_from, validTo: r.valid_to, legalBasis: r.legal_basis, note: r.note, terms: orThrow(parseFeeTerms(r.terms)), termsJson: r.terms,
})

function toContract(r: ContractRow, fees: readonly FeeTermsRow[]): EntrustmentContract {
  return {
    id: r.id, number: r.number, bankUnitId: r.bank_unit_id, bankUnitName: r.bank_unit_name, organisationUnitId: r.organisation_unit_id,
    organisationUnitName: r.organisation_unit_name, organisation: r.organisation, organisationLevel: r.organisation_level, signedOn: r.signed_on,
    validFrom: r.valid_from, validTo: r.valid_to, communeUnitIds: r.commune_unit_ids, programCodes: r.program_codes, status: r.status,
    terminatedOn: r.terminated_on, terminationReason: r.termination_reason, note: r.note, feeTerms: fees.filter((f) => f.contract_id === r.id).map(toFeeTerms), createdAt: r.created_at,
  }
}

async function reload(trx: Executor, id: number): Promise<{ contract: EntrustmentContract; path: string }> {
  const row = await findContractInScope(trx, id, '/1/')
  if (!row) throw new Error(`contract ${id} vanished inside its own transaction`)
  return { contract: toContract(row, await feeTermsOf(trx, [id])), path: row.bank_unit_path }
}

export interface FeeTermsInput {
  readonly legalBasis: string
  readonly note?: string | null | undefined
  readonly terms: unknown
}

export interface CreateContractInput {
  readonly number: string
  readonly bankUnitId: number
  readonly organisationUnitId: number
  /** ISO dates, checked here. */
  readonly signedOn: string
  readonly validFrom: string
  readonly validTo?: string | null | undefined
  readonly communeUnitIds?: readonly number[] | undefined
  readonly programCodes?: readonly string[] | undefined
  readonly note?: string | null | undefined
  /** The fee terms in force from the contract's start. */
  readonly feeTerms: FeeTermsInput
}

/**
 * Records an entrustment contract between a branch or transaction office of the actor's scope and
 * an organisation unit within its area, with its first fee terms (from the contract's start).
 */
export async function createContract(db: Executor, ctx: RequestContext, input: CreateContractInput): Promise<EntrustmentContract> {
  requirePermission(ctx, 'entrustment.manage', 'write')
  const signedOn = orThrow(parseIsoDate(input.signedOn))
  const validFrom = orThrow(parseIsoDate(input.validFrom))
  const validTo = input.validTo == null ? null : orThrow(parseIsoDate(input.validTo))
  orThrow(checkContractDates(signedOn, validFrom, validTo))
  orThrow(parseFeeTerms(input.feeTerms.terms))
  const legalBasis = input.feeTerms.legalBasis.trim()
  if (!legalBasis) throw new RuleViolation('validation_failed', { field: 'feeTerms.legalBasis' })
  const number = input.number.trim()
  return inTransaction(db, async (trx) => {
    const bank = await findNetworkUnitInScope(trx, input.bankUnitId, ctx.actor.scopePath)
    if (!bank) throw new RuleViolation('not_found', { entity: 'unit', id: input.bankUnitId })
    const org = await findOrganisationUnit(trx, input.organisationUnitId)
    if (!org || !org.bank_unit_path.startsWith(ctx.actor.scopePath)) throw new RuleViolation('not_found', { entity: 'organisation_unit', id: input.organisationUnitId })
    if ((bank.kind !== 'province' && bank.kind !== 'transaction_office') || !org.bank_unit_path.startsWith(bank.path))
      throw new RuleViolation('entrustment_contract_parties_invalid', { bankUnitKind: bank.kind, organisationUnitId: org.id })
    if (org.status !== 'active') throw new RuleViolation('organisation_unit_not_active', { id: org.id })
    const communes = [...new Set(input.communeUnitIds ?? [])]
    const programs = [...new Set(input.programCodes ?? [])]
    const knownCommunes = await unitsUnder(trx, communes, bank.path, 'commune')
    const knownPrograms = await programCodesKnown(trx, programs)
    if (knownCommunes.length !== communes.length || knownPrograms.length !== programs.length)
      throw new RuleViolation('entrustment_contract_scope_invalid', { communeUnitIds: communes.filter((c) => !knownCommunes.includes(c)), programCodes: programs.filter((p) => !knownPrograms.includes(p)) })
    if (await contractNumberTaken(trx, number)) throw new RuleViolation('entrustment_contract_number_taken', { number })
    const { id } = await trx
      .insertInto('entrustment_contracts')
      .values({
        number, bank_unit_id: bank.id, organisation_unit_id: org.id, province_code: bank.province_code, signed_on: signedOn, valid_from: validFrom, valid_to: validTo,
        commune_unit_ids: communes, program_codes: programs, terminated_on: null, termination_reason: null, note: input.note?.trim() || null, created_by: authorOf(ctx),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('entrustment_fee_terms')
      .values({ contract_id: id, valid_from: validFrom, valid_to: null, legal_basis: legalBasis, note: input.feeTerms.note?.trim() || null, terms: sql`${JSON.stringify(input.feeTerms.terms)}::jsonb` })
      .execute()
    const { contract, path } = await reload(trx, id)
    await recordAudit(trx, ctx, { action: 'entrustment_contract.create', entityType: 'entrustment_contract', entityId: id, after: { ...contract, feeTerms: contract.feeTerms.map((f) => f.termsJson) }, scopePath: path })
    return contract
  })
}

/**
 * Adds a version of the contract's fee terms from a date (an amendment, phụ lục hợp đồng); the
 * version in force until then ends the day before. Earlier versions are never rewritten.
 */
export async function addFeeTerms(db: Executor, ctx: RequestContext, contractId: number, input: FeeTermsInput & { validFrom: string }): Promise<EntrustmentContract> {
  requirePermission(ctx, 'entrustment.manage', 'write')
  const validFrom = orThrow(parseIsoDate(input.validFrom))
  orThrow(parseFeeTerms(input.terms))
  const legalBasis = input.legalBasis.trim()
  if (!legalBasis) throw new RuleViolation('validation_failed', { field: 'legalBasis' })
  return inTransaction(db, async (trx) => {
    const row = await findContractForChange(trx, contractId, ctx.actor.scopePath)
    if (!row) throw new RuleViolation('not_found', { entity: 'entrustment_contract', id: contractId })
    if (row.status !== 'active') throw new RuleViolation('entrustment_contract_not_active', { id: contractId })
    if (compareDates(validFrom, row.valid_from as LocalDate) < 0 || (row.valid_to !== null && compareDates(validFrom, row.valid_to as LocalDate) > 0))
      throw new RuleViolation('entrustment_contract_dates_invalid', { reason: 'fee_terms_outside_contract', validFrom: validFrom, contractFrom: row.valid_from, contractTo: row.valid_to })
    const versions = await feeTermsOf(trx, [contractId])
    const later = versions.find((v) => compareDates(v.valid_from as LocalDate, validFrom) >= 0)
    if (later) throw new RuleViolation('entrustment_fee_terms_not_latest', { existingFrom: later.valid_from })
    const previous = versions.at(-1)
    if (previous) await trx.updateTable('entrustment_fee_terms').set({ valid_to: addDays(validFrom, -1) }).where('id', '=', previous.id).execute()
    await trx
      .insertInto('entrustment_fee_terms')
      .values({ contract_id: contractId, valid_from: validFrom, valid_to: null, legal_basis: legalBasis, note: input.note?.trim() || null, terms: sql`${JSON.stringify(input.terms)}::jsonb` })
      .execute()
    const { contract, path } = await reload(trx, contractId)
    await recordAudit(trx, ctx, { action: 'entrustment_contract.add_fee_terms', entityType: 'entrustment_contract', entityId: contractId, before: previous ?? null, after: { validFrom: validFrom, legalBasis, terms: input.terms }, scopePath: path })
    return contract
  })
}

/** Ends a contract on a date, with the reason; it stays on record with its fee terms. */
export async function terminateContract(db: Executor, ctx: RequestContext, contractId: number, input: { on?: string | null | undefined; reason: string }): Promise<EntrustmentContract> {
  requirePermission(ctx, 'entrustment.manage', 'write')
  const on = dateOrToday(ctx, input.on)
  const reason = input.reason.trim()
  if (!reason) throw new RuleViolation('validation_failed', { field: 'reason' })
  return inTransaction(db, async (trx) => {
    const row = await findContractForChange(trx, contractId, ctx.actor.scopePath)
    if (!row) throw new RuleViolation('not_found', { entity: 'entrustment_contract', id: contractId })
    if (row.status !== 'active') throw new RuleViolation('entrustment_contract_not_active', { id: contractId })
    if (compareDates(on, row.valid_from as LocalDate) < 0) throw new RuleViolation('entrustment_contract_dates_invalid', { reason: 'ends_before_start', validFrom: row.valid_from, on })
    await trx.updateTable('entrustment_contracts').set({ status: 'terminated', terminated_on: on, termination_reason: reason }).where('id', '=', contractId).execute()
    const { contract, path } = await reload(trx, contractId)
    await recordAudit(trx, ctx, { action: 'entrustment_contract.terminate', entityType: 'entrustment_contract', entityId: contractId, before: { status: row.status }, after: { status: 'terminated', on, reason }, scopePath: path })
    return contract
  })
}

export async function listContracts(db: Executor, ctx: RequestContext, filter: ContractFilter & { limit: number }): Promise<EntrustmentContract[]> {
  requirePermission(ctx, 'groups.read')
  const rows = await listContractsInScope(db, ctx.actor.scopePath, filter, filter.limit)
  const fees = await feeTermsOf(db, rows.map((r) => r.id))
  return rows.map((r) => toContract(r, fees))
}

export async function getContract(db: Executor, ctx: RequestContext, id: number): Promise<EntrustmentContract> {
  requirePermission(ctx, 'groups.read')
  const row = await findContractInScope(db, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'entrustment_contract', id })
  return toContract(row, await feeTermsOf(db, [id]))
}
