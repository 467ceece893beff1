import ExcelJS from 'exceljs'
import { TAKEOVER_COLUMNS, type TakeoverField } from '../../domain/takeover/index.js'
import type { Executor, RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'
import { underScope } from '../../db/scope.js'

export const TAKEOVER_TEMPLATE_XLSX = 'mau-tiep-nhan-danh-muc-cho-vay.xlsx'
export const TAKEOVER_TEMPLATE_CSV = 'mau-tiep-nhan-danh-muc-cho-vay.csv'
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Columns typed as text, so Excel keeps leading zeros (CCCD) and does not turn dates into numbers. */
const TEXT_FIELDS: ReadonlySet<TakeoverField> = new Set(['contractNumber', 'borrower', 'contractDate', 'maturityDate', 'overdueSince', 'communeCode'])

const EXAMPLE: Record<TakeoverField, string>[] = [
  { contractNumber: 'Q12-0001', borrower: 'Q12-HH-1', programCode: 'POOR', contractDate: '10/03/2024', maturityDate: '10/03/2027', disbursedDong: '30.000.000', inTermDong: '25.000.000', overdueDong: '0', interestDong: '137.500', overdueInterestDong: '0', overdueSince: '', communeCode: '', group: 'Tổ 3' },
  { contractNumber: 'Q12-0002', borrower: '079182001202', programCode: 'NEAR_POOR', contractDate: '05/01/2023', maturityDate: '05/01/2025', disbursedDong: '20.000.000', inTermDong: '0', overdueDong: '12.000.000', interestDong: '0', overdueInterestDong: '210.000', overdueSince: '05/01/2025', communeCode: '', group: '' },
]

/**
 * The takeover template: the loan list (first sheet, which the import reads) with the Vietnamese
 * headings, and an instructions sheet saying how each column is written and how the owner's stated
 * totals are checked.
 */
export async function buildTakeoverTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'TDCS'
  workbook.created = new Date(0)
  const list = workbook.addWorksheet('Danh mục cho vay', { views: [{ state: 'frozen', ySplit: 1 }] })
  list.columns = TAKEOVER_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }))
  const header = list.getRow(1)
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0B5CAD' } }
  header.alignment = { vertical: 'middle', wrapText: true }
  header.height = 30
  TAKEOVER_COLUMNS.forEach((c, index) => {
    header.getCell(index + 1).note = `${c.hint.vi}\n${c.hint.en}`
    if (TEXT_FIELDS.has(c.field)) list.getColumn(index + 1).numFmt = '@'
  })
  const help = workbook.addWorksheet('Hướng dẫn')
  help.columns = [{ width: 30 }, { width: 10 }, { width: 100 }]
  help.addRow(['Mẫu tiếp nhận danh mục cho vay vào nguồn vốn địa phương — mỗi dòng là một khế ước còn dư nợ.']).font = { bold: true, size: 13 }
  help.addRow(['Số tổng hợp của chủ nguồn vốn (tổng nguồn vốn, dư nợ, tồn quỹ, nợ quá hạn) nhập riêng khi tiếp nhận. Tổng nguồn vốn = dư nợ + tồn quỹ; dư nợ = tổng dư nợ các dòng; nợ quá hạn = tổng dư nợ quá hạn các dòng.'])
  help.addRow(['Lệch dù 1 đồng, hoặc có dòng lỗi, thì không ghi gì và trả về báo cáo chênh lệch / lỗi theo dòng. Hộ vay phải có sẵn trong sổ hộ gia đình.'])
  help.addRow([])
  help.addRow(['Cột', 'Bắt buộc', 'Cách ghi']).font = { bold: true }
  for (const c of TAKEOVER_COLUMNS) help.addRow([c.header, c.required ? 'Có' : '', c.hint.vi])
  help.addRow([])
  help.addRow(['Ví dụ:']).font = { bold: true }
  help.addRow(TAKEOVER_COLUMNS.map((c) => c.header)).font = { italic: true }
  for (const e of EXAMPLE) help.addRow(TAKEOVER_COLUMNS.map((c) => e[c.field]))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** The CSV form of the template: the header row and the two example rows, UTF-8 with a byte order mark. */
export function buildTakeoverTemplateCsv(): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  const lines = [TAKEOVER_COLUMNS.map((c) => cell(c.header)).join(','), ...EXAMPLE.map((e) => TAKEOVER_COLUMNS.map((c) => cell(e[c.field])).join(','))]
  return `\ufeff${lines.join('\r\n')}\r\n`
}

export function takeoverTemplate(ctx: RequestContext, format: 'xlsx' | 'csv'): Promise<Buffer> | string {
  requirePermission(ctx, 'capital.manage')
  return format === 'xlsx' ? buildTakeoverTemplate() : buildTakeoverTemplateCsv()
}

/** Posted takeovers into sources whose owner unit is in scope, newest first. */
export async function listTakeoverRuns(db: Executor, ctx: RequestContext, query: { capitalSource?: string | undefined; limit: number; offset: number }) {
  requirePermission(ctx, 'capital.manage')
  let q = db.selectFrom('takeover_runs as r')
    .innerJoin('capital_sources as s', 's.code', 'r.capital_source_code')
    .innerJoin('units as u', 'u.id', 's.owner_unit_id')
    .where(underScope('u.path', ctx.actor.scopePath))
  if (query.capitalSource !== undefined) q = q.where('r.capital_source_code', '=', query.capitalSource)
  const items = await q.select([
    'r.id', 'r.capital_source_code as capitalSource', 'r.takeover_date as takeoverDate', 'r.file_name as fileName', 'r.file_sha256 as sha256', 'r.loan_count as loanCount',
    'r.stated_capital_dong as capitalDong', 'r.stated_outstanding_dong as outstandingDong', 'r.stated_fund_balance_dong as fundBalanceDong', 'r.stated_overdue_dong as overdueDong',
    'r.capital_entry_id as capitalEntryId', 'r.posted_by as postedBy', 'r.posted_at as postedAt',
  ]).orderBy('r.id', 'desc').limit(query.limit).offset(query.offset).execute()
  return { items }
}
