import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Organisation, Role } from '../../../domain/access/index.js'
import { api } from '../../shared/api-client.js'
import type { Page, User } from '../../shared/types.js'

export interface UserListParams {
  readonly q: string
  readonly role: Role | undefined
  readonly status: 'active' | 'disabled' | undefined
  readonly page: number
  readonly pageSize: number
}

export function useUsers(params: UserListParams) {
  return useQuery({
    queryKey: ['users', params],
    queryFn: () =>
      api.get<Page<User>>('/api/v1/users', {
        q: params.q.trim(),
        role: params.role,
        status: params.status,
        limit: params.pageSize,
        offset: (params.page - 1) * params.pageSize,
      }),
    placeholderData: keepPreviousData,
  })
}

export interface NewUser {
  readonly username: string
  readonly fullName: string
  readonly role: Role
  readonly unitId: number
  readonly organisation: Organisation | null
  readonly password: string
}

/** 201 → the user exists; 202 → creating an administrator waits for a second administrator. */
export type CreateUserOutcome = { readonly kind: 'created'; readonly user: User } | { readonly kind: 'pending_approval'; readonly approvalId: number }

export function useCreateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (input: NewUser): Promise<CreateUserOutcome> => {
      const { status, data } = await api.postWithStatus<User | { approvalId: number }>('/api/v1/users', input)
      return status === 202 ? { kind: 'pending_approval', approvalId: (data as { approvalId: number }).approvalId } : { kind: 'created', user: data as User }
    },
    onSuccess: async (outcome) => {
      await queryClient.invalidateQueries({ queryKey: outcome.kind === 'created' ? ['users'] : ['approvals'] })
    },
  })
}

export function useSetUserStatus() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: 'disable' | 'enable' }) => api.post<User>(`/api/v1/users/${id}/${action}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  })
}
