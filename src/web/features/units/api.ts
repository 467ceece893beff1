import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { UnitKind } from '../../../domain/access/index.js'
import { api } from '../../shared/api-client.js'
import type { Unit } from '../../shared/types.js'
import { UNITS_QUERY_KEY } from '../../shared/units-query.js'

export interface NewUnit {
  readonly parentId: number
  readonly kind: UnitKind
  readonly code: string
  readonly name: string
}

export function useCreateUnit() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: NewUnit) => api.post<Unit>('/api/v1/units', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: UNITS_QUERY_KEY }),
  })
}
