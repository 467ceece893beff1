import { addMonths, type LocalDate } from '../shared/index.js'
import type { HouseholdClass } from './standard.js'

/** One decided class of a household, effective from a date until the next one. */
export interface ClassRecord {
  readonly class: HouseholdClass
  readonly effectiveFrom: LocalDate
  readonly standardId: number
  readonly decisionNumber: string
  readonly decisionDate: LocalDate
}

/** Classes that make a household a poverty-list household. */
export const POOR_CLASSES: readonly HouseholdClass[] = ['poor', 'near_poor']

const isPoorClass = (c: HouseholdClass) => POOR_CLASSES.includes(c)

/** Years a household counts as newly escaped after leaving the lists (Decision 28/2015/QĐ-TTg). */
export const NEWLY_ESCAPED_YEARS = 3

function sorted(history: readonly ClassRecord[]): ClassRecord[] {
  return [...history].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0))
}

/** The class in force on a date: the latest record effective on or before it. */
export function classAsOf(history: readonly ClassRecord[], on: LocalDate): ClassRecord | undefined {
  return sorted(history)
    .filter((r) => r.effectiveFrom <= on)
    .at(-1)
}

/**
 * The date the household last left the poor and near-poor classes, as of a date: the first
 * record after its last poor/near-poor one. Undefined when it is on a list on that date, or was
 * never on one.
 */
export function escapedOn(history: readonly ClassRecord[], on: LocalDate): LocalDate | undefined {
  const known = sorted(history).filter((r) => r.effectiveFrom <= on)
  const lastPoor = known.findLastIndex((r) => isPoorClass(r.class))
  if (lastPoor < 0 || lastPoor === known.length - 1) return undefined
  return known[lastPoor + 1]?.effectiveFrom
}

/**
 * Hộ mới thoát nghèo: off the poor and near-poor lists on the date, having left them at most
 * `years` years before it (the boundary day counts).
 *
 * @example isNewlyEscaped([{ class: 'poor', effectiveFrom: '2023-12-20', … }, { class: 'not_poor', effectiveFrom: '2024-12-18', … }], '2026-12-18') // true
 */
export function isNewlyEscaped(history: readonly ClassRecord[], on: LocalDate, years = NEWLY_ESCAPED_YEARS): boolean {
  const left = escapedOn(history, on)
  return left !== undefined && left >= addMonths(on, -12 * years)
}
