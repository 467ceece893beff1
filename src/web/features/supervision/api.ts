// The supervision API as the flag queue uses it: flags (listed and reviewed through the
// transaction day's routes), one flag's detail (an audited read), assignment and on-demand runs.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'

export type FlagStatus = 'open' | 'under_review' | 'confirmed' | 'dismissed'
export type Severity = 'low' | 'medium' | 'high'

export interface Flag {
  readonly id: string
  readonly rule: string
  readonly severity: Severity
  readonly unitId: number | null
  readonly subjectType: string
  readonly subjectId: string
  readonly amountDong: string | null
  readonly evidence: Record<string, unknown> | null
  readonly status: FlagStatus
  readonly assigneeId: number | null
  readonly resolution: string | null
  readonly raisedAt: string
}

export interface FlagDetail extends Flag {
  readonly unitName: string | null
  readonly assigneeName: string | null
  readonly updatedAt: string | null
}

export interface Assignable {
  readonly id: number
  readonly username: string
  readonly fullName: string
}

const KEY = ['supervision'] as const

export function useFlagQueue(filter: { rule?: string | undefined; status?: string | undefined }) {
  return useQuery({
    queryKey: [...KEY, 'flags', filter],
    queryFn: async () => (await api.get<{ items: Flag[] }>('/api/v1/red-flags', { rule: filter.rule, status: filter.status, limit: 500 })).items,
    placeholderData: keepPreviousData,
  })
}

/** The detail read is audited on the server (red_flag.view): fetched only when a flag is opened. */
export function useFlagDetail(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'flag', id], queryFn: () => api.get<FlagDetail>(`/api/v1/red-flags/${id}`), enabled: id !== undefined, staleTime: 60_000 })
}

export function useAssignable(enabled: boolean) {
  return useQuery({ queryKey: [...KEY, 'users'], queryFn: async () => (await api.get<{ items: Assignable[] }>('/api/v1/users', { status: 'active', limit: 500 })).items, enabled })
}

function useSupervisionMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) })
}

export const useReview = () =>
  useSupervisionMutation(({ id, status, resolution }: { id: string; status: FlagStatus; resolution?: string }) => api.post<Flag>(`/api/v1/red-flags/${id}/review`, { status, resolution }))
export const useAssign = () => useSupervisionMutation(({ id, assigneeId }: { id: string; assigneeId: number }) => api.post<FlagDetail>(`/api/v1/red-flags/${id}/assign`, { assigneeId }))
export const useRunRules = () =>
  useSupervisionMutation(() => api.post<{ items: { rule: string; candidates: number; raised: number }[] }>('/api/v1/supervision/flag-runs', {}))
