import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'
import type { Page } from '../../shared/types.js'
import type { Layer, PlaceDetail, PlaceListItem, PlaceRef, ProvinceSummary } from './types.js'

const P = '/api/v1/places'
const KEY = ['places'] as const

export function useProvinces(layer: Layer) {
  return useQuery({ queryKey: [...KEY, 'provinces', layer], queryFn: async () => (await api.get<{ items: ProvinceSummary[] }>(`${P}/provinces`, { layer })).items, staleTime: 300_000 })
}

export function useDistricts(province: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'districts', province],
    queryFn: () => api.get<Page<PlaceListItem>>(`${P}/districts`, { province, limit: 500 }),
    enabled: province !== undefined,
    staleTime: 300_000,
  })
}

export interface CommuneQuery {
  readonly layer: Layer
  readonly province?: string | undefined
  readonly district?: string | undefined
  readonly q?: string | undefined
  readonly limit: number
  readonly offset: number
}

export function useCommunes(query: CommuneQuery, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'communes', query],
    queryFn: () => api.get<Page<PlaceListItem>>(`${P}/communes`, { ...query }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 300_000,
  })
}

export function usePlace(ref: PlaceRef | undefined) {
  return useQuery({
    queryKey: [...KEY, 'unit', ref],
    queryFn: () => api.get<PlaceDetail>(`${P}/units/${ref?.layer}/${ref?.level}/${ref?.code}`),
    enabled: ref !== undefined,
  })
}
