// The pages of the app, the permission each needs and its menu entry. The root composes the
// feature folders here; features never import each other.
import { ApartmentOutlined, AuditOutlined, BookOutlined, CalendarOutlined, CheckSquareOutlined, ClusterOutlined, DashboardOutlined, EnvironmentOutlined, FileTextOutlined, HomeOutlined, SolutionOutlined, TeamOutlined, WalletOutlined } from '@ant-design/icons'
import { Spin } from 'antd'
import { lazy, Suspense, type ReactNode } from 'react'
import type { Permission } from '../domain/access/index.js'
import { ApprovalsPage } from './features/approvals/pages/approvals-page.js'
import { NetworkPage } from './features/network/pages/network-page.js'
import { PlacesPage } from './features/places/pages/places-page.js'
import { AuditPage } from './features/audit/pages/audit-page.js'
import { HouseholdsPage } from './features/households/pages/households-page.js'
import { PovertyPage } from './features/poverty/pages/poverty-page.js'
import { DashboardPage } from './features/dashboard/pages/dashboard-page.js'
import { UnitsPage } from './features/units/pages/units-page.js'
import { UsersPage } from './features/users/pages/users-page.js'
import type { Dictionary } from './shared/i18n.js'
import { PATHS } from './shared/router.js'
// -- network groups pages --
import { BankOutlined, UsergroupAddOutlined } from '@ant-design/icons'
// -- fees pages icon --
import { AccountBookOutlined } from '@ant-design/icons'
// -- transaction day pages icon --
import { ScheduleOutlined } from '@ant-design/icons'
// -- takeover pages icon --
import { ImportOutlined } from '@ant-design/icons'
// -- plans pages icon --
import { FundOutlined } from '@ant-design/icons'
// -- capital pages icon --
import { BankFilled } from '@ant-design/icons'
// -- reports pages icon --
import { BarChartOutlined } from '@ant-design/icons'
// -- supervision pages icon --
import { AlertOutlined } from '@ant-design/icons'
// -- inspections pages icon --
import { SafetyCertificateOutlined } from '@ant-design/icons'

// The lending pages load on first use: they would push the one main chunk past its size budget.
const ProgramsPage = lazy(async () => ({ default: (await import('./features/lending/pages/programs-page.js')).ProgramsPage }))
const ApplicationsPage = lazy(async () => ({ default: (await import('./features/lending/pages/applications-page.js')).ApplicationsPage }))
const LoansPage = lazy(async () => ({ default: (await import('./features/lending/pages/loans-page.js')).LoansPage }))
const MonthEndPage = lazy(async () => ({ default: (await import('./features/lending/pages/month-end-page.js')).MonthEndPage }))
const loading = <Spin style={{ display: 'block', margin: 48 }} />
// -- network groups pages (loaded on first use, like the lending pages) --
const GroupsPage = lazy(async () => ({ default: (await import('./features/groups/pages/groups-page.js')).GroupsPage }))
const OrganisationsPage = lazy(async () => ({ default: (await import('./features/groups/pages/organisations-page.js')).OrganisationsPage }))
// -- fees pages --
const FeesPage = lazy(async () => ({ default: (await import('./features/fees/pages/fees-page.js')).FeesPage }))
// -- transaction day pages --
const TransactionDaysPage = lazy(async () => ({ default: (await import('./features/transaction-day/pages/transaction-days-page.js')).TransactionDaysPage }))
// -- takeover pages --
const TakeoverPage = lazy(async () => ({ default: (await import('./features/takeover/pages/takeover-page.js')).TakeoverPage }))
// -- capital pages --
const CapitalPage = lazy(async () => ({ default: (await import('./features/capital/pages/capital-page.js')).CapitalPage }))
// -- reports pages --
const ReportsPage = lazy(async () => ({ default: (await import('./features/reports/pages/reports-page.js')).ReportsPage }))
// -- supervision pages --
const FlagsPage = lazy(async () => ({ default: (await import('./features/supervision/pages/flags-page.js')).FlagsPage }))
// -- inspections pages --
const InspectionsPage = lazy(async () => ({ default: (await import('./features/inspections/pages/inspections-page.js')).InspectionsPage }))
// -- plans pages --
const PlansPage = lazy(async () => ({ default: (await import('./features/plans/pages/plans-page.js')).PlansPage }))

export interface Route {
  readonly path: string
  /** Without it, every logged-in user may open the page. */
  readonly permission: Permission | undefined
  readonly label: (t: Dictionary) => string
  readonly icon: ReactNode
  readonly page: () => ReactNode
}

export const ROUTES: readonly Route[] = [
  { path: PATHS.dashboard, permission: undefined, label: (t) => t.layout.menu.dashboard, icon: <DashboardOutlined />, page: () => <DashboardPage /> },
  { path: PATHS.units, permission: 'units.read', label: (t) => t.layout.menu.units, icon: <ClusterOutlined />, page: () => <UnitsPage /> },
  { path: PATHS.network, permission: 'units.read', label: (t) => t.layout.menu.network, icon: <ApartmentOutlined />, page: () => <NetworkPage /> },
  { path: PATHS.places, permission: 'places.read', label: (t) => t.layout.menu.places, icon: <EnvironmentOutlined />, page: () => <PlacesPage /> },
  { path: PATHS.users, permission: 'users.read', label: (t) => t.layout.menu.users, icon: <TeamOutlined />, page: () => <UsersPage /> },
  { path: PATHS.approvals, permission: 'approvals.decide', label: (t) => t.layout.menu.approvals, icon: <CheckSquareOutlined />, page: () => <ApprovalsPage /> },
  { path: PATHS.audit, permission: 'audit.read', label: (t) => t.layout.menu.audit, icon: <AuditOutlined />, page: () => <AuditPage /> },
  { path: PATHS.households, permission: 'households.read', label: (t) => t.layout.menu.households, icon: <HomeOutlined />, page: () => <HouseholdsPage /> },
  { path: PATHS.poverty, permission: 'poverty.read', label: (t) => t.layout.menu.poverty, icon: <SolutionOutlined />, page: () => <PovertyPage /> },
  { path: PATHS.programs, permission: 'programs.read', label: (t) => t.layout.menu.programs, icon: <BookOutlined />, page: () => <Suspense fallback={loading}><ProgramsPage /></Suspense> },
  { path: PATHS.loanApplications, permission: 'loans.read', label: (t) => t.layout.menu.loanApplications, icon: <FileTextOutlined />, page: () => <Suspense fallback={loading}><ApplicationsPage /></Suspense> },
  { path: PATHS.loans, permission: 'loans.read', label: (t) => t.layout.menu.loans, icon: <WalletOutlined />, page: () => <Suspense fallback={loading}><LoansPage /></Suspense> },
  { path: PATHS.monthEnd, permission: 'loans.read', label: (t) => t.layout.menu.monthEnd, icon: <CalendarOutlined />, page: () => <Suspense fallback={loading}><MonthEndPage /></Suspense> },
  // -- network groups --
  { path: PATHS.groups, permission: 'groups.read', label: (t) => t.groups.menu, icon: <UsergroupAddOutlined />, page: () => <Suspense fallback={loading}><GroupsPage /></Suspense> },
  { path: PATHS.organisations, permission: 'groups.read', label: (t) => t.groups.menuOrganisations, icon: <BankOutlined />, page: () => <Suspense fallback={loading}><OrganisationsPage /></Suspense> },
  // -- fees pages --
  { path: PATHS.fees, permission: 'groups.read', label: (t) => t.fees.menu, icon: <AccountBookOutlined />, page: () => <Suspense fallback={loading}><FeesPage /></Suspense> },
  // -- transaction day pages --
  { path: PATHS.transactionDays, permission: 'loans.read', label: (t) => t.transactionDay.menu, icon: <ScheduleOutlined />, page: () => <Suspense fallback={loading}><TransactionDaysPage /></Suspense> },
  // -- takeover pages --
  { path: PATHS.takeover, permission: 'capital.manage', label: (t) => t.takeover.menu, icon: <ImportOutlined />, page: () => <Suspense fallback={loading}><TakeoverPage /></Suspense> },
  // -- capital pages --
  { path: PATHS.capital, permission: 'capital.read', label: (t) => t.capital.menu, icon: <BankFilled />, page: () => <Suspense fallback={loading}><CapitalPage /></Suspense> },
  // -- reports pages --
  { path: PATHS.reports, permission: 'reports.read', label: (t) => t.reports.menu, icon: <BarChartOutlined />, page: () => <Suspense fallback={loading}><ReportsPage /></Suspense> },
  // -- supervision pages --
  { path: PATHS.supervision, permission: 'loans.read', label: (t) => t.supervision.menu, icon: <AlertOutlined />, page: () => <Suspense fallback={loading}><FlagsPage /></Suspense> },
  // -- inspections pages --
  { path: PATHS.inspections, permission: 'inspections.read', label: (t) => t.inspections.menu, icon: <SafetyCertificateOutlined />, page: () => <Suspense fallback={loading}><InspectionsPage /></Suspense> },
  // -- plans pages --
  { path: PATHS.plans, permission: 'plans.read', label: (t) => t.plans.menu, icon: <FundOutlined />, page: () => <Suspense fallback={loading}><PlansPage /></Suspense> },
]
