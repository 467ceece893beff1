import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKENDS, freshDatabase, type TestDatabase } from '../support/backends.js'
import { answers, STANDARD_2022, STANDARD_2027 } from '../support/poverty-standards.js'

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'tdcs.js')

/** Runs the real `tdcs` command with `input` on stdin. */
function tdcs(env: Record<string, string>, input: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
    child.stdin.end(input)
  })
}

for (const backend of BACKENDS) {
  describe(`${backend}: tdcs poverty classify`, () => {
    let env: Record<string, string>
    let database: TestDatabase | undefined
    let dir: string

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'tdcs-poverty-cli-'))
      if (backend === 'postgres') {
        database = await freshDatabase('postgres')
        env = { DATABASE_URL: database.databaseUrl! }
      } else {
        env = { DATABASE_URL: '', TDCS_DATA_DIR: path.join(dir, 'pglite') }
      }
    })
    afterAll(async () => {
      await database?.drop()
      rmSync(dir, { recursive: true, force: true })
    })

    it('prints the class with its reasons in Vietnamese and English, exit 0', async () => {
      const survey = {
        date: '2026-10-01', areaType: 'rural', incomePerPersonMonth: '1500000', floorAreaM2: 20,
        indicators: { ...answers(STANDARD_2022, 0), employment: true, nutrition: true, floor_area: undefined },
        members: [{ birthDate: '1980-01-01', healthInsured: true, inSchool: false }, { birthDate: '1982-01-01', healthInsured: true, inSchool: false }, { birthDate: '2016-01-01', healthInsured: true, inSchool: true }],
      }
      const r = await tdcs(env, JSON.stringify(survey), 'poverty', 'classify')
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toContain('VN-2022-2026')
      expect(r.stdout).toContain('hộ nghèo / poor household (poor)')
      expect(r.stdout).toContain('employment, nutrition, floor_area') // 20 m² for 3 people is below 8 m² each
      expect(r.stdout).toContain('Lý do:')
      expect(r.stdout).toContain('1.500.000 ₫')
      expect(r.stdout).toMatch(/Reasons:\n {2}- Income of 1\.500\.000 ₫/)
    })

    it('prints the full result as JSON with --json, money as integer strings', async () => {
      const survey = { date: '2027-02-01', areaType: 'urban', incomePerPersonMonth: '2800001', indicators: answers(STANDARD_2027, 0) }
      const r = await tdcs(env, JSON.stringify(survey), 'poverty', 'classify', '--json')
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toMatchObject({ class: 'average_living', standard: { code: 'VN-2027-2030' }, incomeLineDong: '2800000', averageLivingLineDong: '4200000' })
    })

    it('refuses bad input with a named code and exit 1', async () => {
      const good = { date: '2026-10-01', areaType: 'rural', incomePerPersonMonth: '1500000', indicators: answers(STANDARD_2022, 0) }
      // Input refused before the database opens is the same on every backend: checked once.
      const parseOnly: [string, string][] = [
        [JSON.stringify({ ...good, incomePerPersonMonth: '1,5' }), 'invalid_money'],
        ['{ not json', 'malformed_json'],
        [JSON.stringify({ ...good, areaType: 'suburban' }), 'validation_failed'],
      ]
      const cases: [string, string][] = [
        ...(backend === BACKENDS[0] ? parseOnly : []),
        [JSON.stringify({ ...good, date: '2031-01-01' }), 'poverty_standard_missing'],
        [JSON.stringify({ ...good, indicators: {} }), 'poverty_indicator_unanswered'],
        [JSON.stringify({ ...good, scope: 'local', provinceCode: '79' }), 'poverty_standard_missing'],
      ]
      for (const [input, code] of cases) {
        const r = await tdcs(env, input, 'poverty', 'classify')
        expect([r.code, r.stderr.split(':')[0]], input).toEqual([1, code])
      }
    })

    it.runIf(backend === BACKENDS[0])('lists the command in the help', async () => {
      const r = await tdcs(env, '', '--help')
      expect(r.stdout).toContain('poverty classify')
      expect((await tdcs(env, '', 'poverty', 'classify', '--help')).stdout).toContain('incomePerPersonMonth')
    })
  })
}
