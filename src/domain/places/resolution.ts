/**
 * How a scope unit (a commune the bank serves, or a village) is tied to the historical layer, so
 * figures recorded against today's units can be summed for an old commune or district:
 *
 * - `village_assignment`: a village recorded the former commune it lay in (explicit);
 * - `single_predecessor`: its current commune was formed from exactly one old commune;
 * - `same_district`: its current commune merged several old communes, all of one old district —
 *   enough for a district figure, not for a commune one;
 * - `unresolved`: none of these; the unit is reported so that someone records its villages.
 *
 * The rules run in SQL (view `unit_historical_communes`, migration 0005) so every area can join
 * through them; these names are the values of its `resolution` column.
 */
export const SCOPE_RESOLUTIONS = ['village_assignment', 'single_predecessor', 'same_district', 'unresolved'] as const
export type ScopeResolution = (typeof SCOPE_RESOLUTIONS)[number]

/**
 * How an old commune's history is carried to a current unit: `full` when it went wholly into one
 * new unit, `assignment` when it was split and a person decided, `unresolved` otherwise (view
 * `historical_commune_successors`).
 */
export const SUCCESSOR_RESOLUTIONS = ['full', 'assignment', 'unresolved'] as const
export type SuccessorResolution = (typeof SUCCESSOR_RESOLUTIONS)[number]

/** One historical unit a current commune was formed from, with the old district it lay in. */
export interface Predecessor {
  readonly level: 'district' | 'commune'
  readonly code: string
  /** The old district: the commune's parent, or the code itself for a district-level link. */
  readonly districtCode: string | null
}

/**
 * The resolution of a current commune from its predecessors, by the rules of the view
 * `unit_historical_communes` (which a test holds to this function): one old commune →
 * `single_predecessor`; several, all of one old district → `same_district`; else `unresolved`.
 *
 * @example resolveCurrentCommune([{ level: 'commune', code: '26767', districtCode: '761' }, { level: 'commune', code: '26779', districtCode: '761' }])
 *   → { resolution: 'same_district', historicalCommuneCode: null, historicalDistrictCode: '761' }
 */
export function resolveCurrentCommune(predecessors: readonly Predecessor[]): {
  resolution: Exclude<ScopeResolution, 'village_assignment'>
  historicalCommuneCode: string | null
  historicalDistrictCode: string | null
} {
  const communes = predecessors.filter((p) => p.level === 'commune')
  const districts = new Set(predecessors.map((p) => p.districtCode ?? `?${p.code}`))
  const onlyDistrict = districts.size === 1 ? predecessors[0]?.districtCode ?? null : null
  if (communes.length === 1) return { resolution: 'single_predecessor', historicalCommuneCode: (communes[0] as Predecessor).code, historicalDistrictCode: onlyDistrict }
  if (districts.size === 1) return { resolution: 'same_district', historicalCommuneCode: null, historicalDistrictCode: onlyDistrict }
  return { resolution: 'unresolved', historicalCommuneCode: null, historicalDistrictCode: null }
}
