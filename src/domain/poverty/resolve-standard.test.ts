import { describe, expect, it } from 'vitest'
import { localStandard, STANDARD_2022, STANDARD_2027 } from '../../../test/support/poverty-standards.js'
import { dong, type LocalDate } from '../shared/index.js'
import { checkNewStandard, periodsOverlap, resolveStandard } from './resolve-standard.js'

const d = (s: string) => s as LocalDate
const ALL = [STANDARD_2022, STANDARD_2027, localStandard('79')]

describe('resolveStandard', () => {
  it('finds the national standard in force on a date, inclusive at both ends', () => {
    const national = (on: string) => resolveStandard(ALL, { on: d(on), scope: 'national', provinceCode: null })
    expect(national('2022-01-01')).toMatchObject({ ok: true, value: { code: 'VN-2022-2026' } })
    expect(national('2026-12-31')).toMatchObject({ ok: true, value: { code: 'VN-2022-2026' } })
    expect(national('2027-01-01')).toMatchObject({ ok: true, value: { code: 'VN-2027-2030' } })
    expect(national('2030-12-31')).toMatchObject({ ok: true, value: { code: 'VN-2027-2030' } })
  })

  it('answers poverty_standard_missing before the first standard and after the last', () => {
    for (const on of ['2021-12-31', '2031-01-01'])
      expect(resolveStandard(ALL, { on: d(on), scope: 'national', provinceCode: null })).toMatchObject({ ok: false, code: 'poverty_standard_missing', details: { on } })
  })

  it('finds a province\'s local standard only for that province', () => {
    expect(resolveStandard(ALL, { on: d('2025-06-01'), scope: 'local', provinceCode: '79' })).toMatchObject({ ok: true, value: { code: '79-2025' } })
    expect(resolveStandard(ALL, { on: d('2025-06-01'), scope: 'local', provinceCode: '01' })).toMatchObject({ ok: false, code: 'poverty_standard_missing' })
    expect(resolveStandard(ALL, { on: d('2027-06-01'), scope: 'local', provinceCode: '79' })).toMatchObject({ ok: false, code: 'poverty_standard_missing' })
  })

  it('asserts when two standards of one scope are in force at once', () => {
    expect(() => resolveStandard([STANDARD_2022, { ...STANDARD_2027, validFrom: d('2026-06-01') }], { on: d('2026-07-01'), scope: 'national', provinceCode: null })).toThrow(/two national/)
  })
})

describe('checkNewStandard', () => {
  const existing = [STANDARD_2022, STANDARD_2027]
  const local = (validFrom: string, validTo: string | null, rural = 3_000_000, urban = 4_000_000) => {
    const s = localStandard('79')
    return { ...s, validFrom: d(validFrom), validTo: validTo === null ? null : d(validTo), rules: { ...s.rules, incomeLinesDong: { rural: dong(rural), urban: dong(urban) } } }
  }

  it('accepts a local standard above the national lines', () => {
    expect(checkNewStandard(local('2026-01-01', '2026-12-31'), existing)).toEqual({ ok: true, value: undefined })
  })

  it('accepts a local line equal to the national line, refuses one đồng below', () => {
    expect(checkNewStandard(local('2026-01-01', '2026-12-31', 1_500_000, 2_000_000), existing)).toMatchObject({ ok: true })
    expect(checkNewStandard(local('2026-01-01', '2026-12-31', 1_500_000, 1_999_999), existing)).toMatchObject({ ok: false, code: 'poverty_local_line_below_national', details: { areaType: 'urban' } })
  })

  it('checks the lines against every national standard the period overlaps', () => {
    // 2.500.000 urban is above 2022's 2.000.000 but below 2027's 2.800.000.
    expect(checkNewStandard(local('2026-01-01', '2027-12-31', 3_000_000, 2_500_000), existing)).toMatchObject({ ok: false, code: 'poverty_local_line_below_national', details: { national: 'VN-2027-2030' } })
  })

  it('refuses a period overlapping another local standard of the same province, not of another', () => {
    const withLocal = [...existing, local('2025-01-01', '2026-12-31')]
    expect(checkNewStandard(local('2026-06-01', null), withLocal)).toMatchObject({ ok: false, code: 'poverty_standard_overlap' })
    expect(checkNewStandard({ ...local('2026-06-01', '2026-12-31'), provinceCode: '01' }, withLocal)).toMatchObject({ ok: true })
    expect(checkNewStandard(local('2027-01-01', '2030-12-31', 3_000_000, 4_000_000), withLocal)).toMatchObject({ ok: true })
  })

  it('refuses a local standard starting when no national standard is in force, and an inverted period', () => {
    expect(checkNewStandard(local('2031-01-01', null), existing)).toMatchObject({ ok: false, code: 'poverty_standard_missing' })
    expect(checkNewStandard(local('2026-06-01', '2026-05-31'), existing)).toMatchObject({ ok: false, code: 'invalid_date' })
  })

  it('periodsOverlap treats open ends as for ever and shared boundary days as overlap', () => {
    expect(periodsOverlap({ validFrom: d('2022-01-01'), validTo: d('2026-12-31') }, { validFrom: d('2026-12-31'), validTo: null })).toBe(true)
    expect(periodsOverlap({ validFrom: d('2022-01-01'), validTo: d('2026-12-31') }, { validFrom: d('2027-01-01'), validTo: null })).toBe(false)
    expect(periodsOverlap({ validFrom: d('2022-01-01'), validTo: null }, { validFrom: d('2000-01-01'), validTo: d('2021-12-31') })).toBe(false)
  })
})
