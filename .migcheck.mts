import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { migrateToLatest } from '/work/main/src/db/migrate.js'
const client = await PGlite.create('memory://')
const db = new Kysely<unknown>({ dialect: new PGliteDialect(client) })
const r = await migrateToLatest(db)
console.log(r.error ? `ERROR ${(r.error as Error).message}` : `OK ${r.applied.join(',')}`)
await db.destroy()
