import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'
import { UNITS_QUERY_KEY } from '../../shared/units-query.js'
import type { Branch, NetworkTree, NetworkUnit, ProvinceOption, TransactionPoint, UnservedCommune } from './types.js'

const N = '/api/v1/network'
const KEY = ['network'] as const

export function useBranches() {
  return useQuery({ queryKey: [...KEY, 'branches'], queryFn: async () => (await api.get<{ items: Branch[] }>(`${N}/branches`)).items })
}

export function useNetworkTree(rootId: number | undefined) {
  return useQuery({ queryKey: [...KEY, 'tree', rootId], queryFn: () => api.get<NetworkTree>(`${N}/tree`, { rootId }), enabled: rootId !== undefined })
}

export function useUnservedCommunes(unitId: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'unserved', unitId],
    queryFn: async () => (await api.get<{ items: UnservedCommune[] }>(`${N}/units/${unitId}/unserved-communes`)).items,
    enabled: unitId !== undefined,
  })
}

/** The current provinces, for the "create a branch" form (places are read with places.read). */
export function useCurrentProvinces(enabled: boolean) {
  return useQuery({
    queryKey: ['places', 'provinces', 'current'],
    queryFn: async () => (await api.get<{ items: ProvinceOption[] }>('/api/v1/places/provinces', { layer: 'current' })).items,
    enabled,
  })
}

/** Every network change refreshes the network queries and the unit tree other pages read. */
function useNetworkMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY })
      await queryClient.invalidateQueries({ queryKey: UNITS_QUERY_KEY })
    },
  })
}

export const useCreateBranch = () => useNetworkMutation((input: { provinceCode: string }) => api.post<NetworkUnit>(`${N}/branches`, input))
export const useCreateOffice = () => useNetworkMutation((input: { branchId: number; code: string; name: string }) => api.post<NetworkUnit>(`${N}/offices`, input))
export const useAssignCommunes = () =>
  useNetworkMutation((input: { officeId: number; communeCodes: string[] }) => api.post<{ items: NetworkUnit[] }>(`${N}/offices/${input.officeId}/communes`, { communeCodes: input.communeCodes }))
export const useCreateVillage = () =>
  useNetworkMutation((input: { communeUnitId: number; name: string; formerCommuneCode?: string | null }) => api.post<NetworkUnit>(`${N}/villages`, input))
export const useCreatePoint = () =>
  useNetworkMutation((input: { communeUnitId: number; siteName: string; formerCommuneCode?: string | null; monthlyDay: number; startTime: string }) =>
    api.post<TransactionPoint>(`${N}/points`, input))
export const useClosePoint = () => useNetworkMutation((id: number) => api.post<TransactionPoint>(`${N}/points/${id}/close`))
