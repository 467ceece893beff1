import { sql, type RawBuilder } from 'kysely'
import { assert } from '../domain/shared/index.js'

/**
 * The scope filter every scoped query carries: the row's unit path starts with the reader's.
 * Paths hold only digits and slashes, asserted here, so the LIKE pattern needs no escaping.
 */
export function underScope(pathColumn: string, scopePath: string): RawBuilder<boolean> {
  assert(/^\/(\d+\/)+$/.test(scopePath), `malformed scope path ${scopePath}`)
  return sql<boolean>`${sql.ref(pathColumn)} like ${scopePath + '%'}`
}
