/**
 * A progress display for long commands, on stderr so stdout stays clean for data. On a terminal
 * it redraws one bar in place (at most ten times a second); in a log or a pipe, where redrawing
 * makes no sense, it writes one line each time another tenth of a phase is done.
 *
 * @example
 *   const progress = createProgress()
 *   progress.update('write', 5000, 20000) // write  [######··················]  25%  5,000/20,000  3s
 *   progress.end()
 */
export interface Progress {
  /** Reports `done` of `total` units in a named phase; a new phase starts a new bar. */
  update(phase: string, done: number, total: number): void
  /** Finishes the current bar (a terminal gets its line break). */
  end(): void
}

export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream
  /** Override the terminal detection (tests). */
  readonly tty?: boolean
  /** The clock, in milliseconds (tests). */
  readonly now?: () => number
  readonly width?: number
}

const REDRAW_MS = 100

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr
  const tty = options.tty ?? stream.isTTY === true
  const now = options.now ?? (() => performance.now())
  const width = options.width ?? 28
  const started = now()
  let phase: string | undefined
  let phaseStarted = started
  let lastDraw = -Infinity
  let lastTenth = -1
  let open = false

  const format = (n: number) => n.toLocaleString('en-US')
  const seconds = (ms: number) => `${Math.round(ms / 1000)}s`

  function line(done: number, total: number): string {
    const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1
    const filled = Math.round(ratio * width)
    const percent = `${Math.floor(ratio * 100)}%`.padStart(4)
    return `${(phase ?? '').padEnd(6)} [${'#'.repeat(filled)}${'·'.repeat(width - filled)}] ${percent}  ${format(done)}/${format(total)}  ${seconds(now() - phaseStarted)}`
  }

  function finishLine(): void {
    if (tty && open) stream.write('\n')
    open = false
  }

  return {
    update(name, done, total) {
      if (name !== phase) {
        finishLine()
        phase = name
        phaseStarted = now()
        lastDraw = -Infinity
        lastTenth = -1
      }
      if (tty) {
        const t = now()
        if (t - lastDraw < REDRAW_MS && done < total) return
        lastDraw = t
        stream.write(`\r${line(done, total)}`)
        open = true
        return
      }
      const tenth = total > 0 ? Math.floor((Math.min(done, total) / total) * 10) : 10
      if (tenth > lastTenth) {
        lastTenth = tenth
        stream.write(`${line(done, total)}\n`)
      }
    },
    end() {
      finishLine()
    },
  }
}
