import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { isRole, permissionsOf, type Permission, type Role } from '../domain/access/index.js'
import { RuleViolation } from '../domain/shared/index.js'
import { PREPARE } from '../db/prepared.js'
import { findUserForLogin, type UserView } from '../db/repositories/users.js'
import { recordAudit } from './audit.js'
import type { Actor, Executor, RequestContext } from './context.js'
import { hashPassword, verifyPassword } from './password.js'
import { toUser, type User } from './users.js'

/** Security settings with their reasons; environment overrides are read once at start (config.ts). */
export interface AuthPolicy {
  /** Consecutive failures before the account locks. */
  readonly maxFailedLogins: number
  readonly lockoutMinutes: number
  /** A session ends after this long without a request… */
  readonly idleMinutes: number
  /** …and in any case this long after login. */
  readonly absoluteHours: number
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = Object.freeze({ maxFailedLogins: 5, lockoutMinutes: 15, idleMinutes: 30, absoluteHours: 10 })

/** What the client learns about the logged-in user. */
export interface Me extends User {
  readonly permissions: readonly Permission[]
}

export interface SessionInfo {
  readonly actor: Actor
  readonly csrfToken: string
  readonly me: Me
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const token = () => randomBytes(32).toString('base64url')
const minutes = (m: number) => m * 60_000

/** Verifies against this when the username is unknown, so a wrong name costs as long as a wrong password. */
let dummyHash: Promise<string> | undefined

export type LoginContext = Omit<RequestContext, 'actor'>

/**
 * Checks credentials and opens a session. Failures are counted and audited; the account locks
 * after `maxFailedLogins` consecutive failures. Unknown users and wrong passwords get the same code.
 */
export async function login(
  db: Executor, ctx: LoginContext, policy: AuthPolicy, username: string, password: string,
): Promise<{ sessionToken: string; session: SessionInfo }> {
  const name = username.trim().toLowerCase()
  const user = await findUserForLogin(db, name)
  if (!user) {
    dummyHash ??= hashPassword('not-a-real-password-1')
    await verifyPassword(password, await dummyHash)
    throw new RuleViolation('invalid_credentials')
  }
  const actor: Actor = { userId: user.id, username: user.username, role: user.role as Role, unitId: user.unit_id, scopePath: user.unit_path }
  const auditCtx: RequestContext = { ...ctx, actor }
  if (user.locked_until !== null && user.locked_until > ctx.now) throw new RuleViolation('account_locked', { until: user.locked_until })
  if (!(await verifyPassword(password, user.password_hash))) {
    await recordFailure(db, auditCtx, policy, user.id, user.failed_logins + 1, user.unit_path)
    throw new RuleViolation('invalid_credentials')
  }
  if (user.status !== 'active') throw new RuleViolation('account_disabled')
  const sessionToken = token()
  const csrfToken = token()
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: ctx.now }).where('id', '=', user.id).execute()
    await trx
      .insertInto('sessions')
      .values({ id_hash: sha256(sessionToken), user_id: user.id, csrf_token: csrfToken, created_at: ctx.now, last_seen_at: ctx.now, expires_at: new Date(ctx.now.getTime() + policy.absoluteHours * 3_600_000) })
      .execute()
    await recordAudit(trx, auditCtx, { action: 'auth.login', entityType: 'user', entityId: user.id, scopePath: user.unit_path })
  })
  const session = await resolveSession(db, ctx.now, policy, sessionToken)
  if (!session) throw new Error('a session just created could not be read back')
  return { sessionToken, session }
}

async function recordFailure(db: Executor, ctx: RequestContext, policy: AuthPolicy, userId: number, failures: number, unitPath: string) {
  const locks = failures >= policy.maxFailedLogins
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set(locks ? { failed_logins: 0, locked_until: new Date(ctx.now.getTime() + minutes(policy.lockoutMinutes)) } : { failed_logins: failures })
      .where('id', '=', userId)
      .execute()
    await recordAudit(trx, ctx, { action: locks ? 'auth.lockout' : 'auth.login_failed', entityType: 'user', entityId: userId, after: { failures }, scopePath: unitPath })
  })
}

/** The session behind a cookie token, or undefined when missing, expired, idle too long or disabled. */
export async function resolveSession(db: Executor, now: Date, policy: AuthPolicy, sessionToken: string): Promise<SessionInfo | undefined> {
  const idHash = sha256(sessionToken)
  // One statement for the session and its user: every request pays for it, so it is plain SQL
  // (no builder to compile) prepared once per PostgreSQL connection (src/db/prepared.ts). The
  // foreign keys make the user and its unit exist; the scope check (the whole tree) is below.
  const { rows } = await sql<SessionRow>`
    select ${PREPARE} s.csrf_token, s.expires_at, s.last_seen_at,
      u.id, u.username, u.full_name, u.role, u.unit_id, u.organisation, u.status, u.failed_logins, u.locked_until, u.locale, u.created_at, u.last_login_at,
      n.name as unit_name, n.kind as unit_kind, n.path as unit_path
    from sessions s join users u on u.id = s.user_id join units n on n.id = u.unit_id
    where s.id_hash = ${idHash}`.execute(db)
  const row = rows[0]
  if (!row) return undefined
  if (row.expires_at <= now || now.getTime() - row.last_seen_at.getTime() > minutes(policy.idleMinutes)) {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
    return undefined
  }
  const { csrf_token: csrfToken, expires_at: _expiresAt, last_seen_at: lastSeenAt, ...user } = row
  if (!user.unit_path.startsWith(ROOT_SCOPE) || user.status !== 'active' || !isRole(user.role)) return undefined
  // Touch at most once a minute: a write per request would cost a round trip for nothing.
  if (now.getTime() - lastSeenAt.getTime() > 60_000)
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute()
  const actor: Actor = { userId: user.id, username: user.username, role: user.role, unitId: user.unit_id, scopePath: user.unit_path }
  return { actor, csrfToken, me: { ...toUser(user, now), permissions: permissionsOf(user.role) } }
}

/** The scope every session's user must be under: the whole tree. */
const ROOT_SCOPE = '/1/'
/** The session with what `toUser` reads of its user (the columns `findUserInScope` gives). */
type SessionRow = { csrf_token: string; expires_at: Date; last_seen_at: Date } & UserView

export async function logout(db: Executor, ctx: RequestContext, sessionToken: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id_hash', '=', sha256(sessionToken)).execute()
    await recordAudit(trx, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.actor.userId })
  })
}

/** Changes the logged-in user's language preference. */
export async function setLocale(db: Executor, ctx: RequestContext, locale: 'vi' | 'en'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ locale }).where('id', '=', ctx.actor.userId).execute()
    await recordAudit(trx, ctx, { action: 'user.set_locale', entityType: 'user', entityId: ctx.actor.userId, after: { locale } })
  })
}
