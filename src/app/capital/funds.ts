import { sql } from 'kysely'
import { programAllowed, validateSplit, type AgreementTerms } from '../../domain/capital/index.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import type { CapitalAgreementsTable } from '../../db/schema.js'
import { underScope } from '../../db/scope.js'
import type { Selectable } from 'kysely'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

type AgreementRow = Selectable<CapitalAgreementsTable>

/** One dated version of a local fund's agreement (thỏa thuận ủy thác), as the API shows it. */
export interface Agreement extends AgreementTerms {
  readonly id: number
  readonly sourceCode: string
  readonly version: number
  readonly number: string
  readonly signedOn: string
  readonly validFrom: string
  readonly validTo: string | null
  readonly legalBasis: string
  readonly bankUnitId: number
  readonly note: string | null
}

export interface AgreementInput {
  readonly number: string
  readonly signedOn: LocalDate
  readonly validFrom: LocalDate
  readonly validTo?: LocalDate | null | undefined
  readonly legalBasis: string
  /** The bank unit that manages the fund (a branch or transaction office); interest added back lands there. */
  readonly bankUnitId: number
  readonly programCodes?: readonly string[] | undefined
  readonly localPovertyStandard?: boolean | undefined
  readonly fundShareMicros: number
  readonly reserveShareMicros: number
  readonly bankFeeMicros: number
  readonly note?: string | null | undefined
}

export interface LocalFundInput {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  /** The owner: the province or commune whose People's Committee entrusts its budget. */
  readonly ownerUnitId: number
  readonly agreement: AgreementInput
}

export const toAgreement = (r: AgreementRow): Agreement => ({
  id: r.id, sourceCode: r.source_code, version: r.version, number: r.number, signedOn: r.signed_on, validFrom: r.valid_from, validTo: r.valid_to,
  legalBasis: r.legal_basis, bankUnitId: r.bank_unit_id, programCodes: r.program_codes, localPovertyStandard: r.local_poverty_standard,
  fundShareMicros: r.fund_share_micros, reserveShareMicros: r.reserve_share_micros, bankFeeMicros: r.bank_fee_micros, note: r.note,
})

/** The version of a source's agreement in force on a date: the latest taking effect by then, unless it has expired. */
export async function agreementOn(db: Executor, source: string, date: string): Promise<AgreementRow | undefined> {
  const row = await db.selectFrom('capital_agreements').selectAll().where('source_code', '=', source).where('valid_from', '<=', date)
    .orderBy('valid_from', 'desc').limit(1).executeTakeFirst()
  return row && (row.valid_to === null || row.valid_to >= date) ? row : undefined
}

async function checkAgreementInput(trx: Executor, ctx: RequestContext, input: AgreementInput): Promise<{ programCodes: string[] }> {
  orThrow(validateSplit(input))
  if (input.validTo && input.validTo < input.validFrom) throw new RuleViolation('validation_failed', { field: 'validTo', expected: '≥ validFrom' })
  const bank = await trx.selectFrom('units').select(['id', 'kind']).where('id', '=', input.bankUnitId).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
  if (!bank || !['province', 'transaction_office'].includes(bank.kind)) throw new RuleViolation('not_found', { entity: 'unit', id: input.bankUnitId })
  const programCodes = [...new Set(input.programCodes ?? [])].sort()
  if (programCodes.length > 0) {
    const found = await trx.selectFrom('programs').select('code').where('code', 'in', programCodes).execute()
    const missing = programCodes.filter((c) => !found.some((f) => f.code === c))
    if (missing.length > 0) throw new RuleViolation('not_found', { entity: 'program', codes: missing })
  }
  return { programCodes }
}

function agreementValues(source: string, version: number, provinceCode: string | null, input: AgreementInput, programCodes: string[], ctx: RequestContext) {
  return {
    source_code: source, version, number: input.number.trim(), signed_on: input.signedOn, valid_from: input.validFrom, valid_to: input.validTo ?? null,
    legal_basis: input.legalBasis.trim(), bank_unit_id: input.bankUnitId, program_codes: programCodes, local_poverty_standard: input.localPovertyStandard ?? false,
    fund_share_micros: input.fundShareMicros, reserve_share_micros: input.reserveShareMicros, bank_fee_micros: input.bankFeeMicros,
    province_code: provinceCode, note: input.note?.trim() || null, created_by: ctx.actor.userId || null,
  }
}

/**
 * Records a local-budget entrusted fund (nguồn vốn ngân sách địa phương ủy thác) with its owner
 * and the first version of its agreement. The owner must be in the actor's scope.
 */
export async function createLocalFund(db: Executor, ctx: RequestContext, input: LocalFundInput): Promise<{ code: string; agreement: Agreement }> {
  requirePermission(ctx, 'capital.manage', 'write')
  if (!/^[A-Z0-9_]{2,40}$/.test(input.code)) throw new RuleViolation('validation_failed', { field: 'code', expected: 'A-Z, 0-9, _ (2–40)' })
  return inTransaction(db, async (trx) => {
    const owner = await trx.selectFrom('units').select(['id', 'kind', 'path', 'province_code']).where('id', '=', input.ownerUnitId).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
    if (!owner || !['province', 'commune'].includes(owner.kind)) throw new RuleViolation('not_found', { entity: 'unit', id: input.ownerUnitId })
    const exists = await trx.selectFrom('capital_sources').select('code').where('code', '=', input.code).executeTakeFirst()
    if (exists) throw new RuleViolation('capital_source_exists', { code: input.code })
    const { programCodes } = await checkAgreementInput(trx, ctx, input.agreement)
    await trx.insertInto('capital_sources').values({ code: input.code, name_vi: input.nameVi.trim(), name_en: input.nameEn.trim(), kind: 'local', owner_unit_id: owner.id, province_code: owner.province_code }).execute()
    const row = await trx.insertInto('capital_agreements').values(agreementValues(input.code, 1, owner.province_code, input.agreement, programCodes, ctx)).returningAll().executeTakeFirstOrThrow()
    const agreement = toAgreement(row)
    await recordAudit(trx, ctx, { action: 'capital.fund.create', entityType: 'capital_source', entityId: input.code, after: { code: input.code, nameVi: input.nameVi, ownerUnitId: owner.id, agreement }, scopePath: owner.path })
    return { code: input.code, agreement }
  })
}

/** Amends a local fund's agreement: a new dated version taking effect after the latest one; earlier versions stay as they were. */
export async function amendAgreement(db: Executor, ctx: RequestContext, source: string, input: AgreementInput): Promise<Agreement> {
  requirePermission(ctx, 'capital.manage', 'write')
  return inTransaction(db, async (trx) => {
    const fund = await localFundInScope(trx, ctx, source)
    await sql`select code from capital_sources where code = ${source} for update`.execute(trx)
    const latest = await trx.selectFrom('capital_agreements').selectAll().where('source_code', '=', source).orderBy('version', 'desc').limit(1).executeTakeFirst()
    if (latest && input.validFrom <= latest.valid_from) throw new RuleViolation('capital_agreement_date_invalid', { latestValidFrom: latest.valid_from })
    const { programCodes } = await checkAgreementInput(trx, ctx, input)
    const row = await trx.insertInto('capital_agreements').values(agreementValues(source, (latest?.version ?? 0) + 1, fund.province_code, input, programCodes, ctx)).returningAll().executeTakeFirstOrThrow()
    const agreement = toAgreement(row)
    await recordAudit(trx, ctx, { action: 'capital.agreement.amend', entityType: 'capital_source', entityId: source, before: latest ? toAgreement(latest) : null, after: agreement, scopePath: fund.path })
    return agreement
  })
}

/** A local fund whose owner is in the actor's scope (others answer as not found). */
export async function localFundInScope(db: Executor, ctx: RequestContext, source: string) {
  const fund = await db.selectFrom('capital_sources as cs').innerJoin('units as u', 'u.id', 'cs.owner_unit_id')
    .select(['cs.code', 'cs.kind', 'cs.province_code', 'u.path']).where('cs.code', '=', source).where(underScope('u.path', ctx.actor.scopePath)).executeTakeFirst()
  if (!fund) {
    const central = await db.selectFrom('capital_sources').select('kind').where('code', '=', source).executeTakeFirst()
    if (central?.kind === 'central') throw new RuleViolation('capital_source_not_local', { code: source })
    throw new RuleViolation('not_found', { entity: 'capital_source', code: source })
  }
  return fund
}

export interface CapitalSourceSummary {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly kind: 'central' | 'local'
  readonly ownerUnitId: number | null
  readonly ownerUnitName: string | null
  readonly provinceCode: string | null
  readonly agreement: Agreement | null
}

/**
 * Capital sources a reader may see: every central source, and the local funds whose owner lies
 * in the reader's scope or above it (a commune's officers see their province's fund), each with
 * the agreement in force on `date`.
 */
export async function listSources(db: Executor, ctx: RequestContext, date: LocalDate): Promise<CapitalSourceSummary[]> {
  requirePermission(ctx, 'capital.read')
  const rows = await db.selectFrom('capital_sources as cs').leftJoin('units as u', 'u.id', 'cs.owner_unit_id')
    .select(['cs.code', 'cs.name_vi', 'cs.name_en', 'cs.kind', 'cs.owner_unit_id', 'cs.province_code', 'u.name as owner_name', 'u.path'])
    .orderBy('cs.kind').orderBy('cs.code').execute()
  const visible = rows.filter((r) => r.kind === 'central' || (r.path !== null && (r.path.startsWith(ctx.actor.scopePath) || ctx.actor.scopePath.startsWith(r.path))))
  const out: CapitalSourceSummary[] = []
  for (const r of visible) {
    const a = r.kind === 'local' ? await agreementOn(db, r.code, date) : undefined
    out.push({ code: r.code, nameVi: r.name_vi, nameEn: r.name_en, kind: r.kind, ownerUnitId: r.owner_unit_id, ownerUnitName: r.owner_name, provinceCode: r.province_code, agreement: a ? toAgreement(a) : null })
  }
  return out
}

/** One source with every version of its agreement, newest first. */
export async function getSource(db: Executor, ctx: RequestContext, source: string, date: LocalDate): Promise<CapitalSourceSummary & { agreements: Agreement[] }> {
  const found = (await listSources(db, ctx, date)).find((s) => s.code === source)
  if (!found) throw new RuleViolation('not_found', { entity: 'capital_source', code: source })
  const agreements = await db.selectFrom('capital_agreements').selectAll().where('source_code', '=', source).orderBy('version', 'desc').execute()
  return { ...found, agreements: agreements.map(toAgreement) }
}

/** Capital kinds (vốn ngân sách, tiền gửi 2%…) in force on a date. */
export async function listCapitalKinds(db: Executor, ctx: RequestContext, date: LocalDate) {
  requirePermission(ctx, 'capital.read')
  return db.selectFrom('capital_kinds').select(['code', 'name_vi as nameVi', 'name_en as nameEn', 'applies_to as appliesTo', 'valid_from as validFrom', 'valid_to as validTo', 'legal_basis as legalBasis'])
    .where('valid_from', '<=', date).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', date)])).orderBy('code').execute()
}

/** What a local fund's agreement in force says of a loan it funds. */
export interface LocalFundTerms {
  /** Borrowers qualify by the province's own poverty standard rather than the national one. */
  readonly localPovertyStandard: boolean
}

/**
 * For an application or a disbursement: when the source is a local fund, its agreement in force
 * on the date must allow the program (`capital_program_not_in_agreement`; no agreement in force:
 * `capital_agreement_missing`). Returns the agreement's terms for a local fund that allows it —
 * the agreement, not the program catalogue, says what a local fund lends — and null for a
 * central source.
 */
export async function localFundTerms(trx: Executor, source: string, programCode: string, date: string): Promise<LocalFundTerms | null> {
  const fund = await trx.selectFrom('capital_sources').select('kind').where('code', '=', source).executeTakeFirst()
  if (fund?.kind !== 'local') return null
  const agreement = await agreementOn(trx, source, date)
  if (!agreement) throw new RuleViolation('capital_agreement_missing', { capitalSource: source, date })
  orThrow(programAllowed({ programCodes: agreement.program_codes }, programCode))
  return { localPovertyStandard: agreement.local_poverty_standard }
}
