// The household registry's API as the pages use it: queries, mutations and the file upload.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Relation } from '../../../domain/households/index.js'
import { api, ApiError, type ApiErrorBody } from '../../shared/api-client.js'
import type { Page } from '../../shared/types.js'

export type HouseholdStatus = 'active' | 'split' | 'merged' | 'dissolved'
export type Sex = 'male' | 'female'

export interface HouseholdSummary {
  readonly id: string
  readonly code: string
  readonly status: HouseholdStatus
  readonly communeUnitId: number
  readonly communeName: string
  readonly communeCode: string | null
  readonly villageUnitId: number | null
  readonly villageName: string | null
  readonly address: string | null
  readonly residenceType: 'rural' | 'urban'
  readonly formedOn: string
  readonly endedOn: string | null
  readonly headPersonId: string | null
  readonly headName: string | null
  readonly headCitizenId: string | null
}

export interface HouseholdListItem extends HouseholdSummary {
  readonly memberCount: number
}

export interface Member {
  readonly personId: string
  readonly fullName: string
  readonly relation: Relation
  readonly citizenId: string | null
  readonly birthDate: string | null
  readonly ageYears: number | null
  readonly sex: Sex | null
  readonly ethnicity: string | null
  readonly phone: string | null
  readonly healthInsured: boolean | null
  readonly inSchool: boolean | null
  readonly joinedOn: string
  readonly leftOn: string | null
}

export interface HouseholdEvent {
  readonly id: string
  readonly kind: string
  readonly onDate: string
  readonly sources: readonly { readonly id: string; readonly code: string | null }[]
  readonly targets: readonly { readonly id: string; readonly code: string | null }[]
  readonly persons: readonly { readonly id: string; readonly fullName: string | null }[]
  readonly note: string | null
  readonly createdByName: string | null
  readonly createdAt: string
}

export interface HouseholdDetail extends HouseholdSummary {
  readonly provinceCode: string
  readonly members: readonly Member[]
  readonly formerMembers: readonly Member[]
  readonly classHistory: readonly { class: string; effectiveFrom: string; decisionNumber: string; decisionDate: string; standardCode: string | null }[]
  readonly assessments: readonly { id: string; surveyedOn: string; resultClass: string; incomePerPersonMonthDong: string; deprivationCount: number; standardCode: string | null }[]
  readonly events: readonly HouseholdEvent[]
}

export interface HouseholdListParams {
  readonly q: string
  readonly villageUnitId: number | undefined
  readonly status: HouseholdStatus | undefined
  readonly page: number
  readonly pageSize: number
}

export function useHouseholds(params: HouseholdListParams) {
  return useQuery({
    queryKey: ['households', 'list', params],
    queryFn: () =>
      api.get<Page<HouseholdListItem>>('/api/v1/households', {
        q: params.q.trim(),
        villageUnitId: params.villageUnitId,
        status: params.status,
        limit: params.pageSize,
        offset: (params.page - 1) * params.pageSize,
      }),
    placeholderData: keepPreviousData,
  })
}

export function useHousehold(id: string) {
  return useQuery({ queryKey: ['households', 'detail', id], queryFn: () => api.get<HouseholdDetail>(`/api/v1/households/${id}`) })
}

export interface PersonInput {
  readonly fullName: string
  readonly birthDate: string | null
  readonly sex: Sex | null
  readonly ethnicity: string | null
  readonly citizenId: string | null
  readonly phone: string | null
  readonly healthInsured: boolean | null
  readonly inSchool: boolean | null
}

export interface MemberInput extends PersonInput {
  readonly relation: Relation
}

export interface NewHousehold {
  readonly communeUnitId: number
  readonly villageUnitId: number | null
  readonly code: string | null
  readonly address: string | null
  readonly members: readonly MemberInput[]
}

function useHouseholdMutation<I>(call: (input: I) => Promise<HouseholdDetail>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: call,
    onSuccess: async (detail) => {
      queryClient.setQueryData(['households', 'detail', detail.id], detail)
      await queryClient.invalidateQueries({ queryKey: ['households', 'list'] })
    },
  })
}

export const useCreateHousehold = () => useHouseholdMutation((input: NewHousehold) => api.post<HouseholdDetail>('/api/v1/households', input))

export const useUpdateHousehold = () =>
  useHouseholdMutation(({ id, ...body }: { id: string; address: string | null; villageUnitId: number | null }) => api.put<HouseholdDetail>(`/api/v1/households/${id}`, body))

export const useAddMember = () =>
  useHouseholdMutation(({ id, member, joinedOn }: { id: string; member: MemberInput; joinedOn: string | null }) => api.post<HouseholdDetail>(`/api/v1/households/${id}/members`, { member, joinedOn }))

export const useRemoveMember = () =>
  useHouseholdMutation(({ id, personId, note }: { id: string; personId: string; note: string | null }) => api.post<HouseholdDetail>(`/api/v1/households/${id}/members/${personId}/remove`, { note }))

export const useChangeHead = () =>
  useHouseholdMutation(({ id, personId, formerHeadRelation }: { id: string; personId: string; formerHeadRelation: Relation }) =>
    api.post<HouseholdDetail>(`/api/v1/households/${id}/head`, { personId, formerHeadRelation }))

export const useDissolveHousehold = () =>
  useHouseholdMutation(({ id, note }: { id: string; note: string | null }) => api.post<HouseholdDetail>(`/api/v1/households/${id}/dissolve`, { note }))

export const TEMPLATE_URL = '/api/v1/households/import-template.xlsx'

export interface ImportSummary {
  readonly fileName: string
  readonly format: 'xlsx' | 'csv'
  readonly rows: number
  readonly households: number
  readonly members: number
  readonly communes: readonly { readonly unitId: number; readonly name: string; readonly households: number }[]
}

export interface ImportRowError {
  readonly row: number
  readonly column: string | null
  readonly code: string
  readonly message: { readonly vi: string; readonly en: string }
}

/** The details of a 422 import_rejected. */
export interface ImportRejection {
  readonly fileName: string
  readonly rows: number
  readonly errorCount: number
  readonly errors: readonly ImportRowError[]
}

/**
 * Uploads a registry file as multipart form data. The shared client speaks JSON only, so this one
 * request is made here, with the same CSRF header and the same error shape.
 */
export function useImportHouseholds(csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async ({ file, communeUnitId }: { file: File; communeUnitId: number | undefined }): Promise<ImportSummary> => {
      const form = new FormData()
      form.set('file', file)
      if (communeUnitId !== undefined) form.set('communeUnitId', String(communeUnitId))
      const response = await fetch('/api/v1/households/import', { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', 'x-csrf-token': csrfToken } })
      const body = (await response.json().catch(() => null)) as unknown
      if (!response.ok) {
        const error = body as ApiErrorBody | null
        throw new ApiError(response.status, error?.code ? error : { code: 'http_error', message: { vi: `Lỗi máy chủ (HTTP ${response.status}).`, en: `Server error (HTTP ${response.status}).` }, details: null, requestId: null })
      }
      return body as ImportSummary
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['households', 'list'] }),
  })
}
