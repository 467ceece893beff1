import ExcelJS from 'exceljs'
import type { Organisation } from '../../domain/access/index.js'
import { assert, formatDong, formatVnDate, RuleViolation, type Dong, type LocalDate } from '../../domain/shared/index.js'
import type { Executor, RequestContext } from '../context.js'
import { renderPdf } from '../pdf.js'
import { daySheet, type DaySheet, type SheetGroup, type SheetMember } from './sheet.js'

// The interest and savings collection list (danh sách thu lãi, thu tiết kiệm — mẫu 13/TD): the
// paper the group leader and the teller work from on the transaction day, one per group. Both the
// PDF and the workbook are drawn from the day sheet, so they show exactly the figures the capture
// screen starts from.

export const DAY_SHEET_XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const FORM_TITLE = 'DANH SÁCH THU LÃI, THU TIẾT KIỆM'
const FORM_NUMBER = 'Mẫu số 13/TD'

const ORGANISATION_VI: Readonly<Record<Organisation, string>> = {
  womens_union: 'Hội Liên hiệp Phụ nữ',
  farmers_union: 'Hội Nông dân',
  veterans_association: 'Hội Cựu chiến binh',
  youth_union: 'Đoàn Thanh niên',
}
const organisationName = (o: string) => ORGANISATION_VI[o as Organisation] ?? o

/** One member's line: the sums over the member's loans through the group. */
export interface MemberLine {
  readonly member: SheetMember
  readonly programs: string
  readonly outstandingDong: bigint
  /** Normal and overdue interest accrued to the day, unpaid (as the sheet's totals count it). */
  readonly interestDueDong: bigint
  readonly principalDueDong: bigint
  readonly principalOverdueDong: bigint
}

export function memberLine(member: SheetMember): MemberLine {
  const sum = (f: (l: SheetMember['loans'][number]) => bigint) => member.loans.reduce((s, l) => s + f(l), 0n)
  return {
    member,
    programs: [...new Set(member.loans.map((l) => l.programCode))].join(', '),
    outstandingDong: sum((l) => l.outstandingDong),
    interestDueDong: sum((l) => l.interestDueDong + l.overdueInterestDueDong),
    principalDueDong: sum((l) => l.principalDueDong),
    principalOverdueDong: sum((l) => l.principalOverdueDong),
  }
}

const money = (v: bigint) => formatDong(v as Dong, { symbol: false })
const vnDate = (d: LocalDate) => formatVnDate(d)

/** "ngày 15 tháng 02 năm 2026", as a signature block dates itself. */
function longDate(d: LocalDate): string {
  return `ngày ${d.slice(8, 10)} tháng ${d.slice(5, 7)} năm ${d.slice(0, 4)}`
}

/** The local (Vietnam, UTC+7) calendar date of an instant. */
function localDateOf(at: Date): LocalDate {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10) as LocalDate
}

const HEADINGS = [
  'STT', 'Họ tên chủ hộ', 'Thôn', 'Chương trình', 'Dư nợ', 'Lãi phải trả đến ngày', 'Gốc đến hạn', 'Nợ gốc quá hạn',
  'Số dư tiết kiệm', 'Tiết kiệm dự kiến', 'Số tiền thực nộp', 'Ký nhận',
] as const

function groupContent(sheet: DaySheet, group: SheetGroup, first: boolean, printedOn: LocalDate, printedBy: string): unknown[] {
  const { day } = sheet
  const right = (text: string, bold = false) => ({ text, alignment: 'right', bold })
  const lines = group.members.map(memberLine)
  const t = group.totals
  const body: unknown[][] = [
    HEADINGS.map((h) => ({ text: h, bold: true, alignment: 'center' })),
    HEADINGS.map((_, i) => ({ text: `(${i + 1})`, italics: true, alignment: 'center', fontSize: 7 })),
    ...lines.map((l, i) => [
      { text: String(i + 1), alignment: 'center' },
      l.member.headName ?? `Hộ ${l.member.householdCode}`,
      l.member.villageName ?? '',
      l.programs,
      right(money(l.outstandingDong)),
      right(money(l.interestDueDong)),
      right(money(l.principalDueDong)),
      right(money(l.principalOverdueDong)),
      right(money(l.member.savingsBalanceDong)),
      right(money(l.member.expectedSavingsDong)),
      '',
      '',
    ]),
    [
      { text: `Cộng (${t.members} thành viên, ${t.loans} món vay)`, bold: true, colSpan: 4 }, '', '', '',
      right(money(lines.reduce((s, l) => s + l.outstandingDong, 0n)), true),
      right(money(t.interestDueDong), true),
      right(money(t.principalDueDong), true),
      right(money(t.principalOverdueDong), true),
      right(money(t.savingsBalanceDong), true),
      right(money(t.expectedSavingsDong), true),
      '',
      '',
    ],
  ]
  const signature = (role: string, name: string | null) => ({
    stack: [{ text: role, bold: true }, { text: '(Ký, ghi rõ họ tên)', italics: true }, { text: name ?? ' ', margin: [0, 42, 0, 0] }],
    alignment: 'center',
  })
  return [
    {
      columns: [
        { stack: [{ text: 'NGÂN HÀNG CHÍNH SÁCH XÃ HỘI', bold: true }, `Điểm giao dịch ${day.pointSiteName} (${day.pointCode})`, day.communeName], width: '*' },
        { text: FORM_NUMBER, alignment: 'right', bold: true, width: 120 },
      ],
      ...(first ? {} : { pageBreak: 'before' }),
    },
    { text: FORM_TITLE, bold: true, fontSize: 14, alignment: 'center', margin: [0, 8, 0, 2] },
    { text: `Phiên giao dịch ngày ${vnDate(day.heldOn)}, lúc ${day.startTime}, tại ${day.pointSiteName} — ${day.communeName}`, alignment: 'center', margin: [0, 0, 0, 8] },
    {
      columns: [
        { text: [{ text: 'Tổ TK&VV: ', bold: true }, `${group.name} (mã ${group.code})`] },
        { text: [{ text: 'Tổ trưởng: ', bold: true }, group.leaderName ?? '………………………'] },
        { text: [{ text: 'Tổ chức hội: ', bold: true }, organisationName(group.organisation)] },
      ],
      margin: [0, 0, 0, 6],
    },
    {
      table: {
        headerRows: 2,
        dontBreakRows: true,
        widths: [20, '*', 62, 50, 58, 56, 54, 54, 56, 50, 64, 52],
        heights: (row: number) => (row >= 2 && row < body.length - 1 ? 20 : 'auto'),
        body,
      },
      fontSize: 8,
    },
    {
      // The signatures stay on one page with the date line above them.
      stack: [
        { text: `Đơn vị tính: đồng. ${day.communeName}, ${longDate(day.heldOn)}`, italics: true, alignment: 'right', margin: [0, 8, 0, 6] },
        { columns: [signature('TỔ TRƯỞNG TỔ TK&VV', group.leaderName), signature('GIAO DỊCH VIÊN NHCSXH', null), signature(`ĐẠI DIỆN ${organisationName(group.organisation).toUpperCase()}`, null)] },
      ],
      unbreakable: true,
    },
    { text: `In ngày ${vnDate(printedOn)} — người in: ${printedBy}`, italics: true, fontSize: 7, margin: [0, 12, 0, 0] },
  ]
}

/**
 * Form 13/TD for a day as a PDF: one A4 landscape page (or more, the header repeating) per
 * group, or only the group asked for. Money in đồng with Vietnamese grouping (1.500.000), dates
 * dd/mm/yyyy; the "amount actually paid" and "signature" columns are left for the pen.
 */
export async function daySheetPdf(db: Executor, ctx: RequestContext, dayId: bigint, options: { groupId?: bigint | undefined } = {}): Promise<Buffer> {
  const sheet = await daySheet(db, ctx, dayId)
  const groups = options.groupId === undefined ? sheet.groups : sheet.groups.filter((g) => g.groupId === options.groupId)
  if (options.groupId !== undefined && groups.length === 0) throw new RuleViolation('not_found', { entity: 'savings_group', id: options.groupId, dayId })
  const printedOn = localDateOf(ctx.now)
  const content = groups.length === 0
    ? [{ text: FORM_TITLE, bold: true, fontSize: 14, alignment: 'center' }, { text: `Điểm giao dịch ${sheet.day.pointSiteName} chưa có tổ TK&VV nào.`, alignment: 'center', margin: [0, 12, 0, 0] }]
    : groups.flatMap((g, i) => groupContent(sheet, g, i === 0, printedOn, ctx.actor.username))
  return renderPdf({
    info: { title: `${FORM_TITLE} — ${sheet.day.pointCode} — ${vnDate(sheet.day.heldOn)}`, subject: FORM_NUMBER },
    pageOrientation: 'landscape',
    pageMargins: [28, 28, 28, 32],
    content,
    footer: (page: number, pages: number) => ({ text: `Trang ${page}/${pages}`, alignment: 'right', fontSize: 7, margin: [28, 8, 28, 0] }),
  })
}

/** Money cells are numbers so Excel can sum them; whole đồng stays exact below 2⁵³. */
function cellDong(v: bigint): number {
  assert(v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER), 'an amount beyond 2^53 đồng on a day sheet')
  return Number(v)
}

/** The column headings sit on this row of every worksheet; the rows above it name the day. */
export const XLSX_HEADER_ROW = 5
const MONEY_FORMAT = '#,##0'

const MEMBER_HEADINGS = ['STT', 'Mã hộ', 'Họ tên chủ hộ', 'Thôn', 'Chương trình', 'Dư nợ', 'Lãi phải trả đến ngày', 'Gốc đến hạn', 'Nợ gốc quá hạn', 'Số dư tiết kiệm', 'Tiết kiệm dự kiến', 'Số tiền thực nộp', 'Ký nhận']
const MEMBER_MONEY_COLUMNS = [6, 7, 8, 9, 10, 11, 12]
const SUMMARY_HEADINGS = ['STT', 'Mã tổ', 'Tên tổ', 'Tổ trưởng', 'Tổ chức hội', 'Số thành viên', 'Số món vay', 'Dư nợ', 'Lãi phải trả đến ngày', 'Gốc đến hạn', 'Nợ gốc quá hạn', 'Số dư tiết kiệm', 'Tiết kiệm dự kiến']
const SUMMARY_MONEY_COLUMNS = [8, 9, 10, 11, 12, 13]

/** A worksheet name Excel accepts (≤ 31 characters, none of : \ / ? * [ ]), unique in the book. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[:\\/?*[\]]/g, '-').slice(0, 31) || 'Tổ'
  let name = base
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`
  taken.add(name.toLowerCase())
  return name
}

function startSheet(workbook: ExcelJS.Workbook, name: string, lines: readonly string[], headings: readonly string[], moneyColumns: readonly number[]): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: XLSX_HEADER_ROW, xSplit: 0 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } })
  lines.forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1)
    cell.value = text
    if (i === 0) cell.font = { bold: true, size: 13 }
  })
  const header = ws.getRow(XLSX_HEADER_ROW)
  header.values = [...headings]
  header.font = { bold: true }
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' }
  ws.columns.forEach((c) => { c.width = 14 })
  for (const col of moneyColumns) ws.getColumn(col).numFmt = MONEY_FORMAT
  return ws
}

/**
 * The day sheet as a workbook: a summary sheet (one row per group) then one worksheet per group
 * with a row per member, Vietnamese headings frozen above the rows, money as numbers formatted
 * `#,##0` (Excel groups with the viewer's separator: 1.500.000 in Vietnamese).
 */
export async function daySheetXlsx(db: Executor, ctx: RequestContext, dayId: bigint): Promise<Buffer> {
  const sheet = await daySheet(db, ctx, dayId)
  const { day } = sheet
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'TDCS'
  workbook.created = ctx.now
  const about = `Phiên giao dịch ngày ${vnDate(day.heldOn)}, lúc ${day.startTime}, tại ${day.pointSiteName} (${day.pointCode}) — ${day.communeName}`
  const taken = new Set<string>()

  const summary = startSheet(workbook, sheetName('Tổng hợp', taken), [`${FORM_TITLE} — TỔNG HỢP`, about, `Đơn vị tính: đồng. ${FORM_NUMBER}`], SUMMARY_HEADINGS, SUMMARY_MONEY_COLUMNS)
  summary.getColumn(3).width = 28
  sheet.groups.forEach((g, i) => {
    const outstanding = g.members.reduce((s, m) => s + memberLine(m).outstandingDong, 0n)
    summary.addRow([i + 1, g.code, g.name, g.leaderName ?? '', organisationName(g.organisation), g.totals.members, g.totals.loans,
      cellDong(outstanding), cellDong(g.totals.interestDueDong), cellDong(g.totals.principalDueDong), cellDong(g.totals.principalOverdueDong),
      cellDong(g.totals.savingsBalanceDong), cellDong(g.totals.expectedSavingsDong)])
  })
  const all = sheet.totals
  const allOutstanding = sheet.groups.flatMap((g) => g.members).reduce((s, m) => s + memberLine(m).outstandingDong, 0n)
  summary.addRow(['', '', 'Cộng', '', '', all.members, all.loans, cellDong(allOutstanding), cellDong(all.interestDueDong), cellDong(all.principalDueDong),
    cellDong(all.principalOverdueDong), cellDong(all.savingsBalanceDong), cellDong(all.expectedSavingsDong)]).font = { bold: true }

  for (const g of sheet.groups) {
    const ws = startSheet(workbook, sheetName(g.code, taken), [
      `${FORM_TITLE} — ${FORM_NUMBER}`, about, `Tổ TK&VV: ${g.name} (mã ${g.code}) — Tổ trưởng: ${g.leaderName ?? ''} — ${organisationName(g.organisation)}`,
    ], MEMBER_HEADINGS, MEMBER_MONEY_COLUMNS)
    ws.getColumn(3).width = 26
    const lines = g.members.map(memberLine)
    lines.forEach((l, i) => {
      ws.addRow([i + 1, l.member.householdCode, l.member.headName ?? '', l.member.villageName ?? '', l.programs, cellDong(l.outstandingDong), cellDong(l.interestDueDong),
        cellDong(l.principalDueDong), cellDong(l.principalOverdueDong), cellDong(l.member.savingsBalanceDong), cellDong(l.member.expectedSavingsDong), null, null])
    })
    const t = g.totals
    ws.addRow(['', '', 'Cộng', '', '', cellDong(lines.reduce((s, l) => s + l.outstandingDong, 0n)), cellDong(t.interestDueDong), cellDong(t.principalDueDong),
      cellDong(t.principalOverdueDong), cellDong(t.savingsBalanceDong), cellDong(t.expectedSavingsDong), null, null]).font = { bold: true }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
