import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignCommunes, createBranch, createOffice, createVillage } from '../../src/app/network/units.js'
import { systemContext } from '../../src/app/open-app.js'
import { historicalCoverage } from '../../src/app/places/crosswalk.js'
import { resolveCurrentCommune, type Predecessor } from '../../src/domain/places/index.js'
import { withPlacesViews } from '../../src/db/repositories/places.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { importRealPlaces } from '../support/places.js'

const ctx = () => systemContext('test-crosswalk')

for (const backend of BACKENDS) {
  describe(`${backend}: crosswalk resolution over the whole country`, () => {
    let app: TestApp
    const communeUnit = new Map<string, number>()

    beforeAll(async () => {
      app = await openTestApp(backend)
      await importRealPlaces(app.db)
      // One branch and one office per province, serving every current commune: 3,321 scope units.
      const provinces = await app.db.selectFrom('admin_units').select(['code']).where('layer', '=', 'current').where('level', '=', 'province').orderBy('code').execute()
      for (const { code } of provinces) {
        const branch = await createBranch(app.db, ctx(), { provinceCode: code })
        const office = await createOffice(app.db, ctx(), { branchId: branch.id, code: `PGD-${code}`, name: `PGD ${branch.name}` })
        const communes = await app.db.selectFrom('admin_units').select('code').where('layer', '=', 'current').where('level', '=', 'commune').where('province_code', '=', code).execute()
        for (const unit of await assignCommunes(app.db, ctx(), { officeId: office.id, communeCodes: communes.map((c) => c.code) })) communeUnit.set(unit.adminCode!, unit.id)
      }
    })
    afterAll(() => app.dispose())

    it('serves all 3,321 current communes', () => {
      expect(communeUnit.size).toBe(3321)
    })

    it('resolves every commune unit in SQL exactly as the domain rule does', async () => {
      const links = await sql<{ new_code: string; old_level: 'district' | 'commune'; old_code: string; parent_code: string | null }>`
        select l.new_code, l.old_level, l.old_code, h.parent_code from admin_unit_links l
          left join admin_units h on h.layer = 'historical' and h.level = 'commune' and h.code = l.old_code
         where l.new_level = 'commune'`.execute(app.db)
      const predecessors = new Map<string, Predecessor[]>()
      for (const l of links.rows) {
        const list = predecessors.get(l.new_code) ?? []
        list.push({ level: l.old_level, code: l.old_code, districtCode: l.old_level === 'district' ? l.old_code : l.parent_code })
        predecessors.set(l.new_code, list)
      }
      const view = await withPlacesViews(app.db).selectFrom('unit_historical_communes').selectAll().where('unit_kind', '=', 'commune').execute()
      expect(view.length).toBe(3321)
      const differences = view.filter((row) => {
        const expected = resolveCurrentCommune(predecessors.get(row.current_commune_code!) ?? [])
        return row.resolution !== expected.resolution || row.historical_commune_code !== expected.historicalCommuneCode || row.historical_district_code !== expected.historicalDistrictCode
      })
      expect(differences).toEqual([])
      const tally = Object.fromEntries(['single_predecessor', 'same_district', 'unresolved'].map((r) => [r, view.filter((v) => v.resolution === r).length]))
      expect(tally.single_predecessor! + tally.same_district! + tally.unresolved!).toBe(3321)
      expect(tally.same_district).toBeGreaterThan(2500)
      const byCode = new Map(view.map((v) => [v.current_commune_code, v]))
      expect(byCode.get('26767')).toMatchObject({ resolution: 'same_district', historical_district_code: '761', historical_commune_code: null })
      expect(byCode.get('25846')).toMatchObject({ resolution: 'single_predecessor', historical_commune_code: '25846' })
      expect(byCode.get('00004')).toMatchObject({ resolution: 'unresolved', historical_district_code: null })
      expect(byCode.get('26732')).toMatchObject({ resolution: 'same_district', historical_district_code: '755' }) // Côn Đảo, from a whole district
    })

    it('sums data recorded against today\'s units for former Quận 12, and for an old district split between wards once villages are placed', async () => {
      // Ba Đình ward (00004) took communes of three old districts: its own records cannot be
      // placed, but those of a village that recorded its former commune can.
      const village = await createVillage(app.db, ctx(), { communeUnitId: communeUnit.get('00004')!, name: 'Tổ dân phố 1', formerCommuneCode: '00013' })
      const household = (communeId: number, villageId: number | null, i: number) => ({
        code: `HH-${communeId}-${villageId ?? 0}-${i}`, province_code: '79', commune_unit_id: communeId, village_unit_id: villageId, residence_type: 'urban' as const, formed_on: '2025-08-01',
      })
      const q12 = ['26767', '26773', '26782', '26785', '26791'].map((c) => communeUnit.get(c)!)
      await app.db.insertInto('households').values([
        ...q12.flatMap((id) => [1, 2].map((i) => household(id, null, i))),
        household(communeUnit.get('00004')!, village.id, 1),
        household(communeUnit.get('00004')!, null, 1),
      ]).execute()
      const { rows } = await sql<{ district: string | null; resolution: string; n: number }>`
        select h.historical_district_code as district, h.resolution, count(*)::int as n
          from households hh
          join unit_historical_communes h on h.unit_id = coalesce(hh.village_unit_id, hh.commune_unit_id)
         group by 1, 2 order by 1 nulls last, 2`.execute(app.db)
      expect(rows).toEqual([
        { district: '001', resolution: 'village_assignment', n: 1 },
        { district: '761', resolution: 'same_district', n: 10 },
        { district: null, resolution: 'unresolved', n: 1 },
      ])
    })

    it('lists, for former Quận 12, its five wards as covered and nothing unresolved', async () => {
      const coverage = await historicalCoverage(app.db, ctx(), { level: 'district', code: '761' })
      expect(coverage.currentCommunes.map((c) => `${c.code}:${c.served}`)).toEqual(['26767:true', '26773:true', '26782:true', '26785:true', '26791:true'])
      expect(coverage.covered.map((u) => u.code)).toEqual(['26767', '26773', '26782', '26785', '26791'])
      expect(coverage.unresolved).toEqual([])
    })

    it('lists, for old Ba Đình district (001), the placed village as covered and its mixed wards as unresolved', async () => {
      const coverage = await historicalCoverage(app.db, ctx(), { level: 'district', code: '001' })
      expect(coverage.covered.map((u) => `${u.kind}:${u.resolution}`)).toContain('village:village_assignment')
      expect(coverage.unresolved.map((u) => u.code)).toContain('00004')
      expect(coverage.unresolved.every((u) => u.resolution === 'unresolved')).toBe(true)
    })
  })
}
