import ExcelJS from 'exceljs'
import {
  CITIZEN_ID_PROVINCES_LEGAL_BASIS,
  IMPORT_COLUMNS,
  RELATION_LABELS,
  RELATIONS,
  type ImportField,
} from '../../domain/households/index.js'
import type { RequestContext } from '../context.js'
import { requirePermission } from '../guards.js'

export const TEMPLATE_FILE_NAME = 'mau-nhap-ho-gia-dinh.xlsx'
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Rows of the list sheet that carry drop-down lists and text formats. */
const PREPARED_ROWS = 5000

/** Columns typed as text, so Excel keeps leading zeros and does not turn dates into numbers. */
const TEXT_FIELDS: ReadonlySet<ImportField> = new Set(['householdCode', 'communeCode', 'birthDate', 'citizenId', 'phone'])

const LISTS: Partial<Record<ImportField, readonly string[]>> = {
  relation: ['Chủ hộ', 'Vợ', 'Chồng', 'Con', 'Con dâu', 'Con rể', 'Bố', 'Mẹ', 'Bố vợ', 'Mẹ vợ', 'Bố chồng', 'Mẹ chồng', 'Ông', 'Bà', 'Cháu', 'Anh', 'Chị', 'Em', 'Khác'],
  sex: ['Nam', 'Nữ'],
  healthInsured: ['Có', 'Không'],
  inSchool: ['Có', 'Không'],
}

const columnLetter = (index: number): string => {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

/** exceljs writes worksheet-level validations over a range, but its typings omit the collection. */
const validationsOf = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations

/**
 * The registry import template: a list sheet with the Vietnamese headers (first, because the
 * import reads the first sheet), drop-down lists and text-formatted code and date columns, and an
 * instructions sheet with one worked example household.
 */
export async function buildImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'TDCS'
  workbook.created = new Date(0)
  const list = workbook.addWorksheet('Danh sách', { views: [{ state: 'frozen', ySplit: 1 }] })
  list.columns = IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }))
  const header = list.getRow(1)
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0B5CAD' } }
  header.alignment = { vertical: 'middle', wrapText: true }
  header.height = 30
  IMPORT_COLUMNS.forEach((c, index) => {
    const letter = columnLetter(index)
    header.getCell(index + 1).note = `${c.hint.vi}\n${c.hint.en}`
    if (TEXT_FIELDS.has(c.field)) list.getColumn(index + 1).numFmt = '@'
    const values = LISTS[c.field]
    if (values)
      validationsOf(list).add(`${letter}2:${letter}${PREPARED_ROWS}`, {
        type: 'list', allowBlank: !c.required, formulae: [`"${values.join(',')}"`], showErrorMessage: true,
        errorTitle: c.header, error: c.hint.vi,
      })
  })

  const help = workbook.addWorksheet('Hướng dẫn')
  help.columns = [{ width: 26 }, { width: 12 }, { width: 90 }]
  help.addRow(['Mẫu nhập danh sách hộ gia đình — mỗi dòng là một thành viên; các dòng cùng "Mã hộ" thuộc một hộ.']).font = { bold: true, size: 13 }
  help.addRow(['Nhập đủ cả tệp hoặc không nhập dòng nào: nếu có lỗi, hệ thống trả về danh sách lỗi theo dòng và cột.'])
  help.addRow([])
  const titles = help.addRow(['Cột', 'Bắt buộc', 'Cách ghi'])
  titles.font = { bold: true }
  for (const c of IMPORT_COLUMNS) help.addRow([c.header, c.required ? 'Có' : '', c.hint.vi])
  help.addRow([])
  help.addRow(['Quan hệ với chủ hộ', '', RELATIONS.map((r) => RELATION_LABELS[r].vi).join('; ')])
  help.addRow(['Số CCCD', '', `3 số đầu: mã tỉnh nơi đăng ký khai sinh; số thứ 4: thế kỷ và giới tính (0/1: 1900–1999 nam/nữ, 2/3: 2000–2099 …); số 5–6: hai số cuối năm sinh (${CITIZEN_ID_PROVINCES_LEGAL_BASIS}).`])
  help.addRow([])
  help.addRow(['Ví dụ một hộ:']).font = { bold: true }
  help.addRow(IMPORT_COLUMNS.map((c) => c.header)).font = { italic: true }
  const example: Record<ImportField, string>[] = [
    { householdCode: 'NC-001', communeCode: '06100', village: 'Thôn Nà Cạn', address: 'Thôn Nà Cạn', fullName: 'Hoàng Văn Sình', relation: 'Chủ hộ', birthDate: '12/03/1978', sex: 'Nam', ethnicity: 'Tày', citizenId: '020078001234', phone: '0912345678', healthInsured: 'Có', inSchool: 'Không' },
    { householdCode: 'NC-001', communeCode: '06100', village: 'Thôn Nà Cạn', address: 'Thôn Nà Cạn', fullName: 'Lăng Thị Mai', relation: 'Vợ', birthDate: '05/09/1981', sex: 'Nữ', ethnicity: 'Nùng', citizenId: '020181004321', phone: '', healthInsured: 'Có', inSchool: 'Không' },
    { householdCode: 'NC-001', communeCode: '06100', village: 'Thôn Nà Cạn', address: 'Thôn Nà Cạn', fullName: 'Hoàng Thị Lan', relation: 'Con', birthDate: '20/11/2012', sex: 'Nữ', ethnicity: 'Tày', citizenId: '020312000777', phone: '', healthInsured: 'Có', inSchool: 'Có' },
  ]
  for (const e of example) help.addRow(IMPORT_COLUMNS.map((c) => e[c.field]))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** The template for a reader of the registry (the file holds no data). */
export async function importTemplate(ctx: RequestContext): Promise<Buffer> {
  requirePermission(ctx, 'households.read')
  return buildImportTemplate()
}
