/**
 * Roles, the unit levels each may be bound to, and what each may do. Permissions are coarse
 * capabilities; *where* a user may exercise them is always the subtree of the user's unit.
 */
export const ROLES = [
  'admin', // quản trị hệ thống
  'branch_officer', // cán bộ chi nhánh tỉnh
  'office_officer', // cán bộ phòng giao dịch
  'teller', // giao dịch viên tại điểm giao dịch xã
  'org_officer', // cán bộ hội đoàn thể nhận ủy thác
  'group_leader', // tổ trưởng tổ TK&VV
  'commune_officer', // cán bộ UBND xã
  'supervisor', // Ban đại diện HĐQT / MTTQ: read-only
] as const
export type Role = (typeof ROLES)[number]

export const UNIT_KINDS = ['central', 'province', 'transaction_office', 'commune', 'village'] as const
export type UnitKind = (typeof UNIT_KINDS)[number]

export const ORGANISATIONS = ['womens_union', 'farmers_union', 'veterans_association', 'youth_union'] as const
export type Organisation = (typeof ORGANISATIONS)[number]

export const PERMISSIONS = [
  'units.read',
  'units.manage',
  'users.read',
  'users.manage',
  'audit.read',
  'approvals.decide',
  /** Administrative units, the crosswalk and their imports. */
  'places.read',
  'places.manage',
  /** Bank network: branches, transaction offices, communes served, villages, transaction points. */
  'network.manage',
  'households.read',
  'households.manage',
  'poverty.read',
  /** Run poverty reviews: surveys, village meetings, decisions (commune People's Committee). */
  'poverty.review',
  /** Edit poverty standards (lines, indicators) — dated data with a legal basis. */
  'poverty.standards.manage',
  /** Trial balance, journal entries, ledger verification. */
  'ledger.read',
  /** Reverse a journal entry with a correcting entry. */
  'ledger.correct',
  /** The program catalogue and its dated terms. */
  'programs.read',
  'programs.manage',
  'loans.read',
  /** Take a household's application (form 01/TD). */
  'loans.apply',
  /** Record the savings group's review meeting (bình xét). */
  'loans.review',
  /** The commune People's Committee confirms residence and beneficiary status. */
  'loans.confirm',
  /** Appraise and send for approval, or reject (transaction office). */
  'loans.appraise',
  /** Disburse and collect at the transaction point. */
  'loans.transact',
  /** Extensions, term adjustments, freezes, write-offs, recalls. */
  'loans.manage',
  /** Record capital received into a lending fund. */
  'capital.manage',
  // -- network groups permissions --
  /** Organisation units, entrustment contracts, savings-and-loan groups, their members and grades. */
  'groups.read',
  /** Found groups, add, move and remove members, appoint leaders and deputies. */
  'groups.manage',
  /** Organisation units opposite the bank and the entrustment contracts with them. */
  'entrustment.manage',
  /** Compute the monthly group grades. */
  'groups.grade',
  /** The savings-group rules (size limits, grading) — dated data with a legal basis. */
  'network.rules.manage',
  // -- plans --
  /** Capital plans, targets and plan vs actual. */
  'plans.read',
  /** Enter and revise capital plans and targets in one's subtree; set the plan control rule. */
  'plans.manage',
  // -- capital --
  /** Capital sources, local funds and their agreements, fund balances and statements. */
  'capital.read',
  // -- reports --
  /** Standard reports (portfolio, turnover, quality) over one's subtree. */
  'reports.read',
  // -- supervision --
  /** Run the red-flag rules on demand (they also run nightly). */
  'supervision.run',
  /** Assign a red flag to an officer: routing, not a change to the portfolio, so read-only supervisors may do it too. */
  'supervision.assign',
  /** Edit a red-flag rule's parameters (a new dated version with its legal basis). */
  'supervision.rules.manage',
  // -- inspections --
  /** Inspection plans, findings, follow-ups and use-of-funds checks (06/TD) with photos in one's subtree. */
  'inspections.read',
  /** Plan inspections, record findings, open and complete follow-up actions. */
  'inspections.manage',
  /** Record use-of-funds checks (form 06/TD) with photos (organisation officers). */
  'inspections.check',
] as const
export type Permission = (typeof PERMISSIONS)[number]

interface RoleRule {
  /** Levels of the hierarchy a user of this role may be bound to. */
  readonly unitKinds: readonly UnitKind[]
  readonly permissions: readonly Permission[]
  /** Supervisors only look: the API refuses every write for them whatever else is granted. */
  readonly readOnly: boolean
}

export const ROLE_RULES: Readonly<Record<Role, RoleRule>> = {
  admin: { unitKinds: ['central', 'province'], permissions: [...PERMISSIONS], readOnly: false },
  branch_officer: {
    unitKinds: ['province'],
    permissions: ['units.read', 'units.manage', 'users.read', 'approvals.decide', 'places.read', 'network.manage', 'households.read', 'poverty.read', 'ledger.read', 'programs.read', 'loans.read', 'loans.appraise', 'loans.manage', 'capital.manage', 'groups.read', 'entrustment.manage', 'groups.grade', 'plans.read', 'plans.manage', /* -- capital -- */ 'capital.read', /* -- reports -- */ 'reports.read', /* -- supervision -- */ 'supervision.run', 'supervision.assign', 'supervision.rules.manage', /* -- inspections -- */ 'inspections.read', 'inspections.manage'],
    readOnly: false,
  },
  office_officer: {
    unitKinds: ['transaction_office'],
    permissions: ['units.read', 'units.manage', 'users.read', 'approvals.decide', 'places.read', 'network.manage', 'households.read', 'households.manage', 'poverty.read', 'ledger.read', 'programs.read', 'loans.read', 'loans.apply', 'loans.appraise', 'loans.transact', 'loans.manage', 'groups.read', 'groups.manage', 'entrustment.manage', 'groups.grade', 'plans.read', 'plans.manage', /* -- capital -- */ 'capital.read', /* -- reports -- */ 'reports.read', /* -- inspections -- */ 'supervision.assign', 'inspections.read', 'inspections.manage', 'inspections.check'],
    readOnly: false,
  },
  teller: { unitKinds: ['commune', 'transaction_office'], permissions: ['units.read', 'places.read', 'households.read', 'poverty.read', 'programs.read', 'loans.read', 'loans.transact', 'groups.read', 'plans.read', /* -- reports -- */ 'reports.read'], readOnly: false },
  org_officer: { unitKinds: ['province', 'transaction_office', 'commune'], permissions: ['units.read', 'places.read', 'households.read', 'poverty.read', 'programs.read', 'loans.read', 'loans.apply', 'loans.review', 'groups.read', 'groups.manage', /* -- reports -- */ 'reports.read', /* -- inspections -- */ 'inspections.read', 'inspections.check'], readOnly: false },
  group_leader: { unitKinds: ['village', 'commune'], permissions: ['units.read', 'households.read', 'programs.read', 'loans.read', 'loans.review', 'groups.read'], readOnly: false },
  commune_officer: {
    unitKinds: ['commune'],
    permissions: ['units.read', 'units.manage', 'places.read', 'households.read', 'households.manage', 'poverty.read', 'poverty.review', 'programs.read', 'loans.read', 'loans.apply', 'loans.confirm', 'groups.read', 'groups.manage', /* -- reports -- */ 'reports.read'],
    readOnly: false,
  },
  supervisor: {
    unitKinds: ['central', 'province', 'transaction_office', 'commune'],
    permissions: ['units.read', 'users.read', 'audit.read', 'places.read', 'households.read', 'poverty.read', 'ledger.read', 'programs.read', 'loans.read', 'groups.read', 'plans.read', /* -- capital -- */ 'capital.read', /* -- reports -- */ 'reports.read', /* -- inspections -- */ 'supervision.assign', 'inspections.read'],
    readOnly: true,
  },
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_RULES[role].permissions
}

export function can(role: Role, permission: Permission): boolean {
  return ROLE_RULES[role].permissions.includes(permission)
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

/** Which unit kinds may sit directly under which: the shape of the hierarchy. */
export const CHILD_KINDS: Readonly<Record<UnitKind, readonly UnitKind[]>> = {
  central: ['province'],
  province: ['transaction_office'],
  transaction_office: ['commune'],
  commune: ['village'],
  village: [],
}
