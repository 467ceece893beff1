/** The two address layers: before and after the reorganisation of 01/07/2025. */
export const LAYERS = ['current', 'historical'] as const
export type Layer = (typeof LAYERS)[number]

export const ADMIN_LEVELS = ['province', 'district', 'commune'] as const
export type AdminLevel = (typeof ADMIN_LEVELS)[number]

export type AreaType = 'urban' | 'rural'
/** How an old unit went into a new one: wholly, or a part of it (the rest went elsewhere). */
export type LinkKind = 'full' | 'partial'

/** The first day of the current layer (Nghị quyết 202/2025/QH15: 34 provinces, no districts). */
export const CURRENT_LAYER_FROM = '2025-07-01'
/** The last day of the historical layer (63 provinces, 696 districts, about 10,000 communes). */
export const HISTORICAL_LAYER_TO = '2025-06-30'

/** GSO codes have a fixed width per level: province 2 digits, district 3, commune 5. */
export const CODE_WIDTH: Readonly<Record<AdminLevel, number>> = { province: 2, district: 3, commune: 5 }

/** One administrative unit as stored in `admin_units`. */
export interface AdminUnitRecord {
  readonly layer: Layer
  readonly level: AdminLevel
  readonly code: string
  /** The name without its type word: 'Phúc Xá' (full name 'Phường Phúc Xá'). */
  readonly name: string
  readonly fullName: string
  readonly unitType: string
  /** Communes only: urban (phường, thị trấn) or rural (xã, đặc khu). */
  readonly areaType: AreaType | null
  readonly parentCode: string | null
  readonly provinceCode: string
  readonly validFrom: string | null
  readonly validTo: string | null
}

/** One crosswalk link: a current unit and one historical unit merged (wholly or partly) into it. */
export interface CrosswalkLink {
  readonly newLevel: 'province' | 'commune'
  readonly newCode: string
  readonly oldLevel: AdminLevel
  readonly oldCode: string
  readonly kind: LinkKind
}

/** What a places file turned out to be, by its content. */
export const PLACES_SOURCES = ['current_json', 'historical_json', 'crosswalk_json', 'gso_sheet_current', 'gso_sheet_historical'] as const
export type PlacesSource = (typeof PLACES_SOURCES)[number]

export type ParsedPlacesFile =
  | { readonly kind: 'units'; readonly source: PlacesSource; readonly layer: Layer; readonly units: readonly AdminUnitRecord[] }
  | { readonly kind: 'crosswalk'; readonly source: 'crosswalk_json'; readonly links: readonly CrosswalkLink[] }

/** A file with more records than this is refused before anything is parsed further. */
export const MAX_PLACES_RECORDS = 200_000
