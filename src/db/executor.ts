import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/** A Kysely handle: the database or an open transaction. */
export type Executor = Kysely<Database>
