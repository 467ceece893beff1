import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadPrograms, programTermsOn } from '../../src/app/programs.js'
import { ensureFirstAdmin } from '../../src/app/open-app.js'
import type { LocalDate } from '../../src/domain/shared/index.js'
import { Client, testApi } from '../support/api-client.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'

for (const backend of BACKENDS) {
  describe(`${backend}: program catalogue`, () => {
    let app: TestApp
    let admin: Client
    beforeAll(async () => {
      app = await openTestApp(backend)
      await ensureFirstAdmin(app, 'Admin-pass-2026')
      admin = new Client(testApi(app))
      await admin.login('admin', 'Admin-pass-2026')
    })
    afterAll(() => app.dispose())

    it('seeds the national programs, every version parsing into valid terms', async () => {
      const programs = await loadPrograms(app.db)
      expect(programs.map((p) => p.code)).toEqual(expect.arrayContaining(['POOR', 'NEAR_POOR', 'STUDENT', 'JOB_CREATION', 'CLEAN_WATER', 'SOCIAL_HOUSING', 'DIFFICULT_AREAS']))
      for (const p of programs) expect(p.versions.length).toBeGreaterThan(0)
    })

    it('resolves job-creation terms before and after 01/01/2026', async () => {
      const before = await programTermsOn(app.db, 'JOB_CREATION', '2025-12-31' as LocalDate)
      const after = await programTermsOn(app.db, 'JOB_CREATION', '2026-01-01' as LocalDate)
      expect(before.version.terms.maxAmount.amountDong).toBe(100_000_000n)
      expect(after.version.terms.maxAmount.amountDong).toBe(200_000_000n)
      expect(after.version.legalBasis).toContain('338/2025')
    })

    it('adds a dated version through the API, closing the previous one, and refuses bad terms', async () => {
      const bad = await admin.post('/api/v1/programs/CLEAN_WATER/terms', { validFrom: '2027-01-01', legalBasis: 'Quyết định thử', terms: { rate: { kind: 'fixed', yearlyMicros: '9%' } } })
      expect(bad.status).toBe(422)
      expect(bad.body.code).toBe('program_terms_invalid')
      const terms = { rate: { kind: 'fixed', yearlyMicros: '85000' }, maxAmount: { basis: 'purpose', amountDong: '30000000' }, maxTermMonths: 60, eligibility: { residence: ['rural'] } }
      const added = await admin.post('/api/v1/programs/CLEAN_WATER/terms', { validFrom: '2027-01-01', legalBasis: 'Quyết định thử nghiệm 99/2026/QĐ-TTg', terms })
      expect(added.status).toBe(201)
      const list = await admin.get('/api/v1/programs')
      const water = list.body.items.find((p: { code: string }) => p.code === 'CLEAN_WATER')
      expect(water.versions.map((v: { validFrom: string; validTo: string | null }) => [v.validFrom, v.validTo])).toEqual([['2024-09-02', '2026-12-31'], ['2027-01-01', null]])
      const older = await admin.post('/api/v1/programs/CLEAN_WATER/terms', { validFrom: '2026-06-01', legalBasis: 'Quyết định cũ hơn', terms })
      expect(older.body.code).toBe('program_terms_not_latest')
    })
  })
}
