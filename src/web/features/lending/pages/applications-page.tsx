import { Result } from 'antd'
import { useT } from '../../../shared/i18n.js'
import { navigate, PATHS, useSearch } from '../../../shared/router.js'
import { useCan } from '../../../shared/session.js'
import { APPLICATION_STATUSES, type ApplicationStatus } from '../api.js'
import { ApplicationDetailView } from '../components/application-detail.js'
import { ApplicationForm } from '../components/application-form.js'
import { ApplicationList, defaultTab } from '../components/application-list.js'

/**
 * Hồ sơ vay vốn: the workflow queue by status (?status=…, opening on the step the user acts on);
 * ?id=N opens an application, ?view=new the application form.
 */
export function ApplicationsPage() {
  const t = useT()
  const can = useCan()
  const search = new URLSearchParams(useSearch())
  const id = search.get('id')
  const view = search.get('view')
  const status = search.get('status')
  const tab = status === 'all' || (APPLICATION_STATUSES as readonly string[]).includes(status ?? '') ? (status as ApplicationStatus | 'all') : defaultTab(can)
  const go = (params: Record<string, string> = {}) => navigate(Object.keys(params).length ? `${PATHS.loanApplications}?${new URLSearchParams(params).toString()}` : PATHS.loanApplications)

  if (id !== null && /^\d{1,18}$/.test(id)) return <ApplicationDetailView id={id} onBack={() => go({ status: tab })} />
  if (view === 'new' && !can('loans.apply')) return <Result status="403" title={t.common.forbiddenTitle} subTitle={t.common.forbiddenText} />
  if (view === 'new') return <ApplicationForm onDone={(newId) => go({ id: newId })} onCancel={() => go({ status: tab })} />
  return <ApplicationList tab={tab} onTab={(next) => go({ status: next })} onOpen={(appId) => go({ id: appId })} onCreate={() => go({ view: 'new' })} />
}
