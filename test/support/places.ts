import { readFileSync } from 'node:fs'
import path from 'node:path'
import { importPlacesFile, type PlacesImportReport } from '../../src/app/places/import.js'
import { systemContext } from '../../src/app/open-app.js'
import type { Executor } from '../../src/app/context.js'

/** The real datasets (see SOURCE.md there): repo root, then ../shared/data/admin-units. */
export const ADMIN_UNITS_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'admin-units')
export const CURRENT_FILE = 'units-current.json'
export const HISTORICAL_FILE = 'units-pre-2025-07.json'
export const CROSSWALK_FILE = 'crosswalk-2025-07-new-to-old.json'
export const PLACE_FILES = [CURRENT_FILE, HISTORICAL_FILE, CROSSWALK_FILE] as const

export const readPlaceFile = (name: string): Uint8Array => readFileSync(path.join(ADMIN_UNITS_DIR, name))

/** Imports the three real files as the system, in order; returns each report and how long each took. */
export async function importRealPlaces(db: Executor): Promise<{ reports: PlacesImportReport[]; ms: number[] }> {
  const reports: PlacesImportReport[] = []
  const ms: number[] = []
  for (const name of PLACE_FILES) {
    const started = performance.now()
    reports.push(await importPlacesFile(db, systemContext(`test-import-${name}`), { fileName: name, bytes: readPlaceFile(name) }))
    ms.push(Math.round(performance.now() - started))
  }
  return { reports, ms }
}
