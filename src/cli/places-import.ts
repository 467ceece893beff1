import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { systemContext, type TdcsApp } from '../app/open-app.js'
import { importPlacesFile, type PlacesImportReport } from '../app/places/import.js'
import { EXIT } from './exit-codes.js'

export const PLACES_IMPORT_HELP = `tdcs places import <file> [<file> …] [--json]

Imports administrative units and the crosswalk across 01/07/2025. The kind of each file is read
from its content, not its name:

  units-current.json                    34 provinces and their communes (since 01/07/2025)
  units-pre-2025-07.json                63 provinces → districts → communes (until 30/06/2025)
  crosswalk-2025-07-new-to-old.json     each current unit and the old units merged into it
  a GSO-style spreadsheet (.xlsx/.csv)  columns Mã tỉnh, Tên tỉnh, [Mã huyện, Tên huyện,] Mã xã,
                                        Tên xã, Cấp — with district columns: the historical layer
  any of these gzip-compressed (.gz)

Files are imported in the order given, each in its own transaction: import the two unit lists
before the crosswalk so its report can name codes the lists lack. Re-importing a file changes
nothing. Prints what was added, changed and left unchanged per level (--json: the whole report).
Exit 0 when imported; 1 with a named code (places_file_columns_invalid, places_file_rows_invalid …)
and nothing written; 4 when a file cannot be read.`

/** Reads every file first (a missing one stops before anything is written), then imports them in order. */
export async function placesImport(files: readonly string[], json: boolean, open: <T>(work: (app: TdcsApp) => Promise<T>) => Promise<T>): Promise<number> {
  if (files.length === 0) {
    console.error(`Give at least one file.\n\n${PLACES_IMPORT_HELP}`)
    return EXIT.usage
  }
  const contents: { name: string; bytes: Uint8Array }[] = []
  for (const file of files) {
    try {
      contents.push({ name: path.basename(file), bytes: await readFile(file) })
    } catch (error) {
      console.error(`Cannot read ${file}: ${(error as Error).message}`)
      return EXIT.infrastructure
    }
  }
  return open(async (app) => {
    for (const { name, bytes } of contents) {
      const started = performance.now()
      const report = await importPlacesFile(app.db, systemContext(`cli-${randomUUID()}`), { fileName: name, bytes })
      const ms = Math.round(performance.now() - started)
      if (json) console.log(JSON.stringify(report, null, 2))
      else printReport(report, ms)
    }
    return EXIT.ok
  })
}

function printReport(report: PlacesImportReport, ms: number): void {
  const what = report.layer ? `${report.layer} layer` : 'crosswalk links'
  console.log(`${report.fileName}: ${report.source}, ${report.records} record(s) of the ${what} — run #${report.runId}, ${ms} ms`)
  console.table(Object.entries(report.levels).map(([level, l]) => ({ level, records: l.records, added: l.added, changed: l.changed, unchanged: l.unchanged, removed: l.removed })))
  for (const [level, l] of Object.entries(report.levels)) {
    if (l.changes.length > 0) console.log(`  changed ${level}: ${l.changes.slice(0, 50).map((c) => `${c.code} (${c.fields.join(', ')})`).join('; ')}${l.changes.length > 50 ? ` … ${l.changes.length - 50} more` : ''}`)
    if (l.removedCodes.length > 0) console.log(`  removed ${level}: ${l.removedCodes.slice(0, 50).join(', ')}${l.removedCodes.length > 50 ? ' …' : ''}`)
  }
  for (const w of report.warnings) console.log(`  warning ${w.code}: ${w.count} (${w.sample.join(', ')}${w.count > w.sample.length ? ', …' : ''})`)
  if (report.totals.added + report.totals.changed + report.totals.removed === 0) console.log('  Nothing changed.')
}
