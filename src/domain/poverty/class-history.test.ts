import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, addMonths, fromEpochDay, toEpochDay, type LocalDate } from '../shared/index.js'
import { classAsOf, escapedOn, isNewlyEscaped, type ClassRecord } from './class-history.js'
import { HOUSEHOLD_CLASSES, type HouseholdClass } from './standard.js'

const d = (s: string) => s as LocalDate
const rec = (cls: HouseholdClass, effectiveFrom: string): ClassRecord => ({ class: cls, effectiveFrom: d(effectiveFrom), standardId: 1, decisionNumber: `QĐ ${effectiveFrom}`, decisionDate: d(effectiveFrom) })

describe('class history', () => {
  const history = [rec('poor', '2021-12-20'), rec('near_poor', '2022-12-15'), rec('not_poor', '2023-12-18'), rec('average_living', '2024-12-16')]

  it('finds the class in force on a date', () => {
    expect(classAsOf(history, d('2021-12-19'))).toBeUndefined()
    expect(classAsOf(history, d('2021-12-20'))?.class).toBe('poor')
    expect(classAsOf(history, d('2023-12-17'))?.class).toBe('near_poor')
    expect(classAsOf([...history].reverse(), d('2030-01-01'))?.class).toBe('average_living')
  })

  it('dates the escape at the first class after the last poor or near-poor one', () => {
    expect(escapedOn(history, d('2023-12-17'))).toBeUndefined()
    expect(escapedOn(history, d('2025-01-01'))).toBe('2023-12-18')
    expect(escapedOn([rec('not_poor', '2022-01-01')], d('2025-01-01'))).toBeUndefined()
  })

  it('counts a household as newly escaped for 3 years after leaving, the boundary day included', () => {
    expect(isNewlyEscaped(history, d('2023-12-17'))).toBe(false) // still near-poor
    expect(isNewlyEscaped(history, d('2023-12-18'))).toBe(true)
    expect(isNewlyEscaped(history, d('2026-12-18'))).toBe(true)
    expect(isNewlyEscaped(history, d('2026-12-19'))).toBe(false)
  })

  it('starts the 3 years again after falling back into poverty and leaving again', () => {
    const again = [...history, rec('poor', '2025-12-10'), rec('not_poor', '2026-12-10')]
    expect(isNewlyEscaped(again, d('2029-12-10'))).toBe(true)
    expect(isNewlyEscaped(again, d('2026-01-01'))).toBe(false) // poor on that date
  })

  it('property: newly escaped exactly when off the lists now and on a list at some date within the last 3 years', () => {
    const base = toEpochDay(d('2020-01-01'))
    const arb = fc.array(fc.record({ day: fc.integer({ min: 0, max: 3650 }), cls: fc.constantFrom(...HOUSEHOLD_CLASSES) }), { maxLength: 8 })
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 4000 }), (raw, asOfDay) => {
        const byDay = new Map(raw.map((r) => [r.day, r.cls]))
        const h = [...byDay].map(([day, cls]) => rec(cls, fromEpochDay(base + day)))
        const on = fromEpochDay(base + asOfDay)
        const now = classAsOf(h, on)?.class
        const offNow = now === 'average_living' || now === 'not_poor'
        // On a list the day before some date in [on − 3 years, on]?
        const from = addMonths(on, -36)
        let onListRecently = false
        for (let day = addDays(from, -1); day < on; day = addDays(day, 1)) {
          const c = classAsOf(h, day)?.class
          if (c === 'poor' || c === 'near_poor') onListRecently = true
        }
        expect(isNewlyEscaped(h, on)).toBe(offNow && onListRecently)
      }),
      { numRuns: 60 },
    )
  })
})
