import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_AUTH_POLICY } from '../../src/app/auth.js'
import { openApp } from '../../src/app/open-app.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import { BACKENDS, freshDatabase, type TestDatabase } from '../support/backends.js'
import { tdcs } from '../support/cli.js'
import { lendingFixture } from '../support/lending.js'

for (const backend of BACKENDS) {
  describe(`${backend}: tdcs groups`, () => {
    let env: Record<string, string>
    let database: TestDatabase | undefined
    let dir: string

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'tdcs-groups-cli-'))
      if (backend === 'postgres') {
        database = await freshDatabase('postgres')
        env = { DATABASE_URL: database.databaseUrl! }
      } else {
        env = { DATABASE_URL: '', TDCS_DATA_DIR: path.join(dir, 'pglite') }
      }
      // Two groups of a commune with a loan each, one of them half overdue (the lending use-cases).
      const app = await openApp({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.TDCS_DATA_DIR, authPolicy: DEFAULT_AUTH_POLICY })
      try {
        const fx = await lendingFixture(app.db)
        const other = await fx.groups.newGroup('Tổ TK&VV thôn Khòn Lải')
        const late = await fx.openLoan('poor', 'POOR', 40_000_000n, '2025-04-10', 12, 6)
        await runLoanEvent(app.db, fx.ctx.appraiser(), late, { type: 'mark_overdue', date: '2025-10-16' as LocalDate })
        await fx.openLoan('poor', 'POOR', 30_000_000n, '2025-09-15', 24, 12, { groupId: other })
      } finally {
        await app.close()
      }
    })
    afterAll(async () => {
      await database?.drop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('grades every group for a month and prints the count per grade', async () => {
      const result = await tdcs(env, 'groups', 'grade', '--period', '2025-10')
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain('Graded 2 group(s) for 2025-10')
      expect(result.stdout).toContain('Tốt (good): 1')
      expect(result.stdout).toContain('Yếu (weak): 1')
      expect((await tdcs(env, 'groups', 'grade')).code).toBe(2)
      const bad = await tdcs(env, 'groups', 'grade', '--period', '2025-13')
      expect(bad.code).toBe(1)
      expect(bad.stderr).toContain('grade_period_invalid')
    })

    it('lists the groups with their members, leader and latest grade, filtered', async () => {
      const all = await tdcs(env, 'groups', 'list')
      expect(all.code, all.stderr).toBe(0)
      expect(all.stdout).toContain('2 group(s)')
      expect(all.stdout).toContain('2025-10 Yếu (0)')
      const good = await tdcs(env, 'groups', 'list', '--grade', 'good')
      expect(good.stdout).toContain('Tổ TK&VV thôn Khòn Lải')
      expect(good.stdout).toContain('1 group(s)')
      expect((await tdcs(env, 'groups', 'list', '--organisation', 'nobody')).code).toBe(1)
    })
  })
}
