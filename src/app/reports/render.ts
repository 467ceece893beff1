import ExcelJS from 'exceljs'
import type { Cell, ReportColumn, ReportResult, ReportRow } from '../../domain/reports/index.js'
import { formatDong, formatVnDate, type Dong, type LocalDate } from '../../domain/shared/index.js'
import { renderPdf } from '../pdf.js'

export const REPORT_XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export type Locale = 'vi' | 'en'

/** A ratio in basis points as a percent with a decimal comma: 123 → "1,23%". */
export function formatRatio(bp: number, locale: Locale = 'vi'): string {
  const whole = Math.trunc(Math.abs(bp) / 100)
  const cents = String(Math.abs(bp) % 100).padStart(2, '0')
  return `${bp < 0 ? '-' : ''}${whole}${locale === 'vi' ? ',' : '.'}${cents}%`
}

function cellText(c: ReportColumn, v: Cell, locale: Locale): string {
  if (v === null || v === undefined) return ''
  if (c.kind === 'money') return formatDong(BigInt(v) as Dong)
  if (c.kind === 'ratio') return formatRatio(Number(v), locale)
  if (c.kind === 'count') return Number(v).toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-US')
  return String(v)
}

function paramsLine(r: ReportResult, locale: Locale): string {
  const p = r.params
  const when = p['date'] ? formatVnDate(p['date'] as LocalDate) : `${formatVnDate(p['from'] as LocalDate)} – ${formatVnDate(p['to'] as LocalDate)}`
  return locale === 'vi' ? `Đơn vị: ${p['unitName']} · Ngày/kỳ: ${when}` : `Unit: ${p['unitName']} · Date/period: ${when}`
}

/**
 * The report as an Excel workbook: one sheet per table, headings in the locale (Vietnamese by
 * default), money as whole-đồng numbers formatted `#,##0`, ratios as percentages, a total line.
 * Money beyond 2^53 đồng cannot be an Excel number, so such a cell is written as text.
 */
export async function reportWorkbook(r: ReportResult, locale: Locale = 'vi'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'TDCS'
  for (const t of r.tables) {
    const sheet = workbook.addWorksheet(t.key.slice(0, 31))
    sheet.addRow([locale === 'vi' ? t.vi : t.en]).font = { bold: true, size: 13 }
    sheet.addRow([paramsLine(r, locale)])
    sheet.addRow([])
    const header = sheet.addRow(t.columns.map((c) => (locale === 'vi' ? c.vi : c.en)))
    header.font = { bold: true }
    const add = (row: ReportRow) => sheet.addRow(t.columns.map((c) => excelValue(c, row[c.key] ?? null)))
    for (const row of t.rows) add(row)
    if (t.totals) add(t.totals).font = { bold: true }
    t.columns.forEach((c, i) => {
      const col = sheet.getColumn(i + 1)
      col.width = c.kind === 'text' ? 28 : 18
      if (c.kind === 'money' || c.kind === 'count') col.numFmt = '#,##0'
      if (c.kind === 'ratio') col.numFmt = '0.00%'
    })
  }
  const notes = workbook.addWorksheet(locale === 'vi' ? 'Ghi chu' : 'Notes')
  for (const n of r.notes) notes.addRow([locale === 'vi' ? n.vi : n.en])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

function excelValue(c: ReportColumn, v: Cell): string | number | null {
  if (v === null) return null
  if (c.kind === 'money') return BigInt(v) <= BigInt(Number.MAX_SAFE_INTEGER) && BigInt(v) >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v)
  if (c.kind === 'count') return Number(v)
  if (c.kind === 'ratio') return Number(v) / 10_000
  return String(v)
}

/** The report as a PDF (A4 landscape, Roboto has every Vietnamese glyph). */
export async function reportPdf(r: ReportResult, locale: Locale = 'vi'): Promise<Buffer> {
  const content: unknown[] = [{ text: locale === 'vi' ? r.vi : r.en, fontSize: 14, bold: true }, { text: paramsLine(r, locale), margin: [0, 2, 0, 8] }]
  for (const t of r.tables) {
    if (r.tables.length > 1) content.push({ text: locale === 'vi' ? t.vi : t.en, bold: true, margin: [0, 8, 0, 4] })
    const line = (row: ReportRow, bold = false) => t.columns.map((c) => ({ text: cellText(c, row[c.key] ?? null, locale), alignment: c.kind === 'text' ? 'left' : 'right', bold }))
    const body = [t.columns.map((c) => ({ text: locale === 'vi' ? c.vi : c.en, bold: true })), ...t.rows.map((row) => line(row)), ...(t.totals ? [line(t.totals, true)] : [])]
    content.push({ table: { headerRows: 1, widths: t.columns.map((c) => (c.kind === 'text' ? '*' : 'auto')), body }, layout: 'lightHorizontalLines', fontSize: 8 })
  }
  for (const n of r.notes) content.push({ text: locale === 'vi' ? n.vi : n.en, italics: true, fontSize: 8, margin: [0, 6, 0, 0] })
  return renderPdf({ pageOrientation: 'landscape', content })
}
