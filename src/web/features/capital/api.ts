// The capital API as the capital page uses it. Money arrives as integer strings of whole đồng,
// shares as millionths.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'

export interface Agreement {
  readonly id: number
  readonly version: number
  readonly number: string
  readonly signedOn: string
  readonly validFrom: string
  readonly validTo: string | null
  readonly legalBasis: string
  readonly bankUnitId: number
  readonly programCodes: readonly string[]
  readonly localPovertyStandard: boolean
  readonly fundShareMicros: number
  readonly reserveShareMicros: number
  readonly bankFeeMicros: number
}

export interface CapitalSource {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly kind: 'central' | 'local'
  readonly ownerUnitName: string | null
  readonly agreement: Agreement | null
}

export interface StatementLine {
  readonly entryId: string
  readonly date: string
  readonly category: string
  readonly description: string
  readonly inDong: string
  readonly outDong: string
}

interface Balance { readonly capitalDong: string; readonly outstandingDong: string; readonly balanceDong: string }

export interface FundStatement {
  readonly source: string
  readonly unitName: string | null
  readonly opening: Balance
  readonly closing: Balance
  readonly totals: Record<string, string>
  readonly inDong: string
  readonly outDong: string
  readonly lines: readonly StatementLine[]
}

export interface EntryDetail {
  readonly postings: readonly { readonly id: string; readonly key: string; readonly amount_dong: string }[]
}

const KEY = ['capital'] as const

export const useSources = () => useQuery({ queryKey: [...KEY, 'funds'], queryFn: async () => (await api.get<{ items: CapitalSource[] }>('/api/v1/capital/funds')).items })

export function useStatement(query: { source: string; from: string; to: string; unitId?: number | undefined } | null) {
  return useQuery({
    queryKey: [...KEY, 'statement', query],
    queryFn: () => api.get<FundStatement>('/api/v1/capital/statement', { ...query! }),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  })
}

export const useEntry = (id: string) => useQuery({ queryKey: [...KEY, 'entry', id], queryFn: () => api.get<EntryDetail>(`/api/v1/capital/entries/${id}`) })

export function useCreateFund() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: unknown) => api.post<{ code: string }>('/api/v1/capital/funds', body),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  })
}

export type MovementKind = 'receipts' | 'allocations' | 'contributions' | 'returns'

export function useMovement(kind: MovementKind) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ body, key }: { body: unknown; key: string }) => api.post<{ entryId: string }>(`/api/v1/capital/movements/${kind}`, body, { idempotencyKey: key }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  })
}

export interface CapitalKind {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly appliesTo: 'any' | 'central' | 'local'
}

export const useCapitalKinds = () => useQuery({ queryKey: [...KEY, 'kinds'], queryFn: async () => (await api.get<{ items: CapitalKind[] }>('/api/v1/capital/kinds')).items })

/** A new dated version of a local fund's agreement (moves no money: no Idempotency-Key). */
export function useAmendAgreement() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: unknown }) => api.post<Agreement>(`/api/v1/capital/funds/${encodeURIComponent(code)}/agreements`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  })
}

export const statementXlsxUrl = (q: { source: string; from: string; to: string; unitId?: number | undefined }, locale: 'vi' | 'en') =>
  `/api/v1/capital/statement.xlsx?source=${encodeURIComponent(q.source)}&from=${q.from}&to=${q.to}${q.unitId ? `&unitId=${q.unitId}` : ''}&locale=${locale}`

/** Millionths as a whole-or-decimal percentage with a decimal comma: 500000 → '50 %'. */
export const microsPercent = (micros: number) => `${(micros / 10_000).toLocaleString('vi-VN')} %`
