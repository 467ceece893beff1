import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'
import type { Page } from '../../shared/types.js'
import type { RateTable, RegisterEntry, Review, ReviewDetail, ReviewKind, Standard, SurveyOutcome, SurveyRequest } from './types.js'

const P = '/api/v1/poverty'
const KEY = ['poverty'] as const

export function useStandards() {
  return useQuery({ queryKey: [...KEY, 'standards'], queryFn: async () => (await api.get<{ items: Standard[] }>(`${P}/standards`)).items })
}

export function useReviews(kind: ReviewKind) {
  return useQuery({ queryKey: [...KEY, 'reviews', kind], queryFn: () => api.get<Page<Review>>(`${P}/reviews`, { kind, limit: 200 }), placeholderData: keepPreviousData })
}

export function useReview(id: number | undefined) {
  return useQuery({ queryKey: [...KEY, 'review', id], queryFn: () => api.get<ReviewDetail>(`${P}/reviews/${id}`), enabled: id !== undefined })
}

export function useOverdueRequests() {
  return useQuery({ queryKey: [...KEY, 'overdue'], queryFn: () => api.get<Page<Review> & { asOf: string }>(`${P}/ad-hoc-requests/overdue`) })
}

export function useRegister(communeUnitId: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'register', communeUnitId],
    queryFn: async () => (await api.get<{ items: RegisterEntry[] }>(`${P}/households`, { communeUnitId })).items,
    enabled: communeUnitId !== undefined,
  })
}

export interface RateParams {
  readonly layer: 'current' | 'historical'
  readonly fromYear: number
  readonly toYear: number
  readonly kind: string | undefined
}

export function useRates(params: RateParams) {
  return useQuery({ queryKey: [...KEY, 'rates', params], queryFn: () => api.get<RateTable>(`${P}/rates`, { ...params }), placeholderData: keepPreviousData })
}

/** Every poverty mutation refreshes every poverty query: reviews, the register and the rates move together. */
function usePovertyMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) })
}

export const useOpenAnnualReview = () =>
  usePovertyMutation((input: { communeUnitId: number; year: number; openedOn: string }) => api.post<ReviewDetail>(`${P}/reviews`, input))

export const useOpenAdHoc = () =>
  usePovertyMutation((input: { householdId: string; requestedOn: string; openedOn: string }) => api.post<Review>(`${P}/ad-hoc-requests`, input))

export const useRecordSurvey = (reviewId: number) => usePovertyMutation((input: SurveyRequest) => api.post<SurveyOutcome>(`${P}/reviews/${reviewId}/surveys`, input))

/** A preview writes nothing, so it invalidates nothing. */
export const usePreviewSurvey = (reviewId: number) => useMutation({ mutationFn: (input: SurveyRequest) => api.post<SurveyOutcome>(`${P}/reviews/${reviewId}/surveys/preview`, input) })

export const useRecordMeeting = (reviewId: number) =>
  usePovertyMutation((input: { meetingDate: string; attendees: number; agreeing: number }) => api.post<Review>(`${P}/reviews/${reviewId}/meeting`, input))

export const useRecordPosting = (reviewId: number) =>
  usePovertyMutation((input: { postingFrom: string; postingTo: string }) => api.post<Review>(`${P}/reviews/${reviewId}/posting`, input))

export const useDecide = (reviewId: number) =>
  usePovertyMutation((input: { decisionNumber: string; decisionDate: string }) => api.post<Review>(`${P}/reviews/${reviewId}/decision`, input))

export const useCancelReview = (reviewId: number) => usePovertyMutation(() => api.post<Review>(`${P}/reviews/${reviewId}/cancel`))
