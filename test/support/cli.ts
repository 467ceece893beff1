import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { DEFAULT_AUTH_POLICY } from '../../src/app/auth.js'
import { openApp } from '../../src/app/open-app.js'
import type { Backend } from '../../src/db/connect.js'
import { freshDatabase } from './backends.js'

const run = promisify(execFile)
export const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'tdcs.js')

/** Runs the real `tdcs` command with extra environment and returns its exit code and output. */
export async function tdcs(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 120_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/**
 * A fresh database of the backend for a CLI test: the environment that points `tdcs` at it and a
 * scratch folder (holding the PGlite data); `dispose` removes both.
 */
export async function cliDatabase(backend: Backend, prefix: string): Promise<{ env: Record<string, string>; dir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  const database = backend === 'postgres' ? await freshDatabase('postgres') : undefined
  const env: Record<string, string> = database ? { DATABASE_URL: database.databaseUrl! } : { DATABASE_URL: '', TDCS_DATA_DIR: path.join(dir, 'pglite') }
  return {
    env, dir,
    async dispose() {
      await database?.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Opens the CLI test's database in-process (to seed it through the use-cases), like `tdcs` does. */
export function openCliApp(env: Record<string, string>) {
  return openApp({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.TDCS_DATA_DIR, authPolicy: DEFAULT_AUTH_POLICY })
}
