// The one way the web app talks to the API: JSON, same-origin cookies, the CSRF header on every
// state-changing request, and errors turned into ApiError with the server's bilingual message.

export interface ApiErrorBody {
  readonly code: string
  readonly message: { readonly vi: string; readonly en: string }
  readonly details: unknown
  readonly requestId: string | null
}

export interface FieldIssue {
  readonly path: string
  /** English. */
  readonly message: string
  readonly messageVi?: string
  readonly code: string
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly messages: { readonly vi: string; readonly en: string }
  readonly details: unknown
  readonly requestId: string | null

  constructor(status: number, body: ApiErrorBody) {
    super(`${status} ${body.code}: ${body.message.en}`)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code
    this.messages = body.message
    this.details = body.details
    this.requestId = body.requestId
  }

  /** The per-field issues of a `validation_failed` response, if any. */
  get issues(): readonly FieldIssue[] {
    const issues = (this.details as { issues?: unknown } | null)?.issues
    return Array.isArray(issues) ? (issues as FieldIssue[]) : []
  }
}

let csrfToken: string | undefined
let onNotAuthenticated: (() => void) | undefined

/** Remembers the session's CSRF token (from login or /me); undefined after logout. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token
}

/** Called when any request other than login answers 401 not_authenticated: the session is gone. */
export function setNotAuthenticatedHandler(handler: (() => void) | undefined): void {
  onNotAuthenticated = handler
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'
export type Query = Record<string, string | number | undefined | null>

function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

/** Headers a caller may add: the Idempotency-Key of a money-moving request. */
export interface RequestOptions {
  readonly idempotencyKey?: string
}

async function request<T>(method: Method, path: string, body?: unknown, query?: Query, options: RequestOptions = {}): Promise<{ status: number; data: T }> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  const response = await fetch(withQuery(path, query), {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const parsed: unknown = text ? JSON.parse(text) : undefined
  if (!response.ok) {
    const errorBody = isErrorBody(parsed)
      ? parsed
      : { code: 'http_error', message: { vi: `Lỗi máy chủ (HTTP ${response.status}).`, en: `Server error (HTTP ${response.status}).` }, details: null, requestId: null }
    const error = new ApiError(response.status, errorBody)
    if (error.status === 401 && error.code === 'not_authenticated' && !path.endsWith('/auth/login') && !path.endsWith('/auth/me')) onNotAuthenticated?.()
    throw error
  }
  return { status: response.status, data: parsed as T }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  const v = value as Partial<ApiErrorBody> | null | undefined
  return typeof v?.code === 'string' && typeof v.message?.vi === 'string' && typeof v.message.en === 'string'
}

export const api = {
  get: async <T>(path: string, query?: Query): Promise<T> => (await request<T>('GET', path, undefined, query)).data,
  post: async <T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> => (await request<T>('POST', path, body ?? {}, undefined, options)).data,
  /** A POST whose status matters (e.g. 201 created vs 202 sent for approval). */
  postWithStatus: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: async <T>(path: string, body?: unknown): Promise<T> => (await request<T>('PUT', path, body ?? {})).data,
}
