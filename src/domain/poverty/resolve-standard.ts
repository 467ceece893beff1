import { assert, fail, ok, type LocalDate, type Result } from '../shared/index.js'
import { AREA_TYPES, type PovertyStandard, type PovertyStandardRules, type StandardScope } from './standard.js'

/** True when the standard is in force on the date (validity is inclusive at both ends). */
export function inForce(standard: Pick<PovertyStandard, 'validFrom' | 'validTo'>, on: LocalDate): boolean {
  return standard.validFrom <= on && (standard.validTo === null || on <= standard.validTo)
}

export interface StandardQuery {
  readonly on: LocalDate
  readonly scope: StandardScope
  /** Needed for a local standard; ignored for the national one. */
  readonly provinceCode: string | null
}

/**
 * The one standard in force for a date and scope: the national standard, or the province's own
 * local standard. None → `poverty_standard_missing`. Two at once cannot happen (creating a
 * standard refuses overlaps), so it is asserted.
 *
 * @example resolveStandard(all, { on: '2027-03-01', scope: 'national', provinceCode: null }) // the 2027–2030 standard
 */
export function resolveStandard(standards: readonly PovertyStandard[], query: StandardQuery): Result<PovertyStandard> {
  const matches = standards.filter(
    (s) => s.scope === query.scope && (query.scope === 'national' || s.provinceCode === query.provinceCode) && inForce(s, query.on),
  )
  assert(matches.length <= 1, `two ${query.scope} poverty standards in force on ${query.on}: ${matches.map((s) => s.code).join(', ')}`)
  const found = matches[0]
  if (!found) return fail('poverty_standard_missing', { on: query.on, scope: query.scope, provinceCode: query.provinceCode })
  return ok(found)
}

/** True when two validity periods share at least one day. */
export function periodsOverlap(a: Pick<PovertyStandard, 'validFrom' | 'validTo'>, b: Pick<PovertyStandard, 'validFrom' | 'validTo'>): boolean {
  const aEndsBeforeB = a.validTo !== null && a.validTo < b.validFrom
  const bEndsBeforeA = b.validTo !== null && b.validTo < a.validFrom
  return !aEndsBeforeB && !bEndsBeforeA
}

export interface NewStandard {
  readonly scope: StandardScope
  readonly provinceCode: string | null
  readonly validFrom: LocalDate
  readonly validTo: LocalDate | null
  readonly rules: PovertyStandardRules
}

/**
 * Checks a new standard against those already defined: no other standard of the same scope (and
 * province) may overlap its validity (`poverty_standard_overlap`); a local standard needs the
 * national standard in force when it starts (`poverty_standard_missing`) and may not set a line
 * below the national line of any national standard it overlaps (`poverty_local_line_below_national`).
 */
export function checkNewStandard(candidate: NewStandard, existing: readonly PovertyStandard[]): Result<void> {
  if (candidate.validTo !== null && candidate.validTo < candidate.validFrom) return fail('invalid_date', { validFrom: candidate.validFrom, validTo: candidate.validTo, reason: 'validTo before validFrom' })
  const clash = existing.find(
    (s) => s.scope === candidate.scope && (candidate.scope === 'national' || s.provinceCode === candidate.provinceCode) && periodsOverlap(s, candidate),
  )
  if (clash) return fail('poverty_standard_overlap', { code: clash.code, validFrom: clash.validFrom, validTo: clash.validTo })
  if (candidate.scope === 'national') return ok(undefined)
  const nationals = existing.filter((s) => s.scope === 'national' && periodsOverlap(s, candidate))
  if (!nationals.some((s) => inForce(s, candidate.validFrom))) return fail('poverty_standard_missing', { on: candidate.validFrom, scope: 'national', provinceCode: null })
  for (const national of nationals)
    for (const area of AREA_TYPES) {
      const localLine = candidate.rules.incomeLinesDong[area]
      const nationalLine = national.rules.incomeLinesDong[area]
      if (localLine < nationalLine)
        return fail('poverty_local_line_below_national', { areaType: area, localLineDong: localLine.toString(), nationalLineDong: nationalLine.toString(), national: national.code })
    }
  return ok(undefined)
}
