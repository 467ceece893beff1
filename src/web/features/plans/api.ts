// The capital plan API as the plans page uses it. Money arrives as integer strings of đồng.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'

export interface PlanLine {
  readonly id: string
  readonly unitId: number
  readonly unitName: string
  readonly unitKind: string
  readonly year: number
  readonly quarter: number | null
  readonly programCode: string
  readonly capitalSourceCode: string | null
  readonly amountDong: string
  readonly validFrom: string
  readonly supersedesId: string | null
  readonly supersededById: string | null
  readonly decisionNumber: string
  readonly legalBasis: string
  readonly note: string | null
  readonly createdBy: string | null
}

export interface PlanActualLine {
  readonly unitId: number
  readonly unitName: string
  readonly unitKind: string
  readonly depth: number
  readonly programCode: string
  readonly capitalSourceCode: string | null
  readonly lineId: string | null
  readonly validFrom: string | null
  readonly decisionNumber: string | null
  readonly allocatedDong: string | null
  readonly disbursedDong: string
  readonly collectedDong: string
  readonly outstandingDong: string
  readonly roomDong: string | null
}

export interface PlanTargetActual {
  readonly id: string
  readonly unit_id: number
  readonly unit_name: string
  readonly program_code: string | null
  readonly turnover_dong: string
  readonly collection_dong: string
  readonly households_out_of_poverty: number
  readonly students: number
  readonly workers: number
  readonly water_works: number
  readonly houses: number
  readonly valid_from: string
  readonly disbursed_dong: string
  readonly collected_dong: string
}

export interface PlanActual {
  readonly asOf: string
  readonly lines: readonly PlanActualLine[]
  readonly targets: readonly PlanTargetActual[]
}

/** The period a page shows: a year, or one of its quarters. */
export interface PeriodQuery {
  readonly year: number
  readonly quarter: number | null
  readonly asOf: string
}

const KEY = ['plans'] as const
const periodParams = (p: PeriodQuery) => ({ year: p.year, quarter: p.quarter ?? undefined, asOf: p.asOf })

export function usePlanActual(p: PeriodQuery) {
  return useQuery({ queryKey: [...KEY, 'actual', p], queryFn: () => api.get<PlanActual>('/api/v1/plans/actual', periodParams(p)), placeholderData: keepPreviousData })
}

export function usePlanLines(year: number, quarter: number | null) {
  return useQuery({
    queryKey: [...KEY, 'lines', year, quarter],
    queryFn: async () => (await api.get<{ items: PlanLine[] }>('/api/v1/plans/lines', { year, quarter: quarter ?? 'year' })).items,
  })
}

export function usePlanPrograms() {
  return useQuery({
    queryKey: [...KEY, 'programs'],
    queryFn: async () => (await api.get<{ items: { code: string; nameVi: string; nameEn: string; active: boolean }[] }>('/api/v1/programs')).items,
    staleTime: 300_000,
  })
}

export interface NewPlanLine {
  readonly unitId: number
  readonly year: number
  readonly quarter: number | null
  readonly programCode: string
  readonly amountDong: string
  readonly validFrom?: string
  readonly decisionNumber: string
  readonly legalBasis: string
  readonly note?: string | null
}

export interface PlanRevision {
  readonly amountDong: string
  readonly validFrom: string
  readonly decisionNumber: string
  readonly legalBasis: string
  readonly note?: string | null
}

/** Creates a line, or revises `lineId` when given; refreshes the lines and plan vs actual. */
export function useSavePlanLine() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { lineId: string; body: PlanRevision } | { lineId?: undefined; body: NewPlanLine }) =>
      input.lineId ? api.post<{ id: string }>(`/api/v1/plans/lines/${input.lineId}/revisions`, input.body) : api.post<{ id: string }>('/api/v1/plans/lines', input.body),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  })
}

export const exportUrl = (p: PeriodQuery, locale: 'vi' | 'en') =>
  `/api/v1/plans/actual.xlsx?year=${p.year}${p.quarter ? `&quarter=${p.quarter}` : ''}&asOf=${p.asOf}&locale=${locale}`

/** One version of a unit's targets for a year (turnover, collection, outcomes). */
export interface PlanTargets {
  readonly id: string
  readonly unitId: number
  readonly unitName: string
  readonly year: number
  readonly programCode: string | null
  readonly turnoverDong: string
  readonly collectionDong: string
  readonly householdsOutOfPoverty: number
  readonly students: number
  readonly workers: number
  readonly waterWorks: number
  readonly houses: number
  readonly validFrom: string
  readonly supersedesId: string | null
  readonly decisionNumber: string
  readonly legalBasis: string
}

/** What a new version of a unit's targets carries: the targets without what the server assigns. */
export type NewPlanTargets = Omit<PlanTargets, 'id' | 'unitName' | 'validFrom' | 'supersedesId'> & { readonly validFrom?: string }

export function usePlanTargets(year: number) {
  return useQuery({ queryKey: [...KEY, 'targets', year], queryFn: async () => (await api.get<{ items: PlanTargets[] }>('/api/v1/plans/targets', { year })).items })
}

/** Records a new version of a unit's targets; refreshes the targets and plan vs actual. */
export function useSavePlanTargets() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: NewPlanTargets) => api.post<{ id: string }>('/api/v1/plans/targets', body),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  })
}

/** One version of the plan control rule: national (provinceCode null) or for a province. */
export interface PlanRule {
  readonly id: number
  readonly provinceCode: string | null
  readonly validFrom: string
  readonly onExceed: 'warn' | 'block'
  readonly legalBasis: string
}

export function usePlanRules() {
  return useQuery({ queryKey: [...KEY, 'rules'], queryFn: async () => (await api.get<{ items: PlanRule[] }>('/api/v1/plans/rules')).items })
}

export function useSavePlanRule() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { provinceCode: string | null; validFrom: string; onExceed: 'warn' | 'block'; legalBasis: string }) => api.post<{ id: number }>('/api/v1/plans/rules', body),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  })
}

/** The version of each rule (national, each province) in force on a date, the latest first within each. */
export function rulesInForce(rules: readonly PlanRule[], date: string): PlanRule[] {
  const byScope = new Map<string, PlanRule>()
  for (const r of rules) {
    if (r.validFrom > date) continue
    const scope = r.provinceCode ?? ''
    const held = byScope.get(scope)
    if (!held || held.validFrom < r.validFrom) byScope.set(scope, r)
  }
  return [...byScope.values()].sort((a, b) => (a.provinceCode ?? '').localeCompare(b.provinceCode ?? ''))
}
