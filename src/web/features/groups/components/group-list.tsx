import { PlusOutlined, TrophyOutlined } from '@ant-design/icons'
import { Button, Card, Flex, Input, Select, Table, Typography, type TableColumnsType } from 'antd'
import { useMemo, useState } from 'react'
import { ORGANISATIONS, type Organisation } from '../../../../domain/access/index.js'
import { ErrorAlert } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useUnits } from '../../../shared/units-query.js'
import { useGroups, usePoints, type GroupListParams } from '../api.js'
import type { Grade, GroupStatus, GroupSummary } from '../types.js'
import { ComputeGradesModal } from './compute-grades-modal.js'
import { CreateGroupModal } from './create-group-modal.js'
import { GradeTag } from './grade-tag.js'
import { GroupStatusTag } from './status-tag.js'

const GRADE_FILTERS: readonly (Grade | 'ungraded')[] = ['good', 'fair', 'average', 'weak', 'ungraded']
const STATUSES: readonly GroupStatus[] = ['active', 'suspended', 'dissolved']

/** Tổ TK&VV: the groups of the user's scope, filtered by commune, point, organisation, grade and status. */
export function GroupList({ onOpen }: { onOpen: (id: string) => void }) {
  const t = useT()
  const g = t.groups
  const can = useCan()
  const [params, setParams] = useState<GroupListParams>({ q: '', communeUnitId: undefined, transactionPointId: undefined, organisation: undefined, grade: undefined, status: undefined, page: 1, pageSize: 20 })
  const [creating, setCreating] = useState(false)
  const [grading, setGrading] = useState(false)
  const groups = useGroups(params)
  const units = useUnits()
  const points = usePoints()
  const communes = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'commune'), [units.data])
  const pointOptions = useMemo(() => (points.data ?? []).filter((p) => params.communeUnitId === undefined || p.communeUnitId === params.communeUnitId), [points.data, params.communeUnitId])
  const set = (patch: Partial<GroupListParams>) => setParams((p) => ({ ...p, ...patch, page: 1 }))

  const columns: TableColumnsType<GroupSummary> = [
    {
      title: g.name, dataIndex: 'name', key: 'name',
      render: (name: string, row) => (
        <Flex vertical>
          <Typography.Link onClick={() => onOpen(row.id)}>{name}</Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.code}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: g.commune, key: 'place',
      render: (_: unknown, row) => (
        <Flex vertical>
          {row.villageName ?? t.common.none}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.communeName}</Typography.Text>
        </Flex>
      ),
    },
    { title: g.point, dataIndex: 'pointSiteName', key: 'point' },
    { title: g.organisationUnit, dataIndex: 'organisationUnitName', key: 'org' },
    { title: g.members, dataIndex: 'memberCount', key: 'members', align: 'right' },
    { title: g.leader, dataIndex: 'leaderName', key: 'leader', render: (v: string | null) => v ?? t.common.none },
    { title: g.status, dataIndex: 'status', key: 'status', render: (s: GroupStatus) => <GroupStatusTag status={s} /> },
    { title: g.latestGrade, key: 'grade', render: (_: unknown, row) => (row.latestGrade ? <GradeTag grade={row.latestGrade.grade} period={row.latestGrade.period} /> : <GradeTag grade={null} />) },
  ]

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{g.title}</Typography.Title>}
      extra={
        <Flex gap={8}>
          {can('groups.grade') && <Button icon={<TrophyOutlined />} onClick={() => setGrading(true)}>{g.computeGrades}</Button>}
          {can('groups.manage') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{g.create}</Button>}
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{g.intro}</Typography.Paragraph>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear enterButton={t.common.search} placeholder={g.searchPlaceholder} aria-label={g.searchPlaceholder} onSearch={(q) => set({ q })} style={{ width: 320, maxWidth: '100%' }} />
        <Select<number | ''> aria-label={g.commune} value={params.communeUnitId ?? ''} style={{ width: 200 }} showSearch={{ optionFilterProp: 'label' }}
          onChange={(v) => set({ communeUnitId: v === '' ? undefined : v, transactionPointId: undefined })}
          options={[{ value: '', label: g.allCommunes }, ...communes.map((c) => ({ value: c.id, label: c.name }))]} />
        <Select<number | ''> aria-label={g.point} value={params.transactionPointId ?? ''} style={{ width: 200 }} showSearch={{ optionFilterProp: 'label' }}
          onChange={(v) => set({ transactionPointId: v === '' ? undefined : v })}
          options={[{ value: '', label: g.allPoints }, ...pointOptions.map((p) => ({ value: p.id, label: p.siteName }))]} />
        <Select<Organisation | ''> aria-label={g.organisation} value={params.organisation ?? ''} style={{ width: 210 }} showSearch={{ optionFilterProp: 'label' }}
          onChange={(v) => set({ organisation: v || undefined })}
          options={[{ value: '', label: g.allOrganisations }, ...ORGANISATIONS.map((o) => ({ value: o, label: t.organisations[o] }))]} />
        <Select<Grade | 'ungraded' | ''> aria-label={g.grade} value={params.grade ?? ''} style={{ width: 170 }} showSearch={{ optionFilterProp: 'label' }}
          onChange={(v) => set({ grade: v || undefined })}
          options={[{ value: '', label: g.allGrades }, ...GRADE_FILTERS.map((x) => ({ value: x, label: x === 'ungraded' ? g.ungraded : g.grades[x] }))]} />
        <Select<GroupStatus | ''> aria-label={g.status} value={params.status ?? ''} style={{ width: 170 }} showSearch={{ optionFilterProp: 'label' }}
          onChange={(v) => set({ status: v || undefined })}
          options={[{ value: '', label: g.allStatuses }, ...STATUSES.map((s) => ({ value: s, label: g.statuses[s] }))]} />
      </Flex>
      {groups.isError && <ErrorAlert error={groups.error} onRetry={() => void groups.refetch()} />}
      <Table<GroupSummary>
        rowKey="id"
        columns={columns}
        dataSource={groups.data?.items ?? []}
        loading={groups.isFetching}
        locale={{ emptyText: g.empty }}
        scroll={{ x: 1000 }}
        pagination={{
          current: params.page, pageSize: params.pageSize, total: groups.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t.common.total(total),
          onChange: (page, pageSize) => setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
      />
      {can('groups.manage') && <CreateGroupModal open={creating} onClose={() => setCreating(false)} onCreated={onOpen} />}
      {can('groups.grade') && <ComputeGradesModal open={grading} onClose={() => setGrading(false)} />}
    </Card>
  )
}
