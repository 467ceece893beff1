import { assert, fail, ok, type Result } from '../shared/index.js'
import { foldName } from './name.js'

/** The fields of one spreadsheet row: one member of one household. */
export type ImportField =
  | 'householdCode'
  | 'communeCode'
  | 'village'
  | 'address'
  | 'fullName'
  | 'relation'
  | 'birthDate'
  | 'sex'
  | 'ethnicity'
  | 'citizenId'
  | 'phone'
  | 'healthInsured'
  | 'inSchool'

export interface ImportColumn {
  readonly field: ImportField
  /** The header as the template writes it (Vietnamese). */
  readonly header: string
  /** Other headers accepted for the same column (compared folded: any case, with or without diacritics). */
  readonly aliases: readonly string[]
  /** The column must be in the file. */
  readonly required: boolean
  /** What the template's instructions sheet says about it. */
  readonly hint: { readonly vi: string; readonly en: string }
  /** Width in the template, in characters. */
  readonly width: number
}

/** The registry import's columns, in template order. One row per member; rows are grouped by Mã hộ. */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { field: 'householdCode', header: 'Mã hộ', aliases: ['Ma ho', 'Mã hộ gia đình'], required: true, width: 14,
    hint: { vi: 'Bắt buộc. Các dòng cùng mã hộ là thành viên của cùng một hộ.', en: 'Required. Rows with the same code are members of one household.' } },
  { field: 'communeCode', header: 'Mã xã', aliases: ['Ma xa', 'Mã xã/phường'], required: false, width: 10,
    hint: { vi: 'Mã xã (5 chữ số, theo danh mục hành chính hiện hành). Bắt buộc khi không chọn xã lúc nhập.', en: 'Current 5-digit commune code. Required unless a commune is chosen for the import.' } },
  { field: 'village', header: 'Thôn/bản', aliases: ['Thon/ban', 'Thôn', 'Thôn/bản/tổ dân phố'], required: false, width: 18,
    hint: { vi: 'Tên hoặc mã thôn/bản đã khai báo trong xã. Có thể để trống.', en: 'Name or code of a village unit of the commune. Optional.' } },
  { field: 'address', header: 'Địa chỉ', aliases: ['Dia chi'], required: false, width: 30,
    hint: { vi: 'Địa chỉ của hộ. Có thể để trống.', en: "The household's address. Optional." } },
  { field: 'fullName', header: 'Họ và tên', aliases: ['Ho va ten', 'Họ tên'], required: true, width: 26,
    hint: { vi: 'Bắt buộc.', en: 'Required.' } },
  { field: 'relation', header: 'Quan hệ với chủ hộ', aliases: ['Quan he voi chu ho', 'Quan hệ'], required: true, width: 18,
    hint: { vi: 'Bắt buộc. Chủ hộ, Vợ, Chồng, Con, Con dâu, Con rể, Bố, Mẹ, Ông, Bà, Cháu, Anh, Chị, Em, Khác. Mỗi hộ đúng một chủ hộ.', en: 'Required. Exactly one head (Chủ hộ) per household.' } },
  { field: 'birthDate', header: 'Ngày sinh (dd/mm/yyyy)', aliases: ['Ngay sinh (dd/mm/yyyy)', 'Ngày sinh'], required: true, width: 14,
    hint: { vi: 'Bắt buộc, dạng dd/mm/yyyy, ví dụ 05/09/1980.', en: 'Required, dd/mm/yyyy, e.g. 05/09/1980.' } },
  { field: 'sex', header: 'Giới tính', aliases: ['Gioi tinh'], required: true, width: 10,
    hint: { vi: 'Bắt buộc: Nam hoặc Nữ.', en: 'Required: Nam (male) or Nữ (female).' } },
  { field: 'ethnicity', header: 'Dân tộc', aliases: ['Dan toc'], required: false, width: 12,
    hint: { vi: 'Ví dụ Kinh, Tày, Nùng. Có thể để trống.', en: 'E.g. Kinh, Tày, Nùng. Optional.' } },
  { field: 'citizenId', header: 'Số CCCD', aliases: ['So CCCD', 'Số định danh', 'CCCD'], required: false, width: 16,
    hint: { vi: '12 chữ số, nhập dạng văn bản để giữ số 0 đầu. Không được trùng.', en: '12 digits, entered as text to keep leading zeros. Must be unique.' } },
  { field: 'phone', header: 'Số điện thoại', aliases: ['So dien thoai', 'Điện thoại'], required: false, width: 14,
    hint: { vi: 'Có thể để trống.', en: 'Optional.' } },
  { field: 'healthInsured', header: 'Có BHYT', aliases: ['Co BHYT', 'BHYT'], required: false, width: 10,
    hint: { vi: 'Có hoặc Không. Có thể để trống.', en: 'Có (yes) or Không (no). Optional.' } },
  { field: 'inSchool', header: 'Đang đi học', aliases: ['Dang di hoc'], required: false, width: 12,
    hint: { vi: 'Có hoặc Không. Có thể để trống.', en: 'Có (yes) or Không (no). Optional.' } },
]

/** Which column index holds which field. */
export type ColumnMap = Readonly<Partial<Record<ImportField, number>>>

const BY_FOLDED_HEADER: ReadonlyMap<string, ImportColumn> = new Map(
  IMPORT_COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [foldName(h), c] as const)),
)

/**
 * Reads the header row: every required column present, nothing unknown, nothing twice. Headers
 * compare folded, so 'NGÀY SINH (DD/MM/YYYY)' and 'Ngay sinh' both name the birth date.
 *
 * @example mapHeader(['Mã hộ', 'Họ và tên', …]) // ok({ householdCode: 0, fullName: 1, … })
 */
export function mapHeader(header: readonly (string | null)[]): Result<ColumnMap> {
  const map: Partial<Record<ImportField, number>> = {}
  const unexpected: string[] = []
  const duplicated: string[] = []
  header.forEach((cell, index) => {
    const text = (cell ?? '').trim()
    if (text === '') return
    const column = BY_FOLDED_HEADER.get(foldName(text))
    if (column === undefined) unexpected.push(text)
    else if (map[column.field] !== undefined) duplicated.push(text)
    else map[column.field] = index
  })
  const missing = IMPORT_COLUMNS.filter((c) => c.required && map[c.field] === undefined).map((c) => c.header)
  if (missing.length > 0 || unexpected.length > 0 || duplicated.length > 0)
    return fail('import_columns_invalid', {
      expected: IMPORT_COLUMNS.map((c) => c.header),
      required: IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.header),
      missing,
      unexpected,
      duplicated,
    })
  return ok(map)
}

export function headerOf(field: ImportField): string {
  const column = IMPORT_COLUMNS.find((c) => c.field === field)
  assert(column !== undefined, `no import column for ${field}`)
  return column.header
}
