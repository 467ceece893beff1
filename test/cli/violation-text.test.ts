// What the CLI prints for a refused request: details with bigint ids and amounts print as JSON
// (JSON.stringify alone throws on a bigint, which made the CLI crash instead of explaining).
import { describe, expect, it } from 'vitest'
import { violationText } from '../../src/cli/violation-text.js'
import { RuleViolation } from '../../src/domain/shared/index.js'

describe('violationText', () => {
  it('prints the code, both languages and bigint details as strings', () => {
    const text = violationText(new RuleViolation('not_found', { loanId: 9_007_199_254_740_993n, amountDong: 1_500_000n }))
    const [first, details] = text.split('\n')
    expect(first).toMatch(/^not_found: .+ \/ .+/)
    expect(JSON.parse(details!)).toEqual({ loanId: '9007199254740993', amountDong: '1500000' })
  })

  it('prints no details line when there are none', () => {
    expect(violationText(new RuleViolation('not_found')).split('\n')).toHaveLength(1)
  })
})
