// Portfolio takeover (issue 6): the Quận 12 case of DOMAIN.md §1 — 7.2 bn capital, 4.9 bn
// outstanding of which 0.87 bn overdue, 2.3 bn fund balance — imported from a generated file and
// reconciled to the đồng, on both backends.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { takeOverPortfolio, type TakeoverInput } from '../../src/app/capital/takeover.js'
import type { RequestContext } from '../../src/app/context.js'
import { verifyLedger } from '../../src/app/ledger.js'
import { fundAvailableDong, runLoanEvent } from '../../src/app/loans/loan-events.js'
import { makeCitizenId } from '../../src/domain/households/index.js'
import { RuleViolation, type LocalDate } from '../../src/domain/shared/index.js'
import { TAKEOVER_COLUMNS } from '../../src/domain/takeover/index.js'
import { Client, testApi, type Api } from '../support/api-client.js'
import { fixtureHousehold } from '../support/actors.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingUnits } from '../support/lending.js'

const SOURCE = 'Q12_LOCAL'
const DATE = '2025-06-30' as LocalDate
const STATED = { capitalDong: 7_200_000_000n, outstandingDong: 4_900_000_000n, fundBalanceDong: 2_300_000_000n, overdueDong: 870_000_000n }
const LOANS = 120
const OVERDUE_LOANS = 30

/** n positive parts of total that differ from each other and add up exactly. */
function split(total: bigint, n: number): bigint[] {
  const base = total / BigInt(n)
  const parts = Array.from({ length: n }, (_, i) => base - 1_000_000n + BigInt((i * 7919) % 2_000) * 1_000n)
  const sum = parts.reduce((s, p) => s + p, 0n)
  parts[n - 1] = parts[n - 1]! + (total - sum)
  return parts
}

interface Row { contract: string; borrower: string; program: string; contractDate: string; maturity: string; disbursed: bigint; inTerm: bigint; overdue: bigint; interest: bigint; overdueInterest: bigint }

/** 120 loans: 90 in term, 30 overdue; two borrowers named by their head's CCCD. */
function quan12Rows(citizenIds: readonly string[]): Row[] {
  const inTerm = split(STATED.outstandingDong - STATED.overdueDong, LOANS - OVERDUE_LOANS)
  const overdue = split(STATED.overdueDong, OVERDUE_LOANS)
  const programs = ['POOR', 'NEAR_POOR', 'CLEAN_WATER']
  return Array.from({ length: LOANS }, (_, i) => {
    const isOverdue = i >= LOANS - OVERDUE_LOANS
    const amount = isOverdue ? overdue[i - (LOANS - OVERDUE_LOANS)]! : inTerm[i]!
    return {
      contract: `Q12-${String(i + 1).padStart(4, '0')}`,
      borrower: i < citizenIds.length ? citizenIds[i]! : `Q12-HH-${i + 1}`,
      program: programs[i % 3]!,
      contractDate: `${String((i % 27) + 1).padStart(2, '0')}/0${(i % 9) + 1}/2023`,
      maturity: isOverdue ? `15/0${(i % 5) + 1}/2025` : `15/0${(i % 9) + 1}/2027`,
      disbursed: amount + 5_000_000n,
      inTerm: isOverdue ? 0n : amount,
      overdue: isOverdue ? amount : 0n,
      interest: isOverdue ? 0n : 150_000n,
      overdueInterest: isOverdue ? 320_500n : 0n,
    }
  })
}

const HEADER = ['Số khế ước', 'Mã hộ hoặc số CCCD chủ hộ', 'Mã chương trình', 'Ngày vay (dd/mm/yyyy)', 'Ngày đến hạn (dd/mm/yyyy)', 'Số tiền đã giải ngân', 'Dư nợ trong hạn', 'Dư nợ quá hạn', 'Lãi phải thu trong hạn', 'Lãi phải thu quá hạn']
const dots = (v: bigint) => v.toString().replace(/\B(?=(\d{3})+$)/g, '.')
function csv(rows: readonly Row[]): Uint8Array {
  const lines = [HEADER.join(','), ...rows.map((r) => [r.contract, r.borrower, r.program, r.contractDate, r.maturity, `"${dots(r.disbursed)}"`, `"${dots(r.inTerm)}"`, String(r.overdue), String(r.interest), String(r.overdueInterest)].join(','))]
  return new TextEncoder().encode(lines.join('\r\n'))
}

for (const backend of BACKENDS) {
  describe(`${backend}: portfolio takeover into a local fund`, () => {
    let app: TestApp
    let ctx: () => RequestContext
    let teller: () => RequestContext
    let province = 0
    let rows: Row[] = []
    const input = (content: Uint8Array, extra: Partial<TakeoverInput> = {}): TakeoverInput => ({ capitalSource: SOURCE, takeoverDate: DATE, fileName: 'quan12.csv', content, stated: STATED, dryRun: false, ...extra })
    const count = async (table: 'loans' | 'takeover_runs' | 'journal_entries') => Number((await sql<{ n: bigint }>`select count(*) as n from ${sql.table(table)}`.execute(app.db)).rows[0]!.n)
    const refusal = async (work: Promise<unknown>) => {
      const error = await work.then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(RuleViolation)
      return error as RuleViolation & { details: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- the report is read freely
    }

    beforeAll(async () => {
      app = await openTestApp(backend)
      const units = await lendingUnits(app.db)
      ctx = units.ctx.branch
      teller = units.ctx.teller
      province = (await app.db.selectFrom('units').select('id').where('kind', '=', 'province').executeTakeFirstOrThrow()).id
      await app.db.insertInto('capital_sources').values({ code: SOURCE, name_vi: 'Vốn ngân sách Quận 12', name_en: 'Quận 12 budget fund', kind: 'local', owner_unit_id: province, province_code: '20' }).execute()
      const citizenIds = [makeCitizenId('079', 'male', 1975, 1201), makeCitizenId('079', 'female', 1982, 1202)]
      for (let i = 0; i < LOANS; i++) {
        const household = await fixtureHousehold(app.db, units.commune, `Q12-HH-${i + 1}`, 'poor', '2020-01-01')
        if (i < citizenIds.length) {
          const head = await app.db.selectFrom('households').select('head_person_id').where('id', '=', household).executeTakeFirstOrThrow()
          await app.db.updateTable('persons').set({ citizen_id: citizenIds[i]! }).where('id', '=', head.head_person_id!).execute()
        }
      }
      rows = quan12Rows(citizenIds)
    }, 300_000)
    afterAll(() => app.dispose())

    it('offers the template columns with Vietnamese headings', () => {
      expect(TAKEOVER_COLUMNS.map((c) => c.header)).toEqual(expect.arrayContaining(HEADER))
    })

    it('reconciles the Quận 12 file to the đồng in a dry run and writes nothing', async () => {
      const report = await takeOverPortfolio(app.db, ctx(), input(csv(rows), { dryRun: true }))
      expect(report.status).toBe('checked')
      expect(report.ok).toBe(true)
      expect(report.errorCount).toBe(0)
      expect(report.loanCount).toBe(LOANS)
      expect(report.computed.outstandingDong).toBe(4_900_000_000n)
      expect(report.computed.overdueDong).toBe(870_000_000n)
      expect(report.checks.map((c) => [c.check, c.differenceDong])).toEqual([
        ['capital_equals_outstanding_plus_fund_balance', 0n], ['outstanding_equals_rows', 0n], ['overdue_equals_rows', 0n],
      ])
      expect(await count('loans')).toBe(0)
      expect(await count('takeover_runs')).toBe(0)
    })

    it('refuses a file with one row off by 1 ₫ and shows the exact difference, writing nothing', async () => {
      const off = rows.map((r, i) => (i === LOANS - 1 ? { ...r, overdue: r.overdue + 1n, disbursed: r.disbursed + 1n } : r))
      const entriesBefore = await count('journal_entries')
      const error = await refusal(takeOverPortfolio(app.db, ctx(), input(csv(off))))
      expect(error.code).toBe('takeover_totals_mismatch')
      const byCheck = Object.fromEntries((error.details.checks as Array<{ check: string; differenceDong: string; statedDong: string; computedDong: string }>).map((c) => [c.check, c]))
      expect(byCheck.outstanding_equals_rows).toMatchObject({ statedDong: '4900000000', computedDong: '4900000001', differenceDong: '-1' })
      expect(byCheck.overdue_equals_rows).toMatchObject({ statedDong: '870000000', computedDong: '870000001', differenceDong: '-1' })
      expect(byCheck.capital_equals_outstanding_plus_fund_balance!.differenceDong).toBe('0')
      expect(await count('loans')).toBe(0)
      expect(await count('takeover_runs')).toBe(0)
      expect(await count('journal_entries')).toBe(entriesBefore)
    })

    it('refuses stated totals whose capital is not outstanding + fund balance', async () => {
      const report = await takeOverPortfolio(app.db, ctx(), input(csv(rows), { dryRun: true, stated: { ...STATED, fundBalanceDong: 2_299_999_999n } }))
      expect(report.ok).toBe(false)
      expect(report.checks[0]).toMatchObject({ check: 'capital_equals_outstanding_plus_fund_balance', differenceDong: 1n })
      const error = await refusal(takeOverPortfolio(app.db, ctx(), input(csv(rows), { stated: { ...STATED, fundBalanceDong: 2_299_999_999n } })))
      expect(error.code).toBe('takeover_totals_mismatch')
    })

    it('lists unknown borrowers, unknown programs and bad rows by row, writing nothing', async () => {
      const bad = rows.map((r, i) => (i === 3 ? { ...r, borrower: 'KHONG-CO' } : i === 4 ? { ...r, program: 'NOPE' } : i === 5 ? { ...r, inTerm: r.disbursed + 1n } : i === 6 ? { ...r, contract: rows[0]!.contract } : r))
      const error = await refusal(takeOverPortfolio(app.db, ctx(), input(csv(bad))))
      expect(error.code).toBe('takeover_rejected')
      expect((error.details.errors as Array<{ row: number; code: string }>).map((e) => [e.row, e.code])).toEqual([
        [5, 'takeover_borrower_unknown'], [6, 'takeover_program_unknown'], [7, 'takeover_outstanding_exceeds_disbursed'], [8, 'takeover_contract_duplicate_in_file'],
      ])
      expect(await count('loans')).toBe(0)
    })

    it('refuses a central source', async () => {
      expect((await refusal(takeOverPortfolio(app.db, ctx(), input(csv(rows), { capitalSource: 'CENTRAL' })))).code).toBe('takeover_source_not_local')
    })

    it('posts the takeover: the fund reads back 7.2 bn capital, 4.9 bn outstanding, 0.87 bn overdue, 2.3 bn balance, and the ledger verifies', async () => {
      const report = await takeOverPortfolio(app.db, ctx(), input(csv(rows)))
      expect(report.status).toBe('posted')
      expect(report.runId).not.toBeNull()
      const loans = await app.db.selectFrom('loans').select(({ fn }) => [fn.countAll<bigint>().as('n'), fn.sum<bigint>('principal_in_term_dong').as('in_term'), fn.sum<bigint>('principal_overdue_dong').as('overdue'), fn.sum<bigint>('overdue_interest_dong').as('oi')])
        .where('capital_source_code', '=', SOURCE).where('status', '=', 'active').where('accrued_until', '=', DATE).executeTakeFirstOrThrow()
      expect(BigInt(loans.n)).toBe(120n)
      expect(BigInt(loans.in_term) + BigInt(loans.overdue)).toBe(4_900_000_000n)
      expect(BigInt(loans.overdue)).toBe(870_000_000n)
      expect(BigInt(loans.oi)).toBe(320_500n * 30n)
      const balance = async (kind: string, unit?: number) => {
        let q = app.db.selectFrom('ledger_accounts').select(({ fn }) => fn.sum<bigint>('balance_dong').as('b')).where('kind', '=', kind)
        q = unit === undefined ? q.where('capital_source_code', '=', SOURCE) : q.where('unit_id', '=', unit)
        return BigInt((await q.executeTakeFirstOrThrow()).b ?? 0)
      }
      expect(await balance('lending_fund')).toBe(-7_200_000_000n)
      expect(await balance('loan_principal')).toBe(4_900_000_000n)
      expect(await balance('cash', province)).toBe(2_300_000_000n)
      expect(await fundAvailableDong(app.db, SOURCE)).toBe(2_300_000_000n)
      const run = await app.db.selectFrom('takeover_runs').selectAll().executeTakeFirstOrThrow()
      expect(run).toMatchObject({ stated_capital_dong: 7_200_000_000n, computed_outstanding_dong: 4_900_000_000n, computed_overdue_dong: 870_000_000n, loan_count: 120 })
      const instalments = await app.db.selectFrom('loan_instalments').select(['status']).execute()
      expect(instalments.filter((i) => i.status === 'overdue')).toHaveLength(30)
      const ledger = await verifyLedger(app.db)
      expect(ledger.differences).toEqual([])
      expect(ledger.ok).toBe(true)
      const audit = await app.db.selectFrom('audit_log').select('action').where('action', '=', 'capital.takeover').execute()
      expect(audit).toHaveLength(1)
    })

    it('does not post the same file twice', async () => {
      const entries = await count('journal_entries')
      const again = await takeOverPortfolio(app.db, ctx(), input(csv(rows)))
      expect(again.status).toBe('already_posted')
      expect(await count('loans')).toBe(120)
      expect(await count('takeover_runs')).toBe(1)
      expect(await count('journal_entries')).toBe(entries)
    })

    it('refuses the same contracts in a changed file', async () => {
      const changed = rows.slice(0, 2)
      const error = await refusal(takeOverPortfolio(app.db, ctx(), input(csv(changed), { stated: { capitalDong: changed[0]!.inTerm + changed[1]!.inTerm, outstandingDong: changed[0]!.inTerm + changed[1]!.inTerm, fundBalanceDong: 0n, overdueDong: 0n } })))
      expect(error.code).toBe('takeover_rejected')
      expect(error.details.errors[0].code).toBe('takeover_contract_exists')
    })

    it('lets the engine carry an imported loan on: a repayment pays overdue interest first and the ledger still verifies', async () => {
      const loan = await app.db.selectFrom('loans').innerJoin('takeover_loans', 'takeover_loans.loan_id', 'loans.id').select(['loans.id', 'loans.commune_unit_id']).where('takeover_loans.contract_number', '=', 'Q12-0120').executeTakeFirstOrThrow()
      const state = await runLoanEvent(app.db, teller(), loan.id, { type: 'repay', date: '2025-07-15' as LocalDate, amountDong: 1_000_000n, cashUnit: loan.commune_unit_id })
      expect(state.overdueInterestDong).toBeGreaterThanOrEqual(0n)
      expect((await verifyLedger(app.db)).ok).toBe(true)
    })
  })

  describe(`${backend}: takeover API`, () => {
    let app: TestApp
    let api: Api
    let client: Client
    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      const { commune } = await lendingUnits(app.db)
      const province = (await app.db.selectFrom('units').select('id').where('kind', '=', 'province').executeTakeFirstOrThrow()).id
      await app.db.insertInto('capital_sources').values({ code: SOURCE, name_vi: 'Vốn ngân sách', name_en: 'Budget fund', kind: 'local', owner_unit_id: province, province_code: '20' }).execute()
      await fixtureHousehold(app.db, commune, 'Q12-HH-1', 'poor', '2020-01-01')
      await fixtureHousehold(app.db, commune, 'Q12-HH-2', 'poor', '2020-01-01')
      client = new Client(api)
      expect((await client.login('branch', 'Fixture-pass-1')).status).toBe(200)
    })
    afterAll(() => app.dispose())

    const file = csv([
      { contract: 'A-1', borrower: 'Q12-HH-1', program: 'POOR', contractDate: '01/03/2024', maturity: '01/03/2027', disbursed: 30_000_000n, inTerm: 25_000_000n, overdue: 0n, interest: 100_000n, overdueInterest: 0n },
      { contract: 'A-2', borrower: 'Q12-HH-2', program: 'POOR', contractDate: '01/03/2023', maturity: '01/03/2025', disbursed: 20_000_000n, inTerm: 0n, overdue: 15_000_000n, interest: 0n, overdueInterest: 80_000n },
    ])
    const upload = async (fields: Record<string, string>, headers: Record<string, string> = {}) => {
      const form = new FormData()
      form.set('file', new File([new Uint8Array(file)], 'tiep-nhan.csv'))
      for (const [k, v] of Object.entries(fields)) form.set(k, v)
      // The same fields make the same bytes (a fixed boundary), as a browser's retry sends them.
      const encoded = new Request('http://localhost/', { method: 'POST', body: form })
      const boundary = /boundary=(.+)$/.exec(encoded.headers.get('content-type') ?? '')![1]!
      const body = (await encoded.text()).replaceAll(boundary, 'tdcs-takeover-boundary')
      const res = await api.request('/api/v1/capital/takeovers', {
        method: 'POST', body, headers: { 'content-type': 'multipart/form-data; boundary=tdcs-takeover-boundary', cookie: client.cookie, 'x-csrf-token': client.csrf, ...headers },
      })
      return { status: res.status, body: (await res.json()) as any, headers: res.headers } // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read JSON freely
    }
    const totals = { capitalSource: SOURCE, takeoverDate: DATE, capitalDong: '100.000.000', outstandingDong: '40.000.000', fundBalanceDong: '60.000.000', overdueDong: '15.000.000' }

    it('answers a dry run with the reconciliation report', async () => {
      const reply = await upload({ ...totals, dryRun: 'true' })
      expect(reply.status, JSON.stringify(reply.body)).toBe(200)
      expect(reply.body).toMatchObject({ status: 'checked', ok: true, loanCount: 2, computed: { outstandingDong: '40000000', overdueDong: '15000000' } })
    })

    it('refuses totals that do not match with 422 and the differences', async () => {
      const reply = await upload({ ...totals, overdueDong: '15.000.100' }, { 'idempotency-key': 'takeover-bad-1' })
      expect(reply.status).toBe(422)
      expect(reply.body.code).toBe('takeover_totals_mismatch')
      expect(reply.body.details.checks[2]).toMatchObject({ check: 'overdue_equals_rows', differenceDong: '100' })
    })

    it('requires an Idempotency-Key to post, posts once and replays', async () => {
      expect((await upload(totals)).body.code).toBe('idempotency_key_required')
      const posted = await upload(totals, { 'idempotency-key': 'takeover-ok-1' })
      expect(posted.status, JSON.stringify(posted.body)).toBe(201)
      expect(posted.body.status).toBe('posted')
      const replay = await upload(totals, { 'idempotency-key': 'takeover-ok-1' })
      expect(replay.headers.get('idempotent-replayed')).toBe('true')
      const again = await upload(totals, { 'idempotency-key': 'takeover-ok-2' })
      expect(again.status).toBe(200)
      expect(again.body.status).toBe('already_posted')
      expect((await client.get('/api/v1/capital/takeovers')).body.items).toHaveLength(1)
    })

    it('serves the template', async () => {
      const res = await api.request('/api/v1/capital/takeovers/template.xlsx', { headers: { cookie: client.cookie } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('spreadsheetml')
    })
  })
}
