import { PGlite, types as pgliteTypes } from '@electric-sql/pglite'
import { Kysely, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { PostgresDialect } from 'kysely'
import pg from 'pg'
import { mkdirSync, openAsBlob } from 'node:fs'
import { findTemplate, isNewDataDir } from './pglite-template.js'
import { preparingPool } from './prepared.js'
import type { Database } from './schema.js'

export type Backend = 'pglite' | 'postgres'

export interface DbHandle {
  readonly db: Kysely<Database>
  readonly backend: Backend
  /** Where the data lives: a folder for PGlite, the URL without its password for PostgreSQL. */
  readonly location: string
  /** PGlite: this open created the data folder from the install-time template. */
  readonly fromTemplate?: string | undefined
  close(): Promise<void>
}

export interface ConnectOptions {
  /** postgres://… — when set, the PostgreSQL server is used; otherwise embedded PGlite. */
  readonly databaseUrl?: string | undefined
  /** PGlite data folder (default ./data/pglite). 'memory://' keeps everything in memory. */
  readonly dataDir?: string | undefined
  /** A PGlite data directory dump (tar) to start from: tests load a migrated template this way. */
  readonly loadDataDir?: Blob | undefined
  /** Pool size for PostgreSQL. */
  readonly poolMax?: number | undefined
  /**
   * A PGlite data folder that holds no database yet starts from the install-time template of the
   * migrated empty schema when one matches this checkout (pglite-template.ts); false: initdb;
   * a string: look for the template in that folder instead of node_modules/.cache/tdcs. Default true.
   */
  readonly pgliteTemplate?: boolean | string | undefined
}

const INT8_OID = 20
const NUMERIC_OID = 1700
const DATE_OID = 1082

/**
 * int8 becomes a BigInt on both backends (node-postgres returns a string by default, PGlite a
 * number or a BigInt by size), so money never passes through a float. numeric stays a string on
 * both: it is for ratios and rates that are not money, and callers parse it deliberately.
 */
const parseInt8 = (value: string): bigint => BigInt(value)
const parseNumeric = (value: string): string => value
/** A date column is a calendar date ('2026-11-21'), never a Date at some time zone's midnight. */
const parseDate = (value: string): string => value

let pgParsersSet = false
function setPgParsers(): void {
  if (pgParsersSet) return
  pg.types.setTypeParser(INT8_OID, parseInt8)
  pg.types.setTypeParser(NUMERIC_OID, parseNumeric)
  pg.types.setTypeParser(DATE_OID, parseDate)
  pgParsersSet = true
}

/** Opens the database chosen by the options: PostgreSQL when a URL is given, PGlite otherwise. */
export async function connect(options: ConnectOptions): Promise<DbHandle> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.poolMax ?? 10)
  const dataDir = options.dataDir ?? './data/pglite'
  if (options.loadDataDir === undefined && options.pgliteTemplate !== false && isNewDataDir(dataDir)) {
    const template = findTemplate(typeof options.pgliteTemplate === 'string' ? options.pgliteTemplate : undefined)
    if (template !== undefined) return connectPglite(dataDir, await openAsBlob(template), template)
  }
  return connectPglite(dataDir, options.loadDataDir)
}

async function connectPostgres(url: string, poolMax: number): Promise<DbHandle> {
  setPgParsers()
  const parsed = new URL(url)
  // Without an explicit user, node-postgres takes $USER, which is unset in some shells.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    user: decodeURIComponent(parsed.username) || process.env.PGUSER || 'postgres',
  })
  // An idle client's error (server restart, connection terminated by an administrator) must not
  // crash the process: the pool drops that client and the next query connects afresh.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL idle connection error: ${error.message}`))
  // Statements marked with PREPARE (the hot reads) could be prepared once per connection
  // (prepared.ts, TDCS_PG_PREPARE=1). Off by default: with it on, browser journeys on PostgreSQL
  // intermittently saw a request never answered, and the cause is not found yet.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: process.env.TDCS_PG_PREPARE === '1' ? preparingPool(pool) : pool }) })
  parsed.password = ''
  return { db, backend: 'postgres', location: parsed.toString(), close: () => db.destroy() }
}

async function connectPglite(dataDir: string, loadDataDir: Blob | undefined, fromTemplate?: string): Promise<DbHandle> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create(dataDir, {
    parsers: { [pgliteTypes.INT8]: parseInt8, [pgliteTypes.NUMERIC]: parseNumeric, [pgliteTypes.DATE]: parseDate },
    ...(loadDataDir ? { loadDataDir } : {}),
  })
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) })
  return { db, backend: 'pglite', location: dataDir, ...(fromTemplate ? { fromTemplate } : {}), close: () => db.destroy() }
}

/** The server's version string, for /api/health and the start banner. */
export async function serverVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db)
  return rows[0]?.v ?? 'unknown'
}
