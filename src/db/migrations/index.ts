import type { Migration } from 'kysely'
import * as m0001 from './0001-foundation.js'
import * as m0002 from './0002-places.js'
import * as m0003 from './0003-households.js'
import * as m0004 from './0004-poverty.js'

/**
 * Every migration, in order. Names sort in the order they run; a migration is never renamed,
 * edited or inserted before one already released (the migrator refuses unordered migrations).
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': m0001,
  '0002-places': m0002,
  '0003-households': m0003,
  '0004-poverty': m0004,
}
