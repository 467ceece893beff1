// The takeover API as the takeover page uses it: a multipart upload (dry run or post). Money
// arrives as integer strings of whole đồng.
import { useMutation } from '@tanstack/react-query'
import { ApiError, type ApiErrorBody } from '../../shared/api-client.js'

export const TEMPLATE_XLSX_URL = '/api/v1/capital/takeovers/template.xlsx'
export const TEMPLATE_CSV_URL = '/api/v1/capital/takeovers/template.csv'

export interface TakeoverCheck {
  readonly check: string
  readonly statedDong: string
  readonly computedDong: string
  readonly differenceDong: string
}

export interface TakeoverRowError {
  readonly row: number
  readonly column: string | null
  readonly code: string
  readonly message: { readonly vi: string; readonly en: string }
}

export interface TakeoverReport {
  readonly status: 'checked' | 'posted' | 'already_posted'
  readonly ok: boolean
  readonly runId: string | null
  readonly rows: number
  readonly loanCount: number
  readonly checks: readonly TakeoverCheck[]
  readonly errorCount: number
  readonly errors: readonly TakeoverRowError[]
}

export interface TakeoverRequest {
  readonly file: File
  readonly capitalSource: string
  readonly takeoverDate: string
  readonly capitalDong: string
  readonly outstandingDong: string
  readonly fundBalanceDong: string
  readonly overdueDong: string
  readonly dryRun: boolean
  /** Only for a post: the same submission retried sends the same key. */
  readonly idempotencyKey?: string
}

/** Uploads the file; a refusal that carries the report (rows, totals) comes back as the report. */
export function useTakeover(csrfToken: string) {
  return useMutation({
    mutationFn: async (r: TakeoverRequest): Promise<TakeoverReport> => {
      const form = new FormData()
      form.set('file', r.file)
      for (const key of ['capitalSource', 'takeoverDate', 'capitalDong', 'outstandingDong', 'fundBalanceDong', 'overdueDong'] as const) form.set(key, r[key])
      form.set('dryRun', r.dryRun ? 'true' : 'false')
      const headers: Record<string, string> = { accept: 'application/json', 'x-csrf-token': csrfToken }
      if (r.idempotencyKey) headers['idempotency-key'] = r.idempotencyKey
      const response = await fetch('/api/v1/capital/takeovers', { method: 'POST', body: form, credentials: 'same-origin', headers })
      const body = (await response.json().catch(() => null)) as unknown
      if (!response.ok) {
        const error = body as ApiErrorBody | null
        if (error?.code === 'takeover_rejected' || error?.code === 'takeover_totals_mismatch') return error.details as TakeoverReport
        throw new ApiError(response.status, error?.code ? error : { code: 'http_error', message: { vi: `Lỗi máy chủ (HTTP ${response.status}).`, en: `Server error (HTTP ${response.status}).` }, details: null, requestId: null })
      }
      return body as TakeoverReport
    },
  })
}
