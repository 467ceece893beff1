import type { Executor } from '../executor.js'
import { underScope } from '../scope.js'

export interface UserFilter {
  readonly q?: string | undefined
  readonly role?: string | undefined
  readonly unitId?: number | undefined
  readonly status?: 'active' | 'disabled' | undefined
  readonly limit: number
  readonly offset: number
}

const userColumns = [
  'users.id', 'users.username', 'users.full_name', 'users.role', 'users.unit_id', 'users.organisation',
  'users.status', 'users.failed_logins', 'users.locked_until', 'users.locale', 'users.created_at', 'users.last_login_at',
  'units.name as unit_name', 'units.kind as unit_kind', 'units.path as unit_path',
] as const

function scopedUsers(db: Executor, scopePath: string) {
  return db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').where(underScope('units.path', scopePath))
}

export async function listUsersInScope(db: Executor, scopePath: string, filter: UserFilter) {
  let query = scopedUsers(db, scopePath)
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
    query = query.where((eb) => eb.or([eb('users.username', 'like', like), eb(eb.fn('lower', ['users.full_name']), 'like', like)]))
  }
  if (filter.role) query = query.where('users.role', '=', filter.role)
  if (filter.unitId !== undefined) query = query.where('users.unit_id', '=', filter.unitId)
  if (filter.status) query = query.where('users.status', '=', filter.status)
  const [items, count] = await Promise.all([
    query.select(userColumns).orderBy('users.username').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}

export type UserView = Awaited<ReturnType<typeof listUsersInScope>>['items'][number]

export async function findUserInScope(db: Executor, id: number, scopePath: string): Promise<UserView | undefined> {
  return scopedUsers(db, scopePath).select(userColumns).where('users.id', '=', id).executeTakeFirst()
}

export async function findUserForLogin(db: Executor, username: string) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.username', 'users.role', 'users.unit_id', 'users.password_hash', 'users.status', 'users.failed_logins', 'users.locked_until', 'units.path as unit_path'])
    .where('users.username', '=', username)
    .executeTakeFirst()
}
