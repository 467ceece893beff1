import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'

for (const backend of BACKENDS) {
  describe(`${backend}: column types`, () => {
    let app: TestApp
    beforeAll(async () => {
      app = await openTestApp(backend)
    })
    afterAll(() => app.dispose())

    it('returns int8 as bigint for small and huge values alike, and numeric as an exact string', async () => {
      const { rows } = await sql<{ small: unknown; huge: unknown; national: unknown; num: unknown; day: unknown; i4: unknown }>`
        select 1::int8 as small, 9223372036854775807::int8 as huge, 1000000000000000::int8 as national,
               123456789012345678.123456::numeric as num, date '2026-02-17' as day, 7::int4 as i4`.execute(app.db)
      const row = rows[0]!
      expect(row.small).toBe(1n)
      expect(row.huge).toBe(9223372036854775807n)
      expect(row.national).toBe(10n ** 15n)
      expect(row.num).toBe('123456789012345678.123456')
      expect(row.day).toBe('2026-02-17')
      expect(row.i4).toBe(7)
    })

    it('sums int8 money beyond 2^53 without losing a đồng', async () => {
      const { rows } = await sql<{ total: unknown }>`select sum(v)::int8 as total from (values (9007199254740993::int8), (1::int8)) t(v)`.execute(app.db)
      expect(rows[0]!.total).toBe(9007199254740994n)
    })
  })
}
