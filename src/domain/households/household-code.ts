import { fail, ok, type Result } from '../shared/index.js'

export const HOUSEHOLD_CODE_MAX_LENGTH = 30

/**
 * A household code (mã hộ) as a commune's registry writes it: 1–30 letters, digits, '.', '-',
 * '_' or '/', no spaces. Codes are unique across the system.
 *
 * @example checkHouseholdCode('06100-000123') // ok('06100-000123')
 */
export function checkHouseholdCode(code: string): Result<string> {
  const clean = code.normalize('NFC').trim()
  if (!/^[\p{L}\p{N}._/-]+$/u.test(clean) || clean.length > HOUSEHOLD_CODE_MAX_LENGTH)
    return fail('household_code_invalid', { code, maxLength: HOUSEHOLD_CODE_MAX_LENGTH })
  return ok(clean)
}
