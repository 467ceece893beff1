/**
 * The install-time template of an empty PGlite database: `npm install` (the `prepare` script,
 * scripts/pglite-template.ts) creates a PGlite database in memory, applies every migration and
 * keeps its data folder as a gzip tar under node_modules/.cache/tdcs. A first start on a data
 * folder that does not exist yet loads that dump instead of running initdb and the migrations,
 * which together take about half of an empty first start (docs/performance.md, first start).
 *
 * The file's name carries a key over PGlite's version and the migrations' sources, so a template
 * is only used for the exact schema it was built from: after a `git pull` that brings a migration,
 * the key no longer matches and the start falls back to initdb and migrations, as without a
 * template. The template holds no data: no users, no households, only the migrated schema and the
 * reference data the migrations insert.
 */
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { migrateToLatest } from './migrate.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
/** Where `npm install` leaves the template (a build cache: it goes with node_modules). */
export const DEFAULT_TEMPLATE_DIR = path.join(ROOT, 'node_modules', '.cache', 'tdcs')
const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations')

function pgliteVersion(): string {
  // The package's exports do not expose package.json: walk up from its entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  for (;;) {
    const file = path.join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version
    }
    const up = path.dirname(dir)
    if (up === dir) return 'unknown'
    dir = up
  }
}

/** The template's key: PGlite's version and every migration source, by name and content. */
export function templateKey(migrationsDir = MIGRATIONS_DIR): string {
  const hash = createHash('sha256').update(`pglite ${pgliteVersion()}\n`)
  for (const name of readdirSync(migrationsDir).filter((n) => n.endsWith('.ts')).sort())
    hash.update(`${name}\n`).update(readFileSync(path.join(migrationsDir, name))).update('\n')
  return hash.digest('hex').slice(0, 16)
}

/** The template file this checkout's schema would use (it may not exist). */
export function templateFile(dir = DEFAULT_TEMPLATE_DIR, key = templateKey()): string {
  return path.join(dir, `pglite-empty-${key}.tar.gz`)
}

/** The usable template for this schema, or undefined when none was built for it. */
export function findTemplate(dir = DEFAULT_TEMPLATE_DIR): string | undefined {
  const file = templateFile(dir)
  return existsSync(file) ? file : undefined
}

/**
 * A PGlite database created in memory with every migration applied, dumped as a gzip tar of its
 * data folder (what PGlite's `loadDataDir` takes). The tests' per-run template is made the same way.
 */
export async function dumpMigratedPglite(): Promise<Buffer> {
  const client = await PGlite.create('memory://')
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(client) })
  try {
    const report = await migrateToLatest(db)
    if (report.error) throw report.error
    return Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer())
  } finally {
    await db.destroy()
  }
}

/**
 * Builds the template for this schema into `dir` (replacing templates of other keys there) and
 * returns its path. Written to a temporary name and renamed, so a reader never sees half a file.
 */
export async function buildTemplate(dir = DEFAULT_TEMPLATE_DIR): Promise<string> {
  const file = templateFile(dir)
  const dump = await dumpMigratedPglite()
  mkdirSync(dir, { recursive: true })
  const partial = `${file}.${process.pid}.partial`
  writeFileSync(partial, dump)
  renameSync(partial, file)
  // Older keys' templates go; another build's partial file (a concurrent install) is left alone.
  for (const name of readdirSync(dir))
    if (name.startsWith('pglite-empty-') && name.endsWith('.tar.gz') && path.join(dir, name) !== file) rmSync(path.join(dir, name), { force: true })
  return file
}

/** True when a PGlite data folder holds no database yet (missing, or without PG_VERSION). */
export function isNewDataDir(dataDir: string): boolean {
  return !dataDir.startsWith('memory://') && !existsSync(path.join(dataDir, 'PG_VERSION'))
}
