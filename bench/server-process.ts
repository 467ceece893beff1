/**
 * The real server as a child process for the HTTP benchmarks (bench/api-read.ts,
 * bench/first-start.ts): `node bin/tdcs.js serve` with the environment it reads at start
 * (src/app/config.ts), its output in a log file, and its memory and CPU read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'

const TDCS_BIN = path.resolve(import.meta.dirname, '..', 'bin', 'tdcs.js')

export interface ServerOptions {
  /** PostgreSQL URL, or undefined for PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined
  readonly dataDir: string | undefined
  /** Where the server's stdout and stderr go. */
  readonly logFile: string
  /** Extra environment (TDCS_DEMO, LOG_LEVEL, TMPDIR …); undefined removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Options for node itself (`--cpu-prof` …), before bin/tdcs.js. */
  readonly nodeArgs?: readonly string[]
}

export interface ServerProcess {
  readonly url: string
  readonly pid: number
  readonly child: ChildProcess
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number
  /** Resolves to performance.now() when GET /api/health first answered 200; rejects if the server exits first. */
  waitForHealth(timeoutMs: number): Promise<number>
  stop(): Promise<void>
}

/** A TCP port free at the moment of asking (the server binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

export async function spawnServer(options: ServerOptions): Promise<ServerProcess> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' }
  delete env.DATABASE_URL
  delete env.TDCS_DATA_DIR
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl
  if (options.dataDir) env.TDCS_DATA_DIR = options.dataDir
  const log = openSync(options.logFile, 'a')
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), TDCS_BIN, 'serve'], { env, stdio: ['ignore', log, log] })
  closeSync(log)
  if (child.pid === undefined) throw new Error('could not start `node bin/tdcs.js serve`')
  const url = `http://127.0.0.1:${port}`
  const exited = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`the server exited (${code ?? signal}) before answering; see ${options.logFile}`))))
  exited.catch(() => {})

  const waitForHealth = async (timeoutMs: number): Promise<number> => {
    const deadline = performance.now() + timeoutMs
    const poll = async (): Promise<number> => {
      while (performance.now() < deadline) {
        try {
          const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) })
          await res.arrayBuffer()
          if (res.status === 200) return performance.now()
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      throw new Error(`the server did not answer /api/health within ${timeoutMs / 1000} s; see ${options.logFile}`)
    }
    return Promise.race([poll(), exited])
  }

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await gone
    clearTimeout(timer)
  }
  return { url, pid: child.pid, child, spawnedAt, waitForHealth, stop }
}

/** A process's peak resident memory so far (VmHWM) and now (VmRSS), in MB; null off Linux. */
export function memoryOf(pid: number): { peakRssMb: number; rssMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    const peak = kb('VmHWM')
    const now = kb('VmRSS')
    if (!Number.isFinite(peak)) return null
    return { peakRssMb: Math.round(peak / 1024), rssMb: Math.round(now / 1024) }
  } catch {
    return null
  }
}

/** CPU seconds (user + system) a process has used so far; null off Linux. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // USER_HZ is 100 on Linux
  } catch {
    return null
  }
}

/** Logs in through the real API; returns the session cookie (`tdcs_session=…`). */
export async function logIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  const body = await res.text()
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (res.status !== 200 || !cookie) throw new Error(`login as ${username} failed: ${res.status} ${body}`)
  return cookie
}
