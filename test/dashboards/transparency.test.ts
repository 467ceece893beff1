import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestContext } from '../../src/app/context.js'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import { publicPosting, publicPostingPdf, publicProvince } from '../../src/app/transparency.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { actor, fixtureUnit } from '../support/actors.js'
import { Client, signedIn, testApi, type Api } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'
import { pdfPages } from '../support/pdf-text.js'
import { codeOf } from '../support/violations.js'

const d = (s: string) => s as LocalDate
const M = 1_000_000n

/** Every borrower's citizen id and phone of the fixture: none may ever be posted. */
const CITIZEN_IDS = ['020185001234', '020190005678', '020177009012']
const PHONES = ['0912345678', '0987654321', '0356789012']
const POSTED_KEYS = ['amount_dong', 'contract_date', 'name', 'outstanding_dong', 'program_code', 'program_name', 'term_months', 'village']

for (const backend of BACKENDS) {
  describe(`${backend}: transparency`, () => {
    let app: TestApp
    let api: Api
    let fx: LendingFixture
    let otherOfficer: (now?: Date) => RequestContext
    let otherPoint = 0

    // Three borrowers at the commune's point (today 01/06/2026, the fixture clock): 40 M and 30 M
    // POOR, 20 M CLEAN_WATER of which 20 M was repaid the same day (no longer outstanding, not posted).
    // Each borrower has a citizen id and a phone on file. May 2026 is closed: L1's first instalment
    // (8 M, due 10/03/2026) moved overdue, 8 M of 70 M = 11,43%.
    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      fx = await lendingFixture(app.db)
      const village = await fixtureUnit(app.db, fx.commune, 'village', 'NC', 'Thôn Nà Cạn')
      const ids = [
        await fx.openLoan('poor', 'POOR', 40n * M, '2025-03-10', 60, 12),
        await fx.openLoan('poor', 'POOR', 30n * M, '2025-06-05', 60, 12),
        await fx.openLoan('not_poor', 'CLEAN_WATER', 20n * M, '2026-05-12', 60, 12),
      ]
      await runLoanEvent(app.db, fx.ctx.teller(), ids[2]!, { type: 'repay', date: d('2026-05-12'), amountDong: 20n * M, cashUnit: fx.commune })
      for (const [i, id] of ids.entries()) {
        const loan = await app.db.selectFrom('loans as l').innerJoin('households as h', 'h.id', 'l.household_id').select(['h.id', 'h.head_person_id']).where('l.id', '=', id).executeTakeFirstOrThrow()
        await app.db.updateTable('persons').set({ citizen_id: CITIZEN_IDS[i]!, phone: PHONES[i]!, full_name: ['Hoàng Thị Mai', 'Lý Văn Đức', 'Nông Thị Hằng'][i]! }).where('id', '=', loan.head_person_id!).execute()
        await app.db.updateTable('households').set({ village_unit_id: village }).where('id', '=', loan.id).execute()
      }
      await closeMonth(app.db, fx.ctx.appraiser(), '2026-05')
      const office = (await app.db.selectFrom('units').select('parent_id').where('id', '=', fx.commune).executeTakeFirstOrThrow()).parent_id!
      const otherCommune = await fixtureUnit(app.db, office, 'commune', '06103', 'Xã Hợp Thành', { adminCode: '06103' })
      otherOfficer = await actor(app.db, 'commune-b', 'commune_officer', otherCommune)
      const { id } = await app.db.insertInto('transaction_points').values({ commune_unit_id: otherCommune, code: 'DGD-HT', site_name: 'Nhà văn hóa Hợp Thành', monthly_day: 20, start_time: '07:30' }).returning('id').executeTakeFirstOrThrow()
      otherPoint = id
    })
    afterAll(() => app.dispose())

    it('posts the programs in force with their rates and the borrowers with loans outstanding, never a CCCD or a phone', async () => {
      const p = await publicPosting(app.db, fx.ctx.commune(), { pointId: fx.groups.pointId, date: '2026-06-01' })
      expect(p.borrowers.map((b) => [b.name, b.village, b.program_code, b.amount_dong, b.outstanding_dong, b.term_months])).toEqual([
        ['Hoàng Thị Mai', 'Thôn Nà Cạn', 'POOR', 40n * M, 40n * M, 60],
        ['Lý Văn Đức', 'Thôn Nà Cạn', 'POOR', 30n * M, 30n * M, 60],
      ])
      for (const b of p.borrowers) expect(Object.keys(b).sort()).toEqual(POSTED_KEYS)
      const text = JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
      for (const secret of [...CITIZEN_IDS, ...PHONES]) expect(text).not.toContain(secret)
      expect(p.totalOutstandingDong).toBe(70n * M)
      // The poor-household rate is the base rate (6,6%/năm from 2013 on the seeded data) and programs carry their legal basis.
      const poor = p.programs.find((x) => x.code === 'POOR')!
      expect(poor.yearlyMicros).toBeGreaterThan(0n)
      expect(poor.legalBasis).not.toBe('')
      expect(p.programs.find((x) => x.code === 'CLEAN_WATER')!.yearlyMicros).toBe(90_000n)
    })

    it('prints the posting as a PDF with the Vietnamese names and without any CCCD or phone', async () => {
      const p = await publicPosting(app.db, fx.ctx.commune(), { pointId: fx.groups.pointId })
      const pdf = await publicPostingPdf(p)
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      const text = pdfPages(pdf).join('\n')
      const squashed = text.replace(/\s+/g, '')
      expect(squashed).toContain('HoàngThịMai')
      expect(squashed).toContain('ThônNàCạn')
      expect(squashed).toContain('70.000.000₫')
      for (const secret of [...CITIZEN_IDS, ...PHONES]) expect(squashed).not.toContain(secret)
    })

    it('treats a point outside the scope as not found', async () => {
      expect(await codeOf(publicPosting(app.db, otherOfficer(), { pointId: fx.groups.pointId }))).toBe('not_found')
      expect((await publicPosting(app.db, otherOfficer(), { pointId: otherPoint })).borrowers).toEqual([])
    })

    it('serves the posting as JSON and PDF to a logged-in reader in scope only', async () => {
      const commune = await signedIn(api, 'commune')
      const json = await commune.get(`/api/v1/transaction-points/${fx.groups.pointId}/public-posting`)
      expect(json.status).toBe(200)
      expect(Object.keys(json.body.borrowers[0]).sort()).toEqual(POSTED_KEYS)
      const pdf = await api.request(`/api/v1/transaction-points/${fx.groups.pointId}/public-posting.pdf`, { headers: { cookie: commune.cookie } })
      expect(pdf.status).toBe(200)
      expect(pdf.headers.get('content-type')).toBe('application/pdf')
      const other = await signedIn(api, 'commune-b')
      expect((await other.get(`/api/v1/transaction-points/${fx.groups.pointId}/public-posting`)).status).toBe(404)
      expect((await new Client(api).get(`/api/v1/transaction-points/${fx.groups.pointId}/public-posting`)).status).toBe(401)
    })

    it('shows a province\'s aggregates to anyone, without a session and without personal data', async () => {
      const anonymous = new Client(api)
      const res = await anonymous.get('/api/public/provinces/20')
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ provinceCode: '20', period: '2026-05', outstandingDong: String(70n * M), borrowers: '2', loans: '2', overdueRatioBp: 1143 })
      expect(res.body.byProgram).toEqual([{ programCode: 'POOR', nameVi: 'Cho vay hộ nghèo', nameEn: 'Poor households', outstandingDong: String(70n * M), borrowers: '2' }])
      expect(res.body.communes).toEqual([{ name: 'Xã Cao Lộc', outstandingDong: String(70n * M), borrowers: '2', overdueRatioBp: 1143 }])
      const text = JSON.stringify(res.body)
      for (const secret of [...CITIZEN_IDS, ...PHONES, 'Hoàng Thị Mai', 'Lý Văn Đức', 'Nà Cạn']) expect(text).not.toContain(secret)
      expect((await anonymous.get('/api/public/provinces/99')).status).toBe(404)
      expect((await anonymous.get('/api/public/provinces/abc')).status).toBe(404)
      const direct = await publicProvince(app.db, '20')
      expect(direct.povertyTrend.at(-1)).toEqual({ year: 2026, rateBp: 6667 })
      // Built once per closed month and served from memory: nothing an anonymous reader asks rescans
      // the snapshots until the next close refreshes the page.
      await app.db.updateTable('loan_snapshots').set({ principal_in_term_dong: 0n }).where('period', '=', '2026-05').execute()
      expect((await publicProvince(app.db, '20')).outstandingDong).toBe(70n * M)
      await closeMonth(app.db, fx.ctx.appraiser(), '2026-06')
      expect(await publicProvince(app.db, '20')).toMatchObject({ period: '2026-06', outstandingDong: 70n * M })
    })
  })
}
