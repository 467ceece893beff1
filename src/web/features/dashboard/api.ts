import { useQuery } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'

export interface Health {
  readonly status: string
  readonly version: string
  readonly database: { readonly backend: string; readonly server: string; readonly pingMs: number }
}

export function useHealth() {
  return useQuery({ queryKey: ['health'], queryFn: () => api.get<Health>('/api/health'), refetchInterval: 60_000 })
}

// ---- the board dashboard (issue #7). Money and counts arrive as integer strings, ratios as basis points. ----

export interface Change {
  readonly previous: string | null
  readonly delta: string | null
}

export interface KeyFigure {
  readonly key: string
  readonly kind: 'money' | 'count' | 'ratio'
  readonly value: string
  readonly previousMonth: Change
  readonly sameMonthLastYear: Change
}

export interface DashboardUnit {
  readonly id: number
  readonly code: string
  readonly name: string
  readonly kind: string
}

export interface BoardDashboard {
  readonly unit: DashboardUnit
  readonly provinceCode: string | null
  readonly breadcrumb: readonly DashboardUnit[]
  readonly date: string
  readonly period: string
  readonly periodEnd: string
  readonly keyFigures: readonly KeyFigure[]
  readonly povertyTrend: readonly { year: number; at: string; poor: string; households: string; rateBp: number }[]
  readonly byProgram: readonly { programCode: string; nameVi: string; nameEn: string; outstanding: string; overdue: string; borrowers: string; loans: string }[]
  readonly overdueTrend: readonly { period: string; outstanding: string; overdue: string; overdueRatioBp: number }[]
  readonly children: readonly { unitId: number; code: string; name: string; kind: string; outstanding: string; overdue: string; overdueRatioBp: number; borrowers: string }[]
  readonly groups: readonly { groupId: string | null; name: string | null; outstanding: string; overdue: string; overdueRatioBp: number; borrowers: string; loans: string }[]
  readonly planVsActual: { readonly year: number; readonly lines: readonly { programCode: string; allocatedDong: string | null; disbursedDong: string; outstandingDong: string }[] } | null
}

export interface GroupLoans {
  readonly group: { readonly id: string; readonly name: string; readonly communeUnitId: number; readonly communeName: string }
  readonly period: string
  readonly periodEnd: string
  readonly loans: readonly { loanId: string; borrower: string; programCode: string; contractDate: string; inTerm: string; overdue: string; frozen: string; outstanding: string }[]
}

export function useBoardDashboard(unitId: number | undefined, date: string | undefined) {
  return useQuery({ queryKey: ['dashboards', 'board', unitId ?? null, date ?? null], queryFn: () => api.get<BoardDashboard>('/api/v1/dashboards/board', { unitId, date }), retry: false })
}

export function useGroupLoans(groupId: string | undefined, date: string | undefined) {
  return useQuery({
    queryKey: ['dashboards', 'group-loans', groupId ?? null, date ?? null], enabled: groupId !== undefined,
    queryFn: () => api.get<GroupLoans>(`/api/v1/dashboards/groups/${groupId}/loans`, { date }), retry: false,
  })
}
