// The fee and commission API as the fees page uses it. Money and rates arrive as integer strings
// (đồng, millionths); `basis` is the computation the month-end close stored with each accrual.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'

export interface FeeBasis {
  readonly figures: {
    readonly loans: number
    readonly openingOutstandingDong: string | null
    readonly closingOutstandingDong: string
    readonly overduePrincipalDong: string
    readonly interestCollectedDong: string
    readonly interestReceivableDong: string
  }
  readonly averageOutstandingDong: string
  readonly components: readonly { readonly kind: string; readonly baseDong: string; readonly rateMicros: string; readonly amountDong: string }[]
  readonly factors: { readonly overdueRatioMicros: string; readonly interestCollectionRateMicros: string }
  readonly reductions: readonly { readonly factor: string; readonly valueMicros: string; readonly thresholdMicros: string; readonly payShareMicros: string; readonly triggered: boolean }[]
  readonly payShareMicros: string
  readonly grossDong: string
  readonly netDong: string
}

export interface FeeAccrual {
  readonly id: string
  readonly period: string
  readonly contractId: number
  readonly contractNumber: string
  readonly bankUnitName: string
  readonly payeeKind: 'organisation_unit' | 'group'
  readonly payeeId: string
  readonly payeeName: string | null
  readonly payeeCode: string | null
  readonly basis: FeeBasis
  readonly grossDong: string
  readonly netDong: string
  readonly status: 'accrued' | 'paid'
  readonly paidOn: string | null
}

export function useFeeAccruals(period: string) {
  return useQuery({
    queryKey: ['fees', 'accruals', period],
    queryFn: () => api.get<{ items: FeeAccrual[]; total: number }>('/api/v1/fee-accruals', { period, limit: 1000 }),
    placeholderData: keepPreviousData,
  })
}

/** The workbook of a period's accruals, in the page's language. */
export const exportUrl = (period: string, locale: 'vi' | 'en') => `/api/v1/fee-accruals.xlsx?period=${encodeURIComponent(period)}&locale=${locale}`

/** Millionths as a percentage with a decimal comma, exact: '450' → '0,045 %', '500000' → '50 %'. */
export function formatMicrosPercent(micros: string): string {
  const n = BigInt(micros)
  const whole = n / 10_000n
  const frac = (n % 10_000n).toString().padStart(4, '0').replace(/0+$/, '')
  return `${whole}${frac ? `,${frac}` : ''} %`
}
