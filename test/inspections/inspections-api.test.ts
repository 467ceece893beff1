import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actor } from '../support/actors.js'
import { signedIn, testApi, type Api, type Client } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { cliDatabase, openCliApp, tdcs } from '../support/cli.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9])

/** Posts one file as multipart (field "file") with the client's session. */
async function upload(api: Api, client: Client, path: string, bytes: Uint8Array, name: string, type = 'image/jpeg') {
  const form = new FormData()
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name)
  const res = await api.request(path, { method: 'POST', body: form, headers: { cookie: client.cookie, 'x-csrf-token': client.csrf } })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

for (const backend of BACKENDS) {
  describe(`${backend}: the inspections API`, () => {
    let app: TestApp
    let api: Api
    let f: LendingFixture
    let loan: bigint
    let appraiser: Client
    let women: Client
    let board: Client

    beforeAll(async () => {
      app = await openTestApp(backend)
      f = await lendingFixture(app.db)
      loan = await f.openLoan('poor', 'POOR', 20_000_000n, '2026-05-15', 24, 6)
      await actor(app.db, 'board', 'supervisor', f.commune)
      api = testApi(app)
      appraiser = await signedIn(api, 'appraiser')
      women = await signedIn(api, 'women')
      board = await signedIn(api, 'board')
    })
    afterAll(async () => app?.dispose())

    it('plans, records a misused loan, opens and completes a recall: the loan shows recalled', async () => {
      const plan = await appraiser.post('/api/v1/inspections/plans', { unitId: f.commune, inspector: 'representative_board', inspectorName: 'Ban đại diện HĐQT huyện', title: 'Kiểm tra quý', periodFrom: '2026-05-01', periodTo: '2026-06-30' })
      expect(plan.status, JSON.stringify(plan.body)).toBe(201)
      const finding = await appraiser.post('/api/v1/inspections/findings', { planId: plan.body.id, loanId: loan.toString(), outcome: 'misused', foundOn: '2026-05-30' })
      expect(finding.status, JSON.stringify(finding.body)).toBe(201)
      const action = await appraiser.post(`/api/v1/inspections/findings/${finding.body.id}/actions`, { kind: 'recall', dueOn: '2026-06-30' })
      expect(action.status).toBe(201)
      const done = await appraiser.post(`/api/v1/inspections/actions/${action.body.id}/complete`, { completedOn: '2026-06-01' })
      expect(done.status, JSON.stringify(done.body)).toBe(200)
      const shown = await board.get(`/api/v1/inspections/plans/${plan.body.id}`)
      expect(shown.status).toBe(200)
      expect(shown.body.findingsList[0]).toMatchObject({ outcome: 'misused', loanId: loan.toString(), recalledOn: '2026-06-01', actions: [{ kind: 'recall', status: 'completed' }] })
      expect((await board.post('/api/v1/inspections/plans', { unitId: f.commune, inspector: 'bank', inspectorName: 'x', title: 'x', periodFrom: '2026-05-01', periodTo: '2026-06-30' })).status).toBe(403)
      const bad = await appraiser.post('/api/v1/inspections/plans', { unitId: f.commune, inspector: 'police', inspectorName: 'x', title: 'x', periodFrom: '2026-05-01', periodTo: '2026-06-30' })
      expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed'])
      expect((await board.get('/api/v1/inspections/plans/99999')).status).toBe(404)
    })

    it('records a 06/TD check with a multipart photo; refuses a wrong type (415) and an oversize photo (413); serves the bytes with an audited read', async () => {
      const check = await women.post('/api/v1/use-of-funds-checks', { loanId: loan.toString(), checkedOn: '2026-05-30', result: 'misused', notes: 'Không thấy con bò' })
      expect(check.status, JSON.stringify(check.body)).toBe(201)
      const path = `/api/v1/use-of-funds-checks/${check.body.id}/photos`
      const ok = await upload(api, women, path, JPEG, 'chuong-bo.jpg')
      expect(ok.status, JSON.stringify(ok.body)).toBe(201)
      expect(ok.body).toMatchObject({ contentType: 'image/jpeg', sizeBytes: JPEG.length, fileName: 'chuong-bo.jpg' })
      const fake = await upload(api, women, path, new TextEncoder().encode('<html>not an image</html>'), 'x.jpg')
      expect([fake.status, fake.body.code]).toEqual([415, 'photo_type_invalid'])
      const big = new Uint8Array(2 * 1024 * 1024 + 10)
      big.set(JPEG)
      const tooBig = await upload(api, women, path, big, 'big.jpg')
      expect([tooBig.status, tooBig.body.code]).toEqual([413, 'photo_too_large'])
      expect((await upload(api, board, path, JPEG, 'x.jpg')).status).toBe(403)

      const list = await board.get(`/api/v1/use-of-funds-checks?loanId=${loan}`)
      expect(list.body.items).toEqual([expect.objectContaining({ result: 'misused', photos: [expect.objectContaining({ id: ok.body.id })] })])
      const res = await api.request(`/api/v1/use-of-funds-photos/${ok.body.id as string}`, { headers: { cookie: board.cookie } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/jpeg')
      expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([...JPEG])
      const audit = await app.db.selectFrom('audit_log').select(['username', 'action']).where('action', 'in', ['use_of_funds_photo.view', 'inspection_plan.view']).orderBy('id').execute()
      expect(audit).toEqual([{ username: 'board', action: 'inspection_plan.view' }, { username: 'board', action: 'use_of_funds_photo.view' }])
    })
  })

  describe(`${backend}: tdcs inspections list`, () => {
    let env: Record<string, string>
    let dispose: () => Promise<void>

    beforeAll(async () => {
      ;({ env, dispose } = await cliDatabase(backend, 'tdcs-inspections-cli-'))
      const app = await openCliApp(env)
      try {
        const f = await lendingFixture(app.db)
        const { createInspectionPlan } = await import('../../src/app/inspections/plans.js')
        await createInspectionPlan(app.db, f.ctx.appraiser(), { unitId: f.commune, inspector: 'fatherland_front', inspectorName: 'MTTQ xã', title: 'Giám sát quý II', periodFrom: '2026-04-01' as never, periodTo: '2026-06-30' as never })
      } finally {
        await app.close()
      }
    })
    afterAll(() => dispose())

    it('lists the plans, as text and as JSON, and refuses an unknown status', async () => {
      const text = await tdcs(env, 'inspections', 'list')
      expect(text.code, text.stderr).toBe(0)
      expect(text.stdout).toContain('Giám sát quý II')
      expect(text.stdout).toContain('fatherland_front')
      const json = await tdcs(env, 'inspections', 'list', '--json')
      expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ title: 'Giám sát quý II', status: 'planned' })])
      expect((await tdcs(env, 'inspections', 'list', '--status', 'nope')).code).not.toBe(0)
    }, 300_000) // each `tdcs` starts Node and tsx: slow on a loaded machine
  })
}
