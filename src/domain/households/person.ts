import { daysBetween, fail, ok, toYmd, type LocalDate, type Result } from '../shared/index.js'
import { checkCitizenId, type CitizenId, type Sex } from './citizen-id.js'
import { foldName, normalizeFullName } from './name.js'

/** A person as entered: a form, an API body or a spreadsheet row. */
export interface PersonDraft {
  readonly fullName: string
  readonly birthDate: LocalDate | null
  readonly sex: Sex | null
  readonly ethnicity: string | null
  readonly citizenId: string | null
  readonly phone: string | null
  readonly healthInsured: boolean | null
  readonly inSchool: boolean | null
}

/** A person that passed every rule, ready to store. */
export interface CheckedPerson extends PersonDraft {
  readonly fullName: string
  /** foldName(fullName): what search compares with. */
  readonly nameSearch: string
  readonly citizenId: CitizenId | null
}

export const ETHNICITY_MAX_LENGTH = 50
const PHONE = /^\+?[0-9]{8,15}$/

/**
 * Checks a person as entered against `today`: the name, a birth date not in the future, a citizen
 * identity number consistent with the sex and birth year, a plausible phone number.
 *
 * @example checkPerson({ fullName: 'Lò Văn Pảo', birthDate: '1980-02-01', sex: 'male', citizenId: '020080000001', … }, '2026-01-10')
 */
export function checkPerson(draft: PersonDraft, today: LocalDate): Result<CheckedPerson> {
  const name = normalizeFullName(draft.fullName)
  if (!name.ok) return name
  if (draft.birthDate !== null && draft.birthDate > today) return fail('birth_date_in_future', { birthDate: draft.birthDate, today })
  let citizenId: CitizenId | null = null
  if (draft.citizenId !== null && draft.citizenId.trim() !== '') {
    const checked = checkCitizenId(draft.citizenId, { sex: draft.sex, birthDate: draft.birthDate })
    if (!checked.ok) return checked
    citizenId = checked.value
  }
  const phone = checkPhone(draft.phone)
  if (!phone.ok) return phone
  const ethnicity = checkEthnicity(draft.ethnicity)
  if (!ethnicity.ok) return ethnicity
  return ok({ ...draft, fullName: name.value, nameSearch: foldName(name.value), citizenId, phone: phone.value, ethnicity: ethnicity.value })
}

/**
 * A phone number without its spaces, dots and dashes: 8–15 digits, optionally after '+'.
 *
 * @example checkPhone('0912 345 678') // ok('0912345678')
 */
export function checkPhone(phone: string | null): Result<string | null> {
  if (phone === null || phone.trim() === '') return ok(null)
  const clean = phone.replace(/[\s.-]/g, '')
  return PHONE.test(clean) ? ok(clean) : fail('phone_invalid', { phone })
}

/** An ethnicity as written ('Kinh', 'Tày'), trimmed, at most 50 characters. */
export function checkEthnicity(ethnicity: string | null): Result<string | null> {
  if (ethnicity === null || ethnicity.trim() === '') return ok(null)
  const clean = ethnicity.normalize('NFC').replace(/\s+/g, ' ').trim()
  return clean.length > ETHNICITY_MAX_LENGTH ? fail('ethnicity_invalid', { ethnicity, maxLength: ETHNICITY_MAX_LENGTH }) : ok(clean)
}

/**
 * Full years of age on a date (a birthday on 29 February counts on 1 March in common years).
 *
 * @example ageOn('2000-05-10', '2026-05-09') // 25
 * @example ageOn('2000-05-10', '2026-05-10') // 26
 */
export function ageOn(birthDate: LocalDate, on: LocalDate): number {
  const b = toYmd(birthDate)
  const d = toYmd(on)
  const birthdayPassed = d.month > b.month || (d.month === b.month && d.day >= b.day)
  return d.year - b.year - (birthdayPassed ? 0 : 1)
}

/** A member cannot join a household before being born. */
export function checkJoinDate(birthDate: LocalDate | null, joinedOn: LocalDate): Result<void> {
  if (birthDate !== null && daysBetween(birthDate, joinedOn) < 0) return fail('joined_before_birth', { birthDate, joinedOn })
  return ok(undefined)
}
