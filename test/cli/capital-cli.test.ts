import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalFund } from '../../src/app/capital/funds.js'
import { allocateCapital, recordReceipt } from '../../src/app/capital/movements.js'
import { createPlanLine } from '../../src/app/plans.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { BACKENDS } from '../support/backends.js'
import { cliDatabase, openCliApp, tdcs } from '../support/cli.js'
import { lendingFixture } from '../support/lending.js'

const d = (s: string) => s as LocalDate

for (const backend of BACKENDS) {
  describe(`${backend}: tdcs capital and tdcs plans`, () => {
    let env: Record<string, string>
    let dispose: () => Promise<void>
    let office = 0

    beforeAll(async () => {
      ;({ env, dispose } = await cliDatabase(backend, 'tdcs-capital-cli-'))
      // The province's budget fund: 300.000.000 ₫ received at the branch, 100.000.000 ₫ allocated to
      // the office; a plan of 500.000.000 ₫ for the office; a 20.000.000 ₫ loan from the fund.
      const app = await openCliApp(env)
      try {
        const f = await lendingFixture(app.db)
        const province = (await app.db.selectFrom('units').select('id').where('code', '=', '20').executeTakeFirstOrThrow()).id
        office = (await app.db.selectFrom('units').select('id').where('code', '=', 'PGD-CL').executeTakeFirstOrThrow()).id
        await createLocalFund(app.db, f.ctx.branch(), {
          code: 'LS_BUDGET', nameVi: 'Vốn ngân sách tỉnh Lạng Sơn', nameEn: 'Lạng Sơn budget', ownerUnitId: province,
          agreement: {
            number: '01/2026/TTUT', signedOn: d('2026-01-02'), validFrom: d('2026-01-02'), legalBasis: 'QĐ 12/QĐ-UBND', programCodes: ['POOR'], localPovertyStandard: false,
            fundShareMicros: 500_000, reserveShareMicros: 200_000, bankFeeMicros: 300_000, bankUnitId: province,
          },
        })
        await recordReceipt(app.db, f.ctx.branch(), { capitalSource: 'LS_BUDGET', unitId: province, amountDong: 300_000_000n, date: d('2026-01-05'), reference: 'Đợt 1' })
        await allocateCapital(app.db, f.ctx.branch(), { capitalSource: 'LS_BUDGET', fromUnitId: province, toUnitId: office, amountDong: 100_000_000n, date: d('2026-01-06'), reference: 'Phân bổ PGD' })
        await createPlanLine(app.db, f.ctx.branch(), { unitId: office, year: 2026, quarter: null, programCode: 'POOR', capitalSourceCode: null, amountDong: 500_000_000n, decisionNumber: '15/QĐ-NHCS', legalBasis: 'Kế hoạch năm 2026' })
        await f.openLoan('poor', 'POOR', 20_000_000n, '2026-02-10', 12, 6, { capitalSource: 'LS_BUDGET' })
      } finally {
        await app.close()
      }
    })
    afterAll(() => dispose())

    it('lists the fund, prints its statement for the office and plan vs actual', async () => {
      const sources = await tdcs(env, 'capital', 'sources', '--date', '2026-03-01', '--json')
      expect(sources.code, sources.stderr).toBe(0)
      expect(JSON.stringify(JSON.parse(sources.stdout))).toContain('LS_BUDGET')
      const statement = await tdcs(env, 'capital', 'statement', '--source', 'LS_BUDGET', '--from', '2026-01-01', '--to', '2026-03-31', '--unit', String(office), '--json')
      expect(statement.code, statement.stderr).toBe(0)
      // Allocated in 100.000.000 ₫, lent 20.000.000 ₫.
      expect(JSON.parse(statement.stdout)).toMatchObject({ inDong: '100000000', closing: { capitalDong: '100000000', outstandingDong: '20000000', balanceDong: '80000000' } })
      const actual = await tdcs(env, 'plans', 'actual', '--year', '2026', '--as-of', '2026-03-01', '--unit', String(office), '--json')
      expect(actual.code, actual.stderr).toBe(0)
      expect(JSON.stringify(JSON.parse(actual.stdout))).toMatch(/"disbursedDong":"20000000"/)
      expect((await tdcs(env, 'capital', 'statement', '--source', 'LS_BUDGET')).code).not.toBe(0)
    }, 300_000)
  })
}
