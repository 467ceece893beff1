// The reports API as the reports page uses it. Money arrives as integer strings of whole đồng,
// ratios as basis points of a percent (1,23% = 123).
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'

export interface ReportColumn {
  readonly key: string
  readonly vi: string
  readonly en: string
  readonly kind: 'text' | 'money' | 'count' | 'ratio'
}

export type Row = Readonly<Record<string, string | number | null>>

export interface ReportTable {
  readonly key: string
  readonly vi: string
  readonly en: string
  readonly columns: readonly ReportColumn[]
  readonly rows: readonly Row[]
  readonly totals: Row | null
}

export interface Report {
  readonly name: string
  readonly vi: string
  readonly en: string
  readonly source: string
  readonly params: Readonly<Record<string, string | number | null>>
  readonly tables: readonly ReportTable[]
  readonly notes: readonly { readonly vi: string; readonly en: string }[]
}

export interface ReportQuery {
  readonly name: string
  readonly unitId?: number | undefined
  readonly date?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly by?: string | undefined
  readonly source?: string | undefined
  readonly year?: number | undefined
  readonly quarter?: number | undefined
}

const params = ({ name: _name, ...q }: ReportQuery) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as Record<string, string | number>

export function useReport(query: ReportQuery | null) {
  return useQuery({
    queryKey: ['reports', query],
    queryFn: () => api.get<Report>(`/api/v1/reports/${query!.name}`, params(query!)),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    retry: false,
  })
}

/** The same report as a file: `.xlsx` or `.pdf`, headings in the given language. */
export function reportFileUrl(query: ReportQuery, format: 'xlsx' | 'pdf', locale: 'vi' | 'en'): string {
  const search = new URLSearchParams({ ...Object.fromEntries(Object.entries(params(query)).map(([k, v]) => [k, String(v)])), locale })
  return `/api/v1/reports/${query.name}.${format}?${search.toString()}`
}
