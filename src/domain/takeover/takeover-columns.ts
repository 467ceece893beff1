import { fail, ok, type Result } from '../shared/index.js'
import { foldName } from '../households/index.js'

/** The fields of one row of a takeover file: one loan of the portfolio handed over. */
export type TakeoverField =
  | 'contractNumber'
  | 'borrower'
  | 'programCode'
  | 'contractDate'
  | 'maturityDate'
  | 'disbursedDong'
  | 'inTermDong'
  | 'overdueDong'
  | 'interestDong'
  | 'overdueInterestDong'
  | 'overdueSince'
  | 'communeCode'
  | 'group'

export interface TakeoverColumn {
  readonly field: TakeoverField
  /** The header as the template writes it (Vietnamese). */
  readonly header: string
  /** Other headers accepted (compared folded: any case, with or without diacritics). */
  readonly aliases: readonly string[]
  /** The column must be in the file (a cell may still be empty when the hint says so). */
  readonly required: boolean
  readonly hint: { readonly vi: string; readonly en: string }
  readonly width: number
}

/** The takeover file's columns, in template order. One row per loan. */
export const TAKEOVER_COLUMNS: readonly TakeoverColumn[] = [
  { field: 'contractNumber', header: 'Số khế ước', aliases: ['So khe uoc', 'Số hợp đồng', 'Contract number'], required: true, width: 16,
    hint: { vi: 'Bắt buộc, không trùng trong tệp và trong nguồn vốn.', en: 'Required; unique in the file and in the capital source.' } },
  { field: 'borrower', header: 'Mã hộ hoặc số CCCD chủ hộ', aliases: ['Ma ho hoac so CCCD chu ho', 'Mã hộ', 'Người vay', 'Borrower'], required: true, width: 20,
    hint: { vi: 'Bắt buộc: mã hộ trong sổ hộ gia đình, hoặc số CCCD (12 chữ số) của chủ hộ. Hộ phải có sẵn trong hệ thống.', en: "Required: the registry's household code, or the head's 12-digit citizen ID. The household must already be registered." } },
  { field: 'programCode', header: 'Mã chương trình', aliases: ['Ma chuong trinh', 'Chương trình', 'Program'], required: true, width: 16,
    hint: { vi: 'Bắt buộc, ví dụ POOR, NEAR_POOR, CLEAN_WATER.', en: 'Required, e.g. POOR, NEAR_POOR, CLEAN_WATER.' } },
  { field: 'contractDate', header: 'Ngày vay (dd/mm/yyyy)', aliases: ['Ngay vay (dd/mm/yyyy)', 'Ngày vay', 'Ngày hợp đồng'], required: true, width: 14,
    hint: { vi: 'Bắt buộc; không sau ngày tiếp nhận.', en: 'Required; not after the takeover date.' } },
  { field: 'maturityDate', header: 'Ngày đến hạn (dd/mm/yyyy)', aliases: ['Ngay den han (dd/mm/yyyy)', 'Ngày đến hạn', 'Hạn trả'], required: true, width: 14,
    hint: { vi: 'Bắt buộc; sau ngày vay. Dư nợ trong hạn cần ngày đến hạn từ ngày tiếp nhận trở đi.', en: 'Required; after the contract date. In-term principal needs a maturity on or after the takeover date.' } },
  { field: 'disbursedDong', header: 'Số tiền đã giải ngân', aliases: ['So tien da giai ngan', 'Số tiền vay', 'Disbursed'], required: true, width: 16,
    hint: { vi: 'Bắt buộc, đồng, số nguyên (ví dụ 30.000.000).', en: 'Required, whole đồng (e.g. 30.000.000).' } },
  { field: 'inTermDong', header: 'Dư nợ trong hạn', aliases: ['Du no trong han', 'In term'], required: true, width: 16,
    hint: { vi: 'Đồng; để trống là 0.', en: 'Đồng; empty means 0.' } },
  { field: 'overdueDong', header: 'Dư nợ quá hạn', aliases: ['Du no qua han', 'Overdue'], required: true, width: 16,
    hint: { vi: 'Đồng; để trống là 0. Dư nợ trong hạn + quá hạn không vượt số đã giải ngân và phải lớn hơn 0.', en: 'Đồng; empty means 0. In term + overdue may not exceed the amount disbursed and must be above 0.' } },
  { field: 'interestDong', header: 'Lãi phải thu trong hạn', aliases: ['Lai phai thu trong han', 'Lãi tồn đọng', 'Interest owed'], required: false, width: 14,
    hint: { vi: 'Lãi còn phải thu đến trước ngày tiếp nhận; để trống là 0.', en: 'Interest owed for the days before the takeover date; empty means 0.' } },
  { field: 'overdueInterestDong', header: 'Lãi phải thu quá hạn', aliases: ['Lai phai thu qua han', 'Overdue interest owed'], required: false, width: 14,
    hint: { vi: 'Lãi quá hạn còn phải thu; để trống là 0.', en: 'Overdue interest owed; empty means 0.' } },
  { field: 'overdueSince', header: 'Ngày chuyển quá hạn (dd/mm/yyyy)', aliases: ['Ngay chuyen qua han (dd/mm/yyyy)', 'Ngày quá hạn'], required: false, width: 14,
    hint: { vi: 'Chỉ khi có dư nợ quá hạn; trước ngày tiếp nhận. Để trống: ngày đến hạn nếu đã qua, nếu không là ngày trước ngày tiếp nhận.', en: 'Only with overdue principal; before the takeover date. Empty: the maturity date if past, else the day before the takeover.' } },
  { field: 'communeCode', header: 'Mã xã / điểm giao dịch', aliases: ['Ma xa / diem giao dich', 'Mã xã', 'Commune'], required: false, width: 12,
    hint: { vi: 'Mã xã (5 chữ số) hoặc mã đơn vị xã; để trống là xã của hộ. Nếu ghi, phải là xã của hộ.', en: "The commune's 5-digit code or unit code; empty means the household's commune, which it must match when given." } },
  { field: 'group', header: 'Tổ TK&VV', aliases: ['To TK&VV', 'Tổ', 'Group'], required: false, width: 14,
    hint: { vi: 'Có thể để trống; được lưu như ghi trong tệp.', en: 'Optional; kept as written.' } },
]

export function headerOfTakeover(field: TakeoverField): string {
  return TAKEOVER_COLUMNS.find((c) => c.field === field)?.header ?? field
}

/** Which column holds which field. */
export type TakeoverColumnMap = ReadonlyMap<TakeoverField, number>

/**
 * Maps a header row to fields: every required column must be there, once; unknown columns are
 * refused so that a misspelt optional column is not silently ignored.
 */
export function mapTakeoverHeader(header: readonly (string | null)[]): Result<TakeoverColumnMap> {
  const byName = new Map<string, TakeoverField>()
  for (const c of TAKEOVER_COLUMNS) for (const name of [c.header, ...c.aliases]) byName.set(foldName(name), c.field)
  const map = new Map<TakeoverField, number>()
  const unexpected: string[] = []
  const duplicated: string[] = []
  header.forEach((cell, index) => {
    if (cell === null || cell.trim() === '') return
    const field = byName.get(foldName(cell))
    if (field === undefined) unexpected.push(cell)
    else if (map.has(field)) duplicated.push(cell)
    else map.set(field, index)
  })
  const missing = TAKEOVER_COLUMNS.filter((c) => c.required && !map.has(c.field)).map((c) => c.header)
  if (missing.length > 0 || unexpected.length > 0 || duplicated.length > 0)
    return fail('import_columns_invalid', { missing, unexpected, duplicated, expected: TAKEOVER_COLUMNS.map((c) => c.header) })
  return ok(map)
}
