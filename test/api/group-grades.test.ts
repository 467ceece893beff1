import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeGroupStatus } from '../../src/app/groups/groups.js'
import { submitApplication } from '../../src/app/loans/applications.js'
import { runLoanEvent } from '../../src/app/loans/loan-events.js'
import { ensureFirstAdmin } from '../../src/app/open-app.js'
import { NATIONAL_RULES } from '../../src/db/migrations/0013-network-groups.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { closeMonth } from '../../src/jobs/close-month.js'
import { fixtureHousehold, fixtureUnit } from '../support/actors.js'
import { Client, testApi, type Api, type Reply } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const d = (s: string) => s as LocalDate

for (const backend of BACKENDS) {
  describe(`${backend}: group grades from real loans, and loans through real groups`, () => {
    let app: TestApp
    let api: Api
    let fx: LendingFixture
    let g1 = 0n
    let g2 = 0n
    let g3 = 0n
    const as = async (username: string, password = 'Fixture-pass-1'): Promise<Client> => {
      const client = new Client(api)
      expect((await client.login(username, password)).status).toBe(200)
      return client
    }
    const expectCode = (reply: Reply, status: number, code: string) => {
      expect(reply.body?.code, JSON.stringify(reply.body)).toBe(code)
      expect(reply.status).toBe(status)
    }
    const latest = async (id: bigint) => (await (await as('teller')).get(`/api/v1/groups/${id}/grades`)).body.items[0]

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      await ensureFirstAdmin(app, 'Admin-pass-2026')
      fx = await lendingFixture(app.db)
      g1 = fx.groupId
      g2 = await fx.groups.newGroup('Tổ TK&VV thôn Khòn Lải')
      g3 = await fx.groups.newGroup('Tổ TK&VV thôn Pò Mỏ')
      // Group 1: 50.000.000 in term, and 40.000.000 whose first half (20.000.000, due 15/10/2025)
      // was not paid. Group 2: 30.000.000 in term. Group 3: no loan.
      await fx.openLoan('poor', 'POOR', 50_000_000n, '2025-09-15', 24, 12)
      const late = await fx.openLoan('poor', 'POOR', 40_000_000n, '2025-04-10', 12, 6)
      await runLoanEvent(app.db, fx.ctx.appraiser(), late, { type: 'mark_overdue', date: d('2025-10-16') })
      await fx.openLoan('poor', 'POOR', 30_000_000n, '2025-09-15', 24, 12, { groupId: g2 })
    })
    afterAll(() => app.dispose())

    it('grades each group on the overdue ratio of the loans applied for through it, as computed by hand', async () => {
      const office = await as('appraiser')
      const run = await office.post('/api/v1/groups/grades/compute', { period: '2025-10' })
      expect(run.status, JSON.stringify(run.body)).toBe(201)
      expect(run.body).toMatchObject({ period: '2025-10', source: 'current', groups: 3, byGrade: { good: 1, fair: 0, average: 0, weak: 1 }, ungraded: 1 })
      // Group 1: 20.000.000 overdue of 90.000.000 outstanding = 22,2 % > 5 %: 0 of 60 points; the
      // collection rate and the meetings are not recorded yet, so they count neither way: 0/60 → 0 → Yếu.
      expect(await latest(g1)).toMatchObject({
        period: '2025-10', grade: 'weak', score: 0, source: 'current',
        factors: {
          overdueRatio: { assessed: true, outstandingDong: '90000000', overdueDong: '20000000', loans: 2, valueMicros: '222222', points: 0, maxPoints: 60 },
          interestCollectionRate: { assessed: false, reason: 'no_collection_data', points: null },
          meetingsHeld: { assessed: false, reason: 'no_meeting_data' },
        },
      })
      // Group 2: nothing overdue: 60/60 → 100 → Tốt. Group 3: no outstanding loan, nothing to grade on.
      expect(await latest(g2)).toMatchObject({ grade: 'good', score: 100, factors: { overdueRatio: { outstandingDong: '30000000', overdueDong: '0' } } })
      expect(await latest(g3)).toMatchObject({ grade: null, score: null, factors: { overdueRatio: { assessed: false, reason: 'no_outstanding' } } })
      const teller = await as('teller')
      expect((await teller.get('/api/v1/groups?grade=weak')).body.items.map((g: { id: string }) => g.id)).toEqual([String(g1)])
      expect((await teller.get('/api/v1/groups?grade=ungraded')).body.items.map((g: { id: string }) => g.id)).toEqual([String(g3)])
      expect((await teller.get(`/api/v1/groups/${g1}`)).body.latestGrade).toEqual({ period: '2025-10', grade: 'weak', score: 0 })
    })

    it('grades again under a province\'s own bands as a new run, keeping the first one', async () => {
      const admin = await as('admin', 'Admin-pass-2026')
      const rules = structuredClone(NATIONAL_RULES)
      rules.grading.factors.overdueRatio.bands = [{ limitMicros: '0', points: 60 }, { limitMicros: '250000', points: 30 }]
      const added = await admin.post('/api/v1/network-rules', { provinceCode: '20', validFrom: '2025-10-01', legalBasis: 'Hướng dẫn của Chi nhánh Lạng Sơn (thử)', rules })
      expect(added.status, JSON.stringify(added.body)).toBe(201)
      const run = await (await as('appraiser')).post('/api/v1/groups/grades/compute', { period: '2025-10' })
      expect(run.body).toMatchObject({ byGrade: { good: 1, average: 1, weak: 0 }, rulesIds: [added.body.id] })
      // 22,2 % ≤ 25 %: 30 of 60 points → 50 → Trung bình.
      const history = (await (await as('teller')).get(`/api/v1/groups/${g1}/grades`)).body.items
      expect(history.map((g: { period: string; grade: string; score: number }) => [g.period, g.grade, g.score])).toEqual([['2025-10', 'average', 50], ['2025-10', 'weak', 0]])
      expect(history[0].rulesId).toBe(added.body.id)
    })

    it('grades a closed month from its month-end snapshots', async () => {
      await closeMonth(app.db, fx.ctx.appraiser(), '2025-10')
      const run = await (await as('appraiser')).post('/api/v1/groups/grades/compute', { period: '2025-10' })
      expect(run.body).toMatchObject({ source: 'snapshot', groups: 3, byGrade: { good: 1, average: 1 }, ungraded: 1 })
      expect(await latest(g1)).toMatchObject({ source: 'snapshot', grade: 'average', factors: { overdueRatio: { outstandingDong: '90000000', overdueDong: '20000000' } } })
      const open = await (await as('appraiser')).post('/api/v1/groups/grades/compute', { period: '2025-11' })
      expect(open.body.source).toBe('current')
    })

    it('refuses a month to come, a unit outside the scope and a role that does not grade', async () => {
      const office = await as('appraiser')
      expectCode(await office.post('/api/v1/groups/grades/compute', { period: '2099-01' }), 400, 'grade_period_invalid')
      expectCode(await office.post('/api/v1/groups/grades/compute', { period: '2025-13' }), 400, 'grade_period_invalid')
      const elsewhere = await fixtureUnit(app.db, 1, 'province', '01', 'Chi nhánh Hà Nội', { provinceCode: '01', adminCode: '01' })
      expectCode(await office.post('/api/v1/groups/grades/compute', { period: '2025-10', unitId: elsewhere }), 404, 'not_found')
      expectCode(await (await as('commune')).post('/api/v1/groups/grades/compute', { period: '2025-10' }), 403, 'forbidden')
      const runs = await app.db.selectFrom('group_grade_runs').select(['period', 'source']).orderBy('id').execute()
      expect(runs.map((r) => r.period)).toEqual(['2025-10', '2025-10', '2025-10', '2025-11'])
    })

    it('takes an application only through an active group the household is in, and records the household\'s group when none is given', async () => {
      const ctx = fx.ctx.commune()
      const apply = (householdId: bigint, extra: object) =>
        submitApplication(app.db, ctx, { householdId, programCode: 'POOR', purpose: 'Chăn nuôi', amountDong: 10_000_000n, termMonths: 12, intervalMonths: 6, channel: 'entrusted', applicationDate: d('2026-03-10'), ...extra })
      const member = await fixtureHousehold(app.db, fx.commune, 'HH-G1', 'poor', '2020-01-01')
      await fx.groups.join(g1, member)
      const before = await app.db.selectFrom('loan_applications').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
      await expect(apply(member, { groupId: g2 })).rejects.toMatchObject({ code: 'member_not_in_group' })
      await expect(apply(member, { groupId: 999_999n })).rejects.toMatchObject({ code: 'member_not_in_group' })
      const inG3 = await fixtureHousehold(app.db, fx.commune, 'HH-G3', 'poor', '2020-01-01')
      await fx.groups.join(g3, inG3)
      await changeGroupStatus(app.db, fx.ctx.org(), g3, { status: 'suspended', on: '2026-01-05', reason: 'Họp tổ không đủ người' })
      await expect(apply(inG3, { groupId: g3 })).rejects.toMatchObject({ code: 'group_not_active' })
      // A household in no group cannot borrow under a program that needs a group member.
      const loner = await fixtureHousehold(app.db, fx.commune, 'HH-NONE', 'poor', '2020-01-01')
      await expect(apply(loner, {})).rejects.toMatchObject({ code: 'borrower_not_eligible', details: { condition: 'groupMemberRequired' } })
      const after = await app.db.selectFrom('loan_applications').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
      expect(after.n).toBe(before.n)

      const id = await apply(member, {})
      const stored = await app.db.selectFrom('loan_applications').select(['group_id', 'eligibility']).where('id', '=', id).executeTakeFirstOrThrow()
      expect(stored.group_id).toBe(g1)
      expect(stored.eligibility).toMatchObject({ facts: { groupMember: true } })
    })

    it('keeps a free group number in a commune with no group registered yet', async () => {
      const office = await app.db.selectFrom('units').select('parent_id').where('id', '=', fx.commune).executeTakeFirstOrThrow()
      const bare = await fixtureUnit(app.db, office.parent_id!, 'commune', '06200', 'Xã Chưa Có Tổ', { adminCode: '06200' })
      const household = await fixtureHousehold(app.db, bare, 'HH-BARE', 'poor', '2020-01-01')
      const id = await submitApplication(app.db, fx.ctx.appraiser(), {
        householdId: household, programCode: 'POOR', purpose: 'Chăn nuôi', amountDong: 10_000_000n, termMonths: 12, intervalMonths: 6, channel: 'entrusted', groupId: 7n, applicationDate: d('2026-03-10'),
      })
      expect((await app.db.selectFrom('loan_applications').select('group_id').where('id', '=', id).executeTakeFirstOrThrow()).group_id).toBe(7n)
    })
  })
}
