// The groups API as the pages use it: queries and mutations; every change refreshes the groups.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Organisation } from '../../../domain/access/index.js'
import { api } from '../../shared/api-client.js'
import type { Page } from '../../shared/types.js'
import type {
  Contract, FeeTermsJson, Grade, GradeRunReport, GroupDetail, GroupStatus, GroupSummary, HouseholdOption, MembershipOutcome, OfficerRole, OrganisationLevel, OrganisationUnit, PointOption,
} from './types.js'

const KEY = ['groups'] as const

export interface GroupListParams {
  readonly q: string
  readonly communeUnitId: number | undefined
  readonly transactionPointId: number | undefined
  readonly organisation: Organisation | undefined
  readonly grade: Grade | 'ungraded' | undefined
  readonly status: GroupStatus | undefined
  readonly page: number
  readonly pageSize: number
}

export function useGroups(params: GroupListParams) {
  return useQuery({
    queryKey: [...KEY, 'list', params],
    queryFn: () =>
      api.get<Page<GroupSummary>>('/api/v1/groups', {
        q: params.q.trim(), communeUnitId: params.communeUnitId, transactionPointId: params.transactionPointId, organisation: params.organisation,
        grade: params.grade, status: params.status, limit: params.pageSize, offset: (params.page - 1) * params.pageSize,
      }),
    placeholderData: keepPreviousData,
  })
}

/** The active groups of a commune (the targets of a move). */
export function useCommuneGroups(communeUnitId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'commune', communeUnitId],
    queryFn: async () => (await api.get<Page<GroupSummary>>('/api/v1/groups', { communeUnitId, status: 'active', limit: 500 })).items,
    enabled: enabled && communeUnitId !== undefined,
  })
}

export function useGroup(id: string) {
  return useQuery({ queryKey: [...KEY, 'detail', id], queryFn: () => api.get<GroupDetail>(`/api/v1/groups/${id}`) })
}

export function usePoints(enabled = true) {
  return useQuery({ queryKey: ['network', 'points', 'all'], queryFn: async () => (await api.get<{ items: PointOption[] }>('/api/v1/network/points', { status: 'active' })).items, enabled })
}

export function useOrganisationUnits(enabled = true) {
  return useQuery({ queryKey: [...KEY, 'organisation-units'], queryFn: async () => (await api.get<{ items: OrganisationUnit[] }>('/api/v1/organisation-units')).items, enabled })
}

export function useContracts() {
  return useQuery({ queryKey: [...KEY, 'contracts'], queryFn: async () => (await api.get<{ items: Contract[] }>('/api/v1/entrustment-contracts')).items })
}

export function usePrograms(enabled: boolean) {
  return useQuery({ queryKey: ['programs', 'options'], queryFn: async () => (await api.get<{ items: { code: string; nameVi: string; nameEn: string }[] }>('/api/v1/programs')).items, enabled })
}

/** Households of a commune matching what was typed (name, code or CCCD), for the add-member dialog. */
export function useHouseholdSearch(communeUnitId: number, q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['households', 'search', communeUnitId, q],
    queryFn: async () => (await api.get<Page<HouseholdOption>>('/api/v1/households', { communeUnitId, q: q.trim(), status: 'active', limit: 20 })).items,
    enabled,
    placeholderData: keepPreviousData,
  })
}

function useGroupsMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient()
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) })
}

export interface NewGroup {
  readonly communeUnitId: number
  readonly name: string
  readonly code: string | null
  readonly villageUnitId: number | null
  readonly transactionPointId: number
  readonly organisationUnitId: number
  readonly foundingDecisionNumber: string
  readonly foundingDecisionDate: string
}

export const useCreateGroup = () => useGroupsMutation((input: NewGroup) => api.post<GroupDetail>('/api/v1/groups', input))
export const useAddMember = () =>
  useGroupsMutation(({ groupId, ...body }: { groupId: string; householdId: string; joinedOn: string | null; note: string | null }) => api.post<MembershipOutcome>(`/api/v1/groups/${groupId}/members`, body))
export const useMoveMember = () =>
  useGroupsMutation(({ groupId, householdId, ...body }: { groupId: string; householdId: string; toGroupId: string; on: string | null; note: string | null }) =>
    api.post<MembershipOutcome & { target: GroupSummary }>(`/api/v1/groups/${groupId}/members/${householdId}/move`, body))
export const useLeaveGroup = () =>
  useGroupsMutation(({ groupId, householdId, ...body }: { groupId: string; householdId: string; on: string | null; reason: 'left' | 'household_ended'; note: string | null }) =>
    api.post<MembershipOutcome>(`/api/v1/groups/${groupId}/members/${householdId}/leave`, body))
export const useAssignOfficer = () =>
  useGroupsMutation(({ groupId, ...body }: { groupId: string; role: OfficerRole; personId: string; from: string | null }) => api.post<GroupDetail>(`/api/v1/groups/${groupId}/officers`, body))
export const useChangeStatus = () =>
  useGroupsMutation(({ groupId, ...body }: { groupId: string; status: GroupStatus; on: string | null; reason: string }) => api.post<GroupDetail>(`/api/v1/groups/${groupId}/status`, body))
export const useComputeGrades = () => useGroupsMutation((body: { period: string }) => api.post<GradeRunReport>('/api/v1/groups/grades/compute', body))
export const useCreateOrganisationUnit = () =>
  useGroupsMutation((body: { organisation: Organisation; level: OrganisationLevel; bankUnitId: number; parentId: number | null; name: string }) => api.post<OrganisationUnit>('/api/v1/organisation-units', body))
export const useCreateContract = () =>
  useGroupsMutation((body: {
    number: string; bankUnitId: number; organisationUnitId: number; signedOn: string; validFrom: string; validTo: string | null; communeUnitIds: number[]; programCodes: string[]
    feeTerms: { legalBasis: string; terms: FeeTermsJson }
  }) => api.post<Contract>('/api/v1/entrustment-contracts', body))

/** A person of a member household, to appoint as leader or deputy. */
export function useHouseholdMembers(householdId: string | undefined) {
  return useQuery({
    queryKey: ['households', 'detail', householdId],
    queryFn: () => api.get<{ members: { personId: string; fullName: string; relation: string }[] }>(`/api/v1/households/${householdId}`),
    enabled: householdId !== undefined,
  })
}
