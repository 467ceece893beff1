import { randomUUID } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { importHouseholds, type ImportRejection } from '../app/households/import.js'
import { buildImportTemplate } from '../app/households/import-template.js'
import { listHouseholds } from '../app/households/queries.js'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { HOUSEHOLD_STATUSES, type HouseholdStatus } from '../domain/households/index.js'
import { RuleViolation } from '../domain/shared/index.js'
import { EXIT } from './exit-codes.js'
import { createProgress } from './progress.js'

type Open = <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>

export const HOUSEHOLDS_TEMPLATE_HELP = `tdcs households template <file.xlsx>

Writes the registry import template: one sheet "Danh sách" with the Vietnamese column headers
(Mã hộ, Mã xã, Thôn/bản, Địa chỉ, Họ và tên, Quan hệ với chủ hộ, Ngày sinh (dd/mm/yyyy), Giới tính,
Dân tộc, Số CCCD, Số điện thoại, Có BHYT, Đang đi học) and drop-down lists, and a sheet
"Hướng dẫn" explaining each column with an example household.`

export const HOUSEHOLDS_IMPORT_HELP = `tdcs households import <file.xlsx|file.csv> [--commune-unit ID] [--json]

Imports households from a spreadsheet made from the template (tdcs households template): one row
per member, rows grouped into households by "Mã hộ". All or nothing: if any row is wrong nothing
is written and the row-by-row report is printed (row, column, code, message). With --commune-unit
every household goes to that commune unit and the "Mã xã" column may be empty. Progress goes to
stderr. Runs on the server's console as 'system'.
Exit 0 when imported; 1 with the report (import_rejected) or another named code; 4 when the file
cannot be read.`

export const HOUSEHOLDS_LIST_HELP = `tdcs households list [--q TEXT] [--commune-unit ID] [--village-unit ID] [--status S] [--limit N]

Lists households: --q is a name (diacritics optional), a household code or a 12-digit citizen id.
Statuses: ${HOUSEHOLD_STATUSES.join(', ')}.`

export async function householdsTemplate(files: readonly string[]): Promise<number> {
  const [file] = files
  if (file === undefined || files.length > 1) {
    console.error(`Give one output file.\n\n${HOUSEHOLDS_TEMPLATE_HELP}`)
    return EXIT.usage
  }
  try {
    await writeFile(file, await buildImportTemplate())
  } catch (error) {
    console.error(`Cannot write ${file}: ${(error as Error).message}`)
    return EXIT.infrastructure
  }
  console.log(`Wrote the import template to ${file}`)
  return EXIT.ok
}

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-9][0-9]{0,9}$/.test(value)) throw new RuleViolation('validation_failed', { [option]: value, expected: 'a positive integer' })
  return Number(value)
}

export async function householdsImport(files: readonly string[], communeUnit: string | undefined, json: boolean, open: Open): Promise<number> {
  const [file] = files
  if (file === undefined || files.length > 1) {
    console.error(`Give one file.\n\n${HOUSEHOLDS_IMPORT_HELP}`)
    return EXIT.usage
  }
  const communeUnitId = positiveInt(communeUnit, '--commune-unit')
  let content: Uint8Array
  try {
    content = await readFile(file)
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`)
    return EXIT.infrastructure
  }
  return open(async (app) => {
    const progress = createProgress()
    const started = performance.now()
    try {
      const summary = await importHouseholds(app.db, systemContext(`cli-${randomUUID()}`), {
        fileName: path.basename(file), content, communeUnitId, onProgress: (phase, done, total) => progress.update(phase, done, total),
      })
      progress.end()
      const seconds = (performance.now() - started) / 1000
      if (json) console.log(JSON.stringify(summary, null, 2))
      else {
        console.log(`${summary.fileName}: imported ${summary.households.toLocaleString('en-US')} household(s) with ${summary.members.toLocaleString('en-US')} member(s) from ${summary.rows.toLocaleString('en-US')} row(s) in ${Math.round(seconds * 10) / 10} s`)
        console.table(summary.communes.map((c) => ({ unit: c.unitId, commune: c.name, households: c.households })))
      }
      return EXIT.ok
    } catch (error) {
      progress.end()
      if (!(error instanceof RuleViolation) || error.code !== 'import_rejected') throw error
      const report = error.details as unknown as ImportRejection
      if (json) console.log(JSON.stringify({ code: error.code, ...report }, null, 2))
      else {
        console.error(`${report.fileName}: ${report.errorCount} error(s) in ${report.rows} row(s); nothing was imported. / Tệp có lỗi, chưa nhập dòng nào.`)
        for (const e of report.errors) console.error(`  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.code} — ${e.message.vi}`)
        if (report.errorCount > report.errors.length) console.error(`  … and ${report.errorCount - report.errors.length} more`)
      }
      return EXIT.ruleViolation
    }
  })
}

export async function householdsList(v: Record<string, string | boolean | undefined>, open: Open): Promise<number> {
  const text = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined)
  const status = text('status')
  if (status !== undefined && !(HOUSEHOLD_STATUSES as readonly string[]).includes(status))
    throw new RuleViolation('validation_failed', { status, allowed: HOUSEHOLD_STATUSES })
  return open(async (app) => {
    const { items, total } = await listHouseholds(app.db, systemContext(`cli-${randomUUID()}`), {
      q: text('q'),
      communeUnitId: positiveInt(text('commune-unit'), '--commune-unit'),
      villageUnitId: positiveInt(text('village-unit'), '--village-unit'),
      status: status as HouseholdStatus | undefined,
      limit: Math.min(positiveInt(text('limit'), '--limit') ?? 50, 500),
      offset: 0,
    })
    console.table(items.map((h) => ({ id: String(h.id), code: h.code, head: h.headName, members: h.memberCount, commune: h.communeName, village: h.villageName, status: h.status })))
    console.log(`${total} household(s)`)
    return EXIT.ok
  })
}
