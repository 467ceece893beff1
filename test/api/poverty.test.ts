import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../src/app/audit.js'
import { ensureFirstAdmin } from '../../src/app/open-app.js'
import { isNewlyEscaped, type ClassRecord } from '../../src/domain/poverty/index.js'
import { addMonths, type LocalDate } from '../../src/domain/shared/index.js'
import type { HouseholdClass } from '../../src/db/schema.js'
import { listNewlyEscapedInScope } from '../../src/db/repositories/poverty.js'
import { Client, testApi, type Api } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { endHousehold, seedClass, seedHistoricalCommune, seedHousehold, seedProvince, seedUser, type SeededProvince } from '../support/poverty-fixtures.js'
import { answers, STANDARD_2022, STANDARD_2027 } from '../support/poverty-standards.js'

const ADMIN_PASSWORD = 'Admin-pass-2026'
const PASSWORD = 'Officer-pass-1'
const P = '/api/v1/poverty'

/** Every 2022 indicator answered "not deprived" except the three the registry can derive. */
function formAnswers(deprived: readonly string[] = []): Record<string, boolean> {
  const { health_insurance: _h, school_attendance: _s, floor_area: _f, ...rest } = answers(STANDARD_2022, 0)
  return Object.fromEntries(Object.keys(rest).map((k) => [k, deprived.includes(k)]))
}

for (const backend of BACKENDS) {
  describe(`${backend}: poverty API`, () => {
    let app: TestApp
    let api: Api
    let admin: Client
    let ls: SeededProvince
    let hcm: SeededProvince
    const hh = { h1: 0n, h2: 0n, h3: 0n, h4: 0n, h5: 0n, gone: 0n, ward: 0n }

    async function loggedIn(username: string, password = PASSWORD): Promise<Client> {
      const client = new Client(api)
      expect((await client.login(username, password)).status).toBe(200)
      return client
    }

    beforeAll(async () => {
      app = await openTestApp(backend)
      api = testApi(app)
      await ensureFirstAdmin(app, ADMIN_PASSWORD)
      admin = await loggedIn('admin', ADMIN_PASSWORD)
      ls = await seedProvince(app.db, { code: '20', name: 'Lạng Sơn' }, [{ code: '06100', name: 'Xã Đồng Đăng', areaType: 'rural', villages: [{ code: 'TH-01', name: 'Thôn Pò Mã' }] }])
      hcm = await seedProvince(app.db, { code: '79', name: 'TP. Hồ Chí Minh' }, [{ code: '26785', name: 'Phường Đông Hưng Thuận', areaType: 'urban' }])
      const lsCommune = ls.communes[0]!
      const adult = (name: string, healthInsured = true) => ({ fullName: name, birthDate: '1980-05-05', healthInsured, inSchool: false })
      const child = (name: string, inSchool = true) => ({ fullName: name, birthDate: '2015-03-03', healthInsured: true, inSchool })
      const base = { provinceCode: '20', communeUnitId: lsCommune.id, residenceType: 'rural' as const }
      hh.h1 = await seedHousehold(app.db, { ...base, code: 'DD-001', villageUnitId: lsCommune.villages[0]!.id, members: [adult('Hoàng Văn A', false), adult('Lý Thị B'), child('Hoàng Văn C')] })
      hh.h2 = await seedHousehold(app.db, { ...base, code: 'DD-002', members: [adult('Nông Văn D'), child('Nông Thị E')] })
      hh.h3 = await seedHousehold(app.db, { ...base, code: 'DD-003', members: [adult('Vi Văn G')] })
      hh.h4 = await seedHousehold(app.db, { ...base, code: 'DD-004', members: [adult('Chu Thị H'), adult('Chu Văn I')] })
      hh.h5 = await seedHousehold(app.db, { ...base, code: 'DD-005', members: [adult('Lương Văn K')] })
      hh.gone = await seedHousehold(app.db, { ...base, code: 'DD-006', members: [adult('Đinh Văn L')] })
      await endHousehold(app.db, hh.gone, 'merged', '2024-06-01')
      hh.ward = await seedHousehold(app.db, { provinceCode: '79', communeUnitId: hcm.communes[0]!.id, residenceType: 'urban', code: 'DHT-001', members: [adult('Trần Văn M'), child('Trần Thị N')] })
      await seedUser(app.db, 'xa.dongdang', 'commune_officer', lsCommune.id, PASSWORD)
      await seedUser(app.db, 'phuong.dht', 'commune_officer', hcm.communes[0]!.id, PASSWORD)
      await seedUser(app.db, 'giamsat.ls', 'supervisor', ls.provinceUnitId, PASSWORD)
      await seedUser(app.db, 'admin.hcm', 'admin', hcm.provinceUnitId, PASSWORD)
    })
    afterAll(() => app.dispose())

    describe('standards', () => {
      it('serves the seeded national standards (2016–2021, 2022–2026, 2027–2030) with lines as integer strings, indicators and legal basis', async () => {
        const officer = await loggedIn('xa.dongdang')
        const reply = await officer.get(`${P}/standards?scope=national`)
        expect(reply.status).toBe(200)
        const byCode = (code: string) => reply.body.items.find((s: { code: string }) => s.code === code)
        expect(reply.body.items.map((s: { code: string }) => s.code)).toEqual(['VN-2016-2021', 'VN-2022-2026', 'VN-2027-2030'])
        const [s2016, s2022, s2027] = [byCode('VN-2016-2021'), byCode('VN-2022-2026'), byCode('VN-2027-2030')]
        expect(s2016).toMatchObject({ validFrom: '2016-01-01', validTo: '2021-12-31', indicatorCount: 10, rules: { incomeLinesDong: { rural: '1000000', urban: '1300000' }, classification: { poorMinDeprivations: 3, poorIncomeLinesDong: { rural: '700000', urban: '900000' } } } })
        expect(s2016.legalBasis).toContain('59/2015/QĐ-TTg')
        expect(s2022).toMatchObject({ code: 'VN-2022-2026', validFrom: '2022-01-01', validTo: '2026-12-31', indicatorCount: 12, rules: { incomeLinesDong: { rural: '1500000', urban: '2000000' }, averageLivingLinesDong: { rural: '2250000', urban: '3000000' } } })
        expect(s2022.legalBasis).toContain('07/2021/NĐ-CP')
        expect(s2022.legalBasis).toContain('351/2025/NĐ-CP')
        expect(s2027).toMatchObject({ code: 'VN-2027-2030', validFrom: '2027-01-01', validTo: '2030-12-31', rules: { incomeLinesDong: { rural: '2200000', urban: '2800000' } } })
        expect(s2027.rules.note).toContain('[verify]')
        expect(s2027.rules.dimensions.find((d: { code: string }) => d.code === 'water_sanitation').indicators.map((i: { code: string }) => i.code)).toContain('waste_treatment')
        expect((await officer.get(`${P}/standards?on=2027-01-01`)).body.items.map((s: { code: string }) => s.code)).toEqual(['VN-2027-2030'])
        expect((await officer.get(`${P}/standards/${s2022.id}`)).body.code).toBe('VN-2022-2026')
        expect((await officer.get(`${P}/standards/99999`)).body.code).toBe('not_found')
      })

      const local = (over: object = {}) => ({
        code: 'HCM-2025', nameVi: 'Chuẩn nghèo TP.HCM 2025–2026', nameEn: 'Ho Chi Minh City standard 2025–2026', provinceCode: '79',
        validFrom: '2025-01-01', validTo: '2026-12-31', legalBasis: 'Nghị quyết HĐND TP.HCM', incomeLinesDong: { rural: '3000000', urban: '4000000' }, ...over,
      })

      it('lets an administrator add a province\'s higher local standard, inheriting the national indicators', async () => {
        const reply = await admin.post(`${P}/standards`, local())
        expect(reply.status, JSON.stringify(reply.body)).toBe(201)
        expect(reply.body).toMatchObject({ scope: 'local', provinceCode: '79', indicatorCount: 12, rules: { incomeLinesDong: { rural: '3000000', urban: '4000000' }, averageLivingLinesDong: null, classification: { poorMinDeprivations: 3 } } })
        const audit = await app.db.selectFrom('audit_log').select(['action', 'scope_path']).where('entity_type', '=', 'poverty_standard').where('entity_id', '=', String(reply.body.id)).executeTakeFirstOrThrow()
        expect(audit).toEqual({ action: 'poverty.standard.create', scope_path: `/1/${hcm.provinceUnitId}/` })
      })

      it('refuses an overlapping local standard, a line below the national one and bad rules, writing nothing', async () => {
        const before = await app.db.selectFrom('poverty_standards').select('id').execute()
        const overlap = await admin.post(`${P}/standards`, local({ code: 'HCM-2026', validFrom: '2026-06-01', validTo: null }))
        expect([overlap.status, overlap.body.code]).toEqual([409, 'poverty_standard_overlap'])
        const below = await admin.post(`${P}/standards`, local({ code: 'HN-2026', provinceCode: '01', validFrom: '2026-01-01', incomeLinesDong: { rural: '1499999', urban: '2500000' } }))
        expect([below.status, below.body.code, below.body.details.areaType]).toEqual([422, 'poverty_local_line_below_national', 'rural'])
        const grouped = await admin.post(`${P}/standards`, local({ code: 'X-1', provinceCode: '01', incomeLinesDong: { rural: '1.500.000', urban: '2000000' } }))
        expect([grouped.status, grouped.body.code]).toEqual([400, 'poverty_standard_rules_invalid'])
        const threshold = await admin.post(`${P}/standards`, local({ code: 'X-2', provinceCode: '01', classification: { poorMinDeprivations: 0 } }))
        expect([threshold.status, threshold.body.code]).toEqual([400, 'poverty_standard_rules_invalid'])
        const missing = await admin.post(`${P}/standards`, local({ code: 'X-3', provinceCode: '01', validFrom: '2031-01-01', validTo: null }))
        expect(missing.body.code).toBe('poverty_standard_missing')
        const taken = await admin.post(`${P}/standards`, local({ validFrom: '2027-01-01', validTo: null }))
        expect([taken.status, taken.body.code]).toEqual([409, 'poverty_standard_code_taken'])
        expect(await app.db.selectFrom('poverty_standards').select('id').execute()).toEqual(before)
      })

      it('keeps standards to those allowed: officers may not create, a provincial admin only for their province', async () => {
        const officer = await loggedIn('xa.dongdang')
        expect((await officer.post(`${P}/standards`, local({ code: 'NO-1' }))).body.code).toBe('forbidden')
        const hcmAdmin = await loggedIn('admin.hcm')
        expect((await hcmAdmin.post(`${P}/standards`, local({ code: 'LS-2026', provinceCode: '20', validFrom: '2026-01-01' }))).body.code).toBe('out_of_scope')
      })

      it('lets an administrator correct the average-living lines of a standard, audited with before and after', async () => {
        const { body } = await admin.get(`${P}/standards?scope=national&on=2022-06-01`)
        const id = body.items[0].id
        const reply = await admin.post(`${P}/standards/${id}/average-living-lines`, { averageLivingLinesDong: { rural: '2250000', urban: '3000000' }, note: 'Đã đối chiếu Nghị định 07/2021 (kiểm thử).' })
        expect(reply.status, JSON.stringify(reply.body)).toBe(200)
        expect(reply.body.rules.note).toContain('kiểm thử')
        expect(reply.body.rules.incomeLinesDong).toEqual({ rural: '1500000', urban: '2000000' })
        const bad = await admin.post(`${P}/standards/${id}/average-living-lines`, { averageLivingLinesDong: { rural: '1000000', urban: '3000000' }, note: null })
        expect(bad.body.code).toBe('poverty_standard_rules_invalid')
        const audit = await app.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'poverty.standard.correct_average_living').executeTakeFirstOrThrow()
        expect(audit.before).toMatchObject({ averageLivingLinesDong: { rural: '2250000' } })
      })
    })

    describe('an annual review, end to end', () => {
      let officer: Client
      let reviewId: number
      const survey = (householdId: bigint, income: string, deprived: string[] = [], extra: object = {}) =>
        officer.post(`${P}/reviews/${reviewId}/surveys`, { householdId: String(householdId), surveyedOn: '2025-10-01', incomePerPersonMonthDong: income, floorAreaM2: 60, indicators: formAnswers(deprived), ...extra })

      beforeAll(async () => {
        officer = await loggedIn('xa.dongdang')
      })

      it('refuses to open outside 1 September – 14 December, on a unit that is not a commune, or in the future', async () => {
        const commune = ls.communes[0]!.id
        expect((await officer.post(`${P}/reviews`, { communeUnitId: commune, year: 2025, openedOn: '2025-08-31' })).body.code).toBe('poverty_review_outside_window')
        expect((await officer.post(`${P}/reviews`, { communeUnitId: commune, year: 2025, openedOn: '2025-12-15' })).body.code).toBe('poverty_review_outside_window')
        expect((await admin.post(`${P}/reviews`, { communeUnitId: ls.officeUnitId, year: 2025, openedOn: '2025-09-15' })).body.code).toBe('poverty_unit_not_commune')
        expect((await officer.post(`${P}/reviews`, { communeUnitId: commune, year: 2099, openedOn: '2099-09-15' })).body.code).toBe('poverty_date_in_future')
        expect((await officer.post(`${P}/reviews`, { communeUnitId: hcm.communes[0]!.id, year: 2025, openedOn: '2025-09-15' })).body.code).toBe('not_found')
        expect(await app.db.selectFrom('poverty_reviews').select('id').execute()).toEqual([])
      })

      it('opens the commune\'s campaign and lists its active households, once per year', async () => {
        const reply = await officer.post(`${P}/reviews`, { communeUnitId: ls.communes[0]!.id, year: 2025, openedOn: '2025-09-15' })
        expect(reply.status, JSON.stringify(reply.body)).toBe(201)
        reviewId = reply.body.review.id
        expect(reply.body.review).toMatchObject({ kind: 'annual', status: 'surveying', year: 2025, openedOn: '2025-09-15', assessedCount: 0 })
        expect(reply.body.households.map((h: { code: string }) => h.code)).toEqual(['DD-001', 'DD-002', 'DD-003', 'DD-004', 'DD-005'])
        expect(reply.body.households[0]).toMatchObject({ headName: 'Hoàng Văn A', villageName: 'Thôn Pò Mã', currentClass: null, assessment: null })
        const again = await officer.post(`${P}/reviews`, { communeUnitId: ls.communes[0]!.id, year: 2025, openedOn: '2025-09-20' })
        expect([again.status, again.body.code]).toEqual([409, 'poverty_review_already_open'])
      })

      it('previews a survey without writing it', async () => {
        const reply = await officer.post(`${P}/reviews/${reviewId}/surveys/preview`, { householdId: String(hh.h1), surveyedOn: '2025-10-01', incomePerPersonMonthDong: '1500000', floorAreaM2: 60, indicators: formAnswers(['employment', 'domestic_water']) })
        expect(reply.status, JSON.stringify(reply.body)).toBe(200)
        expect(reply.body.class).toBe('poor')
        expect(await app.db.selectFrom('poverty_assessments').select('id').execute()).toEqual([])
      })

      it('records surveys: derives what member facts decide, classifies under the standard of 1 January next year, keeps every input', async () => {
        // H1: income on the rural line; two answered deprivations plus health insurance derived from an uninsured adult.
        const h1 = await survey(hh.h1, '1500000', ['employment', 'domestic_water'])
        expect(h1.status, JSON.stringify(h1.body)).toBe(200)
        expect(h1.body).toMatchObject({ class: 'poor', standardCode: 'VN-2022-2026', areaType: 'rural', incomePerPersonMonthDong: '1500000', deprivations: ['employment', 'health_insurance', 'domestic_water'] })
        expect(h1.body.indicators.find((i: { code: string }) => i.code === 'health_insurance')).toMatchObject({ deprived: true, source: 'derived' })
        expect(h1.body.indicators.find((i: { code: string }) => i.code === 'school_attendance')).toMatchObject({ deprived: false, source: 'derived' })
        expect(h1.body.indicators.find((i: { code: string }) => i.code === 'floor_area')).toMatchObject({ deprived: false, source: 'derived' })
        expect(h1.body.inputs).toMatchObject({ areaTypeSource: 'commune', standard: { code: 'VN-2022-2026', standardDate: '2026-01-01', incomeLineDong: '1500000' } })
        expect((await survey(hh.h2, '1500000', ['employment', 'domestic_water'])).body.class).toBe('near_poor')
        expect((await survey(hh.h3, '1500001', ['employment', 'domestic_water', 'hygienic_latrine'])).body.class).toBe('average_living')
        // Re-recording while surveying replaces the assessment: first not poor, then corrected.
        expect((await survey(hh.h4, '2250000')).body.class).toBe('average_living')
        expect((await survey(hh.h4, '2250001')).body.class).toBe('not_poor')
        const rows = await app.db.selectFrom('poverty_assessments').select(['household_id', 'result_class', 'income_per_person_month_dong', 'deprivation_count']).orderBy('household_id').execute()
        expect(rows).toEqual([
          { household_id: hh.h1, result_class: 'poor', income_per_person_month_dong: 1_500_000n, deprivation_count: 3 },
          { household_id: hh.h2, result_class: 'near_poor', income_per_person_month_dong: 1_500_000n, deprivation_count: 2 },
          { household_id: hh.h3, result_class: 'average_living', income_per_person_month_dong: 1_500_001n, deprivation_count: 3 },
          { household_id: hh.h4, result_class: 'not_poor', income_per_person_month_dong: 2_250_001n, deprivation_count: 0 },
        ])
        const actions = await app.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'poverty_assessment').execute()
        expect(actions.map((a) => a.action).sort()).toEqual(['poverty.assessment.record', 'poverty.assessment.record', 'poverty.assessment.record', 'poverty.assessment.record', 'poverty.assessment.rerecord'])
      })

      it('refuses bad surveys with named codes and writes nothing', async () => {
        const count = async () => (await app.db.selectFrom('poverty_assessments').select('id').execute()).length
        const before = await count()
        const { employment: _e, ...incomplete } = formAnswers()
        expect((await survey(hh.h5, '1200000', [], { indicators: incomplete })).body).toMatchObject({ code: 'poverty_indicator_unanswered', details: { codes: ['employment'] } })
        expect((await survey(hh.h5, '1200000', [], { indicators: { ...formAnswers(), waste_treatment: true } })).body.code).toBe('poverty_indicator_unknown')
        const grouped = await survey(hh.h5, '1.200.000')
        expect([grouped.status, grouped.body.code]).toEqual([400, 'invalid_money'])
        expect((await survey(hh.h5, '-1')).body.code).toBe('invalid_money')
        expect((await survey(hh.h5, '1200000', [], { surveyedOn: '2025-12-15' })).body.code).toBe('poverty_review_outside_window')
        expect((await survey(hh.h5, '1200000', [], { surveyedOn: '2025-09-14' })).body.code).toBe('poverty_dates_out_of_order')
        expect((await survey(hh.gone, '1200000')).body.code).toBe('poverty_household_not_active')
        expect((await survey(hh.ward, '1200000')).body.code).toBe('not_found')
        expect((await admin.post(`${P}/reviews/${reviewId}/surveys`, { householdId: String(hh.ward), surveyedOn: '2025-10-01', incomePerPersonMonthDong: '1', indicators: formAnswers() })).body.code).toBe('poverty_household_not_in_review')
        const invalid = await survey(hh.h5, '1200000', [], { floorAreaM2: -3 })
        expect([invalid.status, invalid.body.code]).toEqual([400, 'validation_failed'])
        expect(await count()).toBe(before)
      })

      it('holds the list back when fewer than half of the meeting agree, and keeps the steps in order', async () => {
        const short = await officer.post(`${P}/reviews/${reviewId}/meeting`, { meetingDate: '2025-10-20', attendees: 41, agreeing: 20 })
        expect([short.status, short.body.code]).toEqual([422, 'poverty_meeting_agreement_insufficient'])
        expect((await officer.post(`${P}/reviews/${reviewId}/meeting`, { meetingDate: '2025-10-20', attendees: 10, agreeing: 11 })).body.code).toBe('poverty_meeting_counts_invalid')
        const early = await officer.post(`${P}/reviews/${reviewId}/posting`, { postingFrom: '2025-10-21', postingTo: '2025-10-27' })
        expect([early.status, early.body.code]).toEqual([409, 'poverty_review_transition_invalid'])
        expect((await officer.get(`${P}/reviews/${reviewId}`)).body.review).toMatchObject({ status: 'surveying', meetingDate: null })
      })

      it('records the meeting, the posting and the decision, which sets each assessed household\'s class', async () => {
        const meeting = await officer.post(`${P}/reviews/${reviewId}/meeting`, { meetingDate: '2025-10-20', attendees: 40, agreeing: 20 })
        expect(meeting.body).toMatchObject({ status: 'meeting', attendees: 40, agreeing: 20, meetingDate: '2025-10-20' })
        expect((await survey(hh.h5, '1200000')).body.code).toBe('poverty_review_transition_invalid')
        expect((await officer.post(`${P}/reviews/${reviewId}/posting`, { postingFrom: '2025-10-21', postingTo: '2025-10-27' })).body.status).toBe('posting')
        expect((await officer.post(`${P}/reviews/${reviewId}/decision`, { decisionNumber: '125/QĐ-UBND', decisionDate: '2025-10-26' })).body.code).toBe('poverty_dates_out_of_order')
        expect((await officer.post(`${P}/reviews/${reviewId}/decision`, { decisionNumber: ' ', decisionDate: '2025-11-03' })).body.code).toBe('poverty_decision_number_required')
        const decided = await officer.post(`${P}/reviews/${reviewId}/decision`, { decisionNumber: '125/QĐ-UBND', decisionDate: '2025-11-03' })
        expect(decided.body).toMatchObject({ status: 'decided', decisionNumber: '125/QĐ-UBND', decisionDate: '2025-11-03', assessedCount: 4 })
        const classes = await app.db.selectFrom('household_classes').select(['household_id', 'class', 'effective_from', 'decision_number']).orderBy('household_id').execute()
        expect(classes).toEqual([
          { household_id: hh.h1, class: 'poor', effective_from: '2025-11-03', decision_number: '125/QĐ-UBND' },
          { household_id: hh.h2, class: 'near_poor', effective_from: '2025-11-03', decision_number: '125/QĐ-UBND' },
          { household_id: hh.h3, class: 'average_living', effective_from: '2025-11-03', decision_number: '125/QĐ-UBND' },
          { household_id: hh.h4, class: 'not_poor', effective_from: '2025-11-03', decision_number: '125/QĐ-UBND' },
        ])
        expect((await officer.post(`${P}/reviews/${reviewId}/cancel`)).body.code).toBe('poverty_review_transition_invalid')
        const audit = await app.db.selectFrom('audit_log').select(['action', 'after']).where('entity_type', '=', 'poverty_review').where('entity_id', '=', String(reviewId)).orderBy('id').execute()
        expect(audit.map((a) => a.action)).toEqual(['poverty.review.open', 'poverty.review.meeting', 'poverty.review.posting', 'poverty.review.decide'])
        expect(audit.at(-1)?.after).toMatchObject({ classesSet: 4, byClass: { poor: 1, near_poor: 1, average_living: 1, not_poor: 1 } })
        expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true })
      })

      it('shows the review with households, assessments and classes, and the class history of a household', async () => {
        const detail = await officer.get(`${P}/reviews/${reviewId}`)
        const h1 = detail.body.households.find((h: { code: string }) => h.code === 'DD-001')
        expect(h1).toMatchObject({ currentClass: 'poor', assessment: { resultClass: 'poor', standardCode: 'VN-2022-2026', incomePerPersonMonthDong: '1500000', deprivationCount: 3 } })
        const history = await officer.get(`${P}/households/${hh.h1}/classes?asOf=2026-01-01`)
        expect(history.body).toMatchObject({ code: 'DD-001', classAsOf: 'poor', newlyEscaped: false, history: [{ class: 'poor', standardCode: 'VN-2022-2026', effectiveFrom: '2025-11-03', decisionNumber: '125/QĐ-UBND', reviewId }] })
        const register = await officer.get(`${P}/households?communeUnitId=${ls.communes[0]!.id}&asOf=2025-12-31`)
        expect(register.body.items.map((i: { code: string; class: string | null }) => [i.code, i.class])).toEqual([['DD-001', 'poor'], ['DD-002', 'near_poor'], ['DD-003', 'average_living'], ['DD-004', 'not_poor'], ['DD-005', null]])
        expect((await officer.get(`${P}/households?communeUnitId=${hcm.communes[0]!.id}`)).body.code).toBe('not_found')
        const list = await officer.get(`${P}/reviews?kind=annual&year=2025`)
        expect(list.body).toMatchObject({ total: 1, items: [{ id: reviewId, status: 'decided' }] })
      })

      it('computes the poverty rate per unit and year at 31 December, for the units of the reader\'s scope only', async () => {
        const rates = await officer.get(`${P}/rates?fromYear=2024&toYear=2025`)
        expect(rates.status, JSON.stringify(rates.body)).toBe(200)
        const commune = rates.body.rows.filter((r: { key: string }) => r.key === String(ls.communes[0]!.id))
        expect(commune).toEqual([
          // DD-006 merged on 01/06/2024, so it is not counted at the end of 2024.
          expect.objectContaining({ year: 2024, households: 5, poor: 0, nearPoor: 0, poorRateBasisPoints: 0 }),
          expect.objectContaining({ year: 2025, households: 5, poor: 1, nearPoor: 1, poorRateBasisPoints: 2000, nearPoorRateBasisPoints: 2000 }),
        ])
        const village = rates.body.rows.find((r: { key: string; year: number }) => r.key === String(ls.communes[0]!.villages[0]!.id) && r.year === 2025)
        expect(village).toMatchObject({ level: 'village', households: 1, poor: 1, poorRateBasisPoints: 10000 })
        expect(rates.body.rows.some((r: { key: string }) => r.key === String(ls.provinceUnitId))).toBe(false)
        const national = await admin.get(`${P}/rates?fromYear=2025&toYear=2025&kind=central,province`)
        const byKey = Object.fromEntries(national.body.rows.map((r: { key: string }) => [r.key, r]))
        expect(byKey['1']).toMatchObject({ households: 6, poor: 1, poorRateBasisPoints: 1667 })
        expect(byKey[String(ls.provinceUnitId)]).toMatchObject({ households: 5, poor: 1, poorRateBasisPoints: 2000 })
        expect(byKey[String(hcm.provinceUnitId)]).toMatchObject({ households: 1, poor: 0, poorRateBasisPoints: 0 })
        const bad = await officer.get(`${P}/rates?fromYear=2026&toYear=2025`)
        expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed'])
      })

      it('computes the rate for historical units through the places crosswalk', async () => {
        await seedHistoricalCommune(app.db, { provinceCode: '20', provinceName: 'Lạng Sơn (cũ)', districtCode: '181', districtName: 'Huyện Cao Lộc', communeCode: '06103', communeName: 'Thị trấn Đồng Đăng', newCommuneCode: '06100' })
        const reply = await officer.get(`${P}/rates?layer=historical&fromYear=2025&toYear=2025`)
        expect(reply.status, JSON.stringify(reply.body)).toBe(200)
        const byLevel = Object.fromEntries(reply.body.rows.map((r: { level: string }) => [r.level, r]))
        expect(byLevel.province).toMatchObject({ code: '20', name: 'Lạng Sơn (cũ)', households: 5, poor: 1, poorRateBasisPoints: 2000 })
        expect(byLevel.district).toMatchObject({ code: '181', parentKey: '20', households: 5 })
        expect(byLevel.commune).toMatchObject({ code: '06103', name: 'Thị trấn Đồng Đăng', parentKey: '181', households: 5, poor: 1 })
        expect(reply.body.unresolved).toEqual([{ year: 2025, households: 0 }])
        const whole = await admin.get(`${P}/rates?layer=historical&fromYear=2025&toYear=2025`)
        expect(whole.body.unresolved).toEqual([{ year: 2025, households: 1 }]) // the HCM ward has no crosswalk link
      })
    })

    describe('ad-hoc requests', () => {
      let officer: Client
      let requestId: number
      beforeAll(async () => {
        officer = await loggedIn('xa.dongdang')
      })

      it('opens a review on a household\'s request from the 15th of the month, due 15 days after the request', async () => {
        expect((await officer.post(`${P}/ad-hoc-requests`, { householdId: String(hh.h5), requestedOn: '2026-10-10', openedOn: '2026-10-14' })).body.code).toBe('poverty_adhoc_before_15th')
        const reply = await officer.post(`${P}/ad-hoc-requests`, { householdId: String(hh.h5), requestedOn: '2026-10-10', openedOn: '2026-10-15' })
        expect(reply.status, JSON.stringify(reply.body)).toBe(201)
        requestId = reply.body.id
        expect(reply.body).toMatchObject({ kind: 'ad_hoc', householdId: String(hh.h5), requestedOn: '2026-10-10', dueOn: '2026-10-25', year: 2026, status: 'surveying' })
        expect((await officer.post(`${P}/ad-hoc-requests`, { householdId: String(hh.h5), requestedOn: '2026-10-16', openedOn: '2026-10-16' })).body.code).toBe('poverty_review_already_open')
        expect((await officer.post(`${P}/ad-hoc-requests`, { householdId: String(hh.gone), requestedOn: '2026-10-16', openedOn: '2026-10-16' })).body.code).toBe('poverty_household_not_active')
      })

      it('lists the request as overdue the day after its due date', async () => {
        expect((await officer.get(`${P}/ad-hoc-requests/overdue?asOf=2026-10-25`)).body.items).toEqual([])
        const overdue = await officer.get(`${P}/ad-hoc-requests/overdue?asOf=2026-10-26`)
        expect(overdue.body.items.map((r: { id: number; overdue: boolean }) => [r.id, r.overdue])).toEqual([[requestId, true]])
      })

      it('surveys under the standard of the survey date and decides without a village meeting', async () => {
        const s = await officer.post(`${P}/reviews/${requestId}/surveys`, { householdId: String(hh.h5), surveyedOn: '2026-10-16', incomePerPersonMonthDong: '900000', floorAreaM2: 6, indicators: formAnswers(['employment', 'hygienic_latrine']) })
        expect(s.status, JSON.stringify(s.body)).toBe(200)
        expect(s.body).toMatchObject({ class: 'poor', standardCode: 'VN-2022-2026', deprivations: ['employment', 'floor_area', 'hygienic_latrine'] })
        expect((await officer.post(`${P}/reviews/${requestId}/surveys`, { householdId: String(hh.h4), surveyedOn: '2026-10-16', incomePerPersonMonthDong: '1', indicators: formAnswers() })).body.code).toBe('poverty_household_not_in_review')
        const decided = await officer.post(`${P}/reviews/${requestId}/decision`, { decisionNumber: '31/QĐ-UBND', decisionDate: '2026-10-20' })
        expect(decided.body).toMatchObject({ status: 'decided', overdue: false })
        expect((await officer.get(`${P}/ad-hoc-requests/overdue?asOf=2026-11-01`)).body.items).toEqual([])
        expect((await officer.get(`${P}/households/${hh.h5}/classes`)).body.history).toMatchObject([{ class: 'poor', decisionNumber: '31/QĐ-UBND', effectiveFrom: '2026-10-20' }])
      })
    })

    describe('scope, roles and local standards in reviews', () => {
      it('answers a review or household outside the scope exactly like a missing one', async () => {
        const other = await loggedIn('phuong.dht')
        const lsReview = await app.db.selectFrom('poverty_reviews').select('id').orderBy('id').executeTakeFirstOrThrow()
        expect((await other.get(`${P}/reviews/${lsReview.id}`)).body.code).toBe('not_found')
        expect((await other.get(`${P}/reviews/999999`)).body.code).toBe('not_found')
        expect((await other.get(`${P}/households/${hh.h1}/classes`)).body.code).toBe('not_found')
        expect((await other.post(`${P}/reviews/${lsReview.id}/cancel`)).body.code).toBe('not_found')
        expect((await other.get(`${P}/reviews`)).body.total).toBe(0)
      })

      it('lets a supervisor read but not write', async () => {
        const supervisor = await loggedIn('giamsat.ls')
        expect((await supervisor.get(`${P}/reviews`)).body.total).toBe(2)
        const write = await supervisor.post(`${P}/reviews`, { communeUnitId: ls.communes[0]!.id, year: 2024, openedOn: '2024-09-15' })
        expect([write.status, write.body.code]).toEqual([403, 'forbidden'])
      })

      it('keeps the class under the province\'s local standard beside the national one', async () => {
        const officer = await loggedIn('phuong.dht')
        const open = await officer.post(`${P}/reviews`, { communeUnitId: hcm.communes[0]!.id, year: 2025, openedOn: '2025-09-20' })
        expect(open.status, JSON.stringify(open.body)).toBe(201)
        const s = await officer.post(`${P}/reviews/${open.body.review.id}/surveys`, { householdId: String(hh.ward), surveyedOn: '2025-10-02', incomePerPersonMonthDong: '2500000', floorAreaM2: 12, indicators: formAnswers(['employment', 'telecom_use']) })
        expect(s.status, JSON.stringify(s.body)).toBe(200)
        // 2.500.000 ₫ is above the national urban line (2.000.000) but below the city's (4.000.000); 12 m² for 2 is 6 m² each.
        expect(s.body).toMatchObject({ class: 'average_living', areaType: 'urban', deprivations: ['employment', 'floor_area', 'telecom_use'] })
        expect(s.body.inputs.local).toMatchObject({ standardCode: 'HCM-2025', class: 'poor' })
        const cancelled = await officer.post(`${P}/reviews/${open.body.review.id}/cancel`)
        expect(cancelled.body.status).toBe('cancelled')
        // A cancelled campaign frees the year for a new one.
        expect((await officer.post(`${P}/reviews`, { communeUnitId: hcm.communes[0]!.id, year: 2025, openedOn: '2025-09-21' })).status).toBe(201)
      })

      it('classifies a what-if survey under the standard of a date, national or local', async () => {
        const officer = await loggedIn('xa.dongdang')
        const body = { date: '2027-03-01', areaType: 'rural', incomePerPersonMonthDong: '2200000', indicators: { ...answers(STANDARD_2027, 0), waste_treatment: true, employment: true, nutrition: true } }
        const reply = await officer.post(`${P}/classify`, body)
        expect(reply.status, JSON.stringify(reply.body)).toBe(200)
        expect(reply.body).toMatchObject({ class: 'poor', standard: { code: 'VN-2027-2030' }, incomeLineDong: '2200000' })
        const missing = await officer.post(`${P}/classify`, { ...body, date: '2031-01-01' })
        expect(missing.body.code).toBe('poverty_standard_missing')
        const local = await officer.post(`${P}/classify`, { date: '2026-05-01', scope: 'local', provinceCode: '79', areaType: 'urban', incomePerPersonMonthDong: '3999999', indicators: answers(STANDARD_2022, 1) })
        expect(local.body).toMatchObject({ class: 'near_poor', standard: { code: 'HCM-2025' } })
      })
    })

    describe('newly escaped poverty', () => {
      it('derives it from the class history, in SQL exactly as in the domain', async () => {
        const c = ls.communes[0]!.id
        const histories: Record<string, [HouseholdClass, string][]> = {
          escaped: [['poor', '2022-12-15'], ['not_poor', '2023-12-10']],
          viaNearPoor: [['poor', '2021-12-20'], ['near_poor', '2022-12-15'], ['average_living', '2024-12-10']],
          never: [['not_poor', '2022-12-15']],
          stillPoor: [['not_poor', '2021-12-15'], ['poor', '2023-12-10']],
          backAndOut: [['poor', '2019-12-15'], ['not_poor', '2020-12-15'], ['near_poor', '2024-12-10'], ['not_poor', '2025-12-01']],
        }
        const ids: Record<string, bigint> = {}
        for (const [name, history] of Object.entries(histories)) {
          ids[name] = await seedHousehold(app.db, { code: `NE-${name}`, provinceCode: '20', communeUnitId: c, residenceType: 'rural', members: [{ fullName: `Hộ ${name}` }] })
          for (const [cls, from] of history) await seedClass(app.db, ids[name]!, cls, from)
        }
        const scope = `${ls.communes[0]!.path}`
        for (const asOf of ['2023-12-09', '2023-12-10', '2024-12-10', '2025-12-01', '2026-12-10', '2026-12-11', '2027-12-10', '2027-12-11', '2028-12-01', '2028-12-02']) {
          const cutoff = addMonths(asOf as LocalDate, -36)
          const sqlIds = (await listNewlyEscapedInScope(app.db, scope, asOf, cutoff)).map((r) => r.household_id).filter((id) => Object.values(ids).includes(id))
          const domainIds = Object.entries(histories)
            .filter(([, h]) => isNewlyEscaped(h.map(([cls, from]): ClassRecord => ({ class: cls, effectiveFrom: from as LocalDate, standardId: 1, decisionNumber: '', decisionDate: from as LocalDate })), asOf as LocalDate))
            .map(([name]) => ids[name])
          expect(new Set(sqlIds), asOf).toEqual(new Set(domainIds))
        }
        const officer = await loggedIn('xa.dongdang')
        const list = await officer.get(`${P}/newly-escaped?asOf=2026-12-10`)
        expect(list.body.items.map((i: { code: string }) => i.code).sort()).toEqual(['NE-backAndOut', 'NE-escaped', 'NE-viaNearPoor'])
        expect((await officer.get(`${P}/newly-escaped?asOf=2026-12-11`)).body.items.map((i: { code: string }) => i.code).sort()).toEqual(['NE-backAndOut', 'NE-viaNearPoor'])
        const one = await officer.get(`${P}/households/${ids.escaped}/classes?asOf=2026-12-10`)
        expect(one.body).toMatchObject({ classAsOf: 'not_poor', escapedOn: '2023-12-10', newlyEscaped: true })
        expect((await new Client(api).get(`${P}/newly-escaped`)).status).toBe(401)
      })
    })
  })
}
