import { createHash } from 'node:crypto'
import type { Layer, ParsedPlacesFile, PlacesSource } from '../../domain/places/index.js'
import { orThrow } from '../../domain/shared/index.js'
import {
  analyzePlaceTables, crosswalkCodesMissingFromLayers, insertImportRun, upsertAdminUnits, upsertCrosswalkLinks, type WrittenRow,
} from '../../db/repositories/places.js'
import { recordAudit } from '../audit.js'
import { inTransaction, type Executor, type RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { readPlacesFile } from './read-file.js'

export interface LevelReport {
  readonly records: number
  readonly added: number
  readonly changed: number
  readonly unchanged: number
  /** Crosswalk only: links stored for the file's units that the file no longer lists. */
  readonly removed: number
  /** What changed, e.g. { code: '00004', fields: ['name'] }; crosswalk links read 'new←old'. */
  readonly changes: readonly { readonly code: string; readonly fields: readonly string[] }[]
  readonly removedCodes: readonly string[]
}

export interface PlacesImportReport {
  readonly runId: number
  readonly source: PlacesSource
  readonly fileName: string
  readonly sha256: string
  /** The layer of a units file; null for the crosswalk. */
  readonly layer: Layer | null
  readonly records: number
  /** Units: by level (province, district, commune). Crosswalk: by the new unit's level. */
  readonly levels: Readonly<Record<string, LevelReport>>
  readonly totals: { readonly added: number; readonly changed: number; readonly unchanged: number; readonly removed: number }
  /** Facts worth a look that did not stop the import (codes the two datasets disagree on). */
  readonly warnings: readonly { readonly code: string; readonly count: number; readonly sample: readonly unknown[] }[]
}

export interface ImportPlacesInput {
  readonly fileName: string
  readonly bytes: Uint8Array
}

/** How many changed codes the audit row carries; the import run row keeps the whole report. */
const AUDIT_CHANGES_MAX = 200
const WARNING_SAMPLE = 20

/**
 * Imports one places file: the current or historical units (JSON or GSO spreadsheet) or the
 * crosswalk. The file is parsed and checked whole first; then one transaction writes it with
 * set-based statements, records an import run and audits it. Re-importing the same file adds and
 * changes nothing (the run is still recorded).
 */
export async function importPlacesFile(db: Executor, ctx: RequestContext, input: ImportPlacesInput): Promise<PlacesImportReport> {
  requirePermission(ctx, 'places.manage', 'write')
  const parsed = orThrow(await readPlacesFile(input.bytes))
  const sha256 = createHash('sha256').update(input.bytes).digest('hex')
  return inTransaction(db, async (trx) => {
    const written = parsed.kind === 'units' ? await upsertAdminUnits(trx, parsed.units) : await upsertCrosswalkLinks(trx, parsed.links)
    if (written.length > 0) await analyzePlaceTables(trx)
    const warnings = parsed.kind === 'crosswalk' ? await crosswalkWarnings(trx, parsed) : []
    const levels = levelReports(parsed, written)
    const totals = sumLevels(levels)
    const base = {
      source: parsed.source, fileName: input.fileName, sha256, layer: parsed.kind === 'units' ? parsed.layer : null,
      records: parsed.kind === 'units' ? parsed.units.length : parsed.links.length, levels, totals, warnings,
    }
    const runId = await insertImportRun(trx, {
      at: ctx.now, source: parsed.source, fileName: input.fileName, sha256, added: totals.added, changed: totals.changed, unchanged: totals.unchanged, report: base,
    })
    const report: PlacesImportReport = { runId, ...base }
    await recordAudit(trx, ctx, { action: 'places.import', entityType: 'admin_import_run', entityId: runId, after: auditSummary(report), scopePath: '/1/' })
    return report
  })
}

function levelReports(parsed: ParsedPlacesFile, written: readonly WrittenRow[]): Record<string, LevelReport> {
  const records = new Map<string, number>()
  const bump = (level: string) => records.set(level, (records.get(level) ?? 0) + 1)
  if (parsed.kind === 'units') parsed.units.forEach((u) => bump(u.level))
  else parsed.links.forEach((l) => bump(l.newLevel))
  const levels: Record<string, LevelReport> = {}
  for (const [level, count] of records) {
    const mine = written.filter((w) => w.level === level)
    const added = mine.filter((w) => w.outcome === 'added').length
    const changed = mine.filter((w) => w.outcome === 'changed')
    const removed = mine.filter((w) => w.outcome === 'removed')
    levels[level] = {
      records: count, added, changed: changed.length, unchanged: count - added - changed.length, removed: removed.length,
      changes: changed.map((w) => ({ code: w.code, fields: w.fields })), removedCodes: removed.map((w) => w.code),
    }
  }
  return levels
}

function sumLevels(levels: Readonly<Record<string, LevelReport>>) {
  const all = Object.values(levels)
  const sum = (pick: (l: LevelReport) => number) => all.reduce((n, l) => n + pick(l), 0)
  return { added: sum((l) => l.added), changed: sum((l) => l.changed), unchanged: sum((l) => l.unchanged), removed: sum((l) => l.removed) }
}

async function crosswalkWarnings(trx: Executor, parsed: Extract<ParsedPlacesFile, { kind: 'crosswalk' }>): Promise<PlacesImportReport['warnings']> {
  const missing = await crosswalkCodesMissingFromLayers(trx, parsed.links)
  const side = (s: 'new' | 'old') => missing.filter((m) => m.side === s)
  return [
    { code: 'crosswalk_new_codes_not_in_current_layer', rows: side('new') },
    { code: 'crosswalk_old_codes_not_in_historical_layer', rows: side('old') },
  ]
    .filter((w) => w.rows.length > 0)
    .map((w) => ({ code: w.code, count: w.rows.length, sample: w.rows.slice(0, WARNING_SAMPLE).map((r) => `${r.level}:${r.code}`) }))
}

function auditSummary(report: PlacesImportReport) {
  const levels = Object.fromEntries(
    Object.entries(report.levels).map(([level, l]) => [level, { ...l, changes: l.changes.slice(0, AUDIT_CHANGES_MAX), removedCodes: l.removedCodes.slice(0, AUDIT_CHANGES_MAX) }]),
  )
  return { ...report, levels }
}
