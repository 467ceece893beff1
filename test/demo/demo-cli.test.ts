// The demo from the command line and on first start: `tdcs demo seed` refuses a bad scale and a
// database that has data (with the named code and exit 1); the first-start seed does nothing when
// TDCS_DEMO=0 or when the database already has data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configFromEnv } from '../../src/app/config.js'
import { autoSeedDemo } from '../../src/cli/demo.js'
import { EXIT } from '../../src/cli/exit-codes.js'
import { seedDemo } from '../../src/jobs/demo-seed.js'
import { BACKENDS } from '../support/backends.js'
import { cliDatabase, openCliApp, tdcs } from '../support/cli.js'

for (const backend of BACKENDS) {
  describe(`${backend}: tdcs demo seed and the first-start seed`, () => {
    let db: Awaited<ReturnType<typeof cliDatabase>>
    const households = async () => {
      const app = await openCliApp(db.env)
      try {
        return (await app.db.selectFrom('households').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n
      } finally {
        await app.close()
      }
    }

    beforeAll(async () => {
      db = await cliDatabase(backend, 'tdcs-demo-cli-')
    })
    afterAll(() => db.dispose())

    const autoSeed = async (env: NodeJS.ProcessEnv) => {
      const app = await openCliApp(db.env)
      try {
        return await autoSeedDemo(app, configFromEnv({ ...db.env }), env)
      } finally {
        await app.close()
      }
    }

    it('TDCS_DEMO=0 leaves an empty database empty', async () => {
      expect(await autoSeed({ TDCS_DEMO: '0' })).toBeUndefined()
      expect(Number(await households())).toBe(0)
    })

    it.runIf(backend === 'postgres')('leaves an empty PostgreSQL empty unless TDCS_DEMO=1 asks (a real deployment starts empty too)', async () => {
      expect(await autoSeed({})).toBeUndefined()
      expect(Number(await households())).toBe(0)
    })

    it('refuses an unknown scale with validation_failed', async () => {
      const r = await tdcs(db.env, 'demo', 'seed', '--scale', 'galaxy')
      expect(r.code).toBe(EXIT.ruleViolation)
      expect(r.stderr).toContain('validation_failed')
    })

    it('refuses a database that already has data, and the first-start seed leaves it alone', async () => {
      const app = await openCliApp(db.env)
      try {
        await seedDemo(app.db, { scale: 'tiny', seed: 1 })
      } finally {
        await app.close()
      }
      const before = await households()
      expect(Number(before)).toBeGreaterThan(0)
      const r = await tdcs(db.env, 'demo', 'seed', '--scale', 'small')
      expect(r.code).toBe(EXIT.ruleViolation)
      expect(r.stderr).toContain('demo_database_not_empty')
      expect(await autoSeed({})).toBeUndefined()
      expect(await households()).toBe(before)
    }, 600_000)
  })
}
