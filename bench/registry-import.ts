/**
 * Benchmark: importing a whole province's household registry through the same use-case as
 * `tdcs households import` and POST /api/v1/households/import.
 *
 *   node --import tsx bench/registry-import.ts --backend pglite|postgres [--households 200000] [--format both|xlsx|csv]
 *
 * It generates (once, cached under bench/tmp/) a spreadsheet of 200,000 households with 800,000
 * members — valid citizen ids, Vietnamese names, eight communes with villages — as .xlsx (shared
 * strings, as Excel writes them) and as .csv, then imports each format into a fresh database in
 * a child process of its own, so each run's peak RSS is its own. PGlite uses a data folder on disk
 * (as in production); PostgreSQL gets a new database `tdcs_bench_<random>` on $BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards.
 *
 * Prints and writes bench/results/registry-import-<backend>.json: seconds per phase and in total,
 * rows/s, peak RSS, CPU seconds (of the importer and, for a local PostgreSQL, of its server
 * process — wall seconds mean little on a shared, busy machine), list-query timings on the result,
 * the machine (cores, memory, load average) and the backend.
 * Targets: under 60 s on PostgreSQL, under 3 minutes on PGlite.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs, promisify } from 'node:util'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import pg from 'pg'
import { DEFAULT_AUTH_POLICY } from '../src/app/auth.js'
import { importHouseholds, type ImportPhase } from '../src/app/households/import.js'
import { listHouseholds } from '../src/app/households/queries.js'
import { openApp, systemContext, type TdcsApp } from '../src/app/open-app.js'
import { CITIZEN_ID_PROVINCE_CODES, IMPORT_COLUMNS, makeCitizenId } from '../src/domain/households/index.js'

const ROOT = path.resolve(import.meta.dirname)
const TMP = path.join(ROOT, 'tmp')
const RESULTS = path.join(ROOT, 'results')
const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Eight communes of Lạng Sơn (current codes are illustrative; the places are inserted by the bench). */
const COMMUNES = [
  { code: '06100', name: 'Xã Cao Lộc', area: 'rural' },
  { code: '06101', name: 'Xã Đồng Đăng', area: 'rural' },
  { code: '06102', name: 'Phường Tam Thanh', area: 'urban' },
  { code: '06103', name: 'Xã Văn Quan', area: 'rural' },
  { code: '06104', name: 'Xã Bình Gia', area: 'rural' },
  { code: '06105', name: 'Phường Lương Văn Tri', area: 'urban' },
  { code: '06106', name: 'Xã Tràng Định', area: 'rural' },
  { code: '06107', name: 'Xã Bắc Sơn', area: 'rural' },
] as const
const VILLAGES = ['Nà Cạn', 'Khòn Lải', 'Pác Luống', 'Bản Cưởm', 'Nà Pài', 'Pò Mới', 'Khòn Pổng', 'Bản Chu', 'Tà Lài', 'Còn Quan']

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Nông', 'Lò', 'Hà', 'Vi', 'Lăng', 'Chu', 'Triệu', 'Lương']
const MALE = ['Văn An', 'Văn Bình', 'Đức Cường', 'Minh Dũng', 'Văn Hải', 'Quang Huy', 'Văn Khánh', 'Thành Long', 'Văn Nam', 'Hữu Phúc', 'Văn Sình', 'Văn Thắng', 'Công Tuấn', 'Xuân Trường', 'Văn Pảo']
const FEMALE = ['Thị Hoa', 'Thị Lan', 'Thị Mai', 'Thị Ngọc', 'Thị Hằng', 'Thu Hà', 'Thị Hương', 'Thị Nga', 'Ngọc Ánh', 'Thị Pẻng', 'Thị Thảo', 'Thị Yến', 'Kim Oanh', 'Thị Đào']
const ETHNIC = ['Kinh', 'Tày', 'Nùng', 'Dao', 'H\'Mông', 'Sán Chay']
/** Household sizes cycle through these: 28 members per 7 households, exactly 4 on average. */
const SIZES = [4, 3, 5, 4, 2, 6, 4]

/** A small deterministic generator (mulberry32), so every run imports the same file. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Every member row of the registry, in template column order. */
function* memberRows(households: number): Generator<string[]> {
  const rnd = random(2026)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
  const date = (year: number) => `${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}/${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}/${year}`
  let personIndex = 0
  const citizenId = (sex: 'male' | 'female', birthYear: number) => {
    const i = personIndex++
    return makeCitizenId(CITIZEN_ID_PROVINCE_CODES[i % CITIZEN_ID_PROVINCE_CODES.length]!, sex, birthYear, Math.floor(i / CITIZEN_ID_PROVINCE_CODES.length) % 1_000_000)
  }
  for (let h = 0; h < households; h++) {
    const commune = COMMUNES[h % COMMUNES.length]!
    const village = VILLAGES[Math.floor(h / COMMUNES.length) % VILLAGES.length]!
    const code = `${commune.code}-${String(h + 1).padStart(7, '0')}`
    const family = pick(FAMILY)
    const address = `Thôn ${village}, ${commune.name}`
    const size = SIZES[h % SIZES.length]!
    const headYear = 1950 + Math.floor(rnd() * 45)
    const headSex = rnd() < 0.8 ? 'male' : 'female'
    const base = [code, commune.code, `Thôn ${village}`, address]
    const yes = () => (rnd() < 0.9 ? 'Có' : 'Không')
    for (let m = 0; m < size; m++) {
      let relation: string
      let sex: 'male' | 'female'
      let year: number
      let name: string
      if (m === 0) {
        relation = 'Chủ hộ'
        sex = headSex
        year = headYear
        name = `${family} ${pick(sex === 'male' ? MALE : FEMALE)}`
      } else if (m === 1) {
        relation = headSex === 'male' ? 'Vợ' : 'Chồng'
        sex = headSex === 'male' ? 'female' : 'male'
        year = Math.min(headYear + Math.floor(rnd() * 6) - 2, 2000)
        name = `${pick(FAMILY)} ${pick(sex === 'male' ? MALE : FEMALE)}`
      } else {
        relation = 'Con'
        sex = rnd() < 0.5 ? 'male' : 'female'
        year = Math.min(headYear + 20 + Math.floor(rnd() * 15), 2024)
        name = `${family} ${pick(sex === 'male' ? MALE : FEMALE)}`
      }
      const child = relation === 'Con'
      yield [
        ...base, name, relation, date(year), sex === 'male' ? 'Nam' : 'Nữ', pick(ETHNIC),
        // Children under 14 often have no card yet: one in four has none.
        child && rnd() < 0.25 ? '' : citizenId(sex, year),
        m === 0 ? `09${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}` : '',
        yes(), child && year >= 2005 ? 'Có' : 'Không',
      ]
    }
  }
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

async function generate(households: number): Promise<{ xlsx: string; csv: string; members: number }> {
  mkdirSync(TMP, { recursive: true })
  const xlsx = path.join(TMP, `registry-${households}.xlsx`)
  const csv = path.join(TMP, `registry-${households}.csv`)
  const meta = path.join(TMP, `registry-${households}.json`)
  if (existsSync(xlsx) && existsSync(csv) && existsSync(meta)) return { xlsx, csv, members: JSON.parse(readFileSync(meta, 'utf8')).members }
  const started = performance.now()
  const header = IMPORT_COLUMNS.map((c) => c.header)
  const out = createWriteStream(csv)
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())))
  await write(`\ufeff${header.join(',')}\r\n`)
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true, useStyles: false })
  const sheet = workbook.addWorksheet('Danh sách')
  sheet.addRow(header).commit()
  let members = 0
  for (const row of memberRows(households)) {
    await write(`${row.map(csvCell).join(',')}\r\n`)
    sheet.addRow(row).commit()
    members++
  }
  sheet.commit()
  await workbook.commit()
  await new Promise<void>((resolve) => out.end(() => resolve()))
  writeFileSync(meta, JSON.stringify({ households, members }))
  console.log(`generated ${households.toLocaleString('en-US')} households, ${members.toLocaleString('en-US')} members in ${Math.round((performance.now() - started) / 1000)} s`)
  return { xlsx, csv, members }
}

/** Units and places the file refers to: a province branch, eight communes, ten villages each. */
async function seedNetwork(app: TdcsApp): Promise<void> {
  const db = app.db
  const province = await db.insertInto('units').values({ parent_id: 1, kind: 'province', code: '20', name: 'Chi nhánh Lạng Sơn', path: '', province_code: '20', admin_code: '20' }).returning('id').executeTakeFirstOrThrow()
  await db.updateTable('units').set({ path: `/1/${province.id}/` }).where('id', '=', province.id).execute()
  for (const c of COMMUNES) {
    await db.insertInto('admin_units').values({ layer: 'current', level: 'commune', code: c.code, name: c.name, full_name: c.name, unit_type: c.area === 'urban' ? 'Phường' : 'Xã', area_type: c.area, parent_code: '20', province_code: '20', valid_from: null, valid_to: null }).execute()
    const commune = await db.insertInto('units').values({ parent_id: province.id, kind: 'commune', code: `X-${c.code}`, name: c.name, path: '', province_code: '20', admin_code: c.code }).returning('id').executeTakeFirstOrThrow()
    const communePath = `/1/${province.id}/${commune.id}/`
    await db.updateTable('units').set({ path: communePath }).where('id', '=', commune.id).execute()
    for (const [i, v] of VILLAGES.entries()) {
      const village = await db.insertInto('units').values({ parent_id: commune.id, kind: 'village', code: `${c.code}-T${i + 1}`, name: `Thôn ${v}`, path: '', province_code: '20' }).returning('id').executeTakeFirstOrThrow()
      await db.updateTable('units').set({ path: `${communePath}${village.id}/` }).where('id', '=', village.id).execute()
    }
  }
}

/**
 * CPU seconds used so far by the server processes of this database's open connections (read
 * right after the import, while the pool still holds the connection that ran it).
 */
async function postgresBackendCpuSeconds(app: TdcsApp): Promise<number | null> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(app.db)
  let ticks = 0
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      return null // not a local server
    }
  }
  return Math.round(ticks / 10) / 10 // USER_HZ is 100 on Linux
}

interface RunResult {
  readonly format: 'xlsx' | 'csv'
  readonly fileMb: number
  readonly households: number
  readonly members: number
  readonly seconds: number
  readonly rowsPerSecond: number
  /** Seconds from the start to the first report of each phase's end (read → check → write). */
  readonly phases: Readonly<Record<ImportPhase, number>>
  readonly peakRssMb: number
  /** CPU time of the importing process (for PGlite this includes the database): robust to a busy machine, unlike seconds. */
  readonly cpuSeconds: number
  /** CPU time of the PostgreSQL backends serving the import (local server only, read from /proc). */
  readonly serverCpuSeconds: number | null
  /** Milliseconds of list queries over the whole imported registry, as a province officer sees it. */
  readonly searchMs: Readonly<Record<string, number>>
}

/** One import into a fresh database; runs in a child process (see main). */
async function runOne(backend: 'pglite' | 'postgres', format: 'xlsx' | 'csv', file: string): Promise<RunResult> {
  let dropDatabase: (() => Promise<void>) | undefined
  let databaseUrl: string | undefined
  let dataDir: string | undefined
  if (backend === 'postgres') {
    const name = `tdcs_bench_${randomBytes(5).toString('hex')}`
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL, user: new URL(PG_ADMIN_URL).username || 'postgres' })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const url = new URL(PG_ADMIN_URL)
    url.pathname = `/${name}`
    databaseUrl = url.toString()
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL, user: new URL(PG_ADMIN_URL).username || 'postgres' })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    }
  } else {
    dataDir = path.join(TMP, `pglite-${randomBytes(5).toString('hex')}`)
    dropDatabase = async () => rmSync(dataDir!, { recursive: true, force: true })
  }
  const app = await openApp({ databaseUrl, dataDir, authPolicy: DEFAULT_AUTH_POLICY })
  try {
    await seedNetwork(app)
    const village = await app.db.selectFrom('units').select('id').where('kind', '=', 'village').orderBy('id').executeTakeFirstOrThrow()
    const villageId = village.id
    const content = readFileSync(file)
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const phases: Record<ImportPhase, number> = { read: 0, check: 0, write: 0 }
    let lastLogged = 0
    const summary = await importHouseholds(app.db, systemContext('bench'), {
      fileName: path.basename(file),
      content,
      onProgress: (phase, done, total) => {
        const t = (performance.now() - started) / 1000
        if (done >= total) phases[phase] = Math.round(t * 10) / 10
        if (t - lastLogged >= 5) {
          lastLogged = t
          process.stderr.write(`  ${format} ${phase} ${Math.floor((done / Math.max(total, 1)) * 100)}% at ${Math.round(t)} s\n`)
        }
      },
    })
    const seconds = Math.round((performance.now() - started) / 100) / 10
    const cpu = process.cpuUsage(cpuBefore)
    const serverCpuSeconds = backend === 'postgres' ? await postgresBackendCpuSeconds(app) : null
    // What a province officer's searches cost on the freshly imported registry.
    const ctx = systemContext('bench-search')
    const timed = async (work: () => Promise<unknown>) => {
      const t = performance.now()
      await work()
      return Math.round(performance.now() - t)
    }
    const { rows } = await sql<{ citizen_id: string }>`select citizen_id from persons where citizen_id is not null order by id offset 400000 limit 1`.execute(app.db)
    const searchMs = {
      firstPage: await timed(() => listHouseholds(app.db, ctx, { limit: 50, offset: 0 })),
      nameWithoutDiacritics: await timed(() => listHouseholds(app.db, ctx, { q: 'nong van pao', limit: 50, offset: 0 })),
      citizenId: await timed(() => listHouseholds(app.db, ctx, { q: rows[0]?.citizen_id ?? '', limit: 50, offset: 0 })),
      village: await timed(() => listHouseholds(app.db, ctx, { villageUnitId: villageId, status: 'active', limit: 50, offset: 500 })),
    }
    return {
      format,
      fileMb: Math.round(statSync(file).size / 1e5) / 10,
      households: summary.households,
      members: summary.members,
      seconds,
      rowsPerSecond: Math.round(summary.rows / seconds),
      phases,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
      serverCpuSeconds,
      searchMs,
    }
  } finally {
    await app.close()
    await dropDatabase()
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'pglite' },
      households: { type: 'string', default: '200000' },
      format: { type: 'string', default: 'both' },
      child: { type: 'string' },
      file: { type: 'string' },
    },
  })
  const backend = values.backend
  if (backend !== 'pglite' && backend !== 'postgres') throw new Error('--backend pglite|postgres')
  if (values.child !== undefined) {
    const result = await runOne(backend, values.child as 'xlsx' | 'csv', values.file!)
    process.stdout.write(`${JSON.stringify(result)}\n`)
    return
  }
  const households = Number(values.households)
  const files = await generate(households)
  const loadAtStart = os.loadavg().map((l) => Math.round(l * 10) / 10)
  const formats = values.format === 'both' ? (['csv', 'xlsx'] as const) : [values.format as 'csv' | 'xlsx']
  const runs: RunResult[] = []
  for (const format of formats) {
    console.log(`importing ${path.basename(files[format])} into ${backend} …`)
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', import.meta.filename, '--backend', backend, '--child', format, '--file', files[format]], {
      maxBuffer: 1 << 20, timeout: 30 * 60_000,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      console.error(error.stderr)
      throw error
    })
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as RunResult
    console.log(`  ${format}: ${result.seconds} s, ${result.rowsPerSecond.toLocaleString('en-US')} rows/s, peak RSS ${result.peakRssMb} MB (read ${result.phases.read} s, checked ${result.phases.check} s, written ${result.phases.write} s)`)
    console.log(`  CPU: importer ${result.cpuSeconds} s${result.serverCpuSeconds === null ? '' : `, PostgreSQL ${result.serverCpuSeconds} s`}`)
    console.log(`  searches afterwards (ms): ${Object.entries(result.searchMs).map(([k, v]) => `${k} ${v}`).join(', ')}`)
    runs.push(result)
  }
  const report = {
    benchmark: 'registry-import',
    backend,
    date: new Date().toISOString(),
    households,
    members: files.members,
    targetSeconds: backend === 'postgres' ? 60 : 180,
    runs,
    machine: { loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 10) / 10), cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
  }
  mkdirSync(RESULTS, { recursive: true })
  const out = path.join(RESULTS, `registry-import-${backend}.json`)
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
  console.log(`wrote ${path.relative(process.cwd(), out)}`)
}

await main()
