import { sql } from 'kysely'
import { nearestHolder, poolBalances, poolCovers } from '../../domain/capital/index.js'
import type { Posting } from '../../domain/ledger/index.js'
import { orThrow, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { hasAllocations, heldByUnit, movementDifferences, outstandingByUnit } from '../../db/repositories/capital.js'
import type { CapitalMovementsTable } from '../../db/schema.js'
import { underScope } from '../../db/scope.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { postEntry, registerLedgerCheck, type LedgerCheck } from '../ledger.js'
import { agreementOn, localFundTerms } from './funds.js'

type MovementKind = CapitalMovementsTable['kind']

export interface Movement {
  readonly id: bigint
  readonly entryId: bigint
  readonly kind: MovementKind
}

interface MovementSpec {
  readonly source: string
  readonly kind: MovementKind
  readonly capitalKind: string | null
  readonly fromUnitId: number | null
  readonly toUnitId: number | null
  readonly amountDong: bigint
  readonly date: LocalDate
  readonly reference: string
  readonly provinceCode: string | null
  readonly scopePath: string
  readonly agreementId?: number | null
  readonly contributorKind?: 'organisation' | 'firm' | 'person' | null
  readonly contributorName?: string | null
}

const ENTRY_KIND: Record<MovementKind, string> = {
  receipt: 'capital.receive', allocation: 'capital.allocate', return: 'capital.return', contribution: 'capital.contribution', interest_share: 'capital.interest_split',
}

/** Posts a movement's journal entry and its sub-ledger row, audited, inside the caller's transaction. */
async function postMovement(trx: Executor, ctx: RequestContext, m: MovementSpec, postings: Posting[]): Promise<Movement> {
  const entryId = await postEntry(trx, ctx, { kind: ENTRY_KIND[m.kind], entryDate: m.date, provinceCode: m.provinceCode, description: m.reference, postings })
  const row = await trx.insertInto('capital_movements').values({
    source_code: m.source, kind: m.kind, capital_kind: m.capitalKind, from_unit_id: m.fromUnitId, to_unit_id: m.toUnitId, amount_dong: m.amountDong,
    movement_date: m.date, agreement_id: m.agreementId ?? null, contributor_kind: m.contributorKind ?? null, contributor_name: m.contributorName ?? null,
    reference: m.reference, entry_id: entryId, province_code: m.provinceCode, created_by: ctx.actor.userId || null,
  }).returning('id').executeTakeFirstOrThrow()
  await recordAudit(trx, ctx, {
    action: `capital.${m.kind}`, entityType: 'capital_movement', entityId: row.id,
    after: { ...m, amountDong: m.amountDong.toString(), entryId: entryId.toString() }, scopePath: m.scopePath,
  })
  return { id: row.id, entryId, kind: m.kind }
}

/** Locks the source (one money movement at a time per source) and returns it. */
async function lockSource(trx: Executor, source: string) {
  const { rows } = await sql<{ code: string; kind: 'central' | 'local' }>`select code, kind from capital_sources where code = ${source} for update`.execute(trx)
  if (!rows[0]) throw new RuleViolation('not_found', { entity: 'capital_source', code: source })
  return rows[0]
}

async function unitInScope(trx: Executor, ctx: RequestContext, unitId: number) {
  const unit = await trx.selectFrom('units').select(['id', 'kind', 'path', 'province_code']).where('id', '=', unitId).where(underScope('path', ctx.actor.scopePath)).executeTakeFirst()
  if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: unitId })
  return unit
}

async function checkCapitalKind(trx: Executor, kind: string, sourceKind: 'central' | 'local', date: LocalDate): Promise<void> {
  const row = await trx.selectFrom('capital_kinds').select(['applies_to', 'valid_from', 'valid_to']).where('code', '=', kind).executeTakeFirst()
  if (!row || (row.applies_to !== 'any' && row.applies_to !== sourceKind) || row.valid_from > date || (row.valid_to !== null && row.valid_to < date))
    throw new RuleViolation('capital_kind_invalid', { capitalKind: kind, sourceKind })
}

/** Each holding unit's pool balance now (held − outstanding of the loans drawing on it). */
export async function currentPools(trx: Executor, source: string): Promise<Map<number, bigint>> {
  return poolBalances({ heldDong: await heldByUnit(trx, source, null), outstanding: await outstandingByUnit(trx, source, null) })
}

function positive(amountDong: bigint): void {
  if (amountDong <= 0n) throw new RuleViolation('amount_not_positive')
}

export interface ReceiptInput {
  readonly capitalSource: string
  readonly amountDong: bigint
  readonly unitId: number
  readonly date: LocalDate
  readonly reference: string
  /** The kind of capital (state_budget, deposits_2pct, bonds, mobilised_savings, local_budget…); a local fund's defaults to local_budget. */
  readonly capitalKind?: string | undefined
}

/**
 * Capital received into a lending fund at a bank unit: cash at the unit against the source's
 * capital, tagged with its kind and, for a local fund, the agreement in force.
 */
export async function recordReceipt(db: Executor, ctx: RequestContext, input: ReceiptInput): Promise<Movement> {
  requirePermission(ctx, 'capital.manage', 'write')
  positive(input.amountDong)
  return inTransaction(db, async (trx) => {
    const source = await lockSource(trx, input.capitalSource)
    const unit = await unitInScope(trx, ctx, input.unitId)
    const capitalKind = input.capitalKind ?? (source.kind === 'local' ? 'local_budget' : 'state_budget')
    await checkCapitalKind(trx, capitalKind, source.kind, input.date)
    const agreement = source.kind === 'local' ? await agreementOn(trx, source.code, input.date) : undefined
    if (source.kind === 'local' && !agreement) throw new RuleViolation('capital_agreement_missing', { capitalSource: source.code, date: input.date })
    return postMovement(trx, ctx, {
      source: source.code, kind: 'receipt', capitalKind, fromUnitId: null, toUnitId: unit.id, amountDong: input.amountDong, date: input.date,
      reference: input.reference, provinceCode: unit.province_code, scopePath: unit.path, agreementId: agreement?.id ?? null,
    }, [{ account: { kind: 'cash', unit: unit.id }, amountDong: input.amountDong }, { account: { kind: 'lending_fund', capitalSource: source.code }, amountDong: -input.amountDong }])
  })
}

export interface ContributionInput extends ReceiptInput {
  readonly contributorKind: 'organisation' | 'firm' | 'person'
  readonly contributorName: string
}

/** Mobilised contributions (vốn huy động, đóng góp) of an organisation, a firm or a person: capital of a named kind. */
export async function recordContribution(db: Executor, ctx: RequestContext, input: ContributionInput): Promise<Movement> {
  requirePermission(ctx, 'capital.manage', 'write')
  positive(input.amountDong)
  if (input.contributorName.trim() === '') throw new RuleViolation('validation_failed', { field: 'contributorName' })
  return inTransaction(db, async (trx) => {
    const source = await lockSource(trx, input.capitalSource)
    const unit = await unitInScope(trx, ctx, input.unitId)
    const capitalKind = input.capitalKind ?? 'contributions'
    await checkCapitalKind(trx, capitalKind, source.kind, input.date)
    const agreement = source.kind === 'local' ? await agreementOn(trx, source.code, input.date) : undefined
    return postMovement(trx, ctx, {
      source: source.code, kind: 'contribution', capitalKind, fromUnitId: null, toUnitId: unit.id, amountDong: input.amountDong, date: input.date,
      reference: input.reference, provinceCode: unit.province_code, scopePath: unit.path, agreementId: agreement?.id ?? null,
      contributorKind: input.contributorKind, contributorName: input.contributorName.trim(),
    }, [{ account: { kind: 'cash', unit: unit.id }, amountDong: input.amountDong }, { account: { kind: 'lending_fund', capitalSource: source.code }, amountDong: -input.amountDong }])
  })
}

export interface AllocationInput {
  readonly capitalSource: string
  readonly fromUnitId: number
  readonly toUnitId: number
  readonly amountDong: bigint
  readonly date: LocalDate
  readonly reference: string
}

/**
 * Allocates a source's capital down the bank hierarchy (branch → transaction office → commune):
 * cash moves from the allocating unit to the unit below, and the capital it holds with it. The
 * allocating unit's pool (what it holds less what its loans have drawn) must cover the amount
 * (`capital_allocation_exceeds_available`, nothing written).
 */
export async function allocateCapital(db: Executor, ctx: RequestContext, input: AllocationInput): Promise<Movement> {
  requirePermission(ctx, 'capital.manage', 'write')
  positive(input.amountDong)
  return inTransaction(db, async (trx) => {
    const source = await lockSource(trx, input.capitalSource)
    const from = await unitInScope(trx, ctx, input.fromUnitId)
    const to = await unitInScope(trx, ctx, input.toUnitId)
    if (!to.path.startsWith(from.path) || to.id === from.id) throw new RuleViolation('capital_allocation_not_down', { fromUnitId: from.id, toUnitId: to.id })
    orThrow(poolCovers(await currentPools(trx, source.code), from.id, input.amountDong, 'capital_allocation_exceeds_available'))
    return postMovement(trx, ctx, {
      source: source.code, kind: 'allocation', capitalKind: null, fromUnitId: from.id, toUnitId: to.id, amountDong: input.amountDong, date: input.date,
      reference: input.reference, provinceCode: to.province_code, scopePath: from.path,
    }, [{ account: { kind: 'cash', unit: to.id }, amountDong: input.amountDong }, { account: { kind: 'cash', unit: from.id }, amountDong: -input.amountDong }])
  })
}

export interface ReturnInput {
  readonly capitalSource: string
  readonly unitId: number
  readonly amountDong: bigint
  readonly date: LocalDate
  readonly reference: string
}

/** Capital returned to its owner (hoàn trả vốn): out of a unit's pool, the source's capital goes down. */
export async function returnCapital(db: Executor, ctx: RequestContext, input: ReturnInput): Promise<Movement> {
  requirePermission(ctx, 'capital.manage', 'write')
  positive(input.amountDong)
  return inTransaction(db, async (trx) => {
    const source = await lockSource(trx, input.capitalSource)
    const unit = await unitInScope(trx, ctx, input.unitId)
    orThrow(poolCovers(await currentPools(trx, source.code), unit.id, input.amountDong, 'capital_return_exceeds_available'))
    const agreement = source.kind === 'local' ? await agreementOn(trx, source.code, input.date) : undefined
    return postMovement(trx, ctx, {
      source: source.code, kind: 'return', capitalKind: source.kind === 'local' ? 'local_budget' : null, fromUnitId: unit.id, toUnitId: null, amountDong: input.amountDong,
      date: input.date, reference: input.reference, provinceCode: unit.province_code, scopePath: unit.path, agreementId: agreement?.id ?? null,
    }, [{ account: { kind: 'lending_fund', capitalSource: source.code }, amountDong: input.amountDong }, { account: { kind: 'cash', unit: unit.id }, amountDong: -input.amountDong }])
  })
}

/**
 * The capital checks of a disbursement, called by the loan engine's use-case inside its
 * transaction after the source is locked: the local fund's agreement must allow the program, and
 * once a source has been allocated down the hierarchy, the pool the loan's commune draws on
 * (its nearest holding unit) must cover the amount (`fund_insufficient`). Sources never
 * allocated keep the global check alone.
 */
export async function checkDisbursementCapital(trx: Executor, loan: { capital_source_code: string; program_code: string; commune_unit_id: number }, amountDong: bigint, date: string): Promise<void> {
  await localFundTerms(trx, loan.capital_source_code, loan.program_code, date)
  if (!(await hasAllocations(trx, loan.capital_source_code))) return
  const unit = await trx.selectFrom('units').select('path').where('id', '=', loan.commune_unit_id).executeTakeFirstOrThrow()
  const held = await heldByUnit(trx, loan.capital_source_code, null)
  const holder = nearestHolder(unit.path, held)
  if (holder === null) return
  const pools = poolBalances({ heldDong: held, outstanding: await outstandingByUnit(trx, loan.capital_source_code, null) })
  const covered = poolCovers(pools, holder, amountDong, 'fund_insufficient')
  if (!covered.ok) throw new RuleViolation('fund_insufficient', { ...covered.details, capitalSource: loan.capital_source_code })
}

/** `tdcs ledger verify`: each source's capital by its movements equals its lending-fund account. */
export const capitalLedgerCheck: LedgerCheck = async (db) =>
  (await movementDifferences(db)).map((d) => ({ check: 'account_balance' as const, subject: `capital movements of ${d.source}`, expectedDong: d.ledgerDong.toString(), actualDong: d.movementsDong.toString() }))

registerLedgerCheck('capital movements', capitalLedgerCheck)
