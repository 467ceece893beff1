import { PlusOutlined } from '@ant-design/icons'
import { Badge, Button, Card, Flex, Table, Tabs, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import type { Permission } from '../../../../domain/access/index.js'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatDong } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { APPLICATION_STATUSES, useApplicationCount, useApplications, type ApplicationListItem, type ApplicationStatus } from '../api.js'
import { day } from '../format.js'
import { ApplicationStatusTag, Nowrap } from './status-tags.js'

/** The permission that acts on an application waiting at each status: the workflow queue by role. */
export const ACTOR_OF_STATUS: Readonly<Partial<Record<ApplicationStatus, Permission>>> = {
  submitted: 'loans.review',
  group_reviewed: 'loans.confirm',
  commune_confirmed: 'loans.appraise',
  pending_approval: 'approvals.decide',
}

type Tab = ApplicationStatus | 'all'

/** The first status the user acts on: where their queue opens. */
export function defaultTab(can: (p: Permission) => boolean): Tab {
  return APPLICATION_STATUSES.find((s) => {
    const permission = ACTOR_OF_STATUS[s]
    return permission !== undefined && can(permission)
  }) ?? 'all'
}

function TabLabel({ status, actionable }: { status: ApplicationStatus; actionable: boolean }) {
  const t = useT()
  const count = useApplicationCount(status, actionable)
  return (
    <Flex align="center" gap={6}>
      {t.lending.applications.statuses[status]}
      {actionable && <Badge count={count.data ?? 0} showZero={false} size="small" />}
    </Flex>
  )
}

/** Hồ sơ vay vốn: tabs by status, those the user acts on with their counts. */
export function ApplicationList({ tab, onTab, onOpen, onCreate }: { tab: Tab; onTab: (tab: Tab) => void; onOpen: (id: string) => void; onCreate: () => void }) {
  const t = useT()
  const { locale } = useLanguage()
  const can = useCan()
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  const a = t.lending.applications
  const applications = useApplications({ status: tab === 'all' ? undefined : tab, ...page })

  const columns: TableColumnsType<ApplicationListItem> = [
    { title: a.id, dataIndex: 'id', key: 'id', width: 90, render: (id: string) => <Typography.Link onClick={() => onOpen(id)}>{id}</Typography.Link> },
    {
      title: a.household, key: 'household',
      render: (_: unknown, r) => (
        <Flex vertical>
          <Typography.Link onClick={() => onOpen(r.id)}>{r.head_name ?? r.household_code}</Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${r.household_code} · ${r.commune_name}`}</Typography.Text>
        </Flex>
      ),
    },
    { title: a.program, key: 'program', render: (_: unknown, r) => (locale === 'vi' ? r.program_name : r.program_name_en) },
    { title: a.amount, dataIndex: 'amount_dong', key: 'amount', align: 'right', render: (v: string) => <Nowrap>{formatDong(v)}</Nowrap> },
    { title: a.term, dataIndex: 'term_months', key: 'term', align: 'right', render: (v: number) => <Nowrap>{t.lending.months(v)}</Nowrap> },
    { title: a.applicationDate, dataIndex: 'application_date', key: 'date', render: (v: string) => <Nowrap>{day(v)}</Nowrap> },
    { title: a.status, dataIndex: 'status', key: 'status', render: (s: ApplicationStatus) => <ApplicationStatusTag status={s} /> },
  ]

  const actionable = (s: ApplicationStatus) => {
    const permission = ACTOR_OF_STATUS[s]
    return permission !== undefined && can(permission)
  }

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{a.title}</Typography.Title>}
      extra={can('loans.apply') && <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>{a.create}</Button>}
    >
      {APPLICATION_STATUSES.some(actionable) && <Typography.Paragraph type="secondary">{a.queueHint}</Typography.Paragraph>}
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          setPage((p) => ({ ...p, page: 1 }))
          onTab(key as Tab)
        }}
        items={[
          ...APPLICATION_STATUSES.map((s) => ({ key: s, label: <TabLabel status={s} actionable={actionable(s)} /> })),
          { key: 'all', label: a.all },
        ]}
      />
      {applications.isError && <ErrorAlert error={applications.error} onRetry={() => void applications.refetch()} />}
      <Table<ApplicationListItem>
        rowKey="id"
        columns={columns}
        dataSource={applications.data?.items ?? []}
        loading={applications.isFetching}
        locale={{ emptyText: a.empty }}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: applications.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t.common.total(total),
          onChange: (p, pageSize) => setPage((prev) => ({ page: pageSize === prev.pageSize ? p : 1, pageSize })),
        }}
      />
    </Card>
  )
}
