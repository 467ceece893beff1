import { sql } from 'kysely'
import { parseNetworkRules, rulesOn, type NetworkRulesVersion } from '../../domain/network/index.js'
import { addDays, compareDates, orThrow, parseIsoDate, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import { loadNetworkRules } from '../../db/repositories/groups.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

export interface NetworkRulesView extends NetworkRulesVersion {
  readonly note: string | null
  /** The rules as stored (integers as strings), for display and for editing into a new version. */
  readonly rulesJson: unknown
}

/** Every version of the savings-group rules, parsed (a stored version that does not parse is a bug). */
export async function loadRulesVersions(db: Executor): Promise<NetworkRulesView[]> {
  return (await loadNetworkRules(db)).map((r) => ({
    id: r.id, provinceCode: r.province_code, validFrom: r.valid_from as LocalDate, validTo: r.valid_to as LocalDate | null, legalBasis: r.legal_basis, note: r.note,
    rules: orThrow(parseNetworkRules(r.rules)), rulesJson: r.rules,
  }))
}

/** The rules in force for a province on a date (its own version, else the national one). */
export async function rulesFor(db: Executor, date: LocalDate, provinceCode: string | null): Promise<NetworkRulesVersion> {
  return orThrow(rulesOn(await loadRulesVersions(db), date, provinceCode))
}

export async function listNetworkRules(db: Executor, ctx: RequestContext): Promise<NetworkRulesView[]> {
  requirePermission(ctx, 'groups.read')
  return loadRulesVersions(db)
}

export interface NewRulesInput {
  readonly provinceCode?: string | null | undefined
  /** ISO date, checked here. */
  readonly validFrom: string
  readonly legalBasis: string
  readonly note?: string | null | undefined
  readonly rules: unknown
}

/**
 * Records a new version of the savings-group rules (national, or a province's own) from a date,
 * with its legal basis. The version in force until then ends the day before; a version is never
 * rewritten, since grades name the version they were computed under.
 */
export async function addNetworkRules(db: Executor, ctx: RequestContext, input: NewRulesInput): Promise<NetworkRulesView> {
  requirePermission(ctx, 'network.rules.manage', 'write')
  const rules = orThrow(parseNetworkRules(input.rules))
  const validFrom = orThrow(parseIsoDate(input.validFrom))
  const legalBasis = input.legalBasis.trim()
  if (!legalBasis) throw new RuleViolation('validation_failed', { field: 'legalBasis' })
  const province = input.provinceCode ?? null
  return inTransaction(db, async (trx) => {
    const sameScope = trx.selectFrom('network_rules').select(['id', 'valid_from', 'valid_to']).where(sql<boolean>`coalesce(province_code, '') = ${province ?? ''}`)
    const later = await sameScope.where('valid_from', '>=', validFrom).executeTakeFirst()
    if (later) throw new RuleViolation('network_rules_not_latest', { existingFrom: later.valid_from })
    const previous = await sameScope.orderBy('valid_from', 'desc').limit(1).executeTakeFirst()
    if (previous && (previous.valid_to === null || compareDates(previous.valid_to as LocalDate, validFrom) >= 0))
      await trx.updateTable('network_rules').set({ valid_to: addDays(validFrom, -1) }).where('id', '=', previous.id).execute()
    const { id } = await trx
      .insertInto('network_rules')
      .values({ province_code: province, valid_from: validFrom, valid_to: null, legal_basis: legalBasis, note: input.note?.trim() || null, rules: sql`${JSON.stringify(input.rules)}::jsonb` })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'network_rules.add', entityType: 'network_rules', entityId: id, before: previous ?? null, after: { provinceCode: province, validFrom: validFrom, legalBasis, rules: input.rules } })
    return { id, provinceCode: province, validFrom: validFrom, validTo: null, legalBasis, note: input.note?.trim() || null, rules, rulesJson: input.rules }
  })
}
