import { createHash } from 'node:crypto'
import { sql, type PostgresPool, type PostgresPoolClient } from 'kysely'
import type pg from 'pg'

/**
 * Marks a hot statement to be sent to PostgreSQL as a named prepared statement: parsed and planned
 * once per connection instead of on every execution. The loan page's one statement costs the
 * server about 2.5 ms of CPU to parse and plan and 0.4 ms to run once prepared (measured in
 * bench/api-read.ts's notes, docs/performance.md). Mark only statements whose text never depends
 * on the data (values go in parameters): each distinct marked text is one prepared statement on
 * each pooled connection, kept for the connection's life. PGlite ignores the mark (a comment).
 *
 *   sql`select ${PREPARE} … where id = ${id}`   or   db.selectFrom(…).modifyFront(PREPARE)
 */
export const PREPARE_MARKER = '/* tdcs:prepare */'
export const PREPARE = sql.raw(PREPARE_MARKER)

/** A node-postgres pool for Kysely that sends statements carrying `PREPARE` as named statements. */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>()
  // The name is a digest of the text, so two statements can never share one (node-postgres would refuse).
  const names = new Map<string, string>()
  const nameOf = (text: string): string => {
    let name = names.get(text)
    if (name === undefined) {
      name = `tdcs_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`
      names.set(text, name)
    }
    return name
  }
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((text: unknown, values?: unknown[]) =>
      typeof text === 'string' && text.includes(PREPARE_MARKER)
        ? client.query({ name: nameOf(text), text, values })
        : client.query(text as string, values)) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  })
  return {
    connect: async () => {
      const client = await pool.connect()
      let wrapped = clients.get(client)
      if (wrapped === undefined) {
        wrapped = wrap(client)
        clients.set(client, wrapped)
      }
      return wrapped
    },
    end: () => pool.end(),
  }
}
