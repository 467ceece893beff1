import { sql, type Kysely } from 'kysely'

/** PGlite's extended protocol takes one statement per query, so migrations run a list of them. */
export async function runStatements(db: Kysely<any>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}
