import { Tag } from 'antd'
import { useT } from '../../../shared/i18n.js'
import type { GroupStatus } from '../types.js'

const COLOURS: Readonly<Record<GroupStatus, string>> = { active: 'green', suspended: 'orange', dissolved: 'default' }

export function GroupStatusTag({ status }: { status: GroupStatus }) {
  const g = useT().groups
  return <Tag color={COLOURS[status]}>{g.statuses[status] ?? status}</Tag>
}
