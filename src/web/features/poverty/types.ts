// The poverty API's shapes as the browser sees them: money as integer strings, dates 'YYYY-MM-DD'.
import type { AreaType, HouseholdClass, ReviewKind, ReviewStatus, StandardScope } from '../../../domain/poverty/index.js'

export type { AreaType, HouseholdClass, ReviewKind, ReviewStatus, StandardScope }

export interface Lines {
  readonly rural: string
  readonly urban: string
}

export interface IndicatorJson {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly deprivedIfVi: string
  readonly deprivedIfEn: string
  readonly derivation: { readonly kind: string } | null
}

export interface DimensionJson {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly indicators: readonly IndicatorJson[]
}

export interface Standard {
  readonly id: number
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly scope: StandardScope
  readonly provinceCode: string | null
  readonly validFrom: string
  readonly validTo: string | null
  readonly legalBasis: string
  readonly indicatorCount: number
  readonly inForceToday: boolean
  readonly rules: {
    readonly incomeLinesDong: Lines
    readonly averageLivingLinesDong: Lines | null
    readonly note: string | null
    readonly dimensions: readonly DimensionJson[]
    readonly classification: { readonly poorMinDeprivations: number; readonly poorIncomeLinesDong?: Lines }
  }
}

export interface Review {
  readonly id: number
  readonly kind: ReviewKind
  readonly communeUnitId: number
  readonly communeName: string
  readonly year: number
  readonly status: ReviewStatus
  readonly householdId: string | null
  readonly requestedOn: string | null
  readonly dueOn: string | null
  readonly overdue: boolean
  readonly openedOn: string
  readonly meetingDate: string | null
  readonly attendees: number | null
  readonly agreeing: number | null
  readonly postingFrom: string | null
  readonly postingTo: string | null
  readonly decisionNumber: string | null
  readonly decisionDate: string | null
  readonly assessedCount: number
}

export interface Bilingual {
  readonly vi: string
  readonly en: string
}

export interface IndicatorOutcome {
  readonly code: string
  readonly deprived: boolean
  readonly source: 'derived' | 'answered'
  readonly answered: boolean | null
  readonly reason: Bilingual
}

export interface Assessment {
  readonly id: string
  readonly householdId: string
  readonly standardCode: string
  readonly areaType: AreaType
  readonly incomePerPersonMonthDong: string
  readonly deprivationCount: number
  readonly resultClass: HouseholdClass
  readonly surveyedOn: string
  readonly indicators: readonly IndicatorOutcome[]
  readonly inputs: { readonly reasons?: readonly Bilingual[]; readonly floorAreaM2?: number | null; readonly answers?: Record<string, boolean> }
}

export interface ReviewHousehold {
  readonly householdId: string
  readonly code: string
  readonly headName: string | null
  readonly address: string | null
  readonly villageName: string | null
  readonly residenceType: AreaType
  readonly status: string
  readonly currentClass: HouseholdClass | null
  readonly assessment: Assessment | null
}

export interface ReviewDetail {
  readonly review: Review
  readonly households: readonly ReviewHousehold[]
}

export interface SurveyOutcome {
  readonly householdId: string
  readonly standardCode: string
  readonly areaType: AreaType
  readonly incomePerPersonMonthDong: string
  readonly class: HouseholdClass
  readonly deprivations: readonly string[]
  readonly indicators: readonly IndicatorOutcome[]
  readonly reasons: readonly Bilingual[]
}

export interface SurveyRequest {
  readonly householdId: string
  readonly surveyedOn: string
  readonly incomePerPersonMonthDong: string
  readonly floorAreaM2: number | null
  readonly indicators: Record<string, boolean>
}

export interface RegisterEntry {
  readonly householdId: string
  readonly code: string
  readonly headName: string | null
  readonly villageName: string | null
  readonly class: HouseholdClass | null
}

export interface RateRow {
  readonly key: string
  readonly level: string
  readonly code: string
  readonly name: string | null
  readonly parentKey: string | null
  readonly year: number
  readonly households: number
  readonly poor: number
  readonly nearPoor: number
  readonly poorRateBasisPoints: number | null
  readonly nearPoorRateBasisPoints: number | null
}

export interface RateTable {
  readonly layer: 'current' | 'historical'
  readonly fromYear: number
  readonly toYear: number
  readonly rows: readonly RateRow[]
  readonly unresolved: readonly { readonly year: number; readonly households: number }[]
}
