// The shapes the API sends, as the browser sees them (instants are ISO strings).
import type { Organisation, Permission, Role, UnitKind } from '../../domain/access/index.js'

export type Locale = 'vi' | 'en'

export interface User {
  readonly id: number
  readonly username: string
  readonly fullName: string
  readonly role: Role
  readonly unitId: number
  readonly unitName: string
  readonly unitKind: UnitKind
  readonly organisation: Organisation | null
  readonly status: 'active' | 'disabled' | 'locked'
  readonly locale: Locale
  readonly createdAt: string
  readonly lastLoginAt: string | null
}

/** The logged-in user with what they may do. */
export interface Me extends User {
  readonly permissions: readonly Permission[]
}

export interface Session {
  readonly user: Me
  readonly csrfToken: string
}

export interface Unit {
  readonly id: number
  readonly parentId: number | null
  readonly kind: UnitKind
  readonly code: string
  readonly name: string
  /** Materialised path of ids, e.g. '/1/4/9/'. */
  readonly path: string
}

export interface Page<T> {
  readonly items: T[]
  readonly total: number
}
