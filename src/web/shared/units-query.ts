// The unit tree of the user's scope: read by the units page and by every form that picks a unit.
import { useQuery } from '@tanstack/react-query'
import { api } from './api-client.js'
import type { Unit } from './types.js'

export const UNITS_QUERY_KEY = ['units'] as const

export function useUnits(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: UNITS_QUERY_KEY,
    queryFn: async () => (await api.get<{ items: Unit[] }>('/api/v1/units')).items,
    enabled: options.enabled ?? true,
  })
}

export interface UnitNode extends Unit {
  readonly children?: UnitNode[]
}

/**
 * Nests a flat list by parentId. The roots are the units whose parent is not in the list: for a
 * commune officer that is their commune, for the head office the central unit.
 */
export function toUnitTree(units: readonly Unit[]): UnitNode[] {
  const ids = new Set(units.map((u) => u.id))
  const childrenOf = new Map<number, Unit[]>()
  for (const unit of units) {
    if (unit.parentId === null || !ids.has(unit.parentId)) continue
    const siblings = childrenOf.get(unit.parentId) ?? []
    siblings.push(unit)
    childrenOf.set(unit.parentId, siblings)
  }
  const byCode = (a: Unit, b: Unit) => a.code.localeCompare(b.code, 'vi', { numeric: true })
  const build = (unit: Unit): UnitNode => {
    const children = (childrenOf.get(unit.id) ?? []).sort(byCode).map(build)
    return children.length > 0 ? { ...unit, children } : { ...unit }
  }
  return units.filter((u) => u.parentId === null || !ids.has(u.parentId)).sort(byCode).map(build)
}
