import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LocalDate } from '../shared/index.js'
import { AssertionError } from '../shared/index.js'
import { CITIZEN_ID_PROVINCE_CODES, CITIZEN_ID_PROVINCES } from './citizen-id-provinces.js'
import { checkCitizenId, decodeCitizenId, makeCitizenId, type Sex } from './citizen-id.js'

const d = (s: string) => s as LocalDate

describe('citizen identity number (CCCD)', () => {
  it('lists the 63 pre-2025 provinces with three-digit codes', () => {
    expect(CITIZEN_ID_PROVINCE_CODES).toHaveLength(63)
    expect(CITIZEN_ID_PROVINCES['001']).toBe('Hà Nội')
    expect(CITIZEN_ID_PROVINCES['020']).toBe('Lạng Sơn')
    expect(CITIZEN_ID_PROVINCES['079']).toBe('TP. Hồ Chí Minh')
    expect(CITIZEN_ID_PROVINCES['096']).toBe('Cà Mau')
    for (const code of CITIZEN_ID_PROVINCE_CODES) expect(code).toMatch(/^0\d\d$/)
  })

  it('decodes province, sex and birth year', () => {
    expect(decodeCitizenId('020185001234')).toEqual({ ok: true, value: { citizenId: '020185001234', provinceCode: '020', sex: 'female', birthYear: 1985, serial: '001234' } })
    expect(decodeCitizenId('079204000001')).toMatchObject({ ok: true, value: { sex: 'male', birthYear: 2004 } })
    expect(decodeCitizenId('001305000001')).toMatchObject({ ok: true, value: { sex: 'female', birthYear: 2005 } })
    expect(decodeCitizenId('001401000001')).toMatchObject({ ok: true, value: { sex: 'male', birthYear: 2101 } })
    expect(decodeCitizenId('001999000001')).toMatchObject({ ok: true, value: { sex: 'female', birthYear: 2399 } })
  })

  it('ignores spaces between digit groups', () => {
    expect(checkCitizenId('020 185 001234', { sex: 'female', birthDate: d('1985-03-04') })).toEqual({ ok: true, value: '020185001234' })
  })

  it('accepts a number that matches the holder', () => {
    expect(checkCitizenId('001085012345', { sex: 'male', birthDate: d('1985-12-31') }).ok).toBe(true)
    expect(checkCitizenId('079301000042', { sex: 'female', birthDate: d('2001-01-01') }).ok).toBe(true)
    expect(checkCitizenId('079301000042', { sex: null, birthDate: null }).ok).toBe(true)
  })

  it('refuses a number that is not 12 digits', () => {
    for (const bad of ['', '02018500123', '0201850012345', '02018500123a', '020-185-001234'])
      expect(checkCitizenId(bad, { sex: null, birthDate: null })).toMatchObject({ ok: false, code: 'citizen_id_malformed' })
  })

  it('refuses a province code outside the official list', () => {
    for (const bad of ['000185001234', '003185001234', '063185001234', '097185001234', '120185001234'])
      expect(checkCitizenId(bad, { sex: null, birthDate: null })).toMatchObject({ ok: false, code: 'citizen_id_unknown_province' })
  })

  it('refuses a number whose sex digit contradicts the holder', () => {
    expect(checkCitizenId('020185001234', { sex: 'male', birthDate: d('1985-01-01') })).toMatchObject({ ok: false, code: 'citizen_id_sex_mismatch' })
    expect(checkCitizenId('020285001234', { sex: 'female', birthDate: null })).toMatchObject({ ok: false, code: 'citizen_id_sex_mismatch' })
  })

  it('refuses a number whose century or year contradicts the birth date', () => {
    expect(checkCitizenId('020085001234', { sex: 'male', birthDate: d('1986-01-01') })).toMatchObject({ ok: false, code: 'citizen_id_birth_year_mismatch' })
    // Right two digits, wrong century: 2 means born 2000–2099.
    expect(checkCitizenId('020285001234', { sex: 'male', birthDate: d('1985-01-01') })).toMatchObject({ ok: false, code: 'citizen_id_birth_year_mismatch' })
  })

  it('builds the number a person carries, and refuses impossible facts', () => {
    expect(makeCitizenId('079', 'female', 2001, 42)).toBe('079301000042')
    expect(makeCitizenId('020', 'male', 1959, 999_999)).toBe('020059999999')
    expect(() => makeCitizenId('003', 'male', 1990, 1)).toThrow(AssertionError)
    expect(() => makeCitizenId('001', 'male', 1899, 1)).toThrow(AssertionError)
  })

  const arbSex = fc.constantFrom<Sex>('male', 'female')
  const arbBirth = fc.record({ year: fc.integer({ min: 1900, max: 2199 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) })
  const iso = (b: { year: number; month: number; day: number }) => d(`${b.year}-${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}`)

  it('accepts every well-formed number for its holder (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CITIZEN_ID_PROVINCE_CODES), arbSex, arbBirth, fc.integer({ min: 0, max: 999_999 }), (province, sex, birth, serial) => {
        const id = makeCitizenId(province, sex, birth.year, serial)
        const checked = checkCitizenId(id, { sex, birthDate: iso(birth) })
        expect(checked).toEqual({ ok: true, value: id })
        expect(decodeCitizenId(id)).toMatchObject({ ok: true, value: { provinceCode: province, sex, birthYear: birth.year } })
      }),
    )
  })

  it('refuses a valid number for a holder of the other sex or another birth year (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CITIZEN_ID_PROVINCE_CODES), arbSex, arbBirth, fc.integer({ min: 1, max: 99 }), (province, sex, birth, shift) => {
        const id = makeCitizenId(province, sex, birth.year, 1)
        const other: Sex = sex === 'male' ? 'female' : 'male'
        expect(checkCitizenId(id, { sex: other, birthDate: iso(birth) })).toMatchObject({ ok: false, code: 'citizen_id_sex_mismatch' })
        const year = birth.year + shift <= 2199 ? birth.year + shift : birth.year - shift
        expect(checkCitizenId(id, { sex, birthDate: iso({ ...birth, year }) })).toMatchObject({ ok: false, code: 'citizen_id_birth_year_mismatch' })
      }),
    )
  })
})
