import { assert } from '../shared/index.js'
import { ACCOUNT_KINDS, DIMENSIONS, type AccountKind, type AccountType, type Dimension } from './chart.js'

/** One account: a kind and a value for each of its dimensions. */
export interface AccountRef {
  readonly kind: AccountKind
  readonly program?: string
  readonly capitalSource?: string
  readonly status?: string
  readonly unit?: number
  readonly group?: number
}

const DIMENSION_VALUE = /^[A-Za-z0-9_.-]{1,40}$/

/**
 * The canonical text key of an account, unique in the database:
 * `loan_principal|program=POOR|capitalSource=CENTRAL|status=overdue`.
 * Asserts that exactly the kind's dimensions are given (a programming error otherwise).
 */
export function accountKey(ref: AccountRef): string {
  const rule = ACCOUNT_KINDS[ref.kind]
  assert(rule !== undefined, `unknown account kind ${ref.kind}`)
  const parts: string[] = [ref.kind]
  for (const dimension of DIMENSIONS) {
    const value = ref[dimension]
    const wanted = (rule.dimensions as readonly Dimension[]).includes(dimension)
    assert(wanted === (value !== undefined), `account ${ref.kind}: dimension ${dimension} ${wanted ? 'missing' : 'not allowed'}`)
    if (value === undefined) continue
    assert(DIMENSION_VALUE.test(String(value)), `account ${ref.kind}: bad ${dimension} value ${String(value)}`)
    parts.push(`${dimension}=${value}`)
  }
  if ('statuses' in rule) assert((rule.statuses as readonly string[]).includes(ref.status ?? ''), `account ${ref.kind}: bad status ${ref.status}`)
  return parts.join('|')
}

export function accountTypeOf(ref: AccountRef): AccountType {
  return ACCOUNT_KINDS[ref.kind].type
}
