import { gunzipSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { MAX_PLACES_RECORDS, parseCsv, parsePlacesJson, parsePlacesTable, type ParsedPlacesFile } from '../../domain/places/index.js'
import { fail, type Result } from '../../domain/shared/index.js'

/** A file larger than this (after decompression) is refused before it is parsed. */
export const MAX_PLACES_FILE_BYTES = 64 * 1024 * 1024

const isGzip = (b: Uint8Array) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b
const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04

/**
 * Reads a places file of any supported kind, told apart by content, not by name: gzip (of any of
 * the others: the API's body limit makes the big JSON files travel compressed), .xlsx (a zip),
 * JSON (starts with `{` or `[`), otherwise CSV text.
 */
export async function readPlacesFile(bytes: Uint8Array): Promise<Result<ParsedPlacesFile>> {
  if (isGzip(bytes)) {
    let inflated: Uint8Array
    try {
      inflated = gunzipSync(bytes, { maxOutputLength: MAX_PLACES_FILE_BYTES })
    } catch (error) {
      return fail('places_file_unrecognised', { reason: 'gzip_unreadable', error: (error as Error).message })
    }
    if (isGzip(inflated)) return fail('places_file_unrecognised', { reason: 'gzip_nested' })
    return readPlacesFile(inflated)
  }
  if (bytes.length > MAX_PLACES_FILE_BYTES) return fail('places_file_too_large', { bytes: bytes.length, maxBytes: MAX_PLACES_FILE_BYTES })
  if (bytes.length === 0) return fail('places_file_unrecognised', { reason: 'empty' })
  if (isZip(bytes)) return readWorkbook(bytes)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    return fail('places_file_unrecognised', { reason: 'not_utf8' })
  }
  const start = text.trimStart()[0]
  if (start === '{' || start === '[') {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      return fail('places_file_unrecognised', { reason: 'json_invalid', error: (error as Error).message })
    }
    return parsePlacesJson(value)
  }
  const rows = parseCsv(text, MAX_PLACES_RECORDS + 1)
  if (rows === undefined) return fail('places_file_too_large', { maxRecords: MAX_PLACES_RECORDS })
  return parsePlacesTable(rows)
}

/** The first worksheet of an .xlsx file as rows of cell texts; row i of the result is sheet row i + 1. */
async function readWorkbook(bytes: Uint8Array): Promise<Result<ParsedPlacesFile>> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer)
  } catch (error) {
    return fail('places_file_unrecognised', { reason: 'xlsx_unreadable', error: (error as Error).message })
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) return fail('places_file_unrecognised', { reason: 'xlsx_no_sheet' })
  if (sheet.rowCount > MAX_PLACES_RECORDS + 1) return fail('places_file_too_large', { records: sheet.rowCount - 1, maxRecords: MAX_PLACES_RECORDS })
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cell.text ?? ''
    })
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '')
  })
  return parsePlacesTable(Array.from(rows, (r) => r ?? []))
}
