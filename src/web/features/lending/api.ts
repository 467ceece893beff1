// The lending API as the pages use it: programs and their terms, applications and their workflow,
// loans with their money events, and the month-end close. Shapes mirror what the server sends:
// money as integer strings of whole đồng, calendar dates as 'YYYY-MM-DD', instants as ISO.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { EligibilityFacts, EligibilityRule, ProgramTermsJson } from '../../../domain/programs/index.js'
import { api } from '../../shared/api-client.js'
import type { Page } from '../../shared/types.js'

const KEY = ['lending'] as const

// ——— Programs ———

export interface TermsVersion {
  readonly id: number
  readonly validFrom: string
  readonly validTo: string | null
  readonly legalBasis: string
  readonly note: string | null
  readonly terms: ProgramTermsJson
  /** The yearly rate (micros) from each date, base-rate changes resolved. */
  readonly rates: readonly { readonly from: string; readonly yearlyMicros: string }[]
}

export interface Program {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly borrowerKind: 'household' | 'student' | 'worker' | 'business'
  readonly active: boolean
  readonly versions: readonly TermsVersion[]
}

export interface CapitalSource {
  readonly code: string
  readonly name_vi: string
  readonly name_en: string
  readonly kind: 'central' | 'local'
}

export function usePrograms() {
  return useQuery({ queryKey: [...KEY, 'programs'], queryFn: async () => (await api.get<{ items: Program[] }>('/api/v1/programs')).items, staleTime: 60_000 })
}

export function useCapitalSources() {
  return useQuery({ queryKey: [...KEY, 'capital-sources'], queryFn: async () => (await api.get<{ items: CapitalSource[] }>('/api/v1/capital/sources')).items, staleTime: 300_000 })
}

export interface NewTermsVersion {
  readonly validFrom: string
  readonly legalBasis: string
  readonly note: string | null
  readonly terms: ProgramTermsJson
}

export function useAddTerms() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ code, ...body }: NewTermsVersion & { code: string }) => api.post<{ id: number }>(`/api/v1/programs/${code}/terms`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...KEY, 'programs'] }),
  })
}

// ——— Applications ———

export type ApplicationStatus = 'submitted' | 'group_reviewed' | 'commune_confirmed' | 'pending_approval' | 'approved' | 'rejected' | 'cancelled'
export const APPLICATION_STATUSES: readonly ApplicationStatus[] = ['submitted', 'group_reviewed', 'commune_confirmed', 'pending_approval', 'approved', 'rejected', 'cancelled']

/** What the application stored when it was submitted: the facts, the rule and the outcome. */
export interface EligibilitySnapshot {
  readonly facts: EligibilityFacts
  readonly rule: EligibilityRule
  readonly result: 'eligible'
}

export interface ApplicationListItem {
  readonly id: string
  readonly status: ApplicationStatus
  readonly program_code: string
  readonly program_name: string
  readonly program_name_en: string
  readonly amount_dong: string
  readonly term_months: number
  readonly purpose: string
  readonly application_date: string
  readonly household_id: string
  readonly household_code: string
  readonly head_name: string | null
  readonly commune_name: string
  readonly approval_id: number | null
  readonly rejection_reason: string | null
  readonly eligibility: EligibilitySnapshot
  readonly loan_id: string | null
}

export interface ApplicationDetail extends ApplicationListItem {
  readonly group_id: string | null
  readonly channel: 'entrusted' | 'direct'
  readonly capital_source_code: string
  readonly capital_source_name: string
  readonly capital_source_name_en: string
  readonly grace_months: number
  readonly interval_months: number
  readonly legal_basis: string
  readonly terms_valid_from: string
  readonly residence_type: 'rural' | 'urban'
  readonly submitted_at: string
  readonly submitted_by_name: string | null
  readonly group_reviewed_at: string | null
  readonly group_reviewed_by_name: string | null
  readonly group_review_note: string | null
  readonly commune_confirmed_at: string | null
  readonly commune_confirmed_by_name: string | null
  readonly decided_at: string | null
  readonly decided_by_name: string | null
  readonly approval_status: 'pending' | 'approved' | 'rejected' | null
  readonly approval_made_at: string | null
  readonly approval_decided_at: string | null
  readonly approval_reason: string | null
  readonly approval_maker_name: string | null
  readonly approval_checker_name: string | null
}

export function useApplications(params: { status: ApplicationStatus | undefined; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...KEY, 'applications', params],
    queryFn: () => api.get<Page<ApplicationListItem>>('/api/v1/loan-applications', { status: params.status, limit: params.pageSize, offset: (params.page - 1) * params.pageSize }),
    placeholderData: keepPreviousData,
  })
}

/** How many applications wait at a status: the count on a queue tab. */
export function useApplicationCount(status: ApplicationStatus, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'applications', 'count', status],
    queryFn: async () => (await api.get<Page<ApplicationListItem>>('/api/v1/loan-applications', { status, limit: 1 })).total,
    enabled,
  })
}

export function useApplication(id: string) {
  return useQuery({ queryKey: [...KEY, 'application', id], queryFn: () => api.get<ApplicationDetail>(`/api/v1/loan-applications/${id}`) })
}

export interface NewApplication {
  readonly householdId: string
  readonly programCode: string
  readonly purpose: string
  readonly amountDong: string
  readonly termMonths: number
  readonly graceMonths?: number
  readonly intervalMonths?: number
  readonly capitalSource?: string
  readonly channel: 'entrusted' | 'direct'
  readonly groupId: string | null
  readonly applicationDate: string
  readonly studyMonths?: number
  readonly contractPriceDong?: string
}

/** Every lending mutation refreshes every lending query: an application step may create a loan. */
function useLendingMutation<I, O>(fn: (input: I) => Promise<O>, also: readonly (readonly string[])[] = []) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: KEY }), ...also.map((queryKey) => queryClient.invalidateQueries({ queryKey }))]),
  })
}

export const useSubmitApplication = () => useLendingMutation((input: NewApplication) => api.post<{ id: string }>('/api/v1/loan-applications', input))

export type ApplicationStep = 'group-review' | 'commune-confirm' | 'submit-for-approval' | 'reject'

export const useAdvanceApplication = (id: string) =>
  useLendingMutation(
    ({ step, ...body }: { step: ApplicationStep; note?: string | null; reason?: string | null; monthlyDay?: number | null }) =>
      api.post<{ status: ApplicationStatus; approvalId?: number }>(`/api/v1/loan-applications/${id}/${step}`, body),
    [['approvals']],
  )

export interface HouseholdOption {
  readonly id: string
  readonly code: string
  readonly headName: string | null
  readonly communeName: string
  readonly villageName: string | null
  readonly status: string
}

/** Households to apply for, found by code or the head's name (the registry's own search). */
export function useHouseholdSearch(q: string) {
  return useQuery({
    queryKey: [...KEY, 'household-search', q],
    queryFn: async () => (await api.get<Page<HouseholdOption>>('/api/v1/households', { q: q.trim(), status: 'active', limit: 20 })).items,
    placeholderData: keepPreviousData,
  })
}

// ——— Loans ———

export type LoanStatus = 'approved' | 'active' | 'frozen' | 'closed'
export const LOAN_STATUSES: readonly LoanStatus[] = ['approved', 'active', 'frozen', 'closed']

export interface LoanListItem {
  readonly id: string
  readonly status: LoanStatus
  readonly program_code: string
  readonly program_name: string
  readonly program_name_en: string
  readonly approved_dong: string
  readonly disbursed_dong: string
  readonly principal_in_term_dong: string
  readonly principal_overdue_dong: string
  readonly principal_frozen_dong: string
  readonly interest_dong: string
  readonly overdue_interest_dong: string
  readonly contract_date: string
  readonly household_code: string
  readonly head_name: string | null
  readonly commune_name: string
}

export interface Loan extends LoanListItem {
  readonly application_id: string | null
  readonly household_id: string
  readonly commune_unit_id: number
  readonly capital_source_code: string
  readonly capital_source_name: string
  readonly capital_source_name_en: string
  readonly monthly_day: number
  readonly accrued_until: string | null
  readonly last_event_date: string | null
  readonly freeze_info: { decisionNumber: string; from: string; to: string; interestStopped: boolean } | null
  readonly recalled_on: string | null
  readonly written_off_principal_dong: string
  readonly written_off_interest_dong: string
}

export interface Instalment {
  readonly seq: number
  readonly due_date: string
  readonly extended_to: string | null
  readonly principal_due_dong: string
  readonly principal_paid_dong: string
  readonly status: 'pending' | 'overdue' | 'paid'
}

export interface LoanEventRow {
  readonly id: string
  readonly type: string
  readonly event_date: string
  readonly payload: Record<string, unknown>
  readonly entry_ids: readonly string[]
  readonly created_at: string
  readonly created_by_name: string | null
}

export interface PostingRow {
  readonly entry_id: string
  readonly entry_date: string
  readonly kind: string
  readonly account: string
  /** Positive: debit (Nợ); negative: credit (Có). */
  readonly amount_dong: string
}

export interface LoanDetail {
  readonly loan: Loan
  readonly instalments: readonly Instalment[]
  readonly events: readonly LoanEventRow[]
  readonly postings: readonly PostingRow[]
}

export function useLoans(params: { status: LoanStatus | undefined; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...KEY, 'loans', params],
    queryFn: () => api.get<Page<LoanListItem>>('/api/v1/loans', { status: params.status, limit: params.pageSize, offset: (params.page - 1) * params.pageSize }),
    placeholderData: keepPreviousData,
  })
}

export function useLoan(id: string) {
  return useQuery({ queryKey: [...KEY, 'loan', id], queryFn: () => api.get<LoanDetail>(`/api/v1/loans/${id}`) })
}

export const statementUrl = (id: string) => `/api/v1/loans/${id}/statement.pdf`

export interface CashInput {
  readonly date: string
  readonly amountDong: string
  readonly cashUnitId: number
}

export type LoanEventInput =
  | { readonly type: 'extend'; readonly date: string; readonly seq: number; readonly newDueDate: string; readonly decisionNumber: string }
  | { readonly type: 'adjust_term'; readonly date: string; readonly seq: number; readonly newDueDate: string }
  | { readonly type: 'freeze'; readonly date: string; readonly to: string; readonly decisionNumber: string; readonly freezePrincipal: boolean }
  | { readonly type: 'unfreeze'; readonly date: string }
  | { readonly type: 'write_off'; readonly date: string; readonly principalDong: string; readonly interestDong: string; readonly decisionNumber: string }
  | { readonly type: 'recall'; readonly date: string; readonly reason: string }
  | { readonly type: 'cancel_undisbursed'; readonly date: string }

/** A money-moving POST: the caller passes the key of this submission (see useIdempotencyKeys). */
export const useLoanAction = (id: string) =>
  useLendingMutation(({ path, body, idempotencyKey }: { path: 'disburse' | 'repay' | 'events'; body: CashInput | LoanEventInput; idempotencyKey: string }) =>
    api.post<unknown>(`/api/v1/loans/${id}/${path}`, body, { idempotencyKey }),
  )

// ——— Month-end close ———

export interface PeriodClose {
  readonly period: string
  readonly status: 'running' | 'done'
  readonly startedAt: string
  readonly finishedAt: string | null
  readonly stats: {
    readonly loansAccrued?: number
    readonly unfrozen?: number
    readonly interestPostedDong?: string
    readonly overduePostedDong?: string
    readonly principalMovedOverdueDong?: string
    readonly snapshots?: number
  }
}

export interface CloseReport {
  readonly period: string
  readonly alreadyClosed: boolean
  readonly loansAccrued: number
  readonly unfrozen: number
  readonly interestPostedDong: string
  readonly overduePostedDong: string
  readonly principalMovedOverdueDong: string
  readonly snapshots: number
}

export function usePeriodCloses() {
  return useQuery({ queryKey: [...KEY, 'period-closes'], queryFn: async () => (await api.get<{ items: PeriodClose[] }>('/api/v1/period-closes')).items })
}

export const useClosePeriod = () => useLendingMutation((period: string) => api.post<CloseReport>('/api/v1/period-closes', { period }))
