import { Card, Tabs } from 'antd'
import { useT } from '../../../shared/i18n.js'
import { ChecksTab } from '../components/checks-tab.js'
import { DashboardTab } from '../components/dashboard-tab.js'
import { PlansTab } from '../components/plans-tab.js'

/** Kiểm tra, giám sát: inspection plans and findings, use-of-funds checks (06/TD), the supervision dashboard. */
export function InspectionsPage() {
  const t = useT()
  const s = t.inspections
  return (
    <Card title={s.title}>
      <Tabs destroyOnHidden items={[
        { key: 'plans', label: s.tabPlans, children: <PlansTab /> },
        { key: 'checks', label: s.tabChecks, children: <ChecksTab /> },
        { key: 'dashboard', label: s.tabDashboard, children: <DashboardTab /> },
      ]} />
    </Card>
  )
}
