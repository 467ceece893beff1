// The inspections API as the inspection pages use it: plans, findings and follow-ups, 06/TD checks
// with photo uploads (multipart), and the supervision dashboard with the rule parameters.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError, type ApiErrorBody } from '../../shared/api-client.js'

export interface Plan {
  readonly id: number
  readonly unitId: number
  readonly unitName: string
  readonly inspector: string
  readonly inspectorName: string
  readonly title: string
  readonly periodFrom: string
  readonly periodTo: string
  readonly status: 'planned' | 'in_progress' | 'completed' | 'cancelled'
  readonly note: string | null
  readonly findings: number
  readonly openActions: number
}

export interface Action {
  readonly id: string
  readonly kind: 'recall' | 'discipline' | 'refund'
  readonly dueOn: string
  readonly amountDong: string | null
  readonly note: string | null
  readonly status: 'open' | 'completed' | 'cancelled'
  readonly completedOn: string | null
  readonly completedByName: string | null
  readonly completionNote: string | null
}

export interface Finding {
  readonly id: string
  readonly loanId: string | null
  readonly groupId: string | null
  readonly groupName: string | null
  readonly householdCode: string | null
  readonly borrowerName: string | null
  readonly loanStatus: string | null
  readonly recalledOn: string | null
  readonly outcome: 'used_correctly' | 'misused' | 'not_found'
  readonly foundOn: string
  readonly notes: string | null
  readonly actions: readonly Action[]
}

export interface PhotoMeta {
  readonly id: string
  readonly fileName: string
  readonly contentType: string
  readonly sizeBytes: number
}

export interface Check {
  readonly id: string
  readonly loanId: string
  readonly householdCode: string
  readonly borrowerName: string | null
  readonly programCode: string
  readonly checkedOn: string
  readonly result: string
  readonly notes: string | null
  readonly recordedByName: string | null
  readonly photos: readonly PhotoMeta[]
}

export interface Dashboard {
  readonly openByUnitRule: readonly { unitId: number | null; unitName: string | null; rule: string; open: number }[]
  readonly resolution: readonly { rule: string; resolved: number; medianDays: number | null }[]
  readonly openTotal: number
  readonly overdueActions: number
}

export interface RuleRow {
  readonly name: string
  readonly titleVi: string
  readonly titleEn: string
  readonly severity: string
  readonly enabled: boolean
  readonly values: Record<string, string>
  readonly params: Record<string, { vi: string; en: string; min: string; max: string }>
  readonly validFrom: string | null
  readonly legalBasis: string | null
}

const KEY = ['inspections'] as const

export const usePlans = () => useQuery({ queryKey: [...KEY, 'plans'], queryFn: async () => (await api.get<{ items: Plan[] }>('/api/v1/inspections/plans')).items })

/** The detail names borrowers: the server audits each read, so it is fetched only when a plan is opened. */
export const usePlan = (id: number | undefined) =>
  useQuery({ queryKey: [...KEY, 'plan', id], queryFn: () => api.get<Plan & { findingsList: Finding[] }>(`/api/v1/inspections/plans/${id}`), enabled: id !== undefined, staleTime: 60_000 })

export const useChecks = (loanId: string | undefined) =>
  useQuery({ queryKey: [...KEY, 'checks', loanId], queryFn: async () => (await api.get<{ items: Check[] }>('/api/v1/use-of-funds-checks', { loanId })).items })

export const useDashboard = () => useQuery({ queryKey: [...KEY, 'dashboard'], queryFn: () => api.get<Dashboard>('/api/v1/supervision/dashboard') })
export const useRules = () => useQuery({ queryKey: [...KEY, 'rules'], queryFn: async () => (await api.get<{ items: RuleRow[] }>('/api/v1/supervision/rules')).items })

function useInspectionMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) })
}

export const useCreatePlan = () => useInspectionMutation((body: Record<string, unknown>) => api.post<Plan>('/api/v1/inspections/plans', body))
export const useSetPlanStatus = () => useInspectionMutation(({ id, status }: { id: number; status: string }) => api.post<Plan>(`/api/v1/inspections/plans/${id}/status`, { status }))
export const useRecordFinding = () => useInspectionMutation((body: Record<string, unknown>) => api.post<Finding>('/api/v1/inspections/findings', body))
export const useCreateAction = () =>
  useInspectionMutation(({ findingId, ...body }: { findingId: string } & Record<string, unknown>) => api.post<Action>(`/api/v1/inspections/findings/${findingId}/actions`, body))
export const useCompleteAction = () =>
  useInspectionMutation(({ id, ...body }: { id: string; completedOn: string; note?: string }) => api.post<Action>(`/api/v1/inspections/actions/${id}/complete`, body))
export const useCancelAction = () => useInspectionMutation(({ id, reason }: { id: string; reason: string }) => api.post<Action>(`/api/v1/inspections/actions/${id}/cancel`, { reason }))
export const useNewRuleVersion = () =>
  useInspectionMutation(({ rule, ...body }: { rule: string; validFrom: string; params: Record<string, string>; legalBasis: string }) => api.post<RuleRow>(`/api/v1/supervision/rules/${rule}/versions`, body))

/** Records a 06/TD check, then uploads its photos one by one (multipart, field "file"). */
export function useRecordCheck(csrfToken: string) {
  return useInspectionMutation(async (input: { loanId: string; checkedOn: string; result: string; notes?: string; files: readonly File[] }) => {
    const check = await api.post<Check>('/api/v1/use-of-funds-checks', { loanId: input.loanId, checkedOn: input.checkedOn, result: input.result, notes: input.notes || null })
    for (const file of input.files) {
      const form = new FormData()
      form.set('file', file)
      const response = await fetch(`/api/v1/use-of-funds-checks/${check.id}/photos`, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', 'x-csrf-token': csrfToken } })
      if (!response.ok) {
        const error = (await response.json().catch(() => null)) as ApiErrorBody | null
        throw new ApiError(response.status, error?.code ? error : { code: 'http_error', message: { vi: `Lỗi máy chủ (HTTP ${response.status}).`, en: `Server error (HTTP ${response.status}).` }, details: null, requestId: null })
      }
    }
    return check
  })
}

/** The URL of a photo's bytes (each load is an audited view on the server). */
export const photoUrl = (id: string) => `/api/v1/use-of-funds-photos/${id}`
