import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS } from '../support/backends.js'
import { cliDatabase, openCliApp, tdcs } from '../support/cli.js'
import { dayFixture } from '../support/transaction-day.js'

for (const backend of BACKENDS) {
  describe(`${backend}: tdcs day`, () => {
    let env: Record<string, string>
    let dir: string
    let dispose: () => Promise<void>
    let dayId = ''
    let batchFile = ''

    beforeAll(async () => {
      ;({ env, dir, dispose } = await cliDatabase(backend, 'tdcs-day-cli-'))
      const app = await openCliApp(env)
      try {
        const f = await dayFixture(app.db, 1, 2)
        dayId = f.dayId.toString()
        const [a, b] = f.members.get(f.groupIds[0]!)!
        batchFile = path.join(dir, 'batch.json')
        // The leader's list says 25.000 ₫ more than she hands over.
        writeFileSync(batchFile, JSON.stringify({
          groupId: f.groupIds[0]!.toString(), remittedDong: '30000', collectedDong: '55000',
          lines: [{ householdId: a!.householdId.toString(), savingsDepositDong: '20000' }, { householdId: b!.householdId.toString(), savingsDepositDong: '10000' }],
        }))
      } finally {
        await app.close()
      }
    })
    afterAll(() => dispose())

    it('opens a day, captures a group from a file, lists the flag, refuses an unbalanced close and closes', async () => {
      const opened = await tdcs(env, 'day', 'open', dayId, '--cash', '1.000.000')
      expect(opened.code, opened.stderr).toBe(0)
      const captured = await tdcs(env, 'day', 'capture', dayId, '--file', batchFile)
      expect(captured.code, captured.stderr).toBe(0)
      expect(captured.stdout).toContain('leader_remittance_shortfall 25.000 ₫')
      const flags = await tdcs(env, 'flags', 'list', '--json')
      expect(JSON.parse(flags.stdout)).toEqual([expect.objectContaining({ rule: 'leader_remittance_shortfall', amountDong: '25000', status: 'open' })])
      const wrong = await tdcs(env, 'day', 'close', dayId, '--counted', '1.000.000')
      expect(wrong.code).not.toBe(0)
      expect(wrong.stderr).toContain('cash_book_unbalanced')
      const closed = await tdcs(env, 'day', 'close', dayId, '--counted', '1.030.000')
      expect(closed.code, closed.stderr).toBe(0)
      expect(closed.stdout).toContain('= 1.030.000 ₫')
      const pkg = path.join(dir, 'day.json')
      expect((await tdcs(env, 'day', 'package', dayId, '--out', pkg)).code).toBe(0)
      expect(JSON.parse(readFileSync(pkg, 'utf8'))).toMatchObject({ format: 'tdcs-day-package', day: { id: dayId, status: 'closed' } })
    }, 300_000)
  })
}
