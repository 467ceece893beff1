// The transaction day API as the pages use it. Money is whole-đồng strings, ids of bigint tables
// are strings. Every change refreshes what it touches: the day, its sheet, batches and flags.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'

const KEY = ['transaction-days'] as const

export type DayStatus = 'planned' | 'open' | 'closed'

export interface CashBook {
  readonly openingDong: string
  readonly inDong: string
  readonly outDong: string
  readonly closingDong: string
}

export interface TransactionDay {
  readonly id: string
  readonly transactionPointId: number
  readonly pointCode: string
  readonly pointSiteName: string
  readonly communeUnitId: number
  readonly communeName: string
  readonly period: string
  readonly scheduledOn: string
  readonly heldOn: string
  readonly startTime: string
  readonly rescheduleReason: string | null
  readonly status: DayStatus
  readonly openingCashDong: string | null
  readonly cashInDong: string | null
  readonly cashOutDong: string | null
  readonly countedCashDong: string | null
  readonly openedAt: string | null
  readonly closedAt: string | null
}

export interface DayWithBook extends TransactionDay {
  readonly cashBook: CashBook | null
}

export interface CalendarEntry {
  readonly period: string
  readonly scheduledOn: string
  readonly heldOn: string
  readonly startTime: string
  readonly rescheduleReason: string | null
  readonly status: DayStatus | 'not_planned'
  readonly dayId: string | null
}

export interface PointOption {
  readonly id: number
  readonly communeUnitId: number
  readonly communeName: string
  readonly code: string
  readonly siteName: string
  readonly monthlyDay: number
  readonly startTime: string
  readonly status: 'active' | 'closed'
}

export interface SheetLoan {
  readonly loanId: string
  readonly programCode: string
  readonly capitalSourceCode: string
  readonly status: string
  readonly outstandingDong: string
  readonly interestDueDong: string
  readonly overdueInterestDueDong: string
  readonly principalDueDong: string
  readonly principalOverdueDong: string
  readonly undisbursedDong: string
}

export interface SheetMember {
  readonly householdId: string
  readonly householdCode: string
  /** The household head: the default recipient of a disbursement on the day. */
  readonly headPersonId: string | null
  readonly headName: string | null
  readonly villageName: string | null
  readonly savingsBalanceDong: string
  readonly expectedSavingsDong: string
  readonly loans: readonly SheetLoan[]
}

export interface SheetTotals {
  readonly members: number
  readonly loans: number
  readonly interestDueDong: string
  readonly principalDueDong: string
  readonly principalOverdueDong: string
  readonly expectedSavingsDong: string
  readonly undisbursedDong: string
  readonly savingsBalanceDong: string
}

export interface SheetGroup {
  readonly groupId: string
  readonly code: string
  readonly name: string
  readonly leaderName: string | null
  readonly organisation: string
  readonly capturedBatchId: string | null
  readonly members: readonly SheetMember[]
  readonly totals: SheetTotals
}

/** A commission of a group board or an organisation unit's fee, accrued and unpaid: paid in cash on the day. */
export interface FeeToPay {
  readonly accrualId: string
  readonly period: string
  readonly payeeKind: 'organisation_unit' | 'group'
  readonly payeeId: string
  readonly payeeName: string
  readonly netDong: string
}

export interface DaySheet {
  readonly day: TransactionDay
  readonly minDepositDong: string
  readonly groups: readonly SheetGroup[]
  readonly totals: SheetTotals
  readonly feesToPay: readonly FeeToPay[]
}

export interface BatchTotals {
  readonly lines: number
  readonly interestDong: string
  readonly principalDong: string
  readonly savingsDepositDong: string
  readonly savingsWithdrawalDong: string
  readonly savingsToPrincipalDong: string
  readonly disbursedDong: string
  readonly remittedDong: string
  readonly collectedDong: string | null
}

export interface DayBatch {
  readonly id: string
  readonly groupId: string
  readonly groupCode: string
  readonly groupName: string
  readonly kind: 'capture' | 'reversal'
  readonly status: 'posted' | 'reversed'
  readonly reversesBatchId: string | null
  readonly remittedDong: string
  readonly totals: Partial<BatchTotals> | null
  readonly reason: string | null
  readonly createdAt: string
}

export type Reconciliation = 'ok' | 'arrears' | 'paid_not_remitted'

export interface BatchLine {
  readonly lineNo: number
  readonly householdCode: string
  readonly headName: string | null
  readonly loanId: string | null
  readonly interestOwedDong: string
  readonly interestDong: string
  readonly principalDong: string
  readonly savingsDepositDong: string
  readonly savingsWithdrawalDong: string
  readonly savingsToPrincipalDong: string
  readonly memberPaidDong: string | null
  readonly reconciliation: Reconciliation
}

export type FlagStatus = 'open' | 'under_review' | 'confirmed' | 'dismissed'

export interface RedFlag {
  readonly id: string
  readonly rule: string
  readonly severity: 'low' | 'medium' | 'high'
  readonly subjectType: string
  readonly subjectId: string
  readonly amountDong: string | null
  readonly evidence: Record<string, unknown> | null
  readonly status: FlagStatus
  readonly resolution: string | null
  readonly raisedAt: string
}

export interface CaptureLineInput {
  readonly householdId: string
  readonly loanId: string | null
  readonly interestDong: string
  readonly principalDong: string
  readonly savingsDepositDong: string
  readonly savingsWithdrawalDong: string
  readonly savingsToPrincipalDong: string
  /** Giải ngân: handed over in person; such a line carries no repayment. */
  readonly disbursedDong: string
  readonly recipientPersonId: string | null
  readonly memberPaidDong: string | null
}

export interface CaptureInput {
  readonly groupId: string
  readonly remittedDong: string
  readonly collectedDong: string | null
  readonly lines: readonly CaptureLineInput[]
}

export interface CaptureResult {
  readonly batchId: string
  readonly totals: BatchTotals
  readonly lines: readonly { householdId: string; loanId: string | null; interestOwedDong: string; reconciliation: Reconciliation; notRemittedDong: string; arrearsDong: string }[]
  readonly flags: readonly { id: string; rule: string; amountDong: string }[]
}

export type NoticeStatus = 'queued' | 'sent' | 'failed' | 'skipped'

export interface Notice {
  readonly id: string
  readonly householdId: string
  readonly householdCode: string
  readonly headName: string | null
  readonly phone: string | null
  readonly body: string
  readonly status: NoticeStatus
  readonly attempts: number
  readonly lastError: string | null
  readonly sentAt: string | null
  readonly createdAt: string
}

export interface NoticeList {
  readonly items: readonly Notice[]
  readonly total: number
  readonly counts: Readonly<Record<NoticeStatus, number>>
}

export interface FeePayout {
  readonly entryId: string
  readonly totalDong: string
  readonly accrualIds: readonly string[]
}

export type PackageConflictReason = 'already_captured' | 'loan_moved' | 'not_in_package'

export interface PackageImport {
  readonly posted: readonly { batchId: string; groupId: string; totals: BatchTotals; flags: readonly { id: string; rule: string; amountDong: string }[] }[]
  readonly conflicts: readonly { groupId: string; reason: PackageConflictReason; loanIds?: readonly string[] }[]
}

export interface HouseholdPerson {
  readonly personId: string
  readonly fullName: string
  readonly relation: string
}

export interface DayFilter {
  readonly pointId: number | undefined
  readonly period: string | undefined
  readonly status: DayStatus | undefined
}

export function useDays(filter: DayFilter) {
  return useQuery({
    queryKey: [...KEY, 'list', filter],
    queryFn: async () => (await api.get<{ items: TransactionDay[] }>('/api/v1/transaction-days', { ...filter, limit: 500 })).items,
    placeholderData: keepPreviousData,
  })
}

export function usePoints() {
  return useQuery({ queryKey: [...KEY, 'points'], queryFn: async () => (await api.get<{ items: PointOption[] }>('/api/v1/network/points')).items })
}

export function useCalendar(pointId: number | undefined, year: number) {
  return useQuery({
    queryKey: [...KEY, 'calendar', pointId, year],
    queryFn: async () => (await api.get<{ items: CalendarEntry[] }>(`/api/v1/transaction-points/${pointId}/calendar`, { year })).items,
    enabled: pointId !== undefined,
  })
}

export function useDay(id: string) {
  return useQuery({ queryKey: [...KEY, 'day', id], queryFn: () => api.get<DayWithBook>(`/api/v1/transaction-days/${id}`) })
}

export function useSheet(id: string) {
  return useQuery({ queryKey: [...KEY, 'day', id, 'sheet'], queryFn: () => api.get<DaySheet>(`/api/v1/transaction-days/${id}/sheet`) })
}

export function useBatches(id: string) {
  return useQuery({ queryKey: [...KEY, 'day', id, 'batches'], queryFn: async () => (await api.get<{ items: DayBatch[] }>(`/api/v1/transaction-days/${id}/batches`)).items })
}

export function useBatchLines(batchId: string, enabled: boolean) {
  return useQuery({ queryKey: [...KEY, 'batch', batchId], queryFn: async () => (await api.get<{ lines: BatchLine[] }>(`/api/v1/day-batches/${batchId}`)).lines, enabled })
}

export function useFlags(dayId: string) {
  return useQuery({ queryKey: [...KEY, 'day', dayId, 'flags'], queryFn: async () => (await api.get<{ items: RedFlag[] }>('/api/v1/red-flags', { transactionDayId: dayId, limit: 500 })).items })
}

export function useNotices(dayId: string) {
  return useQuery({ queryKey: [...KEY, 'day', dayId, 'notices'], queryFn: () => api.get<NoticeList>(`/api/v1/transaction-days/${dayId}/notices`, { limit: 1000 }) })
}

/** The current members of a household: who may receive a disbursement for it. */
export function useHouseholdPersons(householdId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['households', householdId, 'persons'],
    queryFn: async () => (await api.get<{ members: HouseholdPerson[] }>(`/api/v1/households/${householdId}`)).members,
    enabled,
    staleTime: 60_000,
  })
}

function useDayMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) })
}

export const usePlanDay = () => useDayMutation((body: { pointId: number; period: string }) => api.post<TransactionDay>('/api/v1/transaction-days', body))
export const useOpenDay = (id: string) => useDayMutation((body: { openingCashDong: string }) => api.post<TransactionDay>(`/api/v1/transaction-days/${id}/open`, body))
export const useCloseDay = (id: string) => useDayMutation((body: { countedCashDong: string }) => api.post<DayWithBook>(`/api/v1/transaction-days/${id}/close`, body))
export const useQueueNotices = (id: string) => useDayMutation(() => api.post<{ borrowers: number; created: number }>(`/api/v1/transaction-days/${id}/notices`))
export const useDispatchNotices = (id: string) => useDayMutation(() => api.post<{ attempted: number; sent: number; failed: number }>(`/api/v1/transaction-days/${id}/notices/dispatch`))
export const useRescheduleDay = (id: string) => useDayMutation((body: { heldOn: string; reason: string }) => api.post<TransactionDay>(`/api/v1/transaction-days/${id}/reschedule`, body))

export const usePayFees = (dayId: string) =>
  useDayMutation(({ accrualIds, idempotencyKey }: { accrualIds: readonly string[]; idempotencyKey: string }) =>
    api.post<FeePayout>(`/api/v1/transaction-days/${dayId}/fee-payouts`, { accrualIds }, { idempotencyKey }))

/** The day's offline package as the server seals it (docs/offline-package.md). */
export const fetchDayPackage = (dayId: string) => api.get<Record<string, unknown>>(`/api/v1/transaction-days/${dayId}/package`)

export const useImportPackage = (dayId: string) =>
  useDayMutation(({ pkg, idempotencyKey }: { pkg: unknown; idempotencyKey: string }) => api.post<PackageImport>(`/api/v1/transaction-days/${dayId}/package`, pkg, { idempotencyKey }))

export const useCapture = (dayId: string) =>
  useDayMutation(({ body, idempotencyKey }: { body: CaptureInput; idempotencyKey: string }) => api.post<CaptureResult>(`/api/v1/transaction-days/${dayId}/batches`, body, { idempotencyKey }))

export const useReverseBatch = () =>
  useDayMutation(({ batchId, reason, idempotencyKey }: { batchId: string; reason: string; idempotencyKey: string }) => api.post<unknown>(`/api/v1/day-batches/${batchId}/reverse`, { reason }, { idempotencyKey }))

export const useReviewFlag = () =>
  useDayMutation(({ id, status, resolution }: { id: string; status: FlagStatus; resolution?: string }) => api.post<RedFlag>(`/api/v1/red-flags/${id}/review`, { status, resolution }))

/** Links of the printable day sheet (form 13/TD). */
export const sheetPdfUrl = (dayId: string, groupId?: string) => `/api/v1/transaction-days/${dayId}/sheet.pdf${groupId ? `?groupId=${groupId}` : ''}`
export const sheetXlsxUrl = (dayId: string) => `/api/v1/transaction-days/${dayId}/sheet.xlsx`
