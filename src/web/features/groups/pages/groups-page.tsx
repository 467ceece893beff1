import { navigate, PATHS, useSearch } from '../../../shared/router.js'
import { GroupDetailView } from '../components/group-detail.js'
import { GroupList } from '../components/group-list.js'

/** Tổ TK&VV: the list; ?id=N opens a group. */
export function GroupsPage() {
  const search = new URLSearchParams(useSearch())
  const id = search.get('id')
  const go = (groupId?: string) => navigate(groupId ? `${PATHS.groups}?id=${groupId}` : PATHS.groups)
  if (id !== null && /^\d+$/.test(id)) return <GroupDetailView id={id} onBack={() => go()} />
  return <GroupList onOpen={(groupId) => go(groupId)} />
}
