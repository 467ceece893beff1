import { CalendarOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Card, DatePicker, Flex, Select, Table, Tooltip, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useDays, usePoints, type DayFilter, type DayStatus, type TransactionDay } from '../api.js'
import { isoToVn, money } from '../format.js'
import { PlanDayModal, PointCalendarModal } from './plan-day-modal.js'
import { DayStatusTag } from './status-tags.js'

const STATUSES: readonly DayStatus[] = ['planned', 'open', 'closed']

/** Ngày giao dịch: the days of the points in scope, latest first, filtered by point, month and status. */
export function DayList({ onOpen }: { onOpen: (id: string) => void }) {
  const t = useT()
  const d = t.transactionDay
  const can = useCan()
  const [filter, setFilter] = useState<DayFilter>({ pointId: undefined, period: undefined, status: undefined })
  const [planning, setPlanning] = useState(false)
  const [calendar, setCalendar] = useState(false)
  const days = useDays(filter)
  const points = usePoints()
  const set = (patch: Partial<DayFilter>) => setFilter((f) => ({ ...f, ...patch }))

  const columns: TableColumnsType<TransactionDay> = [
    {
      title: d.point, key: 'point',
      render: (_: unknown, row) => (
        <Flex vertical>
          <Typography.Link onClick={() => onOpen(row.id)}>{row.pointSiteName}</Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.pointCode} · {row.communeName}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: d.heldOn, key: 'heldOn',
      render: (_: unknown, row) => (
        <Flex vertical>
          <span>{isoToVn(row.heldOn)} {row.startTime.slice(0, 5)}</span>
          {row.rescheduleReason && (
            <Tooltip title={`${d.scheduledOn}: ${isoToVn(row.scheduledOn)}`}>
              <Typography.Text type="warning" style={{ fontSize: 12 }}>{d.movedBecause(row.rescheduleReason)}</Typography.Text>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    { title: d.status, dataIndex: 'status', key: 'status', render: (s: DayStatus) => <DayStatusTag status={s} /> },
    { title: d.openingCash, dataIndex: 'openingCashDong', key: 'opening', align: 'right', render: (v: string | null) => money(v) },
    { title: d.countedCash, dataIndex: 'countedCashDong', key: 'counted', align: 'right', render: (v: string | null) => money(v) },
    { title: t.common.actions, key: 'actions', render: (_: unknown, row) => <Button size="small" onClick={() => onOpen(row.id)} aria-label={`${d.openDay} ${isoToVn(row.heldOn)}`}>{d.openDay}</Button> },
  ]

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{d.title}</Typography.Title>}
      extra={
        <Flex gap={8}>
          <Button icon={<CalendarOutlined />} onClick={() => setCalendar(true)}>{d.calendar}</Button>
          {can('loans.transact') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlanning(true)}>{d.plan}</Button>}
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{d.intro}</Typography.Paragraph>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select<number | ''> aria-label={d.point} value={filter.pointId ?? ''} style={{ width: 240 }} showSearch={{ optionFilterProp: 'label' }}
          onChange={(v) => set({ pointId: v === '' ? undefined : v })}
          options={[{ value: '', label: d.allPoints }, ...(points.data ?? []).map((p) => ({ value: p.id, label: `${p.siteName} (${p.code})` }))]} />
        <DatePicker picker="month" format="MM/YYYY" placeholder={d.allPeriods} aria-label={d.period}
          onChange={(v) => set({ period: v ? v.format('YYYY-MM') : undefined })} />
        <Select<DayStatus | ''> aria-label={d.status} value={filter.status ?? ''} style={{ width: 180 }}
          onChange={(v) => set({ status: v || undefined })}
          options={[{ value: '', label: d.allStatuses }, ...STATUSES.map((s) => ({ value: s, label: d.statuses[s] }))]} />
      </Flex>
      {days.isError && <ErrorAlert error={days.error} onRetry={() => void days.refetch()} />}
      <Table<TransactionDay>
        rowKey="id"
        columns={columns}
        dataSource={days.data ?? []}
        loading={days.isFetching}
        locale={{ emptyText: d.empty }}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, showTotal: (total) => t.common.total(total) }}
      />
      {can('loans.transact') && <PlanDayModal open={planning} points={points.data ?? []} onClose={() => setPlanning(false)} onPlanned={onOpen} />}
      <PointCalendarModal open={calendar} points={points.data ?? []} onClose={() => setCalendar(false)} onOpen={onOpen} />
    </Card>
  )
}
