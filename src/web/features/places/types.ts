// The shapes the places API sends (see src/api/routes/places.ts).
import type { AdminLevel, AreaType, Layer, LinkKind } from '../../../domain/places/index.js'

export type { AdminLevel, AreaType, Layer, LinkKind }

export interface Place {
  readonly layer: Layer
  readonly level: AdminLevel
  readonly code: string
  readonly name: string
  readonly fullName: string
  readonly unitType: string
  readonly areaType: AreaType | null
  readonly parentCode: string | null
  readonly provinceCode: string
  readonly validFrom: string | null
  readonly validTo: string | null
}

export interface ProvinceSummary extends Place {
  readonly districtCount: number
  readonly communeCount: number
}

export interface PlaceListItem extends Place {
  readonly parentName: string | null
  readonly provinceName: string | null
}

export interface LinkedPlace {
  readonly level: string
  readonly code: string
  readonly kind: LinkKind
  readonly fullName: string | null
  readonly unitType: string | null
  readonly parentCode: string | null
  readonly parentName: string | null
}

export interface DistrictSuccessor {
  readonly code: string
  readonly fullName: string | null
  readonly unitType: string | null
  readonly kind: LinkKind
  readonly sharedWithOtherDistricts: boolean
  readonly from: readonly { readonly level: string; readonly code: string; readonly fullName: string | null; readonly kind: LinkKind }[]
}

export interface PlaceDetail {
  readonly place: Place
  readonly province: Place | null
  readonly district: Place | null
  readonly predecessors: readonly LinkedPlace[]
  readonly successors: readonly LinkedPlace[]
  readonly districtSuccessors: readonly DistrictSuccessor[]
  readonly scopeResolution: { readonly resolution: string; readonly historicalCommuneCode: string | null; readonly historicalDistrictCode: string | null } | null
  readonly successorResolution: { readonly resolution: string; readonly newCode: string | null } | null
}

/** Which unit the links panel shows. */
export interface PlaceRef {
  readonly layer: Layer
  readonly level: AdminLevel
  readonly code: string
}
