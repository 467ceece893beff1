import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daySheet } from '../../src/app/transaction-day/sheet.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { dayFixture, type DayFixture } from '../support/transaction-day.js'

for (const backend of BACKENDS) {
  describe(`${backend}: the day sheet`, () => {
    let app: TestApp
    let f: DayFixture
    beforeAll(async () => {
      app = await openTestApp(backend)
      f = await dayFixture(app.db, 2, 3)
    })
    afterAll(() => app.dispose())

    it('lists every member of every group at the point with the interest due to the day', async () => {
      const sheet = await daySheet(app.db, f.ctx.teller(), f.dayId)
      expect(sheet.day.heldOn).toBe('2026-02-15')
      expect(sheet.groups.map((g) => g.members.length)).toEqual([3, 3])
      // 10.000.000 ₫ at the poor-household rate for 31 days (15/01 → 15/02).
      const loan = sheet.groups[0]!.members[0]!.loans[0]!
      expect(loan.outstandingDong).toBe(10_000_000n)
      expect(loan.interestDueDong).toBeGreaterThan(0n)
      expect(sheet.totals.members).toBe(6)
      expect(sheet.minDepositDong).toBe(5_000n)
    })
  })
}
