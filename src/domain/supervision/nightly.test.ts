import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nextNightlyRun } from './nightly.js'

describe('the nightly run time', () => {
  it('is 01:15 Vietnamese time the same night or the next', () => {
    expect(nextNightlyRun(new Date('2026-06-30T17:00:00Z'), 75).toISOString()).toBe('2026-06-30T18:15:00.000Z')
    expect(nextNightlyRun(new Date('2026-06-30T18:15:00Z'), 75).toISOString()).toBe('2026-07-01T18:15:00.000Z')
    expect(nextNightlyRun(new Date('2026-06-30T10:00:00Z'), 75).toISOString()).toBe('2026-06-30T18:15:00.000Z')
  })

  it('is always after now and at most a day later, at the asked minute', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: 0, max: 1439 }), (ms, minute) => {
      const now = new Date(ms)
      const next = nextNightlyRun(now, minute)
      expect(next.getTime()).toBeGreaterThan(ms)
      expect(next.getTime() - ms).toBeLessThanOrEqual(86_400_000)
      expect(((next.getTime() + 7 * 3_600_000) % 86_400_000) / 60_000).toBe(minute)
    }))
  })
})
