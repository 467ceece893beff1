/** What can be wrong with one record of a places file, with a message in both languages. */
export const ROW_ERROR_CODES = {
  code_invalid: { vi: 'Mã không hợp lệ (tỉnh 2 chữ số, huyện 3, xã 5).', en: 'Invalid code (province 2 digits, district 3, commune 5).' },
  name_missing: { vi: 'Thiếu tên đơn vị.', en: 'The unit name is missing.' },
  unit_type_unknown: { vi: 'Không nhận ra loại đơn vị (cấp).', en: 'The kind of unit (level) is not recognised.' },
  duplicate_code: { vi: 'Mã bị trùng trong tệp.', en: 'The code appears twice in the file.' },
  parent_mismatch: { vi: 'Mã đơn vị cấp trên không khớp với vị trí trong tệp.', en: 'The parent code does not match where the record sits in the file.' },
  parent_inconsistent: { vi: 'Cùng một mã cấp trên nhưng tên hoặc tỉnh khác nhau giữa các dòng.', en: 'The same parent code has a different name or province on another row.' },
  link_kind_invalid: { vi: 'Kiểu sáp nhập phải là full hoặc partial.', en: 'The merge type must be full or partial.' },
} as const satisfies Record<string, { vi: string; en: string }>

export type RowErrorCode = keyof typeof ROW_ERROR_CODES

export interface RowError {
  /** Spreadsheet: the sheet row (the header is row 1). JSON: the record's position in the file, from 1. */
  readonly row: number
  /** The column header or JSON field at fault. */
  readonly column: string
  readonly code: RowErrorCode
  readonly value: string | null
  readonly message: { readonly vi: string; readonly en: string }
  /** JSON only: where the record is, e.g. 'data[3].level2s[5]'. */
  readonly path?: string
}

/** How many row errors a failure carries in its details; the total is always given. */
export const MAX_REPORTED_ROW_ERRORS = 200

/** Collects row errors, keeping the first few and counting them all. */
export class RowErrorList {
  readonly items: RowError[] = []
  count = 0

  add(row: number, column: string, code: RowErrorCode, value: unknown, path?: string | undefined): void {
    this.count++
    if (this.items.length >= MAX_REPORTED_ROW_ERRORS) return
    const text = value === undefined || value === null ? null : String(value)
    this.items.push({ row, column, code, value: text, message: ROW_ERROR_CODES[code], ...(path === undefined ? {} : { path }) })
  }

  get empty(): boolean {
    return this.count === 0
  }

  details(): { errorCount: number; errors: readonly RowError[] } {
    return { errorCount: this.count, errors: this.items }
  }
}
