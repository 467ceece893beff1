// The public figures of a province (no login): aggregates of the latest closed month-end.
import { useQuery } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'

export interface PublicProvince {
  readonly provinceCode: string
  readonly name: string
  readonly period: string | null
  readonly periodEnd: string | null
  readonly outstandingDong: string
  readonly overdueDong: string
  readonly overdueRatioBp: number
  readonly borrowers: string
  readonly loans: string
  readonly outstandingChangeVsPreviousMonthDong: string | null
  readonly byProgram: readonly { programCode: string; nameVi: string; nameEn: string; outstandingDong: string; borrowers: string }[]
  readonly overdueTrend: readonly { period: string; overdueRatioBp: number }[]
  readonly povertyTrend: readonly { year: number; rateBp: number }[]
  readonly communes: readonly { name: string; outstandingDong: string; borrowers: string; overdueRatioBp: number }[]
}

export function usePublicProvince(code: string) {
  return useQuery({ queryKey: ['public', 'province', code], queryFn: () => api.get<PublicProvince>(`/api/public/provinces/${encodeURIComponent(code)}`), retry: false })
}
