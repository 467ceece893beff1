/** The name of a provincial branch (chi nhánh) for a province: 'Chi nhánh Lạng Sơn'. */
export function branchName(provinceName: string): string {
  return `Chi nhánh ${provinceName}`
}

/**
 * The next code in a numbered series under a parent: '26767-01', '26767-02' …; taken codes are
 * skipped. `width` digits, more when the series outgrows them.
 *
 * @example nextSeriesCode('26767-', ['26767-01'], 2) === '26767-02'
 */
export function nextSeriesCode(prefix: string, taken: readonly string[], width: number): string {
  let n = 0
  for (const code of taken) {
    if (!code.startsWith(prefix)) continue
    const value = Number(code.slice(prefix.length))
    if (Number.isInteger(value) && value > n) n = value
  }
  // One past the highest number in use cannot be taken: every taken code's number is at most n.
  return `${prefix}${String(n + 1).padStart(width, '0')}`
}
