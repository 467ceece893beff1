import { randomUUID } from 'node:crypto'
import { nextNightlyRun } from '../../domain/supervision/index.js'
import { systemContext, type TdcsApp } from '../open-app.js'
import { runFlagRules } from './flag-runs.js'

interface Log {
  info(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

/** 01:15 in Vietnam: after the day's transaction-point work and before the morning. */
export const NIGHTLY_MINUTE_OF_DAY = 75

/**
 * The in-process nightly run of every red-flag rule (`tdcs serve` starts it when
 * TDCS_NIGHTLY_FLAGS=1; otherwise cron runs `tdcs flags run --all-rules`). One timer at a time,
 * re-armed after each run; it never keeps the process alive, and a failed run is logged and
 * retried the next night. Returns a stop function.
 */
export function startNightlyFlags(app: TdcsApp, log: Log, clock: () => Date = () => new Date()): () => void {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const arm = () => {
    if (stopped) return
    const now = clock()
    const at = nextNightlyRun(now, NIGHTLY_MINUTE_OF_DAY)
    timer = setTimeout(() => void run(), at.getTime() - now.getTime())
    timer.unref()
  }
  const run = async () => {
    try {
      const results = await runFlagRules(app.db, systemContext(`nightly-${randomUUID()}`))
      log.info({ rules: results.length, raised: results.reduce((n, r) => n + r.raised, 0), ms: results.reduce((n, r) => n + r.durationMs, 0) }, 'nightly red-flag run')
    } catch (error) {
      log.error({ err: error }, 'nightly red-flag run failed')
    } finally {
      arm()
    }
  }
  arm()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
  }
}
