import type { Migration } from 'kysely'
import * as m0001 from './0001-foundation.js'

/**
 * Every migration, in order. Names sort in the order they run; a migration is never renamed,
 * edited or inserted before one already released (the migrator refuses unordered migrations).
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': m0001,
}
