import { useQuery } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'

export interface Health {
  readonly status: string
  readonly version: string
  readonly database: { readonly backend: string; readonly server: string; readonly pingMs: number }
}

export function useHealth() {
  return useQuery({ queryKey: ['health'], queryFn: () => api.get<Health>('/api/health'), refetchInterval: 60_000 })
}
