import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../src/app/audit.js'
import { ensureFirstAdmin, systemContext } from '../../src/app/open-app.js'
import { createUser } from '../../src/app/users.js'
import { Client, testApi, type Api } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'
const PASSWORD = 'Officer-pass-1'

for (const backend of BACKENDS) {
  describe(`${backend}: platform API`, () => {
    let app: TestApp
    let api: Api
    let admin: Client
    const ids = { langSon: 0, hcm: 0, lsOffice: 0, hcmOffice: 0, lsCommune: 0, hcmCommune: 0, lsOfficer: 0, hcmOfficer: 0, hcmTeller: 0, supervisor: 0 }

    const newClient = () => new Client(api)
    async function loggedIn(username: string, password = PASSWORD): Promise<Client> {
      const client = newClient()
      const reply = await client.login(username, password)
      expect(reply.status).toBe(200)
      return client
    }
    async function unit(client: Client, parentId: number, kind: string, code: string, name: string): Promise<number> {
      const reply = await client.post('/api/v1/units', { parentId, kind, code, name })
      expect(reply.status, JSON.stringify(reply.body)).toBe(201)
      return reply.body.id
    }
    async function user(client: Client, username: string, role: string, unitId: number, extra: object = {}): Promise<number> {
      const reply = await client.post('/api/v1/users', { username, fullName: `Người dùng ${username}`, role, unitId, password: PASSWORD, ...extra })
      expect(reply.status, JSON.stringify(reply.body)).toBe(201)
      return reply.body.id
    }

    beforeAll(async () => {
      app = await openTestApp(backend, { maxFailedLogins: 3, lockoutMinutes: 15, idleMinutes: 30, absoluteHours: 10 })
      api = testApi(app)
      await ensureFirstAdmin(app, ADMIN_PASSWORD)
      admin = await loggedIn('admin', ADMIN_PASSWORD)
      // Two provinces, each with an office and a commune: the scope tests cross between them.
      ids.langSon = await unit(admin, 1, 'province', '20', 'Chi nhánh Lạng Sơn')
      ids.hcm = await unit(admin, 1, 'province', '79', 'Chi nhánh TP. Hồ Chí Minh')
      ids.lsOffice = await unit(admin, ids.langSon, 'transaction_office', 'PGD-LS-01', 'PGD Cao Lộc')
      ids.hcmOffice = await unit(admin, ids.hcm, 'transaction_office', 'PGD-HCM-12', 'PGD Quận 12')
      ids.lsCommune = await unit(admin, ids.lsOffice, 'commune', '06100', 'Xã Cao Lộc')
      ids.hcmCommune = await unit(admin, ids.hcmOffice, 'commune', '26785', 'Phường Đông Hưng Thuận')
      ids.lsOfficer = await user(admin, 'ls.officer', 'branch_officer', ids.langSon)
      ids.hcmOfficer = await user(admin, 'hcm.officer', 'branch_officer', ids.hcm)
      ids.hcmTeller = await user(admin, 'hcm.teller', 'teller', ids.hcmCommune)
      ids.supervisor = await user(admin, 'ls.supervisor', 'supervisor', ids.langSon)
    })
    afterAll(() => app.dispose())

    it('answers /api/health with the backend in use', async () => {
      const reply = await newClient().get('/api/health')
      expect(reply.status).toBe(200)
      expect(reply.body.database.backend).toBe(backend)
    })

    it('serves the OpenAPI document and a self-contained docs page', async () => {
      const doc = await newClient().get('/api/openapi.json')
      expect(doc.status).toBe(200)
      expect(Object.keys(doc.body.paths)).toContain('/api/v1/users')
      const page = await newClient().get('/api/docs')
      expect(page.status).toBe(200)
      expect(page.body).toContain('/api/v1/units')
    })

    describe('authentication', () => {
      it('refuses a wrong password and an unknown user with the same code', async () => {
        expect((await newClient().login('admin', 'wrong-password-1')).body.code).toBe('invalid_credentials')
        const unknown = await newClient().login('nobody', 'wrong-password-1')
        expect(unknown.status).toBe(401)
        expect(unknown.body.code).toBe('invalid_credentials')
        expect(unknown.body.message.vi).toMatch(/mật khẩu/)
        expect(unknown.body.message.en).toMatch(/password/)
      })

      it('locks an account after repeated failures until an administrator re-enables it', async () => {
        const victim = await user(admin, 'lockme', 'teller', ids.lsCommune)
        for (let i = 0; i < 3; i++) expect((await newClient().login('lockme', 'Wrong-pass-99')).status).toBe(401)
        const locked = await newClient().login('lockme', PASSWORD)
        expect(locked.status).toBe(423)
        expect(locked.body.code).toBe('account_locked')
        expect((await admin.get(`/api/v1/users/${victim}`)).body.status).toBe('locked')
        expect((await admin.post(`/api/v1/users/${victim}/enable`)).status).toBe(200)
        expect((await newClient().login('lockme', PASSWORD)).status).toBe(200)
        const actions = await app.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(victim)).execute()
        expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.login_failed', 'auth.lockout', 'user.enable', 'auth.login']))
      })

      it('needs a session for every /api/v1 route and ends it on logout', async () => {
        expect((await newClient().get('/api/v1/users')).body.code).toBe('not_authenticated')
        const client = await loggedIn('ls.officer')
        expect((await client.get('/api/v1/auth/me')).body.user.username).toBe('ls.officer')
        expect((await client.post('/api/v1/auth/logout')).status).toBe(204)
        expect((await client.get('/api/v1/auth/me')).status).toBe(401)
      })

      it('refuses a state-changing request without the CSRF token', async () => {
        const client = await loggedIn('ls.officer')
        client.csrf = ''
        const reply = await client.post('/api/v1/units', { parentId: ids.langSon, kind: 'transaction_office', code: 'X-1', name: 'X' })
        expect(reply.status).toBe(403)
        expect(reply.body.code).toBe('csrf_token_invalid')
      })

      it('ends the sessions of a disabled user at once', async () => {
        const id = await user(admin, 'soon.gone', 'teller', ids.lsCommune)
        const client = await loggedIn('soon.gone')
        await admin.post(`/api/v1/users/${id}/disable`)
        expect((await client.get('/api/v1/units')).status).toBe(401)
        expect((await newClient().login('soon.gone', PASSWORD)).body.code).toBe('account_disabled')
      })
    })

    describe('bad input', () => {
      it('answers 400 validation_failed with the fields at fault, and writes nothing', async () => {
        const before = await app.db.selectFrom('users').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
        const reply = await admin.post('/api/v1/users', { username: 'x', fullName: '', role: 'emperor', unitId: -1, password: '' })
        expect(reply.status).toBe(400)
        expect(reply.body.code).toBe('validation_failed')
        expect(reply.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['username', 'role', 'unitId']))
        for (const issue of reply.body.details.issues) expect(issue.messageVi).toMatch(/\p{L}/u)
        const after = await app.db.selectFrom('users').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
        expect(after.n).toBe(before.n)
      })

      it('answers malformed JSON with 400 malformed_json', async () => {
        const reply = await admin.call('POST', '/api/v1/units', '{"parentId": 1,', { 'content-type': 'application/json' })
        expect(reply.status).toBe(400)
        expect(reply.body.code).toBe('malformed_json')
      })

      it('answers an oversized body with 413 body_too_large', async () => {
        const reply = await admin.post('/api/v1/units', { parentId: 1, kind: 'province', code: '99', name: 'x'.repeat(1_200_000) })
        expect(reply.status).toBe(413)
        expect(reply.body.code).toBe('body_too_large')
      })

      it('answers unknown routes and bad path parameters without a 500', async () => {
        expect((await admin.get('/api/v1/nothing-here')).body.code).toBe('route_not_found')
        expect((await admin.get('/api/v1/users/abc')).body.code).toBe('validation_failed')
        expect((await admin.get('/api/v1/users/99999999999')).status).toBe(400)
      })

      it('refuses a weak password, a role at the wrong level and a taken username', async () => {
        const weak = await admin.post('/api/v1/users', { username: 'weak.one', fullName: 'A', role: 'teller', unitId: ids.lsCommune, password: 'short' })
        expect(weak.body.code).toBe('password_too_weak')
        const level = await admin.post('/api/v1/users', { username: 'wrong.level', fullName: 'A', role: 'teller', unitId: ids.langSon, password: PASSWORD })
        expect(level.body.code).toBe('role_unit_mismatch')
        const taken = await admin.post('/api/v1/users', { username: 'LS.Officer', fullName: 'A', role: 'branch_officer', unitId: ids.langSon, password: PASSWORD })
        expect(taken.status).toBe(409)
        expect(taken.body.code).toBe('username_taken')
        const org = await admin.post('/api/v1/users', { username: 'org.none', fullName: 'A', role: 'org_officer', unitId: ids.lsCommune, password: PASSWORD })
        expect(org.body.code).toBe('organisation_required')
      })
    })

    describe('scope', () => {
      it("lets a provincial officer see only their province's units and users", async () => {
        const ls = await loggedIn('ls.officer')
        const units = (await ls.get('/api/v1/units')).body.items.map((u: { id: number }) => u.id)
        expect(units).toEqual(expect.arrayContaining([ids.langSon, ids.lsOffice, ids.lsCommune]))
        expect(units).not.toContain(ids.hcm)
        expect(units).not.toContain(ids.hcmCommune)
        expect(units).not.toContain(1)
        const users = (await ls.get('/api/v1/users')).body.items.map((u: { username: string }) => u.username)
        expect(users).toContain('ls.officer')
        expect(users).not.toContain('hcm.officer')
        expect(users).not.toContain('admin')
      })

      it("answers 404 for another province's data, exactly as for data that does not exist", async () => {
        const ls = await loggedIn('ls.officer')
        const other = await ls.get(`/api/v1/units/${ids.hcmCommune}`)
        const missing = await ls.get('/api/v1/units/987654')
        expect(other.status).toBe(404)
        expect(other.body.code).toBe(missing.body.code)
        expect((await ls.get(`/api/v1/users/${ids.hcmTeller}`)).status).toBe(404)
      })

      it("refuses to change another province's data and writes nothing", async () => {
        const ls = await loggedIn('ls.officer')
        const auditBefore = await app.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
        const reply = await ls.post('/api/v1/units', { parentId: ids.hcmOffice, kind: 'commune', code: '26788', name: 'Phường lạ' })
        expect(reply.status).toBe(404)
        const exists = await app.db.selectFrom('units').select('id').where('code', '=', '26788').executeTakeFirst()
        expect(exists).toBeUndefined()
        const auditAfter = await app.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
        expect(auditAfter.n).toBe(auditBefore.n)
      })

      it('keeps a supervisor read-only', async () => {
        const sup = await loggedIn('ls.supervisor')
        expect((await sup.get('/api/v1/units')).status).toBe(200)
        expect((await sup.get('/api/v1/audit')).status).toBe(200)
        const write = await sup.post('/api/v1/units', { parentId: ids.langSon, kind: 'transaction_office', code: 'SUP-1', name: 'X' })
        expect(write.status).toBe(403)
        expect(write.body.code).toBe('forbidden')
      })

      it('shows a provincial reader only the audit rows of their province', async () => {
        const sup = await loggedIn('ls.supervisor')
        const rows = (await sup.get('/api/v1/audit?limit=500')).body.items as Array<{ entityType: string; entityId: string }>
        expect(rows.length).toBeGreaterThan(0)
        expect(rows.some((r) => r.entityType === 'unit' && r.entityId === String(ids.hcm))).toBe(false)
        expect(rows.some((r) => r.entityType === 'unit' && r.entityId === String(ids.lsOffice))).toBe(true)
      })
    })

    describe('maker-checker', () => {
      it('sends a new administrator for approval, which the maker cannot give and another admin can', async () => {
        const made = await admin.post('/api/v1/users', { username: 'ls.admin', fullName: 'Quản trị Lạng Sơn', role: 'admin', unitId: ids.langSon, password: PASSWORD })
        expect(made.status).toBe(202)
        const approvalId = made.body.approvalId
        expect(await app.db.selectFrom('users').select('id').where('username', '=', 'ls.admin').executeTakeFirst()).toBeUndefined()

        const own = await admin.post(`/api/v1/approvals/${approvalId}/approve`)
        expect(own.status).toBe(403)
        expect(own.body.code).toBe('maker_cannot_check')

        await createUser(app.db, systemContext('test'), { username: 'admin2', fullName: 'Quản trị 2', role: 'admin', unitId: 1, password: PASSWORD })
        const checker = await loggedIn('admin2')
        const pending = (await checker.get('/api/v1/approvals?status=pending')).body.items
        expect(pending.map((p: { id: number }) => p.id)).toContain(approvalId)
        expect(JSON.stringify(pending)).not.toContain('scrypt$')
        const approved = await checker.post(`/api/v1/approvals/${approvalId}/approve`)
        expect(approved.status).toBe(200)
        expect(approved.body.status).toBe('approved')
        expect((await checker.post(`/api/v1/approvals/${approvalId}/approve`)).body.code).toBe('approval_not_pending')

        const lsAdmin = await loggedIn('ls.admin')
        expect((await lsAdmin.post(`/api/v1/users/${ids.hcmTeller}/disable`)).status).toBe(404)
        expect((await lsAdmin.post('/api/v1/users', { username: 'intruder', fullName: 'X', role: 'teller', unitId: ids.hcmCommune, password: PASSWORD })).status).toBe(404)
      })

      it('is also enforced by the database', async () => {
        const row = await app.db.selectFrom('approvals').select(['id', 'maker_id']).executeTakeFirstOrThrow()
        await expect(
          sql`update approvals set status = 'rejected', checker_id = maker_id, decided_at = now() where id = ${row.id}`.execute(app.db),
        ).rejects.toThrow(/check/)
      })
    })

    describe('idempotency', () => {
      it('replays the first response for the same key and body, and does the work once', async () => {
        const body = { parentId: ids.lsOffice, kind: 'commune', code: '06103', name: 'Xã Hợp Thành' }
        const first = await admin.post('/api/v1/units', body, { 'idempotency-key': 'create-06103-aaaa' })
        const second = await admin.post('/api/v1/units', body, { 'idempotency-key': 'create-06103-aaaa' })
        expect(first.status).toBe(201)
        expect(second.status).toBe(201)
        expect(second.body).toEqual(first.body)
        expect(second.headers.get('idempotent-replayed')).toBe('true')
        const rows = await app.db.selectFrom('units').select('id').where('code', '=', '06103').execute()
        expect(rows).toHaveLength(1)
      })

      it('refuses the same key with another body with 409', async () => {
        await admin.post('/api/v1/units', { parentId: ids.lsOffice, kind: 'commune', code: '06106', name: 'Xã A' }, { 'idempotency-key': 'key-conflict-0001' })
        const reply = await admin.post('/api/v1/units', { parentId: ids.lsOffice, kind: 'commune', code: '06109', name: 'Xã B' }, { 'idempotency-key': 'key-conflict-0001' })
        expect(reply.status).toBe(409)
        expect(reply.body.code).toBe('idempotency_key_reused')
        expect(await app.db.selectFrom('units').select('id').where('code', '=', '06109').executeTakeFirst()).toBeUndefined()
      })

      it('remembers nothing for a refused request, so a corrected retry may reuse the key', async () => {
        const refused = await admin.post('/api/v1/units', { parentId: ids.lsOffice, kind: 'commune', code: '06100', name: 'Trùng mã' }, { 'idempotency-key': 'retry-after-fix-01' })
        expect(refused.body.code).toBe('unit_code_taken')
        const fixed = await admin.post('/api/v1/units', { parentId: ids.lsOffice, kind: 'commune', code: '06112', name: 'Xã Mới' }, { 'idempotency-key': 'retry-after-fix-01' })
        expect(fixed.status).toBe(201)
      })

      it('keys are per user and must be well formed', async () => {
        expect((await admin.post('/api/v1/units', { parentId: 1, kind: 'province', code: '01', name: 'Hà Nội' }, { 'idempotency-key': 'bad key!' })).body.code).toBe('invalid_idempotency_key')
      })
    })

    describe('audit log', () => {
      it('records every change with who, role, unit, before/after and request id', async () => {
        const rows = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.disable').execute()
        expect(rows.length).toBeGreaterThan(0)
        const row = rows[0]!
        expect(row.username).toBe('admin')
        expect(row.role).toBe('admin')
        expect(row.actor_unit_id).toBe(1)
        expect(row.request_id).toBeTruthy()
        expect((row.before as { status: string }).status).toBe('active')
        expect((row.after as { status: string }).status).toBe('disabled')
      })

      it('refuses UPDATE and DELETE on the log itself', async () => {
        await expect(sql`update audit_log set action = 'x' where id = 1`.execute(app.db)).rejects.toThrow(/append-only/)
        await expect(sql`delete from audit_log where id = 1`.execute(app.db)).rejects.toThrow(/append-only/)
      })

      it('verifies the chain, then finds the first row edited behind its back', async () => {
        const intact = await admin.get('/api/v1/audit/verify')
        expect(intact.body.ok).toBe(true)
        expect(intact.body.checked).toBeGreaterThan(10)
        // A DBA with superuser rights can switch the trigger off: the chain still catches the edit.
        const target = await app.db.selectFrom('audit_log').select('id').where('action', '=', 'unit.create').orderBy('id').offset(2).limit(1).executeTakeFirstOrThrow()
        await sql`alter table audit_log disable trigger audit_log_append_only`.execute(app.db)
        await sql`update audit_log set after = jsonb_set(after, '{name}', '"Tampered"') where id = ${target.id}`.execute(app.db)
        await sql`alter table audit_log enable trigger audit_log_append_only`.execute(app.db)
        const report = await verifyAuditChain(app.db)
        expect(report.ok).toBe(false)
        expect(report.firstBroken).toEqual({ id: String(target.id), reason: 'hash_mismatch' })
        expect(report.checked).toBe(Number(target.id) - 1)
      })
    })
  })
}
