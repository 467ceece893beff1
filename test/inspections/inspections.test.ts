import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestContext } from '../../src/app/context.js'
import { cancelInspectionAction, completeInspectionAction, createInspectionAction, findingsOfLoan, getInspectionPlan, recordInspectionFinding } from '../../src/app/inspections/findings.js'
import { createInspectionPlan, listInspectionPlans, setInspectionPlanStatus } from '../../src/app/inspections/plans.js'
import { addUseOfFundsPhoto, getUseOfFundsPhoto, listUseOfFundsChecks, recordUseOfFundsCheck } from '../../src/app/inspections/use-of-funds.js'
import { runFlagRules } from '../../src/app/supervision/flag-runs.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { actor, fixtureUnit } from '../support/actors.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { lendingFixture, type LendingFixture } from '../support/lending.js'

const d = (s: string) => s as LocalDate
/** The smallest byte strings the magic-byte check accepts: a JPEG, a PNG and a WebP header. */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9])
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x45, 0x42, 0x50])

for (const backend of BACKENDS) {
  describe(`${backend}: inspections and use-of-funds checks`, () => {
    let app: TestApp
    let f: LendingFixture
    let loan: bigint
    let other: bigint
    let supervisor: (now?: Date) => RequestContext
    const later = (ctx: (now?: Date) => RequestContext) => ctx(new Date('2026-07-20T03:00:00Z'))

    beforeAll(async () => {
      app = await openTestApp(backend)
      f = await lendingFixture(app.db)
      loan = await f.openLoan('poor', 'POOR', 20_000_000n, '2026-05-15', 24, 6)
      other = await f.openLoan('poor', 'POOR', 10_000_000n, '2026-05-15', 24, 6)
      supervisor = await actor(app.db, 'board', 'supervisor', f.commune)
    })
    afterAll(async () => app?.dispose())

    it('plans an inspection, records a misused loan, and a completed recall makes the whole balance fall due', async () => {
      const plan = await createInspectionPlan(app.db, later(f.ctx.appraiser), {
        unitId: f.commune, inspector: 'fatherland_front', inspectorName: 'Ủy ban MTTQ xã Cao Lộc', title: 'Giám sát sử dụng vốn quý III', periodFrom: d('2026-07-01'), periodTo: d('2026-07-31'),
      })
      expect(plan).toMatchObject({ status: 'planned', inspector: 'fatherland_front', unitName: 'Xã Cao Lộc', findings: 0 })
      const finding = await recordInspectionFinding(app.db, later(f.ctx.appraiser), { planId: plan.id, loanId: loan, outcome: 'misused', foundOn: d('2026-07-10'), notes: 'Mua xe máy thay vì mua bò' })
      expect(finding).toMatchObject({ outcome: 'misused', loanId: loan, householdCode: expect.any(String), actions: [] })
      await recordInspectionFinding(app.db, later(f.ctx.appraiser), { planId: plan.id, groupId: f.groupId, outcome: 'used_correctly', foundOn: d('2026-07-10') })

      // A clean finding allows no follow-up; a misused loan allows a recall.
      const clean = await recordInspectionFinding(app.db, later(f.ctx.appraiser), { planId: plan.id, loanId: other, outcome: 'used_correctly', foundOn: d('2026-07-10') })
      await expect(createInspectionAction(app.db, later(f.ctx.appraiser), { findingId: clean.id, kind: 'recall', dueOn: d('2026-08-15') })).rejects.toMatchObject({ code: 'inspection_action_not_allowed' })
      const recall = await createInspectionAction(app.db, later(f.ctx.appraiser), { findingId: finding.id, kind: 'recall', dueOn: d('2026-08-15'), note: 'Thu hồi trước hạn' })
      expect(recall).toMatchObject({ kind: 'recall', status: 'open' })
      const discipline = await createInspectionAction(app.db, later(f.ctx.appraiser), { findingId: finding.id, kind: 'discipline', dueOn: d('2026-08-15') })
      await cancelInspectionAction(app.db, later(f.ctx.appraiser), discipline.id, 'Không thuộc thẩm quyền')
      await expect(completeInspectionAction(app.db, later(f.ctx.appraiser), discipline.id, { completedOn: d('2026-07-20') })).rejects.toMatchObject({ code: 'inspection_action_not_open' })

      const done = await completeInspectionAction(app.db, later(f.ctx.appraiser), recall.id, { completedOn: d('2026-07-20'), note: 'Đã ra quyết định thu hồi' })
      expect(done).toMatchObject({ status: 'completed', completedOn: '2026-07-20', completedByName: 'appraiser' })
      const row = await app.db.selectFrom('loans').select(['recalled_on']).where('id', '=', loan).executeTakeFirstOrThrow()
      expect(row.recalled_on).toBe('2026-07-20')
      const due = await app.db.selectFrom('loan_instalments').select(['due_date', 'extended_to']).where('loan_id', '=', loan).where('status', '=', 'pending').execute()
      expect(due.every((i) => (i.extended_to ?? i.due_date) <= '2026-07-20')).toBe(true)
      const event = await app.db.selectFrom('loan_events').select(['type', 'payload']).where('loan_id', '=', loan).where('type', '=', 'recall').executeTakeFirstOrThrow()
      expect(event.payload).toMatchObject({ inspectionActionId: recall.id.toString() })
      await expect(completeInspectionAction(app.db, later(f.ctx.appraiser), recall.id, { completedOn: d('2026-07-20') })).rejects.toMatchObject({ code: 'inspection_action_not_open' })

      const audit = await app.db.selectFrom('audit_log').select('action').where('action', 'like', 'inspection_%').orderBy('id').execute()
      expect(audit.map((a) => a.action)).toEqual(['inspection_plan.create', 'inspection_finding.create', 'inspection_finding.create', 'inspection_finding.create',
        'inspection_action.create', 'inspection_action.create', 'inspection_action.cancel', 'inspection_action.complete'])
    })

    it('lets a supervisor read plans and findings within the unit, audits each view of the findings, and refuses every write', async () => {
      const [plan] = await listInspectionPlans(app.db, later(supervisor))
      expect(plan).toMatchObject({ status: 'in_progress', findings: 3, openActions: 0 })
      const detail = await getInspectionPlan(app.db, later(supervisor), plan!.id)
      expect(detail.findingsList.find((x) => x.loanId === loan)).toMatchObject({ outcome: 'misused', recalledOn: '2026-07-20', actions: [{ kind: 'recall', status: 'completed' }, { kind: 'discipline', status: 'cancelled' }] })
      await findingsOfLoan(app.db, later(supervisor), loan)
      const views = await app.db.selectFrom('audit_log').select(['action', 'username', 'role']).where('action', 'in', ['inspection_plan.view', 'inspection_finding.view']).execute()
      expect(views).toEqual([{ action: 'inspection_plan.view', username: 'board', role: 'supervisor' }, { action: 'inspection_finding.view', username: 'board', role: 'supervisor' }])
      await expect(createInspectionPlan(app.db, later(supervisor), { unitId: f.commune, inspector: 'representative_board', inspectorName: 'Ban đại diện', title: 'x', periodFrom: d('2026-08-01'), periodTo: d('2026-08-02') }))
        .rejects.toMatchObject({ code: 'forbidden' })
      await expect(recordUseOfFundsCheck(app.db, later(supervisor), { loanId: other, checkedOn: d('2026-06-01'), result: 'used_correctly' })).rejects.toMatchObject({ code: 'forbidden' })
      await expect(setInspectionPlanStatus(app.db, later(f.ctx.appraiser), plan!.id, 'planned')).rejects.toMatchObject({ code: 'inspection_plan_transition_invalid' })
      expect(await setInspectionPlanStatus(app.db, later(f.ctx.appraiser), plan!.id, 'completed')).toMatchObject({ status: 'completed' })
      await expect(recordInspectionFinding(app.db, later(f.ctx.appraiser), { planId: plan!.id, loanId: other, outcome: 'misused', foundOn: d('2026-07-11') })).rejects.toMatchObject({ code: 'inspection_plan_closed' })
    })

    it('answers a plan, a loan and a unit outside the scope as not found, and a loan outside the plan\'s unit as outside the plan', async () => {
      const office = await app.db.selectFrom('units').select('parent_id').where('id', '=', f.commune).executeTakeFirstOrThrow()
      const neighbour = await fixtureUnit(app.db, office.parent_id!, 'commune', '06103', 'Xã Hợp Thành', { adminCode: '06103' })
      const plan = await createInspectionPlan(app.db, later(f.ctx.appraiser), { unitId: neighbour, inspector: 'bank', inspectorName: 'PGD Cao Lộc', title: 'Kiểm tra', periodFrom: d('2026-07-01'), periodTo: d('2026-07-31') })
      await expect(recordInspectionFinding(app.db, later(f.ctx.appraiser), { planId: plan.id, loanId: other, outcome: 'misused', foundOn: d('2026-07-11') })).rejects.toMatchObject({ code: 'inspection_target_outside_plan' })
      await expect(getInspectionPlan(app.db, later(supervisor), plan.id)).rejects.toMatchObject({ code: 'not_found' })
      await expect(createInspectionPlan(app.db, later(f.ctx.commune), { unitId: neighbour, inspector: 'bank', inspectorName: 'x', title: 'x', periodFrom: d('2026-07-01'), periodTo: d('2026-07-31') }))
        .rejects.toMatchObject({ code: 'forbidden' })
      await expect(createInspectionPlan(app.db, later(f.ctx.appraiser), { unitId: f.commune, inspector: 'bank', inspectorName: 'x', title: 'x', periodFrom: d('2026-07-31'), periodTo: d('2026-07-01') }))
        .rejects.toMatchObject({ code: 'inspection_period_invalid' })
    })

    it('records a 06/TD check by the organisation officer with photos checked by size and magic bytes; the check silences rule 7', async () => {
      await expect(recordUseOfFundsCheck(app.db, later(f.ctx.org), { loanId: other, checkedOn: d('2026-05-01'), result: 'used_correctly' })).rejects.toMatchObject({ code: 'use_of_funds_check_date_invalid' })
      await expect(recordUseOfFundsCheck(app.db, later(f.ctx.org), { loanId: other, checkedOn: d('2026-08-01'), result: 'used_correctly' })).rejects.toMatchObject({ code: 'use_of_funds_check_date_invalid' })
      const check = await recordUseOfFundsCheck(app.db, later(f.ctx.org), { loanId: other, checkedOn: d('2026-06-05'), result: 'used_correctly', notes: 'Đã mua 2 con bò' })
      expect(check).toMatchObject({ loanId: other, result: 'used_correctly', recordedByName: 'women', photos: [] })

      const jpeg = await addUseOfFundsPhoto(app.db, later(f.ctx.org), check.id, { fileName: 'bo.jpg', content: JPEG })
      expect(jpeg).toMatchObject({ contentType: 'image/jpeg', sizeBytes: JPEG.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
      expect(await addUseOfFundsPhoto(app.db, later(f.ctx.org), check.id, { fileName: 'chuong.png', content: PNG })).toMatchObject({ contentType: 'image/png' })
      expect(await addUseOfFundsPhoto(app.db, later(f.ctx.org), check.id, { fileName: 'x.webp', content: WEBP })).toMatchObject({ contentType: 'image/webp' })
      // A text file named .jpg, an empty file and a photo over 2 MB are refused, and nothing is written.
      await expect(addUseOfFundsPhoto(app.db, later(f.ctx.org), check.id, { fileName: 'fake.jpg', content: new TextEncoder().encode('not an image at all') })).rejects.toMatchObject({ code: 'photo_type_invalid' })
      await expect(addUseOfFundsPhoto(app.db, later(f.ctx.org), check.id, { fileName: 'empty.jpg', content: new Uint8Array() })).rejects.toMatchObject({ code: 'photo_type_invalid' })
      const big = new Uint8Array(2 * 1024 * 1024 + 1)
      big.set(JPEG)
      await expect(addUseOfFundsPhoto(app.db, later(f.ctx.org), check.id, { fileName: 'big.jpg', content: big })).rejects.toMatchObject({ code: 'photo_too_large', details: { maxBytes: 2_097_152 } })
      const [listed] = await listUseOfFundsChecks(app.db, later(supervisor), { loanId: other })
      expect(listed!.photos.map((p) => p.contentType)).toEqual(['image/jpeg', 'image/png', 'image/webp'])

      // The supervisor's view of a photo returns the same bytes and is audited.
      const seen = await getUseOfFundsPhoto(app.db, later(supervisor), jpeg.id)
      expect([...seen.content]).toEqual([...JPEG])
      const views = await app.db.selectFrom('audit_log').select(['username']).where('action', '=', 'use_of_funds_photo.view').execute()
      expect(views).toEqual([{ username: 'board' }])

      // Rule 7 on 30/06: the checked loan is silent, the recalled one (never checked) is flagged.
      const [run] = await runFlagRules(app.db, f.ctx.branch(), { rules: ['no_use_of_funds_check'], asOf: d('2026-06-30') })
      expect(run).toMatchObject({ candidates: 1 })
      const flagged = await app.db.selectFrom('red_flags').select('subject_id').where('rule', '=', 'no_use_of_funds_check').execute()
      expect(flagged).toEqual([{ subject_id: loan.toString() }])
    })
  })
}
