/**
 * Inspections (kiểm tra, giám sát): plans, field findings, follow-up actions and use-of-funds
 * checks (form 06/TD) with their photos. Pure rules only: which values exist, which status moves
 * are allowed, and whether an uploaded photo is an image of an accepted type and size.
 */
import { fail, ok, type Result } from '../shared/index.js'

/** Who inspects: the bank, an entrusted organisation, the Representative Board (Ban đại diện HĐQT), the Fatherland Front (MTTQ). */
export const INSPECTORS = ['bank', 'organisation', 'representative_board', 'fatherland_front'] as const
export type Inspector = (typeof INSPECTORS)[number]

export const PLAN_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]

/** Sử dụng vốn đúng mục đích / sai mục đích / không tìm thấy (người vay, tài sản hình thành từ vốn vay). */
export const FINDING_OUTCOMES = ['used_correctly', 'misused', 'not_found'] as const
export type FindingOutcome = (typeof FINDING_OUTCOMES)[number]

/** Thu hồi nợ trước hạn / xử lý kỷ luật / hoàn trả. */
export const ACTION_KINDS = ['recall', 'discipline', 'refund'] as const
export type ActionKind = (typeof ACTION_KINDS)[number]

/** The result of a 06/TD check. */
export const CHECK_RESULTS = ['used_correctly', 'partly_misused', 'misused'] as const
export type CheckResult = (typeof CHECK_RESULTS)[number]

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type PhotoType = (typeof PHOTO_TYPES)[number]

const NEXT_PLAN_STATUS: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  planned: ['in_progress', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
}

/**
 * A plan moves planned → in progress → completed, or is cancelled before it completes.
 *
 * @example movePlan('planned', 'completed') → fail('inspection_plan_transition_invalid', …)
 */
export function movePlan(from: PlanStatus, to: PlanStatus): Result<PlanStatus> {
  return NEXT_PLAN_STATUS[from].includes(to) ? ok(to) : fail('inspection_plan_transition_invalid', { from, to })
}

/**
 * Which follow-up a finding allows: a recall (the whole balance falls due) only for a loan found
 * misused or not found; discipline and refund for any finding but a clean one.
 *
 * @example followUpAllowed('recall', 'misused', true) → ok
 */
export function followUpAllowed(kind: ActionKind, outcome: FindingOutcome, hasLoan: boolean): Result<ActionKind> {
  if (outcome === 'used_correctly') return fail('inspection_action_not_allowed', { kind, outcome })
  if (kind === 'recall' && !hasLoan) return fail('inspection_action_not_allowed', { kind, reason: 'no_loan' })
  return ok(kind)
}

/**
 * The type of an image from its first bytes (its magic number), never from its name or the
 * type the client claims: JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A), WebP (RIFF….WEBP).
 *
 * @example sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])) → 'image/jpeg'
 */
export function sniffImageType(bytes: Uint8Array): PhotoType | null {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v)
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'
  return null
}

/**
 * Accepts a photo for a 06/TD check: not empty, at most `maxBytes` (a dated rule), and a JPEG,
 * PNG or WebP by its magic bytes.
 *
 * @example checkPhoto(jpegBytes, 2_097_152) → ok('image/jpeg')
 */
export function checkPhoto(bytes: Uint8Array, maxBytes: number): Result<PhotoType> {
  if (bytes.length === 0) return fail('photo_type_invalid', { sizeBytes: 0 })
  if (bytes.length > maxBytes) return fail('photo_too_large', { sizeBytes: bytes.length, maxBytes })
  const type = sniffImageType(bytes)
  if (type === null) return fail('photo_type_invalid', { accepted: PHOTO_TYPES })
  return ok(type)
}
