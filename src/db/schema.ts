import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** Columns the database fills (identity, default now()). */
type Auto<T> = ColumnType<T, T | undefined, T>
type Json = unknown

/** The bank/administrative hierarchy that scopes users and data (materialised path of ids). */
export interface UnitsTable {
  id: Generated<number>
  parent_id: number | null
  kind: string
  code: string
  name: string
  /** '/1/4/9/': the ids from the root down to this unit; a scope is a prefix of it. */
  path: string
  province_code: string | null
  /** The place a unit stands for: the province code of a branch, the current commune code of a commune. */
  admin_code: Auto<string | null>
  /** For villages: the historical commune they lay in (resolves partial crosswalk links). */
  former_commune_code: Auto<string | null>
  created_at: Auto<Date>
}

export interface UsersTable {
  id: Generated<number>
  username: string
  full_name: string
  role: string
  unit_id: number
  organisation: string | null
  password_hash: string
  status: Auto<string>
  failed_logins: Auto<number>
  locked_until: Date | null
  locale: Auto<string>
  created_at: Auto<Date>
  last_login_at: Date | null
}

export interface SessionsTable {
  id_hash: string
  user_id: number
  csrf_token: string
  created_at: Auto<Date>
  expires_at: Date
  last_seen_at: Auto<Date>
}

export interface AuditLogTable {
  id: Generated<bigint>
  at: Date
  user_id: number | null
  username: string | null
  role: string | null
  actor_unit_id: number | null
  /** The path of the unit the changed data belongs to: readers see rows under their scope. */
  scope_path: string
  action: string
  entity_type: string
  entity_id: string | null
  before: Json | null
  after: Json | null
  request_id: string | null
  prev_hash: string
  hash: string
}

export interface IdempotencyKeysTable {
  user_id: number
  key: string
  method: string
  path: string
  body_hash: string
  /** Null only inside the transaction that claimed the key, before the response is known. */
  status_code: number | null
  response_body: string | null
  created_at: Auto<Date>
}

export interface ApprovalsTable {
  id: Generated<number>
  kind: string
  entity_type: string
  entity_id: string | null
  payload: Json
  unit_id: number
  maker_id: number
  made_at: Date
  status: Auto<string>
  checker_id: number | null
  decided_at: Date | null
  reason: string | null
}

// ---- places (0002) ----

export interface AdminUnitsTable {
  layer: 'current' | 'historical'
  level: 'province' | 'district' | 'commune'
  code: string
  name: string
  full_name: string
  unit_type: string
  area_type: 'urban' | 'rural' | null
  parent_code: string | null
  province_code: string
  /** date columns come back as 'YYYY-MM-DD' strings on both backends */
  valid_from: string | null
  valid_to: string | null
}

export interface AdminUnitLinksTable {
  new_level: 'province' | 'commune'
  new_code: string
  old_level: 'province' | 'district' | 'commune'
  old_code: string
  kind: 'full' | 'partial'
}

export interface AdminOldToNewAssignmentsTable {
  old_code: string
  new_code: string
  note: string | null
  decided_by: number | null
  decided_at: Auto<Date>
}

export interface AdminImportRunsTable {
  id: Generated<number>
  at: Date
  source: string
  file_name: string
  sha256: string
  added: number
  changed: number
  unchanged: number
  report: Json
}

export interface TransactionPointsTable {
  id: Generated<number>
  commune_unit_id: number
  code: string
  site_name: string
  former_commune_code: string | null
  monthly_day: number
  start_time: string
  status: Auto<'active' | 'closed'>
  created_at: Auto<Date>
}

// ---- households (0003) ----

export interface PersonsTable {
  id: Generated<bigint>
  province_code: string
  full_name: string
  /** The name folded for search: lower case, no diacritics, đ → d ('nguyen van an'). */
  name_search: string
  birth_date: string | null
  sex: 'male' | 'female' | null
  ethnicity: string | null
  citizen_id: string | null
  phone: string | null
  health_insured: boolean | null
  in_school: boolean | null
  education_level: string | null
  has_disability: boolean | null
  created_at: Auto<Date>
}

export interface HouseholdsTable {
  id: Generated<bigint>
  code: string
  province_code: string
  commune_unit_id: number
  village_unit_id: number | null
  address: string | null
  residence_type: 'rural' | 'urban'
  head_person_id: bigint | null
  status: Auto<'active' | 'split' | 'merged' | 'dissolved'>
  formed_on: string
  ended_on: string | null
  created_at: Auto<Date>
}

export interface HouseholdMembersTable {
  household_id: bigint
  person_id: bigint
  relation: string
  joined_on: string
  left_on: string | null
}

export interface HouseholdEventsTable {
  id: Generated<bigint>
  province_code: string
  kind: 'formed' | 'split' | 'merged' | 'member_moved' | 'dissolved'
  on_date: string
  source_household_ids: ColumnType<bigint[], bigint[] | undefined, bigint[]>
  target_household_ids: ColumnType<bigint[], bigint[] | undefined, bigint[]>
  person_ids: ColumnType<bigint[], bigint[] | undefined, bigint[]>
  note: string | null
  created_by: number | null
  created_at: Auto<Date>
}

// ---- poverty (0004) ----

export type HouseholdClass = 'poor' | 'near_poor' | 'average_living' | 'not_poor'

export interface PovertyStandardsTable {
  id: Generated<number>
  code: string
  name_vi: string
  name_en: string
  scope: 'national' | 'local'
  province_code: string | null
  valid_from: string
  valid_to: string | null
  legal_basis: string
  rules: Json
  created_at: Auto<Date>
}

export interface PovertyReviewsTable {
  id: Generated<number>
  kind: 'annual' | 'ad_hoc'
  commune_unit_id: number
  year: number
  status: Auto<'surveying' | 'meeting' | 'posting' | 'decided' | 'cancelled'>
  household_id: bigint | null
  requested_on: string | null
  due_on: string | null
  opened_on: string
  meeting_date: string | null
  attendees: number | null
  agreeing: number | null
  posting_from: string | null
  posting_to: string | null
  decision_number: string | null
  decision_date: string | null
  created_by: number | null
  created_at: Auto<Date>
}

export interface PovertyAssessmentsTable {
  id: Generated<bigint>
  review_id: number
  household_id: bigint
  standard_id: number
  province_code: string
  area_type: 'urban' | 'rural'
  income_per_person_month_dong: bigint
  inputs: Json
  deprivations: Json
  deprivation_count: number
  result_class: HouseholdClass
  surveyed_on: string
  surveyed_by: number | null
  created_at: Auto<Date>
}

export interface HouseholdClassesTable {
  id: Generated<bigint>
  household_id: bigint
  province_code: string
  class: HouseholdClass
  standard_id: number
  effective_from: string
  decision_number: string
  decision_date: string
  review_id: number | null
  created_at: Auto<Date>
}

// ---- ledger (0008) ----

export interface LedgerAccountsTable {
  id: Generated<bigint>
  key: string
  kind: string
  type: 'asset' | 'liability' | 'equity' | 'income' | 'expense'
  program_code: string | null
  capital_source_code: string | null
  status: string | null
  unit_id: number | null
  group_id: bigint | null
  /** Cached: the sum of the account's postings, re-derived by `tdcs ledger verify`. */
  balance_dong: Auto<bigint>
  created_at: Auto<Date>
}

export interface JournalEntriesTable {
  id: Generated<bigint>
  province_code: string | null
  kind: string
  entry_date: string
  posted_at: Date
  loan_id: bigint | null
  reverses_entry_id: bigint | null
  description: string
  request_id: string | null
  created_by: number | null
}

export interface PostingsTable {
  id: Generated<bigint>
  entry_id: bigint
  account_id: bigint
  loan_id: bigint | null
  amount_dong: bigint
  province_code: string | null
  entry_date: string
}

// ---- programs (0009) ----

export interface BaseRatesTable {
  valid_from: string
  yearly_micros: bigint
  legal_basis: string
  note: string | null
}

export interface CapitalSourcesTable {
  code: string
  name_vi: string
  name_en: string
  kind: 'central' | 'local'
  owner_unit_id: number | null
  province_code: string | null
  created_at: Auto<Date>
}

export interface ProgramsTable {
  code: string
  name_vi: string
  name_en: string
  borrower_kind: 'household' | 'student' | 'worker' | 'business'
  active: Auto<boolean>
  created_at: Auto<Date>
}

export interface ProgramTermsTable {
  id: Generated<number>
  program_code: string
  valid_from: string
  valid_to: string | null
  legal_basis: string
  note: string | null
  /** ProgramTermsJson: money and micros as integer strings; parsed by parseProgramTerms. */
  terms: Json
  created_at: Auto<Date>
}

// ---- loans (0010) ----

export type ApplicationStatus = 'submitted' | 'group_reviewed' | 'commune_confirmed' | 'pending_approval' | 'approved' | 'rejected' | 'cancelled'

export interface LoanApplicationsTable {
  id: Generated<bigint>
  province_code: string
  household_id: bigint
  commune_unit_id: number
  group_id: bigint | null
  channel: 'entrusted' | 'direct'
  program_code: string
  terms_id: number
  capital_source_code: string
  purpose: string
  amount_dong: bigint
  term_months: number
  grace_months: number
  interval_months: number
  application_date: string
  /** The facts the eligibility rule was evaluated on, and the outcome: the application's snapshot. */
  eligibility: Json
  status: Auto<ApplicationStatus>
  submitted_by: number | null
  submitted_at: Date
  group_reviewed_by: number | null
  group_reviewed_at: Date | null
  group_review_note: string | null
  commune_confirmed_by: number | null
  commune_confirmed_at: Date | null
  approval_id: number | null
  decided_by: number | null
  decided_at: Date | null
  rejection_reason: string | null
}

export interface LoansTable {
  id: Generated<bigint>
  application_id: bigint | null
  province_code: string
  household_id: bigint
  commune_unit_id: number
  program_code: string
  terms_id: number
  capital_source_code: string
  contract_date: string
  monthly_day: number
  status: 'approved' | 'active' | 'frozen' | 'closed'
  approved_dong: bigint
  disbursed_dong: Auto<bigint>
  principal_in_term_dong: Auto<bigint>
  principal_overdue_dong: Auto<bigint>
  principal_frozen_dong: Auto<bigint>
  interest_dong: Auto<bigint>
  overdue_interest_dong: Auto<bigint>
  interest_carry: Auto<bigint>
  overdue_interest_carry: Auto<bigint>
  accrued_until: string | null
  last_event_date: string | null
  freeze_info: Json | null
  recalled_on: string | null
  written_off_principal_dong: Auto<bigint>
  written_off_interest_dong: Auto<bigint>
  version: Auto<number>
  created_at: Auto<Date>
}

export interface LoanInstalmentsTable {
  loan_id: bigint
  seq: number
  due_date: string
  extended_to: string | null
  principal_due_dong: bigint
  principal_paid_dong: Auto<bigint>
  status: 'pending' | 'overdue' | 'paid'
}

export interface LoanEventsTable {
  id: Generated<bigint>
  loan_id: bigint
  province_code: string
  type: string
  event_date: string
  payload: Json
  entry_ids: ColumnType<bigint[], bigint[] | undefined, bigint[]>
  request_id: string | null
  created_by: number | null
  created_at: Auto<Date>
}

// ---- month-end (0011) ----

export interface ProgramRateSegmentsTable {
  terms_id: number
  from_date: string
  yearly_micros: bigint
}

export interface PeriodClosesTable {
  period: string
  status: 'running' | 'done'
  started_at: Date
  finished_at: Date | null
  stats: ColumnType<Json, string | undefined, string>
}

export interface LoanSnapshotsTable {
  period: string
  loan_id: bigint
  province_code: string
  commune_unit_id: number
  household_id: bigint
  program_code: string
  capital_source_code: string
  status: string
  principal_in_term_dong: bigint
  principal_overdue_dong: bigint
  principal_frozen_dong: bigint
  interest_dong: bigint
  overdue_interest_dong: bigint
  disbursed_dong: bigint
}

// ---- network groups (0013) ----

export interface OrganisationUnitsTable {
  id: Generated<number>
  organisation: 'womens_union' | 'farmers_union' | 'veterans_association' | 'youth_union'
  level: 'province' | 'former_district' | 'commune'
  bank_unit_id: number
  parent_id: number | null
  name: string
  province_code: string | null
  status: Auto<'active' | 'dissolved'>
  dissolved_on: string | null
  created_by: number | null
  created_at: Auto<Date>
}

export interface EntrustmentContractsTable {
  id: Generated<number>
  number: string
  bank_unit_id: number
  organisation_unit_id: number
  province_code: string | null
  signed_on: string
  valid_from: string
  valid_to: string | null
  /** Empty: every commune the bank unit serves. */
  commune_unit_ids: ColumnType<number[], number[] | undefined, number[]>
  /** Empty: every program. */
  program_codes: ColumnType<string[], string[] | undefined, string[]>
  status: Auto<'active' | 'terminated'>
  terminated_on: string | null
  termination_reason: string | null
  note: string | null
  created_by: number | null
  created_at: Auto<Date>
}

export interface EntrustmentFeeTermsTable {
  id: Generated<number>
  contract_id: number
  valid_from: string
  valid_to: string | null
  legal_basis: string
  note: string | null
  /** FeeTermsJson, parsed by parseFeeTerms. */
  terms: Json
  created_at: Auto<Date>
}

export interface NetworkRulesTable {
  id: Generated<number>
  province_code: string | null
  valid_from: string
  valid_to: string | null
  legal_basis: string
  note: string | null
  /** NetworkRulesJson, parsed by parseNetworkRules. */
  rules: Json
  created_at: Auto<Date>
}

export interface SavingsGroupsTable {
  id: Generated<bigint>
  province_code: string
  code: string
  name: string
  commune_unit_id: number
  village_unit_id: number | null
  transaction_point_id: number
  organisation_unit_id: number
  founding_decision_number: string
  founding_decision_date: string
  status: Auto<'active' | 'suspended' | 'dissolved'>
  status_changed_on: string | null
  status_reason: string | null
  created_by: number | null
  created_at: Auto<Date>
}

export interface GroupMembershipsTable {
  id: Generated<bigint>
  province_code: string
  group_id: bigint
  household_id: bigint
  joined_on: string
  left_on: string | null
  leave_reason: 'left' | 'moved' | 'household_ended' | null
  moved_from_group_id: bigint | null
  moved_to_group_id: bigint | null
  note: string | null
  created_by: number | null
  created_at: Auto<Date>
  ended_by: number | null
}

export interface GroupOfficersTable {
  id: Generated<bigint>
  group_id: bigint
  role: 'leader' | 'deputy'
  person_id: bigint
  household_id: bigint
  from_date: string
  to_date: string | null
  note: string | null
  created_by: number | null
  created_at: Auto<Date>
}

export interface GroupGradeRunsTable {
  id: Generated<bigint>
  period: string
  scope_path: string
  source: 'snapshot' | 'current'
  computed_at: Date
  computed_by: number | null
  stats: ColumnType<Json, string | undefined, string>
}

export interface GroupGradesTable {
  group_id: bigint
  period: string
  run_id: bigint
  province_code: string
  rules_id: number
  score: number | null
  grade: 'good' | 'fair' | 'average' | 'weak' | null
  factors: Json
}

// -- transaction day --
export interface TransactionDaysTable {
  id: Generated<bigint>
  transaction_point_id: number
  province_code: string
  commune_unit_id: number
  period: string
  scheduled_on: string
  held_on: string
  start_time: string
  reschedule_reason: string | null
  status: Auto<'planned' | 'open' | 'closed'>
  opening_cash_dong: bigint | null
  cash_in_dong: bigint | null
  cash_out_dong: bigint | null
  counted_cash_dong: bigint | null
  opened_by: number | null
  opened_at: Date | null
  closed_by: number | null
  closed_at: Date | null
  created_by: number | null
  created_at: Generated<Date>
}

export interface DayBatchesTable {
  id: Generated<bigint>
  transaction_day_id: bigint
  group_id: bigint
  province_code: string
  kind: 'capture' | 'reversal'
  reverses_batch_id: bigint | null
  status: Auto<'posted' | 'reversed'>
  remitted_dong: bigint
  member_paid_dong: bigint | null
  totals: Json
  loans_before: Auto<Json>
  entry_ids: Auto<bigint[]>
  reason: string | null
  request_id: string | null
  created_by: number | null
  created_at: Generated<Date>
}

export interface DayBatchLinesTable {
  batch_id: bigint
  line_no: number
  household_id: bigint
  loan_id: bigint | null
  interest_owed_dong: Auto<bigint>
  interest_dong: Auto<bigint>
  principal_dong: Auto<bigint>
  savings_deposit_dong: Auto<bigint>
  savings_withdrawal_dong: Auto<bigint>
  savings_to_principal_dong: Auto<bigint>
  disbursed_dong: Auto<bigint>
  recipient_person_id: bigint | null
  member_paid_dong: bigint | null
  reconciliation: 'ok' | 'arrears' | 'paid_not_remitted'
}

export interface SavingsMovementsTable {
  id: Generated<bigint>
  province_code: string
  group_id: bigint
  household_id: bigint
  movement_date: string
  kind: 'deposit' | 'withdrawal' | 'to_principal' | 'interest' | 'reversal'
  amount_dong: bigint
  batch_id: bigint | null
  entry_id: bigint
  created_at: Generated<Date>
}

export interface RedFlagsTable {
  id: Generated<bigint>
  rule: string
  severity: 'low' | 'medium' | 'high'
  province_code: string | null
  unit_id: number | null
  scope_path: string
  subject_type: string
  subject_id: string
  amount_dong: bigint | null
  evidence: Json
  source_type: string | null
  source_id: string | null
  status: Auto<'open' | 'under_review' | 'confirmed' | 'dismissed'>
  assignee_id: number | null
  resolution: string | null
  raised_at: Generated<Date>
  updated_at: Date | null
}

export interface SmsOutboxTable {
  id: Generated<bigint>
  transaction_day_id: bigint
  household_id: bigint
  person_id: bigint | null
  phone: string | null
  body: string
  status: Auto<'queued' | 'sent' | 'failed' | 'skipped'>
  attempts: Auto<number>
  last_error: string | null
  sent_at: Date | null
  created_at: Generated<Date>
}

export interface TransactionDayEntriesTable {
  entry_id: bigint
  transaction_day_id: bigint
  source: string
}

export interface Database {
  units: UnitsTable
  users: UsersTable
  sessions: SessionsTable
  audit_log: AuditLogTable
  idempotency_keys: IdempotencyKeysTable
  approvals: ApprovalsTable
  admin_units: AdminUnitsTable
  admin_unit_links: AdminUnitLinksTable
  admin_old_to_new_assignments: AdminOldToNewAssignmentsTable
  admin_import_runs: AdminImportRunsTable
  transaction_points: TransactionPointsTable
  persons: PersonsTable
  households: HouseholdsTable
  household_members: HouseholdMembersTable
  household_events: HouseholdEventsTable
  poverty_standards: PovertyStandardsTable
  poverty_reviews: PovertyReviewsTable
  poverty_assessments: PovertyAssessmentsTable
  household_classes: HouseholdClassesTable
  ledger_accounts: LedgerAccountsTable
  journal_entries: JournalEntriesTable
  postings: PostingsTable
  base_rates: BaseRatesTable
  capital_sources: CapitalSourcesTable
  programs: ProgramsTable
  program_terms: ProgramTermsTable
  loan_applications: LoanApplicationsTable
  loans: LoansTable
  loan_instalments: LoanInstalmentsTable
  loan_events: LoanEventsTable
  program_rate_segments: ProgramRateSegmentsTable
  period_closes: PeriodClosesTable
  loan_snapshots: LoanSnapshotsTable
  // -- network groups --
  organisation_units: OrganisationUnitsTable
  entrustment_contracts: EntrustmentContractsTable
  entrustment_fee_terms: EntrustmentFeeTermsTable
  network_rules: NetworkRulesTable
  savings_groups: SavingsGroupsTable
  group_memberships: GroupMembershipsTable
  group_officers: GroupOfficersTable
  group_grade_runs: GroupGradeRunsTable
  group_grades: GroupGradesTable
  // -- transaction day --
  transaction_days: TransactionDaysTable
  day_batches: DayBatchesTable
  day_batch_lines: DayBatchLinesTable
  savings_movements: SavingsMovementsTable
  red_flags: RedFlagsTable
  sms_outbox: SmsOutboxTable
  transaction_day_entries: TransactionDayEntriesTable
  // -- fees --
  fee_accruals: FeeAccrualsTable
  // -- capital --
  capital_kinds: CapitalKindsTable
  capital_agreements: CapitalAgreementsTable
  capital_movements: CapitalMovementsTable
  capital_interest_splits: CapitalInterestSplitsTable
  // -- plans --
  plan_lines: PlanLinesTable
  plan_targets: PlanTargetsTable
  plan_rules: PlanRulesTable
  // -- takeover --
  takeover_runs: TakeoverRunsTable
  takeover_loans: TakeoverLoansTable
  // -- report aggregates --
  report_aggregate_periods: ReportAggregatePeriodsTable
  report_outcome_programs: ReportOutcomeProgramsTable
  // -- outcomes --
  loan_disbursement_days: LoanDisbursementDaysTable
  // -- supervision --
  flag_rules: FlagRulesTable
  flag_runs: FlagRunsTable
  // -- inspections --
  inspection_rules: InspectionRulesTable
  inspection_plans: InspectionPlansTable
  inspection_findings: InspectionFindingsTable
  inspection_actions: InspectionActionsTable
  use_of_funds_checks: UseOfFundsChecksTable
  use_of_funds_photos: UseOfFundsPhotosTable
}

export type UnitRow = Selectable<UnitsTable>
export type UserRow = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type AuditRow = Selectable<AuditLogTable>
export type ApprovalRow = Selectable<ApprovalsTable>

// ---- fees (0016) ----

/** Phí ủy thác, hoa hồng: one payee's amount for a period under a contract (src/jobs/accrue-fees.ts). */
export interface FeeAccrualsTable {
  id: Generated<bigint>
  period: string
  contract_id: number
  bank_unit_id: number
  province_code: string
  payee_kind: 'organisation_unit' | 'group'
  payee_id: bigint
  /** The FeeComputation as JSON (feeBasisJson): figures, rates, factors, reductions. */
  basis: Json
  gross_dong: bigint
  net_dong: bigint
  status: Auto<'accrued' | 'paid'>
  entry_id: bigint
  paid_entry_id: bigint | null
  paid_on: string | null
  transaction_day_id: bigint | null
  created_at: Auto<Date>
}

// -- plans -- (0018)

/** Kế hoạch vốn: one version of a plan line; a revision is a new row that supersedes it. */
export interface PlanLinesTable {
  id: Generated<bigint>
  province_code: string
  unit_id: number
  year: number
  /** null: the whole year. */
  quarter: number | null
  program_code: string
  /** null: every capital source. */
  capital_source_code: string | null
  amount_dong: bigint
  valid_from: string
  supersedes_id: bigint | null
  decision_number: string
  legal_basis: string
  note: string | null
  created_by: number | null
  created_at: Generated<Date>
}

/** Chỉ tiêu: a unit's yearly targets, versioned like plan lines. */
export interface PlanTargetsTable {
  id: Generated<bigint>
  province_code: string
  unit_id: number
  year: number
  program_code: string | null
  turnover_dong: Auto<bigint>
  collection_dong: Auto<bigint>
  households_out_of_poverty: Auto<number>
  students: Auto<number>
  workers: Auto<number>
  water_works: Auto<number>
  houses: Auto<number>
  valid_from: string
  supersedes_id: bigint | null
  decision_number: string
  legal_basis: string
  created_by: number | null
  created_at: Generated<Date>
}

/** Warn or block a disbursement over the remaining allocation, national or per province, dated. */
export interface PlanRulesTable {
  id: Generated<number>
  province_code: string | null
  valid_from: string
  on_exceed: 'warn' | 'block'
  legal_basis: string
  created_by: number | null
  created_at: Generated<Date>
}

// -- capital -- (0017)

/** Kinds of capital (vốn ngân sách, tiền gửi 2%, trái phiếu, huy động, đóng góp…), dated reference data. */
export interface CapitalKindsTable {
  code: string
  name_vi: string
  name_en: string
  applies_to: 'central' | 'local' | 'any'
  valid_from: string
  valid_to: string | null
  legal_basis: string | null
}

/** Hợp đồng/thỏa thuận ủy thác vốn ngân sách địa phương: one dated version per row. */
export interface CapitalAgreementsTable {
  id: Generated<number>
  source_code: string
  version: number
  number: string
  signed_on: string
  valid_from: string
  valid_to: string | null
  legal_basis: string
  bank_unit_id: number
  /** Programs the fund may lend; empty = all. */
  program_codes: ColumnType<string[], string[] | undefined, string[]>
  local_poverty_standard: boolean
  fund_share_micros: number
  reserve_share_micros: number
  bank_fee_micros: number
  province_code: string | null
  note: string | null
  created_by: number | null
  created_at: Auto<Date>
}

/** The capital sub-ledger: which unit holds the capital of which source (append-only). */
export interface CapitalMovementsTable {
  id: Generated<bigint>
  source_code: string
  kind: 'receipt' | 'allocation' | 'return' | 'contribution' | 'interest_share'
  capital_kind: string | null
  from_unit_id: number | null
  to_unit_id: number | null
  amount_dong: bigint
  movement_date: string
  agreement_id: number | null
  contributor_kind: 'organisation' | 'firm' | 'person' | null
  contributor_name: string | null
  reference: string
  entry_id: bigint
  province_code: string | null
  created_by: number | null
  created_at: Auto<Date>
}

/** A local fund's month: interest earned and its split by the agreement (close step capital_interest_split). */
export interface CapitalInterestSplitsTable {
  source_code: string
  period: string
  agreement_id: number
  earned_dong: bigint
  fund_dong: bigint
  reserve_dong: bigint
  fee_dong: bigint
  entry_id: bigint | null
  province_code: string | null
  created_at: Auto<Date>
}

// -- takeover --
// ---- portfolio takeover (0019) ----

/** A posted portfolio takeover into a local fund: the owner's stated totals and what the file added up to. */
export interface TakeoverRunsTable {
  id: Generated<bigint>
  province_code: string | null
  capital_source_code: string
  takeover_date: string
  file_name: string
  file_sha256: string
  cash_unit_id: number
  stated_capital_dong: bigint
  stated_outstanding_dong: bigint
  stated_fund_balance_dong: bigint
  stated_overdue_dong: bigint
  computed_outstanding_dong: bigint
  computed_in_term_dong: bigint
  computed_overdue_dong: bigint
  computed_interest_dong: bigint
  computed_overdue_interest_dong: bigint
  /** The reconciliation lines (all zero on a posted run), money as decimal strings. */
  checks: Json
  loan_count: number
  capital_entry_id: bigint
  posted_by: number | null
  posted_at: Date
  request_id: string | null
}

/** Which loan came from which row of which takeover, under which contract number. */
export interface TakeoverLoansTable {
  loan_id: bigint
  run_id: bigint
  province_code: string | null
  capital_source_code: string
  contract_number: string
  row_number: number
  group_label: string | null
}

// -- supervision -- (0020)

/** A red-flag rule's parameters from a date, with its legal basis (src/domain/supervision/rules.ts). */
export interface FlagRulesTable {
  id: Generated<number>
  rule: string
  valid_from: string
  severity: 'low' | 'medium' | 'high'
  enabled: Auto<boolean>
  params: Json
  legal_basis: string
  created_by: number | null
  created_at: Auto<Date>
}

/** One run of one rule: how many candidates it found and how many new flags it raised. */
export interface FlagRunsTable {
  id: Generated<bigint>
  rule: string
  as_of: string
  scope_path: string
  params: Json
  candidates: Auto<number>
  raised: Auto<number>
  duration_ms: Auto<number>
  run_by: number | null
  request_id: string | null
  started_at: Date
}

// -- report aggregates -- (0021)

/** A month whose report aggregates (report_portfolio_monthly, report_turnover_monthly) are built. */
export interface ReportAggregatePeriodsTable {
  period: string
  closed_period: string
  built_at: Auto<Date>
}

/** Which programs count towards which Directive 40 outcome, from a date, with the legal basis. */
export interface ReportOutcomeProgramsTable {
  outcome: 'students' | 'jobs' | 'overseas_workers' | 'clean_water' | 'houses'
  program_code: string
  valid_from: string
  valid_to: string | null
  legal_basis: string
}

// -- outcomes -- (0023)

/**
 * One row per loan and day with a disbursement entry, with the loan's keys and its previous
 * disbursement day; maintained by triggers on journal_entries and loans (migration 0023).
 */
export interface LoanDisbursementDaysTable {
  loan_id: bigint
  disbursed_on: string
  province_code: string | null
  household_id: bigint
  commune_unit_id: number
  program_code: string
  previous_disbursed_on: string | null
}

// -- inspections -- (0022)

/** The limits on use-of-funds photos from a date, with a legal basis. */
export interface InspectionRulesTable {
  id: Generated<number>
  valid_from: string
  max_photo_bytes: number
  max_photos_per_check: number
  legal_basis: string
  created_by: number | null
  created_at: Auto<Date>
}

/** Who inspects which unit when (bank, organisation, Representative Board, Fatherland Front). */
export interface InspectionPlansTable {
  id: Generated<number>
  province_code: string
  unit_id: number
  inspector: 'bank' | 'organisation' | 'representative_board' | 'fatherland_front'
  inspector_name: string
  title: string
  period_from: string
  period_to: string
  status: Auto<'planned' | 'in_progress' | 'completed' | 'cancelled'>
  note: string | null
  created_by: number | null
  created_at: Auto<Date>
  updated_at: Date | null
}

/** What an inspection found for one loan or savings group. */
export interface InspectionFindingsTable {
  id: Generated<bigint>
  plan_id: number
  province_code: string
  unit_id: number
  loan_id: bigint | null
  group_id: bigint | null
  outcome: 'used_correctly' | 'misused' | 'not_found'
  found_on: string
  notes: string | null
  recorded_by: number | null
  created_at: Auto<Date>
  /** The confirmed red flag the finding came from (0024), when it was recorded from a flag. */
  red_flag_id: Auto<bigint | null>
}

/** A follow-up of a finding (recall, discipline, refund) and its completion. */
export interface InspectionActionsTable {
  id: Generated<bigint>
  finding_id: bigint
  province_code: string
  kind: 'recall' | 'discipline' | 'refund'
  due_on: string
  amount_dong: bigint | null
  note: string | null
  status: Auto<'open' | 'completed' | 'cancelled'>
  completed_on: string | null
  completed_by: number | null
  completion_note: string | null
  created_by: number | null
  created_at: Auto<Date>
}

/** A use-of-funds check (form 06/TD) of one loan. */
export interface UseOfFundsChecksTable {
  id: Generated<bigint>
  loan_id: bigint
  province_code: string
  unit_id: number
  checked_on: string
  result: 'used_correctly' | 'partly_misused' | 'misused'
  notes: string | null
  recorded_by: number | null
  created_at: Auto<Date>
}

/** A photo attached to a 06/TD check, stored in the database. */
export interface UseOfFundsPhotosTable {
  id: Generated<bigint>
  check_id: bigint
  province_code: string
  file_name: string
  content_type: 'image/jpeg' | 'image/png' | 'image/webp'
  size_bytes: number
  sha256: string
  data: Uint8Array
  created_by: number | null
  created_at: Auto<Date>
}
