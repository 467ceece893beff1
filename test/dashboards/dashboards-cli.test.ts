import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeMonth } from '../../src/jobs/close-month.js'
import { BACKENDS } from '../support/backends.js'
import { cliDatabase, openCliApp, tdcs } from '../support/cli.js'
import { lendingFixture } from '../support/lending.js'
import { pdfPages } from '../support/pdf-text.js'

for (const backend of BACKENDS) {
  describe(`${backend}: tdcs dashboard and tdcs transparency posting`, () => {
    let env: Record<string, string>
    let dir = ''
    let dispose: () => Promise<void>
    let commune = 0
    let pointId = 0

    beforeAll(async () => {
      ;({ env, dir, dispose } = await cliDatabase(backend, 'tdcs-dashboards-cli-'))
      const app = await openCliApp(env)
      try {
        // Two loans at the commune's point: 20.000.000 ₫ on 10/02/2026 and 15.000.000 ₫ on 12/03/2026; March 2026 closed.
        const f = await lendingFixture(app.db)
        commune = f.commune
        pointId = f.groups.pointId
        await f.openLoan('poor', 'POOR', 20_000_000n, '2026-02-10', 12, 6)
        await f.openLoan('poor', 'POOR', 15_000_000n, '2026-03-12', 12, 6)
        await closeMonth(app.db, f.ctx.appraiser(), '2026-03')
      } finally {
        await app.close()
      }
    })
    afterAll(() => dispose())

    it('prints the key figures of the latest closed month-end as JSON', async () => {
      const out = await tdcs(env, 'dashboard', '--unit', String(commune), '--date', '2026-04-15')
      expect(out.code, out.stderr).toBe(0)
      const body = JSON.parse(out.stdout) as { period: string; keyFigures: { key: string; value: string; previousMonth: { delta: string | null } }[] }
      expect(body.period).toBe('2026-03')
      const value = (key: string) => body.keyFigures.find((f) => f.key === key)!.value
      expect([value('outstanding'), value('borrowers'), value('disbursed_month'), value('disbursed_year')]).toEqual(['35000000', '2', '15000000', '35000000'])
      expect(body.keyFigures[0]!.previousMonth.delta).toBeNull()
    })

    it('writes the public posting of a point to a PDF', async () => {
      const file = path.join(dir, 'cong-khai.pdf')
      const out = await tdcs(env, 'transparency', 'posting', '--point', String(pointId), '--out', file)
      expect(out.code, out.stderr).toBe(0)
      const text = pdfPages(readFileSync(file)).join('\n').replace(/\s+/g, '')
      expect(text).toContain('35.000.000₫')
      expect(text).toContain('Chủhộ')
    })

    it('exits 1 with the named code on bad input', async () => {
      const early = await tdcs(env, 'dashboard', '--date', '2026-02-20')
      expect(early.code).toBe(1)
      expect(early.stderr + early.stdout).toContain('dashboard_no_closed_month')
      const missing = await tdcs(env, 'transparency', 'posting', '--point', '999999', '--json')
      expect(missing.code).toBe(1)
      expect(missing.stderr + missing.stdout).toContain('not_found')
    })
  })
}
