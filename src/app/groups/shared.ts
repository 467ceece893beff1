import { inScope, type Organisation } from '../../domain/access/index.js'
import type { RuleWarning } from '../../domain/network/index.js'
import { localDateOf, messageOf, orThrow, parseIsoDate, RuleViolation, type LocalDate } from '../../domain/shared/index.js'
import type { Executor, RequestContext } from '../context.js'

/** Today in Vietnam: the default date of a change and the bound no date may pass. */
export const todayOf = (ctx: RequestContext): LocalDate => localDateOf(ctx.now)

export function dateOrToday(ctx: RequestContext, on: string | null | undefined): LocalDate {
  return on === undefined || on === null || on === '' ? todayOf(ctx) : orThrow(parseIsoDate(on))
}

/** The user id to record as the author of a row (the system acts as no user). */
export const authorOf = (ctx: RequestContext): number | null => (ctx.actor.userId === 0 ? null : ctx.actor.userId)

/**
 * An organisation officer (cán bộ hội) manages only the groups of their own organisation; other
 * roles with `groups.manage` (commune officers, transaction offices) manage every group in scope.
 */
export async function requireOwnOrganisation(trx: Executor, ctx: RequestContext, organisation: Organisation): Promise<void> {
  if (ctx.actor.role !== 'org_officer') return
  const user = await trx.selectFrom('users').select('organisation').where('id', '=', ctx.actor.userId).executeTakeFirst()
  if (user?.organisation !== organisation) throw new RuleViolation('group_other_organisation', { organisation })
}

/** A warning as the API and the CLI show it: the rule's code, its sentence in both languages and the facts. */
export interface Warning {
  readonly code: string
  readonly message: { readonly vi: string; readonly en: string }
  readonly details: Readonly<Record<string, unknown>>
}

export const withMessages = (warnings: readonly RuleWarning[]): Warning[] => warnings.map((w) => ({ code: w.code, message: messageOf(w.code), details: w.details }))

/** `member_in_another_group`, naming the other group only when the actor may see it. */
export function memberInAnotherGroup(ctx: RequestContext, other: { group_id: bigint; group_code: string; commune_path: string }): RuleViolation {
  return new RuleViolation('member_in_another_group', inScope(ctx.actor.scopePath, other.commune_path) ? { groupId: other.group_id, groupCode: other.group_code } : {})
}

/** A database error that is the partial unique index on open memberships (a concurrent join). */
export function isActiveMembershipConflict(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown }
  return e?.code === '23505' && (e.constraint === 'group_memberships_one_active_idx' || String(e.message ?? '').includes('group_memberships_one_active_idx'))
}
