/**
 * The red-flag rules of supervision (giám sát, chống trục lợi chính sách): each a named rule with
 * its documentation, a default severity and parameters. Parameters are data (table `flag_rules`,
 * dated, with a legal basis); the defaults here are only what migration 0020 seeds and what a
 * missing parameter falls back to. The SQL that finds candidates lives in
 * src/app/supervision/rule-queries.ts; docs/supervision.md describes every rule.
 */
import { fail, ok, type Result } from '../shared/index.js'

export const FLAG_SEVERITIES = ['low', 'medium', 'high'] as const
export type FlagSeverity = (typeof FLAG_SEVERITIES)[number]

export const RULE_NAMES = [
  'approver_is_maker', 'dormant_loan', 'frozen_past_expiry', 'cross_program_exposure', 'repeated_leader_shortfalls',
  // Added by migration 0022 (issue 9, rules 1, 3, 5b, 7 and 8).
  'duplicate_citizen_id', 'borrower_not_on_list', 'approver_concentration', 'no_use_of_funds_check', 'address_mismatch',
] as const
export type RuleName = (typeof RULE_NAMES)[number]

/** A parameter: a whole number (months, days, counts) or money (whole đồng, a decimal string in JSON). */
export interface ParamSpec {
  readonly kind: 'integer' | 'dong'
  readonly min: bigint
  readonly max: bigint
  readonly default: bigint
  readonly vi: string
  readonly en: string
}

export interface RuleSpec {
  readonly name: RuleName
  readonly severity: FlagSeverity
  /** What the flag's subject is: one flag per subject stays open at a time. */
  readonly subjectType: 'loan_application' | 'loan' | 'household' | 'savings_group' | 'person' | 'approver_unit'
  readonly titleVi: string
  readonly titleEn: string
  readonly catchesVi: string
  readonly catchesEn: string
  readonly params: Readonly<Record<string, ParamSpec>>
}

const int = (d: bigint, min: bigint, max: bigint, vi: string, en: string): ParamSpec => ({ kind: 'integer', min, max, default: d, vi, en })

export const RULES: Readonly<Record<RuleName, RuleSpec>> = {
  approver_is_maker: {
    name: 'approver_is_maker', severity: 'high', subjectType: 'loan_application',
    titleVi: 'Người phê duyệt là người lập hồ sơ', titleEn: 'Approver is the maker',
    catchesVi: 'Khoản vay được phê duyệt bởi chính người đã nhận, thẩm định hoặc trình hồ sơ, hoặc bởi người trùng họ tên với một thành viên hộ vay.',
    catchesEn: 'A loan approved by the user who took, appraised or submitted the application, or by a user whose name matches a member of the borrowing household.',
    params: {},
  },
  dormant_loan: {
    name: 'dormant_loan', severity: 'medium', subjectType: 'loan',
    titleVi: 'Khoản vay không phát sinh giao dịch', titleEn: 'Dormant loan',
    catchesVi: 'Khoản vay còn dư nợ nhưng không có nghiệp vụ nào trong ít nhất N tháng (có thể che giấu nợ quá hạn hoặc tổ trưởng giữ tiền).',
    catchesEn: 'An outstanding loan with no loan event for at least N months (may hide a default, or a leader keeping repayments).',
    params: { months: int(3n, 1n, 120n, 'Số tháng không giao dịch', 'Months without a loan event') },
  },
  frozen_past_expiry: {
    name: 'frozen_past_expiry', severity: 'medium', subjectType: 'loan',
    titleVi: 'Khoanh nợ quá thời hạn', titleEn: 'Frozen past expiry',
    catchesVi: 'Khoản vay vẫn ở trạng thái khoanh nợ sau ngày kết thúc của quyết định khoanh (cộng số ngày cho phép).',
    catchesEn: 'A loan still frozen after its freeze decision ended (plus the allowed grace days).',
    params: { graceDays: int(0n, 0n, 365n, 'Số ngày cho phép sau hạn khoanh', 'Days allowed after the freeze ended') },
  },
  cross_program_exposure: {
    name: 'cross_program_exposure', severity: 'high', subjectType: 'household',
    titleVi: 'Dư nợ vượt mức hoặc vay chồng chương trình', titleEn: 'Cross-program exposure',
    catchesVi: 'Hộ có tổng dư nợ các chương trình vượt mức tham số, hoặc đang vay đồng thời các chương trình mà điều kiện chương trình cấm (vd. vùng khó khăn với hộ nghèo, tạo việc làm).',
    catchesEn: 'A household whose combined outstanding across programs exceeds the parameter, or who holds loans a program forbids together (e.g. difficult areas with poor-household or job-creation loans).',
    params: { maxCombinedDong: { kind: 'dong', min: 1n, max: 100_000_000_000n, default: 300_000_000n, vi: 'Tổng dư nợ tối đa một hộ (đồng)', en: 'Maximum combined outstanding per household (đồng)' } },
  },
  repeated_leader_shortfalls: {
    name: 'repeated_leader_shortfalls', severity: 'high', subjectType: 'savings_group',
    titleVi: 'Tổ trưởng nộp thiếu lặp lại', titleEn: 'Repeated leader shortfalls',
    catchesVi: 'Tổ TK&VV có cảnh báo tổ trưởng nộp thiếu trong ít nhất K tháng khác nhau trong 12 tháng gần nhất (các khoản thiếu nhỏ lặp lại).',
    catchesEn: 'A savings group with leader remittance shortfall flags in at least K distinct months of the last 12 (repeated small shortfalls).',
    params: { months: int(2n, 2n, 12n, 'Số tháng có nộp thiếu', 'Distinct months with a shortfall') },
  },
  duplicate_citizen_id: {
    name: 'duplicate_citizen_id', severity: 'high', subjectType: 'person',
    titleVi: 'Một người ở nhiều hộ hoặc vay ở nhiều hộ', titleEn: 'One person in several households',
    catchesVi: 'Cùng một người (cùng CCCD, hoặc cùng họ tên và ngày sinh mà không có hai CCCD khác nhau) là thành viên hiện tại của từ N hộ trở lên, hoặc là thành viên (hiện tại hoặc trước đây) của từ N hộ đang có dư nợ (vay ở nhiều hộ).',
    catchesEn: 'One person (one citizen id, or one name and birth date without two different citizen ids) is a current member of N or more households, or a member (now or before) of N or more households that owe loans (borrowing through several households).',
    params: { minHouseholds: int(2n, 2n, 10n, 'Số hộ tối thiểu', 'Minimum number of households') },
  },
  borrower_not_on_list: {
    name: 'borrower_not_on_list', severity: 'high', subjectType: 'loan_application',
    titleVi: 'Người vay không thuộc danh sách đối tượng', titleEn: 'Borrower not on the required list',
    catchesVi: 'Khoản vay được duyệt khi hộ không thuộc diện chương trình yêu cầu (hộ nghèo, cận nghèo, mới thoát nghèo…) vào ngày lập hồ sơ, thuộc diện bị loại trừ, hoặc diện hộ lấy từ quyết định ký sau ngày phê duyệt (cộng số ngày cho phép).',
    catchesEn: "An approved loan whose household was not in a class the program requires (poor, near-poor, recently escaped…) on the application date, was in an excluded class, or whose class came from a decision dated after the approval (plus the allowed days).",
    params: { decisionGraceDays: int(0n, 0n, 365n, 'Số ngày quyết định được ký sau phê duyệt', 'Days a class decision may postdate the approval') },
  },
  approver_concentration: {
    name: 'approver_concentration', severity: 'medium', subjectType: 'approver_unit',
    titleVi: 'Một cán bộ phê duyệt tỷ lệ bất thường', titleEn: 'One officer approving an unusual share',
    catchesVi: 'Một cán bộ phê duyệt từ P% số khoản vay của một phòng giao dịch trở lên trong M tháng gần nhất, khi phòng có ít nhất K khoản vay được duyệt trong kỳ.',
    catchesEn: "One officer decided P% or more of a transaction office's approved loans in the last M months, when the office approved at least K loans in that period.",
    params: {
      sharePercent: int(60n, 1n, 100n, 'Tỷ lệ phê duyệt (%)', 'Share of approvals (%)'),
      minCount: int(10n, 1n, 100_000n, 'Số khoản vay tối thiểu của đơn vị trong kỳ', 'Minimum approvals of the unit in the period'),
      months: int(3n, 1n, 24n, 'Số tháng của kỳ xét', 'Months in the period'),
    },
  },
  no_use_of_funds_check: {
    name: 'no_use_of_funds_check', severity: 'medium', subjectType: 'loan',
    titleVi: 'Chưa kiểm tra sử dụng vốn (mẫu 06/TD)', titleEn: 'No use-of-funds check (form 06/TD)',
    catchesVi: 'Khoản vay đã giải ngân quá N ngày nhưng không có biên bản kiểm tra sử dụng vốn vay (mẫu 06/TD) trong N ngày kể từ ngày giải ngân.',
    catchesEn: 'A loan disbursed more than N days ago with no use-of-funds check (form 06/TD) within N days of its disbursement.',
    params: { days: int(30n, 1n, 365n, 'Số ngày phải kiểm tra sau giải ngân', 'Days after disbursement by which a check is due') },
  },
  address_mismatch: {
    name: 'address_mismatch', severity: 'medium', subjectType: 'loan',
    titleVi: 'Địa chỉ không có trong danh mục hoặc không khớp', titleEn: 'Address not in the registry or mismatched',
    catchesVi: 'Khoản vay còn dư nợ mà xã của khoản vay hoặc hồ sơ khác xã của hộ, thôn của hộ không thuộc xã của hộ, hoặc mã xã không có trong danh mục đơn vị hành chính hiện hành.',
    catchesEn: "An outstanding loan whose commune (or its application's) differs from the household's, whose household's village is not in the household's commune, or whose commune code is not in the current administrative registry.",
    params: {},
  },
}

export function isRuleName(value: string): value is RuleName {
  return (RULE_NAMES as readonly string[]).includes(value)
}

export type RuleParams = Readonly<Record<string, bigint>>

/**
 * Reads a rule's stored parameters over its defaults: each must be a whole number (a number or
 * a decimal string) within its bounds; unknown keys are refused so a typo is not silently ignored.
 *
 * @example parseRuleParams('dormant_loan', { months: 6 }) → ok({ months: 6n })
 */
export function parseRuleParams(rule: RuleName, stored: unknown): Result<RuleParams> {
  const spec = RULES[rule].params
  const input = (stored ?? {}) as Record<string, unknown>
  if (typeof input !== 'object' || Array.isArray(input)) return fail('flag_rule_params_invalid', { rule })
  const out: Record<string, bigint> = {}
  for (const key of Object.keys(input)) if (!(key in spec)) return fail('flag_rule_params_invalid', { rule, param: key, reason: 'unknown' })
  for (const [key, p] of Object.entries(spec)) {
    const raw = input[key]
    if (raw === undefined || raw === null) {
      out[key] = p.default
      continue
    }
    const text = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : typeof raw === 'string' ? raw : ''
    if (!/^-?\d{1,15}$/.test(text)) return fail('flag_rule_params_invalid', { rule, param: key, reason: 'not_integer' })
    const value = BigInt(text)
    if (value < p.min || value > p.max) return fail('flag_rule_params_invalid', { rule, param: key, reason: 'out_of_range', min: p.min, max: p.max })
    out[key] = value
  }
  return ok(out)
}

/** The defaults of a rule as stored JSON (money and counts as decimal strings). */
export function defaultParamsJson(rule: RuleName): Record<string, string> {
  return Object.fromEntries(Object.entries(RULES[rule].params).map(([k, p]) => [k, p.default.toString()]))
}
