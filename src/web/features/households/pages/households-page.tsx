import { useT } from '../../../shared/i18n.js'
import { navigate, PATHS, useSearch } from '../../../shared/router.js'
import { useCan } from '../../../shared/session.js'
import { Result } from 'antd'
import { HouseholdDetailView } from '../components/household-detail.js'
import { HouseholdForm } from '../components/household-form.js'
import { HouseholdList } from '../components/household-list.js'
import { ImportView } from '../components/import-view.js'

/** Hộ gia đình: the list; ?id=N opens a household, ?view=new the new-household form, ?view=import the import. */
export function HouseholdsPage() {
  const t = useT()
  const can = useCan()
  const search = new URLSearchParams(useSearch())
  const id = search.get('id')
  const view = search.get('view')
  const go = (params: Record<string, string> = {}) => navigate(Object.keys(params).length ? `${PATHS.households}?${new URLSearchParams(params).toString()}` : PATHS.households)

  if (id !== null && /^\d+$/.test(id)) return <HouseholdDetailView id={id} onBack={() => go()} />
  if ((view === 'new' || view === 'import') && !can('households.manage')) return <Result status="403" title={t.common.forbiddenTitle} subTitle={t.common.forbiddenText} />
  if (view === 'new') return <HouseholdForm onDone={(newId) => go({ id: newId })} onCancel={() => go()} />
  if (view === 'import') return <ImportView onBack={() => go()} />
  return <HouseholdList onOpen={(hid) => go({ id: hid })} onCreate={() => go({ view: 'new' })} onImport={() => go({ view: 'import' })} />
}
