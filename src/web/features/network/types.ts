// The shapes the network API sends (see src/api/routes/network.ts).
import type { UnitKind } from '../../../domain/access/index.js'

export interface NetworkUnit {
  readonly id: number
  readonly parentId: number | null
  readonly kind: UnitKind
  readonly code: string
  readonly name: string
  readonly path: string
  readonly provinceCode: string | null
  readonly adminCode: string | null
  readonly placeName: string | null
  readonly areaType: 'urban' | 'rural' | null
  readonly formerCommuneCode: string | null
  readonly formerCommuneName: string | null
}

export interface Branch extends NetworkUnit {
  readonly officeCount: number
  readonly communeCount: number
}

export interface TransactionPoint {
  readonly id: number
  readonly communeUnitId: number
  readonly communeName: string
  readonly code: string
  readonly siteName: string
  readonly formerCommuneCode: string | null
  readonly formerCommuneName: string | null
  readonly monthlyDay: number
  readonly startTime: string
  readonly status: 'active' | 'closed'
  readonly createdAt: string
}

export interface TreeNode extends NetworkUnit {
  readonly points: readonly TransactionPoint[]
  readonly formerCommunes: readonly { readonly code: string; readonly fullName: string }[]
}

export interface NetworkTree {
  readonly root: NetworkUnit
  readonly nodes: readonly TreeNode[]
  readonly truncated: boolean
}

export interface UnservedCommune {
  readonly code: string
  readonly fullName: string
  readonly unitType: string
  readonly areaType: 'urban' | 'rural' | null
}

export interface ProvinceOption {
  readonly code: string
  readonly fullName: string
  readonly name: string
}
