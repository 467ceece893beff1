import { describe, expect, it } from 'vitest'
import { createProgress } from '../../src/cli/progress.js'

/** A stand-in for process.stderr that keeps what is written. */
function sink() {
  const chunks: string[] = []
  const stream = { write: (s: string) => chunks.push(s) > 0, isTTY: false } as unknown as NodeJS.WriteStream
  return { stream, text: () => chunks.join('') }
}

describe('progress display', () => {
  it('writes one line per tenth of each phase when stderr is not a terminal', () => {
    const out = sink()
    const progress = createProgress({ stream: out.stream, now: () => 0 })
    for (let done = 0; done <= 1000; done += 7) progress.update('write', done, 1000)
    progress.update('write', 1000, 1000)
    progress.update('check', 5, 5)
    progress.end()
    const lines = out.text().trimEnd().split('\n')
    expect(lines.filter((l) => l.startsWith('write'))).toHaveLength(11)
    expect(lines.at(-2)).toMatch(/^write +\[#+\] 100% {2}1,000\/1,000/)
    expect(lines.at(-1)).toMatch(/^check .* 100%/)
  })

  it('redraws one line in place on a terminal, at most ten times a second', () => {
    const out = sink()
    let t = 0
    const progress = createProgress({ stream: out.stream, tty: true, now: () => t, width: 10 })
    for (let done = 0; done <= 100; done++) {
      t += 5
      progress.update('read', done, 100)
    }
    progress.end()
    const draws = out.text().split('\r').filter((s) => s !== '')
    expect(draws.length).toBeLessThanOrEqual(7)
    expect(draws.at(-1)).toMatch(/^read +\[#{10}\] 100% {2}100\/100 .*\n$/)
  })
})
