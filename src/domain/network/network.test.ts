import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chooseFormerCommune } from './former-commune.js'
import { branchName, nextSeriesCode } from './names.js'
import { checkMonthlyDay, checkStartTime } from './transaction-point.js'

describe('transaction point day and time', () => {
  it('accepts the days 1 to 31 and nothing else', () => {
    fc.assert(fc.property(fc.integer({ min: -100, max: 100 }), (day) => {
      expect(checkMonthlyDay(day).ok).toBe(day >= 1 && day <= 31)
    }))
    expect(checkMonthlyDay(1.5)).toMatchObject({ ok: false, code: 'transaction_day_invalid' })
  })

  it('accepts a 24-hour HH:MM time', () => {
    expect(checkStartTime('07:30')).toEqual({ ok: true, value: '07:30' })
    expect(checkStartTime('23:59').ok).toBe(true)
    for (const bad of ['7:30', '24:00', '07:60', '0730', '07:30:00', '']) expect(checkStartTime(bad)).toMatchObject({ ok: false, code: 'transaction_time_invalid' })
  })
})

describe('chooseFormerCommune', () => {
  it('takes a given former commune only when it is a predecessor', () => {
    expect(chooseFormerCommune(['26767', '26779'], '26779')).toEqual({ ok: true, value: '26779' })
    expect(chooseFormerCommune(['26767', '26779'], '00001')).toMatchObject({ ok: false, code: 'former_commune_not_predecessor' })
    expect(chooseFormerCommune([], '00001')).toMatchObject({ ok: false, code: 'former_commune_not_predecessor' })
  })

  it('implies the only predecessor, needs a choice among several, and has none without', () => {
    expect(chooseFormerCommune(['26767'], undefined)).toEqual({ ok: true, value: '26767' })
    expect(chooseFormerCommune(['26767', '26779'], null)).toMatchObject({ ok: false, code: 'former_commune_required' })
    expect(chooseFormerCommune([], undefined)).toEqual({ ok: true, value: null })
  })
})

describe('names and codes', () => {
  it('names a branch after its province', () => {
    expect(branchName('Lạng Sơn')).toBe('Chi nhánh Lạng Sơn')
  })

  it('numbers a series one past the highest code in use', () => {
    expect(nextSeriesCode('26767-', [], 2)).toBe('26767-01')
    expect(nextSeriesCode('26767-', ['26767-01', '26767-07', 'other'], 2)).toBe('26767-08')
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 30 }), (ns) => {
      const taken = ns.map((n) => `P-${String(n).padStart(2, '0')}`)
      expect(taken).not.toContain(nextSeriesCode('P-', taken, 2))
    }))
  })
})
