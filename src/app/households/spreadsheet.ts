import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { RawCell } from '../../domain/households/index.js'
import { csvSeparator, RuleViolation } from '../../domain/shared/index.js'
import { readFirstSheet, XlsxUnsupported } from './xlsx-reader.js'

export type SpreadsheetFormat = 'xlsx' | 'csv'

/** One row as read: its number in the sheet (the header is 1) and its cells, first column at 0. */
export interface SheetRow {
  readonly row: number
  readonly cells: readonly RawCell[]
}

/** Reports how much of the file has been read, in bytes (xlsx) or characters (csv). */
export type ReadProgress = (done: number, total: number) => void

/** A zip archive (xlsx) starts with 'PK\x03\x04'; anything else named .csv is read as CSV text. */
export function formatOf(fileName: string, content: Uint8Array): SpreadsheetFormat {
  const zip = content.length >= 4 && content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04
  const lower = fileName.toLowerCase()
  if (zip && !lower.endsWith('.csv')) return 'xlsx'
  if (!zip && (lower.endsWith('.csv') || lower.endsWith('.txt'))) return 'csv'
  throw new RuleViolation('import_format_unsupported', { fileName })
}

/**
 * Reads the first worksheet of a spreadsheet or a CSV file, in batches of rows: a million rows
 * awaited one by one would spend more time in promises than in reading.
 */
export function readRowBatches(content: Uint8Array, format: SpreadsheetFormat, onProgress?: ReadProgress): AsyncIterable<readonly SheetRow[]> {
  return format === 'xlsx' ? readXlsx(content, onProgress) : readCsv(content, onProgress)
}

/** The same rows one at a time, for small files and tests. */
export async function* readRows(content: Uint8Array, format: SpreadsheetFormat, onProgress?: ReadProgress): AsyncIterable<SheetRow> {
  for await (const batch of readRowBatches(content, format, onProgress)) yield* batch
}

/** exceljs hands rich text, formulas and hyperlinks over as objects: keep what a person sees. */
function plainValue(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('result' in value) return plainValue((value.result ?? null) as ExcelJS.CellValue)
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('error' in value) return null
  }
  return null
}

/**
 * The fast reader first (see xlsx-reader.ts); a workbook it does not handle goes through exceljs,
 * slower but general.
 */
async function* readXlsx(content: Uint8Array, onProgress?: ReadProgress): AsyncIterable<readonly SheetRow[]> {
  let yielded = false
  try {
    for await (const batch of readFirstSheet(content, onProgress)) {
      yielded = true
      yield batch
    }
    return
  } catch (error) {
    if (error instanceof RuleViolation) throw error
    if (!(error instanceof XlsxUnsupported) || yielded) throw new RuleViolation('import_file_unreadable', { reason: (error as Error).message })
  }
  yield* readXlsxWithExceljs(content, onProgress)
}

async function* readXlsxWithExceljs(content: Uint8Array, onProgress?: ReadProgress): AsyncIterable<readonly SheetRow[]> {
  const total = content.length
  let done = 0
  const chunkBytes = 1 << 20
  const source = Readable.from(
    (function* chunks() {
      for (let offset = 0; offset < total; offset += chunkBytes) {
        const chunk = content.subarray(offset, Math.min(total, offset + chunkBytes))
        done = offset + chunk.length
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      }
    })(),
  )
  // Styles are needed to tell a date cell from a number; shared strings are cached for lookups.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' })
  let lastReported = 0
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as ExcelJS.CellValue[]
        // row.values is 1-based: index 0 is always empty.
        const cells: RawCell[] = []
        for (let i = 1; i < values.length; i++) cells.push(plainValue(values[i]))
        yield [{ row: row.number, cells }]
        if (onProgress && done - lastReported >= chunkBytes) {
          lastReported = done
          onProgress(done, total)
        }
      }
      break // the first worksheet holds the list; the template's second one is instructions
    }
  } catch (error) {
    if (error instanceof RuleViolation) throw error
    throw new RuleViolation('import_file_unreadable', { reason: (error as Error).message })
  }
  onProgress?.(total, total)
}


const CSV_BATCH_ROWS = 5000

/**
 * RFC 4180 CSV: quoted fields may hold delimiters, quotes ("") and line breaks; a UTF-8 byte
 * order mark is dropped. Cells stay text: dates and citizen ids are read by the import rules.
 */
async function* readCsv(content: Uint8Array, onProgress?: ReadProgress): AsyncIterable<readonly SheetRow[]> {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content)
  } catch {
    throw new RuleViolation('import_file_unreadable', { reason: 'the CSV file is not UTF-8 text' })
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const delimiter = csvSeparator(text)
  const total = text.length
  const step = Math.max(1, Math.floor(total / 100))
  let nextReport = step
  let row = 1
  let cells: string[] = []
  let batch: SheetRow[] = []
  let i = 0
  let lineEnd = -1
  /** The next delimiter or line feed at or after `from`; the line end is looked up once per line. */
  const nextStop = (from: number): number => {
    if (lineEnd < from) {
      lineEnd = text.indexOf('\n', from)
      if (lineEnd === -1) lineEnd = total
    }
    const d = text.indexOf(delimiter, from)
    return d === -1 || d > lineEnd ? lineEnd : d
  }
  while (i < total) {
    let value: string
    if (text[i] === '"') {
      let j = i + 1
      let buf = ''
      for (;;) {
        const q = text.indexOf('"', j)
        if (q === -1) throw new RuleViolation('import_file_unreadable', { reason: `unterminated quoted field at row ${row}` })
        buf += text.slice(j, q)
        if (text[q + 1] === '"') {
          buf += '"'
          j = q + 2
        } else {
          i = q + 1
          break
        }
      }
      value = buf
      // Anything between the closing quote and the delimiter is kept, as spreadsheet programs do.
      const stop = nextStop(i)
      value += text.slice(i, stop)
      i = stop
    } else {
      const stop = nextStop(i)
      value = text.slice(i, stop)
      i = stop
    }
    cells.push(value.endsWith('\r') ? value.slice(0, -1) : value)
    const ch = text[i]
    if (ch === delimiter) {
      i++
      if (i < total) continue
      cells.push('') // a delimiter ends the text: its last cell is empty
    }
    // End of line or of text: the row is complete.
    batch.push({ row, cells })
    row++
    cells = []
    i++
    if (batch.length >= CSV_BATCH_ROWS) {
      yield batch
      batch = []
    }
    if (onProgress && i >= nextReport) {
      nextReport = i + step
      onProgress(Math.min(i, total), total)
    }
  }
  if (batch.length > 0) yield batch
  onProgress?.(total, total)
}
