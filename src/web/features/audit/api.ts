import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { api } from '../../shared/api-client.js'
import type { Page } from '../../shared/types.js'

export interface AuditEntry {
  readonly id: string
  readonly at: string
  readonly userId: number | null
  readonly username: string | null
  readonly role: string | null
  readonly actorUnitId: number | null
  readonly action: string
  readonly entityType: string
  readonly entityId: string | null
  readonly before: unknown
  readonly after: unknown
  readonly requestId: string | null
  readonly hash: string
}

export interface AuditFilter {
  readonly action?: string | undefined
  readonly entityType?: string | undefined
  readonly username?: string | undefined
  /** ISO instants; `to` is exclusive. */
  readonly from?: string | undefined
  readonly to?: string | undefined
}

export function useAuditLog(filter: AuditFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['audit', filter, page, pageSize],
    queryFn: () => api.get<Page<AuditEntry>>('/api/v1/audit', { ...filter, limit: pageSize, offset: (page - 1) * pageSize }),
    placeholderData: keepPreviousData,
  })
}

export interface ChainReport {
  readonly ok: boolean
  readonly checked: number
  readonly firstBroken?: { readonly id: string; readonly reason: string }
}

/** Walks the whole hash chain on the server: an action the user starts, not a background query. */
export function useVerifyAuditChain() {
  return useMutation({ mutationFn: () => api.get<ChainReport>('/api/v1/audit/verify') })
}
