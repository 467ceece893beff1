/**
 * A field-level validation issue in both languages. zod's messages are English; the Vietnamese
 * sentence is chosen by the issue's kind, so a Vietnamese screen never shows English field errors.
 */
const VI_BY_CODE: Readonly<Record<string, string>> = {
  invalid_type: 'Thiếu hoặc sai kiểu dữ liệu.',
  too_small: 'Giá trị quá ngắn hoặc quá nhỏ.',
  too_big: 'Giá trị quá dài hoặc quá lớn.',
  invalid_format: 'Sai định dạng.',
  invalid_string: 'Sai định dạng.',
  invalid_value: 'Giá trị không nằm trong danh sách cho phép.',
  invalid_enum_value: 'Giá trị không nằm trong danh sách cho phép.',
  invalid_union: 'Giá trị không hợp lệ.',
  unrecognized_keys: 'Có trường không được phép.',
  not_multiple_of: 'Giá trị không hợp lệ.',
  custom: 'Giá trị không hợp lệ.',
}

export interface FieldIssue {
  readonly path: string
  readonly code: string
  /** English (zod's own text). */
  readonly message: string
  readonly messageVi: string
}

export function fieldIssue(issue: { path: PropertyKey[]; code: string; message: string }): FieldIssue {
  const custom = issue.code === 'custom' && issue.message.startsWith('invalid_money') ? 'Số tiền không hợp lệ: nhập số nguyên đồng, ví dụ 1.500.000.' :
    issue.code === 'custom' && issue.message.startsWith('invalid_date') ? 'Ngày không hợp lệ.' : undefined
  return { path: issue.path.map(String).join('.'), code: issue.code, message: issue.message, messageVi: custom ?? VI_BY_CODE[issue.code] ?? 'Giá trị không hợp lệ.' }
}
