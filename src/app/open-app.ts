import { connect, serverVersion, type Backend, type DbHandle } from '../db/connect.js'
import { migrateToLatest, type MigrationReport } from '../db/migrate.js'
import { registerApprovalHandler } from './approvals.js'
import { recordAudit } from './audit.js'
import type { AuthPolicy } from './auth.js'
import { SYSTEM_ACTOR, type Executor, type RequestContext } from './context.js'
import { generatePassword, hashPassword } from './password.js'
import { registerLedgerCheck } from './ledger.js'
import { createLoanFromApproval, rejectLoanApproval } from './loans/applications.js'
import { loanLedgerCheck } from './loans/loan-events.js'
import { feeLedgerCheck } from './fees/statements.js'
import { insertApprovedUser } from './users.js'
// -- transaction day --
import { savingsLedgerCheck } from './transaction-day/savings-check.js'

export interface OpenOptions {
  readonly databaseUrl?: string | undefined
  readonly dataDir?: string | undefined
  readonly loadDataDir?: Blob | undefined
  readonly poolMax?: number | undefined
  /** See ConnectOptions.pgliteTemplate. */
  readonly pgliteTemplate?: boolean | string | undefined
  readonly authPolicy: AuthPolicy
  /** Run pending migrations on open (the server does; `tdcs migrate` does it explicitly). */
  readonly migrate?: boolean
}

/** The running system: its database and settings. Use-cases take `app.db` and a request context. */
export interface TdcsApp {
  readonly db: Executor
  readonly backend: Backend
  readonly location: string
  /** PGlite: this open created the data folder from the install-time template (its file). */
  readonly fromTemplate?: string | undefined
  readonly authPolicy: AuthPolicy
  readonly serverVersion: string
  close(): Promise<void>
}

registerApprovalHandler('user.create_admin', insertApprovedUser)
registerApprovalHandler('loan.approve', createLoanFromApproval, rejectLoanApproval)
registerLedgerCheck('loan balances', loanLedgerCheck)
registerLedgerCheck('fee accruals', feeLedgerCheck)
registerLedgerCheck('group savings', savingsLedgerCheck)

export async function openApp(options: OpenOptions): Promise<TdcsApp> {
  const handle: DbHandle = await connect(options)
  try {
    if (options.migrate !== false) {
      const report = await migrateToLatest(handle.db)
      if (report.error) throw report.error
    }
    return {
      db: handle.db,
      backend: handle.backend,
      location: handle.location,
      ...(handle.fromTemplate ? { fromTemplate: handle.fromTemplate } : {}),
      authPolicy: options.authPolicy,
      serverVersion: await serverVersion(handle.db),
      close: () => handle.close(),
    }
  } catch (error) {
    await handle.close()
    throw error
  }
}

/** `tdcs migrate`: applies pending migrations and reports them; throws on failure. */
export async function migrateToLatestApp(app: TdcsApp): Promise<MigrationReport> {
  const report = await migrateToLatest(app.db)
  if (report.error) throw report.error
  return report
}

export function systemContext(requestId: string, now = new Date()): RequestContext {
  return { actor: SYSTEM_ACTOR, requestId, now }
}

/**
 * On an empty system, creates the first administrator at the head office. Returns the password
 * exactly once (the caller prints it) unless it was given by TDCS_ADMIN_PASSWORD.
 */
export async function ensureFirstAdmin(app: TdcsApp, givenPassword: string | undefined): Promise<{ username: string; password: string | undefined } | undefined> {
  const any = await app.db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (any) return undefined
  const password = givenPassword ?? generatePassword()
  const ctx = systemContext('bootstrap')
  await app.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('users')
      .values({ username: 'admin', full_name: 'Quản trị hệ thống', role: 'admin', unit_id: 1, organisation: null, password_hash: await hashPassword(password) })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, { action: 'user.create', entityType: 'user', entityId: id, after: { username: 'admin', role: 'admin', unitId: 1 }, scopePath: '/1/' })
  })
  return { username: 'admin', password: givenPassword ? undefined : password }
}
