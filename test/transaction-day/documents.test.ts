import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_AUTH_POLICY } from '../../src/app/auth.js'
import type { Executor } from '../../src/app/context.js'
import { openApp } from '../../src/app/open-app.js'
import { dispatchDayNotices, listNotices, queueNotices, type NoticeSender } from '../../src/app/transaction-day/notices.js'
import { DAY_SHEET_XLSX_MIME, daySheetPdf, daySheetXlsx, FORM_TITLE, memberLine, XLSX_HEADER_ROW } from '../../src/app/transaction-day/print.js'
import { daySheet, type DaySheet } from '../../src/app/transaction-day/sheet.js'
import { formatDong, RuleViolation, type Dong } from '../../src/domain/shared/index.js'
import { signedIn, testApi, type Api } from '../support/api-client.js'
import { actor, fixtureUnit } from '../support/actors.js'
import { BACKENDS, freshDatabase, openTestApp, type TestApp, type TestDatabase } from '../support/backends.js'
import { tdcs } from '../support/cli.js'
import { pdfPages } from '../support/pdf-text.js'
import { dayFixture, type DayFixture } from '../support/transaction-day.js'

/** Text compared without its spacing: the PDF positions words, it does not keep our spaces. */
const squash = (s: string) => s.replace(/\s+/g, '')

/** A sender that keeps what it was given, for the tests to read. */
class RecordingSender implements NoticeSender {
  readonly messages: { phone: string; body: string }[] = []
  async send(phone: string, body: string): Promise<void> {
    this.messages.push({ phone, body })
  }
}

/** A gateway that refuses everything. */
class RefusingSender implements NoticeSender {
  calls = 0
  async send(): Promise<void> {
    this.calls++
    throw new Error('gateway refused: quota exceeded')
  }
}

/** Gives every member's household head a phone number but the first member of the first group. */
async function givePhones(db: Executor, f: DayFixture): Promise<bigint> {
  const households = f.groupIds.flatMap((g) => f.members.get(g)!.map((m) => m.householdId))
  let n = 0
  for (const id of households.slice(1)) {
    const h = await db.selectFrom('households').select('head_person_id').where('id', '=', id).executeTakeFirstOrThrow()
    await db.updateTable('persons').set({ phone: `09120000${String(++n).padStart(2, '0')}` }).where('id', '=', h.head_person_id!).execute()
  }
  return households[0]!
}

for (const backend of BACKENDS) {
  describe(`${backend}: the day's documents and notices`, () => {
    let app: TestApp
    let api: Api
    let f: DayFixture
    let sheet: DaySheet
    let phoneless = 0n
    const as = (username: string) => signedIn(api, username)

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      f = await dayFixture(app.db, 2, 3)
      phoneless = await givePhones(app.db, f)
      sheet = await daySheet(app.db, f.ctx.teller(), f.dayId)
      // A teller of another commune of the province: the day is outside their scope.
      const commune = await app.db.selectFrom('units').select('parent_id').where('id', '=', f.commune).executeTakeFirstOrThrow()
      await actor(app.db, 'teller2', 'teller', await fixtureUnit(app.db, commune.parent_id!, 'commune', '06101', 'Xã Hợp Thành'))
    })
    afterAll(() => app.dispose())

    it('prints form 13/TD as a PDF with a page per group, in Vietnamese, with each member\'s figures', async () => {
      const pdf = await daySheetPdf(app.db, f.ctx.teller(), f.dayId)
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      const pages = pdfPages(pdf)
      expect(pages.length).toBeGreaterThanOrEqual(sheet.groups.length)
      const text = squash(pages.join('\n'))
      for (const s of [FORM_TITLE, 'Mẫu số 13/TD', 'Số tiền thực nộp', 'Ký nhận', 'Lãi phải trả đến ngày', '15/02/2026', '07:30', 'Xã Cao Lộc', 'TỔ TRƯỞNG', 'GIAO DỊCH VIÊN'])
        expect(text).toContain(squash(s))
      sheet.groups.forEach((g, i) => {
        const page = squash(pages[i]!)
        expect(page).toContain(squash(g.name))
        for (const m of g.members) {
          expect(page).toContain(squash(m.headName!))
          // 1.500.000 style, no symbol, no decimals.
          expect(page).toContain(formatDong(memberLine(m).interestDueDong as Dong, { symbol: false }))
        }
        expect(page).toContain(formatDong(g.totals.interestDueDong as Dong, { symbol: false }))
      })
      expect(text).toContain('10.000.000')
    })

    it('prints one group alone, and answers a group not at the day\'s point as not found', async () => {
      const [first, second] = sheet.groups
      const pages = pdfPages(await daySheetPdf(app.db, f.ctx.teller(), f.dayId, { groupId: second!.groupId }))
      expect(pages).toHaveLength(1)
      expect(squash(pages[0]!)).toContain(squash(second!.name))
      expect(squash(pages[0]!)).not.toContain(squash(`${first!.name} (mã`))
      await expect(daySheetPdf(app.db, f.ctx.teller(), f.dayId, { groupId: 999_999n })).rejects.toMatchObject({ code: 'not_found' })
    })

    it('writes the workbook: a summary sheet and a sheet per group whose interest due is the day sheet\'s', async () => {
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(new Uint8Array(await daySheetXlsx(app.db, f.ctx.teller(), f.dayId)).buffer)
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', ...sheet.groups.map((g) => g.code)])
      const summary = workbook.worksheets[0]!
      expect(summary.getRow(XLSX_HEADER_ROW).getCell(9).value).toBe('Lãi phải trả đến ngày')
      expect(summary.getRow(XLSX_HEADER_ROW + 1 + sheet.groups.length).getCell(9).value).toBe(Number(sheet.totals.interestDueDong))
      sheet.groups.forEach((g, i) => {
        const ws = workbook.worksheets[i + 1]!
        expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: XLSX_HEADER_ROW })
        const header = ws.getRow(XLSX_HEADER_ROW)
        expect(header.getCell(3).value).toBe('Họ tên chủ hộ')
        expect(header.getCell(7).value).toBe('Lãi phải trả đến ngày')
        expect(header.getCell(12).value).toBe('Số tiền thực nộp')
        g.members.forEach((m, k) => {
          const row = ws.getRow(XLSX_HEADER_ROW + 1 + k)
          expect(row.getCell(2).value).toBe(m.householdCode)
          expect(row.getCell(3).value).toBe(m.headName)
          const interest = m.loans.reduce((s, l) => s + l.interestDueDong + l.overdueInterestDueDong, 0n)
          expect(interest).toBeGreaterThan(0n)
          expect(row.getCell(7).value).toBe(Number(interest))
          expect(row.getCell(7).numFmt).toBe('#,##0')
          expect(row.getCell(6).value).toBe(10_000_000)
        })
        expect(ws.getRow(XLSX_HEADER_ROW + 1 + g.members.length).getCell(7).value).toBe(Number(g.totals.interestDueDong))
      })
    })

    it('queues one notice per borrowing household, once, and skips a head without a phone', async () => {
      const first = await queueNotices(app.db, f.ctx.teller(), f.dayId)
      expect(first).toMatchObject({ borrowers: 6, created: 6, queued: 5, skipped: 1, existing: 0 })
      const again = await queueNotices(app.db, f.ctx.teller(), f.dayId)
      expect(again).toMatchObject({ borrowers: 6, created: 0, queued: 0, skipped: 0, existing: 6 })
      const rows = await app.db.selectFrom('sms_outbox').selectAll().where('transaction_day_id', '=', f.dayId).orderBy('id').execute()
      expect(rows).toHaveLength(6)
      expect(rows.find((r) => r.household_id === phoneless)).toMatchObject({ status: 'skipped', phone: null })
      const member = sheet.groups[0]!.members[1]!
      const body = rows.find((r) => r.household_id === member.householdId)!.body
      expect(body).toContain('15/02/2026')
      expect(body).toContain('07:30')
      expect(body).toContain('Trụ sở UBND xã')
      expect(body).toContain(`lãi phải trả đến ngày ${formatDong(memberLine(member).interestDueDong as Dong)}`)
      expect(body).toContain(`gốc đến hạn ${formatDong(memberLine(member).principalDueDong as Dong)}`)
      const audits = await app.db.selectFrom('audit_log').select('action').where('action', '=', 'transaction_day.notices_queue').execute()
      expect(audits).toHaveLength(1)
    })

    it('refuses queueing to a role that cannot transact, and answers a day outside the scope as not found', async () => {
      await expect(queueNotices(app.db, f.ctx.org(), f.dayId)).rejects.toMatchObject({ code: 'forbidden' })
      await expect(queueNotices(app.db, f.ctx.teller(), 999_999n)).rejects.toBeInstanceOf(RuleViolation)
    })

    it('marks messages failed when the sender refuses them, then sent when a later dispatch gets them through', async () => {
      const refusing = new RefusingSender()
      expect(await dispatchDayNotices(app.db, f.ctx.teller(), f.dayId, refusing, { limit: 100 })).toEqual({ attempted: 5, sent: 0, failed: 5 })
      expect(refusing.calls).toBe(5)
      const failed = await app.db.selectFrom('sms_outbox').selectAll().where('transaction_day_id', '=', f.dayId).where('status', '=', 'failed').execute()
      expect(failed).toHaveLength(5)
      for (const r of failed) expect(r).toMatchObject({ attempts: 1, last_error: 'gateway refused: quota exceeded', sent_at: null })

      const recording = new RecordingSender()
      expect(await dispatchDayNotices(app.db, f.ctx.teller(), f.dayId, recording, { limit: 100 })).toEqual({ attempted: 5, sent: 5, failed: 0 })
      const rows = await app.db.selectFrom('sms_outbox').selectAll().where('transaction_day_id', '=', f.dayId).where('phone', 'is not', null).orderBy('id').execute()
      expect(recording.messages).toEqual(rows.map((r) => ({ phone: r.phone, body: r.body })))
      for (const r of rows) {
        expect(r).toMatchObject({ status: 'sent', attempts: 2, last_error: null })
        expect(r.sent_at).toBeInstanceOf(Date)
      }
      // Nothing is left to send; the skipped notice is never handed to a sender.
      expect(await dispatchDayNotices(app.db, f.ctx.teller(), f.dayId, recording, { limit: 100 })).toEqual({ attempted: 0, sent: 0, failed: 0 })
      expect(recording.messages).toHaveLength(5)
      const list = await listNotices(app.db, f.ctx.org(), f.dayId, { limit: 50, offset: 0 })
      expect(list.counts).toEqual({ queued: 0, sent: 5, failed: 0, skipped: 1 })
      expect(list.total).toBe(6)
    })

    it('serves the PDF and the workbook over HTTP, and 404 for a day outside the caller\'s scope', async () => {
      const teller = await as('teller')
      const pdf = await api.request(`/api/v1/transaction-days/${f.dayId}/sheet.pdf`, { headers: { cookie: teller.cookie } })
      expect(pdf.status).toBe(200)
      expect(pdf.headers.get('content-type')).toBe('application/pdf')
      const bytes = Buffer.from(await pdf.arrayBuffer())
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
      expect(pdfPages(bytes).length).toBeGreaterThanOrEqual(2)
      if (process.env.TDCS_KEEP_ARTIFACTS !== '0') {
        const { mkdirSync, writeFileSync } = await import('node:fs')
        mkdirSync('test/artifacts', { recursive: true })
        writeFileSync(`test/artifacts/${backend}-form-13-TD.pdf`, bytes)
      }
      const one = await api.request(`/api/v1/transaction-days/${f.dayId}/sheet.pdf?groupId=${sheet.groups[0]!.groupId}`, { headers: { cookie: teller.cookie } })
      expect(one.status).toBe(200)
      expect(pdfPages(Buffer.from(await one.arrayBuffer()))).toHaveLength(1)

      const xlsx = await api.request(`/api/v1/transaction-days/${f.dayId}/sheet.xlsx`, { headers: { cookie: teller.cookie } })
      expect(xlsx.status).toBe(200)
      expect(xlsx.headers.get('content-type')).toBe(DAY_SHEET_XLSX_MIME)
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(await xlsx.arrayBuffer())
      expect(workbook.worksheets).toHaveLength(sheet.groups.length + 1)

      const outsider = await as('teller2')
      for (const file of ['sheet.pdf', 'sheet.xlsx', 'notices']) {
        const reply = await outsider.get(`/api/v1/transaction-days/${f.dayId}/${file}`)
        expect(reply.status, file).toBe(404)
        expect(reply.body.code).toBe('not_found')
      }
      expect((await outsider.post(`/api/v1/transaction-days/${f.dayId}/notices`)).status).toBe(404)
      expect((await teller.get(`/api/v1/transaction-days/${f.dayId}/sheet.pdf?groupId=abc`)).status).toBe(400)
    })

    it('queues, dispatches and lists notices over HTTP', async () => {
      const teller = await as('teller')
      const queued = await teller.post(`/api/v1/transaction-days/${f.dayId}/notices`)
      expect(queued.status).toBe(200)
      expect(queued.body).toEqual({ dayId: String(f.dayId), borrowers: 6, created: 0, queued: 0, skipped: 0, existing: 6 })
      const dispatched = await teller.post(`/api/v1/transaction-days/${f.dayId}/notices/dispatch`)
      expect(dispatched.status).toBe(200)
      expect(dispatched.body).toEqual({ attempted: 0, sent: 0, failed: 0 })
      const listed = await teller.get(`/api/v1/transaction-days/${f.dayId}/notices?status=skipped`)
      expect(listed.status).toBe(200)
      expect(listed.body.total).toBe(1)
      expect(listed.body.items[0]).toMatchObject({ householdId: String(phoneless), status: 'skipped', phone: null })
      const doc = await teller.get('/api/openapi.json')
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/transaction-days/{id}/sheet.pdf', '/api/v1/transaction-days/{id}/sheet.xlsx', '/api/v1/transaction-days/{id}/notices', '/api/v1/transaction-days/{id}/notices/dispatch']))
      const women = await as('women')
      expect((await women.post(`/api/v1/transaction-days/${f.dayId}/notices`)).body.code).toBe('forbidden')
    })
  })

  describe(`${backend}: tdcs day print / day notices`, () => {
    let env: Record<string, string>
    let database: TestDatabase | undefined
    let dir: string
    let dayId = 0n

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'tdcs-day-cli-'))
      if (backend === 'postgres') {
        database = await freshDatabase('postgres')
        env = { DATABASE_URL: database.databaseUrl!, LOG_LEVEL: 'info' }
      } else {
        env = { DATABASE_URL: '', TDCS_DATA_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'info' }
      }
      const app = await openApp({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.TDCS_DATA_DIR, authPolicy: DEFAULT_AUTH_POLICY })
      try {
        const f = await dayFixture(app.db, 2, 2)
        await givePhones(app.db, f)
        dayId = f.dayId
      } finally {
        await app.close()
      }
    })
    afterAll(async () => {
      await database?.drop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('writes the PDF and the workbook of a day', async () => {
      const pdfFile = path.join(dir, 'mau-13-TD.pdf')
      const xlsxFile = path.join(dir, 'bang-ke.xlsx')
      const result = await tdcs(env, 'day', 'print', String(dayId), '--pdf', pdfFile, '--xlsx', xlsxFile)
      expect(result.code, result.stderr).toBe(0)
      const pages = pdfPages(readFileSync(pdfFile))
      expect(pages.length).toBeGreaterThanOrEqual(2)
      expect(squash(pages[0]!)).toContain(squash(FORM_TITLE))
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(new Uint8Array(readFileSync(xlsxFile)).buffer)
      expect(workbook.worksheets).toHaveLength(3)
      expect((await tdcs(env, 'day', 'print', String(dayId))).code).toBe(2)
      expect((await tdcs(env, 'day', 'print', '999999', '--pdf', pdfFile)).code).toBe(1)
    })

    it('queues the notices once and sends them through the log', async () => {
      const first = await tdcs(env, 'day', 'notices', String(dayId), '--send')
      expect(first.code, first.stderr).toBe(0)
      expect(first.stdout).toContain('new notices: 4 (queued 3, skipped without a phone 1)')
      expect(first.stdout).toContain('Sent: 3; failed: 0')
      // The log sender's lines, one per message, on stderr.
      expect(first.stderr.split('\n').filter((l) => l.includes('"channel":"sms"'))).toHaveLength(3)
      const again = await tdcs(env, 'day', 'notices', String(dayId))
      expect(again.code, again.stderr).toBe(0)
      expect(again.stdout).toContain('new notices: 0')
      expect(again.stdout).toContain('already there: 4')
    })
  })
}
