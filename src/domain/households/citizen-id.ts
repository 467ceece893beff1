import { assert, fail, ok, yearOf, type LocalDate, type Result } from '../shared/index.js'
import { CITIZEN_ID_PROVINCES } from './citizen-id-provinces.js'

/** Số CCCD / số định danh cá nhân: 12 digits, validated against the person it belongs to. */
export type CitizenId = string & { readonly __brand: 'CitizenId' }

export type Sex = 'male' | 'female'

/** What the number itself says about its holder. */
export interface CitizenIdFacts {
  readonly citizenId: CitizenId
  /** Province where the birth was registered, e.g. '020' (Lạng Sơn). */
  readonly provinceCode: string
  readonly sex: Sex
  readonly birthYear: number
  /** The last six digits, a serial the police assign. */
  readonly serial: string
}

/** The first birth year each century digit pair stands for: 0/1 → 1900, 2/3 → 2000 … 8/9 → 2300. */
const FIRST_CENTURY_YEAR = 1900
const LAST_YEAR = 2399

/**
 * Reads the structure of a citizen identity number (Circular 07/2016/TT-BCA, Art. 7, kept by
 * Circular 59/2021/TT-BCA): 3 digits province of birth registration, 1 digit century and sex
 * (even = male, odd = female; 0/1 = 1900–1999, 2/3 = 2000–2099 … 8/9 = 2300–2399), 2 digits the
 * last two digits of the birth year, 6 digits serial. Whitespace is ignored, so "001 099 012 345"
 * reads as "001099012345".
 *
 * @example decodeCitizenId('020199001234') // ok({ provinceCode: '020', sex: 'female', birthYear: 1999, … })
 */
export function decodeCitizenId(input: string): Result<CitizenIdFacts> {
  const digits = input.replace(/\s+/g, '')
  if (!/^[0-9]{12}$/.test(digits)) return fail('citizen_id_malformed', { citizenId: input })
  const provinceCode = digits.slice(0, 3)
  if (!Object.hasOwn(CITIZEN_ID_PROVINCES, provinceCode)) return fail('citizen_id_unknown_province', { citizenId: digits, provinceCode })
  const centurySex = Number(digits[3])
  const birthYear = FIRST_CENTURY_YEAR + Math.floor(centurySex / 2) * 100 + Number(digits.slice(4, 6))
  return ok({ citizenId: digits as CitizenId, provinceCode, sex: centurySex % 2 === 0 ? 'male' : 'female', birthYear, serial: digits.slice(6) })
}

/** What is known about the holder; unknown facts are not checked. */
export interface CitizenIdHolder {
  readonly sex: Sex | null
  readonly birthDate: LocalDate | null
}

/**
 * Validates a citizen identity number against its holder: the structure, the province code, then
 * the sex and the birth year the number encodes. Each mismatch has its own code.
 *
 * @example checkCitizenId('020099001234', { sex: 'male', birthDate: '1999-05-01' }) // ok('020099001234')
 * @example checkCitizenId('020199001234', { sex: 'male', birthDate: null })         // fail('citizen_id_sex_mismatch')
 */
export function checkCitizenId(input: string, holder: CitizenIdHolder): Result<CitizenId> {
  const decoded = decodeCitizenId(input)
  if (!decoded.ok) return decoded
  const facts = decoded.value
  if (holder.sex !== null && holder.sex !== facts.sex)
    return fail('citizen_id_sex_mismatch', { citizenId: facts.citizenId, encodedSex: facts.sex, sex: holder.sex })
  if (holder.birthDate !== null && yearOf(holder.birthDate) !== facts.birthYear)
    return fail('citizen_id_birth_year_mismatch', { citizenId: facts.citizenId, encodedBirthYear: facts.birthYear, birthYear: yearOf(holder.birthDate) })
  return ok(facts.citizenId)
}

/**
 * Builds the number a person with these facts would carry: for generated test and benchmark
 * data. Invalid facts are a programmer error.
 *
 * @example makeCitizenId('079', 'female', 2001, 42) // '079301000042'
 */
export function makeCitizenId(provinceCode: string, sex: Sex, birthYear: number, serial: number): CitizenId {
  assert(Object.hasOwn(CITIZEN_ID_PROVINCES, provinceCode), `makeCitizenId(): unknown province code ${provinceCode}`)
  assert(Number.isInteger(birthYear) && birthYear >= FIRST_CENTURY_YEAR && birthYear <= LAST_YEAR, `makeCitizenId(): birth year ${birthYear} out of range`)
  assert(Number.isInteger(serial) && serial >= 0 && serial < 1_000_000, `makeCitizenId(): serial ${serial} out of range`)
  const centurySex = Math.floor((birthYear - FIRST_CENTURY_YEAR) / 100) * 2 + (sex === 'female' ? 1 : 0)
  return `${provinceCode}${centurySex}${String(birthYear % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}` as CitizenId
}
