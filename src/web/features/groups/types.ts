// The shapes the groups API sends (see src/api/routes/groups.ts): ids of groups, households and
// persons are decimal strings; dates ISO.
import type { Organisation } from '../../../domain/access/index.js'

export type GroupStatus = 'active' | 'suspended' | 'dissolved'
export type Grade = 'good' | 'fair' | 'average' | 'weak'
export type OrganisationLevel = 'province' | 'former_district' | 'commune'
export type OfficerRole = 'leader' | 'deputy'
export type LeaveReason = 'left' | 'moved' | 'household_ended'

export interface GroupSummary {
  readonly id: string
  readonly code: string
  readonly name: string
  readonly provinceCode: string
  readonly communeUnitId: number
  readonly communeName: string
  readonly villageUnitId: number | null
  readonly villageName: string | null
  readonly transactionPointId: number
  readonly pointCode: string
  readonly pointSiteName: string
  readonly pointMonthlyDay: number
  readonly organisationUnitId: number
  readonly organisationUnitName: string
  readonly organisation: Organisation
  readonly foundingDecisionNumber: string
  readonly foundingDecisionDate: string
  readonly status: GroupStatus
  readonly statusChangedOn: string | null
  readonly statusReason: string | null
  readonly memberCount: number
  readonly leaderName: string | null
  readonly latestGrade: { readonly period: string; readonly grade: Grade | null; readonly score: number | null } | null
  readonly createdAt: string
}

export interface Membership {
  readonly id: string
  readonly householdId: string
  readonly householdCode: string
  readonly headName: string | null
  readonly joinedOn: string
  readonly leftOn: string | null
  readonly leaveReason: LeaveReason | null
  readonly movedFrom: { readonly id: string; readonly code: string | null } | null
  readonly movedTo: { readonly id: string; readonly code: string | null } | null
  readonly note: string | null
}

export interface Officer {
  readonly id: string
  readonly role: OfficerRole
  readonly personId: string
  readonly personName: string
  readonly citizenId: string | null
  readonly householdId: string
  readonly householdCode: string
  readonly fromDate: string
  readonly toDate: string | null
  readonly note: string | null
}

export interface FactorOutcome {
  readonly assessed: boolean
  readonly maxPoints: number
  readonly points: number | null
  readonly valueMicros: string | null
  readonly reason: string | null
  readonly outstandingDong?: string
  readonly overdueDong?: string
  readonly loans?: number
}

export interface GradeRow {
  readonly period: string
  readonly runId: string
  readonly score: number | null
  readonly grade: Grade | null
  readonly factors: Readonly<Record<'overdueRatio' | 'interestCollectionRate' | 'meetingsHeld', FactorOutcome>>
  readonly rulesId: number
  readonly source: 'snapshot' | 'current'
  readonly computedAt: string
}

export interface GroupDetail extends GroupSummary {
  readonly members: readonly Membership[]
  readonly officers: readonly Officer[]
  readonly grades: readonly GradeRow[]
}

export interface RuleWarning {
  readonly code: string
  readonly message: { readonly vi: string; readonly en: string }
  readonly details: unknown
}

export interface MembershipOutcome {
  readonly group: GroupDetail
  readonly warnings: readonly RuleWarning[]
}

export interface GradeRunReport {
  readonly runId: string
  readonly period: string
  readonly source: 'snapshot' | 'current'
  readonly groups: number
  readonly byGrade: Readonly<Record<Grade, number>>
  readonly ungraded: number
}

export interface OrganisationUnit {
  readonly id: number
  readonly organisation: Organisation
  readonly level: OrganisationLevel
  readonly bankUnitId: number
  readonly bankUnitName: string
  readonly bankUnitKind: string
  readonly parentId: number | null
  readonly parentName: string | null
  readonly name: string
  readonly status: 'active' | 'dissolved'
  readonly groupCount: number
}

export interface FeeTermsJson {
  readonly feeOnOutstandingMonthlyMicros?: string
  readonly feeOnInterestCollectedMicros?: string
  readonly commissionOnInterestCollectedMicros?: string
}

export interface Contract {
  readonly id: number
  readonly number: string
  readonly bankUnitId: number
  readonly bankUnitName: string
  readonly organisationUnitId: number
  readonly organisationUnitName: string
  readonly organisation: Organisation
  readonly signedOn: string
  readonly validFrom: string
  readonly validTo: string | null
  readonly communeUnitIds: readonly number[]
  readonly programCodes: readonly string[]
  readonly status: 'active' | 'terminated'
  readonly terminatedOn: string | null
  readonly feeTerms: readonly { readonly id: number; readonly validFrom: string; readonly validTo: string | null; readonly legalBasis: string; readonly termsJson: FeeTermsJson }[]
}

export interface PointOption {
  readonly id: number
  readonly communeUnitId: number
  readonly siteName: string
  readonly code: string
  readonly status: 'active' | 'closed'
}

export interface HouseholdOption {
  readonly id: string
  readonly code: string
  readonly headName: string | null
  readonly headCitizenId: string | null
  readonly villageName: string | null
}
