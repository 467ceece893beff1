import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'

export type ApprovalStatus = 'pending' | 'approved' | 'rejected'

export interface Approval {
  readonly id: number
  readonly kind: string
  readonly entityType: string
  readonly entityId: string | null
  readonly unitId: number
  readonly unitName: string
  readonly makerId: number
  readonly makerUsername: string
  readonly madeAt: string
  readonly status: ApprovalStatus
  readonly checkerId: number | null
  readonly decidedAt: string | null
  readonly reason: string | null
  /** What the request would do, without secrets (e.g. the new user's name and role). */
  readonly summary: Record<string, unknown>
}

export function useApprovals(status: ApprovalStatus) {
  return useQuery({
    queryKey: ['approvals', status],
    queryFn: async () => (await api.get<{ items: Approval[] }>('/api/v1/approvals', { status })).items,
  })
}

export function useDecideApproval() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: number; decision: 'approve' | 'reject'; reason?: string }) =>
      api.post<Approval>(`/api/v1/approvals/${id}/${decision}`, decision === 'reject' ? { reason } : {}),
    // An approval may create a user or a loan, so those lists are stale too.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['approvals'] }),
        queryClient.invalidateQueries({ queryKey: ['users'] }),
        queryClient.invalidateQueries({ queryKey: ['lending'] }),
      ]),
  })
}
