// The supervision API as the flag queue uses it: flags (listed and reviewed through the
// transaction day's routes), one flag's detail (an audited read) with its loans and follow-ups,
// assignment, the recall recorded from a confirmed flag, and on-demand runs.
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
  /** The open loans the flag concerns: a recall names one of them. */
  readonly loans: readonly FlagLoan[]
  /** The findings recorded from the flag, with their follow-ups (the recall and its completion). */
  readonly followUps: readonly FlagFollowUp[]
}

export interface FlagLoan {
  readonly id: string
  readonly status: string
  readonly householdCode: string
  readonly borrowerName: string | null
  readonly outstandingDong: string
}

export interface FlagFollowUpAction {
  readonly id: string
  readonly kind: 'recall' | 'discipline' | 'refund'
  readonly dueOn: string
  readonly status: 'open' | 'completed' | 'cancelled'
  readonly completedOn: string | null
  readonly completedByName: string | null
}

export interface FlagFollowUp {
  readonly id: string
  readonly planId: number
  readonly planTitle: string
  readonly loanId: string | null
  readonly householdCode: string | null
  readonly borrowerName: string | null
  readonly outcome: 'used_correctly' | 'misused' | 'not_found'
  readonly foundOn: string
  readonly recalledOn: string | null
  readonly actions: readonly FlagFollowUpAction[]
}

/** An inspection plan a recall may be recorded in (planned or in progress). */
export interface OpenPlan {
  readonly id: number
  readonly title: string
  readonly unitName: string
  readonly status: string
}

export interface FlagRecallInput {
  readonly id: string
  readonly planId: number
  readonly loanId?: string | undefined
  readonly outcome: 'misused' | 'not_found'
  readonly foundOn: string
  readonly dueOn: string
  readonly note?: string | null | undefined
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

/**
 * The detail read is audited on the server (red_flag.view): fetched each time a flag is opened —
 * its follow-ups change on other pages (a recall completed in its inspection plan) — and never on
 * a mere window focus.
 */
export function useFlagDetail(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'flag', id], queryFn: () => api.get<FlagDetail>(`/api/v1/red-flags/${id}`), enabled: id !== undefined, staleTime: 0, refetchOnWindowFocus: false })
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

/** The inspection plans still open, for the recall form (fetched when the form opens). */
export function useOpenPlans(enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'open-plans'],
    queryFn: async () => {
      const [planned, running] = await Promise.all([
        api.get<{ items: OpenPlan[] }>('/api/v1/inspections/plans', { status: 'planned' }),
        api.get<{ items: OpenPlan[] }>('/api/v1/inspections/plans', { status: 'in_progress' }),
      ])
      return [...running.items, ...planned.items]
    },
    enabled,
  })
}

export const useRecordRecall = () =>
  useSupervisionMutation(({ id, ...body }: FlagRecallInput) => api.post<FlagFollowUp>(`/api/v1/red-flags/${id}/recall`, body))
