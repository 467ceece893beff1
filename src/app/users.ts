import { isRole, ROLE_RULES, type Organisation, type Role, type UnitKind } from '../domain/access/index.js'
import { orThrow, RuleViolation } from '../domain/shared/index.js'
import { findUnitInScope } from '../db/repositories/units.js'
import { findUserInScope, listUsersInScope, type UserFilter, type UserView } from '../db/repositories/users.js'
import { requestApproval } from './approvals.js'
import { recordAudit } from './audit.js'
import { inTransaction, type Executor, type RequestContext } from './context.js'
import { requirePermission } from './guards.js'
import { checkPasswordStrength, hashPassword } from './password.js'

export interface User {
  readonly id: number
  readonly username: string
  readonly fullName: string
  readonly role: Role
  readonly unitId: number
  readonly unitName: string
  readonly unitKind: UnitKind
  readonly organisation: Organisation | null
  /** 'locked' is derived: too many failed logins, until the lock expires or an admin re-enables. */
  readonly status: 'active' | 'disabled' | 'locked'
  readonly locale: 'vi' | 'en'
  readonly createdAt: Date
  readonly lastLoginAt: Date | null
}

export function toUser(row: UserView, now: Date): User {
  const locked = row.locked_until !== null && row.locked_until > now
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: row.role as Role,
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitKind: row.unit_kind as UnitKind,
    organisation: row.organisation as Organisation | null,
    status: row.status === 'disabled' ? 'disabled' : locked ? 'locked' : 'active',
    locale: row.locale as 'vi' | 'en',
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  }
}

export async function listUsers(db: Executor, ctx: RequestContext, filter: UserFilter): Promise<{ items: User[]; total: number }> {
  requirePermission(ctx, 'users.read')
  const { items, total } = await listUsersInScope(db, ctx.actor.scopePath, filter)
  return { items: items.map((row) => toUser(row, ctx.now)), total }
}

export async function getUser(db: Executor, ctx: RequestContext, id: number): Promise<User> {
  requirePermission(ctx, 'users.read')
  const row = await findUserInScope(db, id, ctx.actor.scopePath)
  if (!row) throw new RuleViolation('not_found', { entity: 'user', id })
  return toUser(row, ctx.now)
}

export interface CreateUserInput {
  readonly username: string
  readonly fullName: string
  readonly role: Role
  readonly unitId: number
  readonly organisation?: Organisation | null | undefined
  readonly password: string
}

/** The row a new user becomes: checked against the rules, password already hashed. */
interface PreparedUser {
  readonly username: string
  readonly full_name: string
  readonly role: Role
  readonly unit_id: number
  readonly organisation: Organisation | null
  readonly password_hash: string
}

export type CreateUserOutcome =
  | { readonly kind: 'created'; readonly user: User }
  | { readonly kind: 'pending_approval'; readonly approvalId: number }

/**
 * Creates a user bound to a unit in the actor's scope. Granting the administrator role is a
 * four-eyes action: it becomes a pending approval that another administrator must decide.
 */
export async function createUser(db: Executor, ctx: RequestContext, input: CreateUserInput): Promise<CreateUserOutcome> {
  requirePermission(ctx, 'users.manage', 'write')
  orThrow(checkPasswordStrength(input.password))
  const username = input.username.trim().toLowerCase()
  const organisation = input.role === 'org_officer' ? input.organisation ?? null : null
  if (input.role === 'org_officer' && organisation === null) throw new RuleViolation('organisation_required')
  const passwordHash = await hashPassword(input.password)
  return inTransaction(db, async (trx) => {
    const unit = await findUnitInScope(trx, input.unitId, ctx.actor.scopePath)
    if (!unit) throw new RuleViolation('not_found', { entity: 'unit', id: input.unitId })
    if (!ROLE_RULES[input.role].unitKinds.includes(unit.kind as UnitKind))
      throw new RuleViolation('role_unit_mismatch', { role: input.role, unitKind: unit.kind, allowed: ROLE_RULES[input.role].unitKinds })
    await assertUsernameFree(trx, username)
    const prepared: PreparedUser = { username, full_name: input.fullName.trim(), role: input.role, unit_id: unit.id, organisation, password_hash: passwordHash }
    if (input.role === 'admin' && ctx.actor.userId !== 0) {
      const approvalId = await requestApproval(trx, ctx, {
        kind: 'user.create_admin', entityType: 'user', entityId: null, unitId: unit.id, unitPath: unit.path, payload: prepared,
      })
      return { kind: 'pending_approval', approvalId }
    }
    return { kind: 'created', user: await insertUser(trx, ctx, prepared, unit.path) }
  })
}

async function assertUsernameFree(trx: Executor, username: string): Promise<void> {
  const existing = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()
  if (existing) throw new RuleViolation('username_taken', { username })
}

/** Inserts a prepared user and audits it (without the password hash). */
export async function insertUser(trx: Executor, ctx: RequestContext, prepared: PreparedUser, unitPath: string): Promise<User> {
  await assertUsernameFree(trx, prepared.username)
  const { id } = await trx.insertInto('users').values(prepared).returning('id').executeTakeFirstOrThrow()
  const row = await findUserInScope(trx, id, '/1/')
  if (!row) throw new Error(`user ${id} vanished inside its own transaction`)
  const user = toUser(row, ctx.now)
  await recordAudit(trx, ctx, { action: 'user.create', entityType: 'user', entityId: id, after: user, scopePath: unitPath })
  return user
}

/** Approval handler: the payload was prepared (and checked) when the request was made. */
export async function insertApprovedUser(trx: Executor, ctx: RequestContext, payload: unknown, unitPath: string): Promise<User> {
  const prepared = payload as PreparedUser
  if (!isRole(prepared.role)) throw new Error('approval payload without a valid role')
  return insertUser(trx, ctx, prepared, unitPath)
}

/** Disables or re-enables a user; re-enabling also lifts a login lockout. Sessions end on disable. */
export async function setUserStatus(db: Executor, ctx: RequestContext, id: number, status: 'active' | 'disabled'): Promise<User> {
  requirePermission(ctx, 'users.manage', 'write')
  if (status === 'disabled' && id === ctx.actor.userId) throw new RuleViolation('cannot_disable_self')
  return inTransaction(db, async (trx) => {
    const before = await findUserInScope(trx, id, ctx.actor.scopePath)
    if (!before) throw new RuleViolation('not_found', { entity: 'user', id })
    await trx.updateTable('users').set({ status, failed_logins: 0, locked_until: null }).where('id', '=', id).execute()
    if (status === 'disabled') await trx.deleteFrom('sessions').where('user_id', '=', id).execute()
    const after = await findUserInScope(trx, id, ctx.actor.scopePath)
    if (!after) throw new Error(`user ${id} vanished inside its own transaction`)
    const user = toUser(after, ctx.now)
    await recordAudit(trx, ctx, {
      action: status === 'disabled' ? 'user.disable' : 'user.enable', entityType: 'user', entityId: id,
      before: toUser(before, ctx.now), after: user, scopePath: before.unit_path,
    })
    return user
  })
}
