/**
 * Every named result code of the system with its message in Vietnamese and English.
 * The HTTP status of each code is chosen in src/api/http-status.ts, its CLI exit code in
 * src/cli/exit-codes.ts — one place each.
 */
export const RESULT_CODES = {
  // Input
  validation_failed: { vi: 'Dữ liệu không hợp lệ. Xem chi tiết từng trường.', en: 'The input is not valid. See the details for each field.' },
  body_too_large: { vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request body is too large.' },
  malformed_json: { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' },
  invalid_money: { vi: 'Số tiền không hợp lệ: nhập số nguyên đồng, ví dụ 1.500.000.', en: 'Invalid amount: enter whole đồng, e.g. 1.500.000.' },
  invalid_date: { vi: 'Ngày không hợp lệ: dùng dạng dd/mm/yyyy.', en: 'Invalid date: use dd/mm/yyyy.' },
  not_found: { vi: 'Không tìm thấy.', en: 'Not found.' },
  route_not_found: { vi: 'Không có địa chỉ API này.', en: 'There is no such API route.' },
  // Authentication and sessions
  not_authenticated: { vi: 'Bạn chưa đăng nhập hoặc phiên đã hết hạn.', en: 'You are not logged in or your session has expired.' },
  invalid_credentials: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  account_locked: { vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Thử lại sau.', en: 'The account is locked after repeated failed logins. Try again later.' },
  account_disabled: { vi: 'Tài khoản đã bị vô hiệu hóa.', en: 'The account is disabled.' },
  csrf_token_invalid: { vi: 'Mã chống giả mạo yêu cầu (CSRF) không đúng. Tải lại trang.', en: 'The CSRF token is missing or wrong. Reload the page.' },
  password_too_weak: { vi: 'Mật khẩu phải có ít nhất 10 ký tự, gồm chữ và số.', en: 'The password needs at least 10 characters with letters and digits.' },
  // Authorisation and scope
  forbidden: { vi: 'Vai trò của bạn không được phép làm việc này.', en: 'Your role is not allowed to do this.' },
  out_of_scope: { vi: 'Đơn vị này nằm ngoài phạm vi của bạn.', en: 'This unit is outside your scope.' },
  // Users and units
  username_taken: { vi: 'Tên đăng nhập đã tồn tại.', en: 'The username is already taken.' },
  role_unit_mismatch: { vi: 'Vai trò này không gắn được với cấp đơn vị đã chọn.', en: 'This role cannot be bound to a unit of that level.' },
  organisation_required: { vi: 'Cán bộ hội đoàn thể phải có tổ chức hội.', en: 'A mass-organisation officer needs an organisation.' },
  cannot_disable_self: { vi: 'Không thể tự vô hiệu hóa tài khoản của mình.', en: 'You cannot disable your own account.' },
  unit_code_taken: { vi: 'Mã đơn vị đã tồn tại.', en: 'The unit code is already in use.' },
  unit_kind_not_allowed_under_parent: { vi: 'Loại đơn vị này không đặt được dưới đơn vị cha đã chọn.', en: 'This kind of unit cannot sit under the chosen parent.' },
  // Maker-checker
  maker_cannot_check: { vi: 'Người lập không được tự phê duyệt.', en: 'The maker cannot approve their own action.' },
  approval_not_pending: { vi: 'Yêu cầu này đã được xử lý.', en: 'This request has already been decided.' },
  // Idempotency
  idempotency_key_reused: { vi: 'Khóa chống trùng (Idempotency-Key) đã dùng cho một yêu cầu khác.', en: 'The Idempotency-Key was already used with a different request.' },
  idempotency_key_in_progress: { vi: 'Yêu cầu với khóa chống trùng này đang được xử lý.', en: 'A request with this Idempotency-Key is still in progress.' },
  idempotency_key_required: { vi: 'Yêu cầu chuyển tiền phải có khóa chống trùng (Idempotency-Key).', en: 'A money-moving request needs an Idempotency-Key header.' },
  invalid_idempotency_key: { vi: 'Khóa chống trùng phải dài 8–200 ký tự chữ, số, gạch.', en: 'The Idempotency-Key must be 8–200 letters, digits or dashes.' },
  // -- places: codes of the places and network area go here --
  // -- households: codes of the households area go here --
  // -- poverty: codes of the poverty area go here --
  // -- lending: codes of the lending area go here --
  // Integrity
  audit_chain_broken: { vi: 'Chuỗi nhật ký kiểm toán bị phá vỡ.', en: 'The audit log hash chain is broken.' },
  // Infrastructure
  internal_error: { vi: 'Lỗi hệ thống. Đã ghi nhật ký; hãy báo quản trị viên kèm mã yêu cầu.', en: 'System error. It was logged; report it with the request id.' },
  database_unavailable: { vi: 'Không kết nối được cơ sở dữ liệu.', en: 'The database is unavailable.' },
} as const satisfies Record<string, { vi: string; en: string }>

export type ResultCode = keyof typeof RESULT_CODES

export function messageOf(code: ResultCode): { vi: string; en: string } {
  return RESULT_CODES[code]
}

export function isResultCode(value: string): value is ResultCode {
  return Object.hasOwn(RESULT_CODES, value)
}
