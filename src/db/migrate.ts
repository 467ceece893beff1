import { Migrator, type Kysely } from 'kysely'
import { MIGRATIONS } from './migrations/index.js'

export interface MigrationReport {
  readonly applied: readonly string[]
  readonly error?: unknown
}

/** Applies pending migrations in order, each in its own transaction, under the migrator's lock. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  })
  const { error, results } = await migrator.migrateToLatest()
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
  return error === undefined ? { applied } : { applied, error }
}
