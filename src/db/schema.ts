import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** Columns the database fills (identity, default now()). */
type Auto<T> = ColumnType<T, T | undefined, T>
type Json = unknown

/** The bank/administrative hierarchy that scopes users and data (materialised path of ids). */
export interface UnitsTable {
  id: Generated<number>
  parent_id: number | null
  kind: string
  code: string
  name: string
  /** '/1/4/9/': the ids from the root down to this unit; a scope is a prefix of it. */
  path: string
  province_code: string | null
  created_at: Auto<Date>
}

export interface UsersTable {
  id: Generated<number>
  username: string
  full_name: string
  role: string
  unit_id: number
  organisation: string | null
  password_hash: string
  status: Auto<string>
  failed_logins: Auto<number>
  locked_until: Date | null
  locale: Auto<string>
  created_at: Auto<Date>
  last_login_at: Date | null
}

export interface SessionsTable {
  id_hash: string
  user_id: number
  csrf_token: string
  created_at: Auto<Date>
  expires_at: Date
  last_seen_at: Auto<Date>
}

export interface AuditLogTable {
  id: Generated<bigint>
  at: Date
  user_id: number | null
  username: string | null
  role: string | null
  actor_unit_id: number | null
  /** The path of the unit the changed data belongs to: readers see rows under their scope. */
  scope_path: string
  action: string
  entity_type: string
  entity_id: string | null
  before: Json | null
  after: Json | null
  request_id: string | null
  prev_hash: string
  hash: string
}

export interface IdempotencyKeysTable {
  user_id: number
  key: string
  method: string
  path: string
  body_hash: string
  /** Null only inside the transaction that claimed the key, before the response is known. */
  status_code: number | null
  response_body: string | null
  created_at: Auto<Date>
}

export interface ApprovalsTable {
  id: Generated<number>
  kind: string
  entity_type: string
  entity_id: string | null
  payload: Json
  unit_id: number
  maker_id: number
  made_at: Date
  status: Auto<string>
  checker_id: number | null
  decided_at: Date | null
  reason: string | null
}

export interface Database {
  units: UnitsTable
  users: UsersTable
  sessions: SessionsTable
  audit_log: AuditLogTable
  idempotency_keys: IdempotencyKeysTable
  approvals: ApprovalsTable
}

export type UnitRow = Selectable<UnitsTable>
export type UserRow = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type AuditRow = Selectable<AuditLogTable>
export type ApprovalRow = Selectable<ApprovalsTable>
