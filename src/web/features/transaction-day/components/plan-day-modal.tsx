import { Alert, App, DatePicker, Empty, Flex, Form, InputNumber, Modal, Select, Table, Typography, type TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { useErrorText } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCalendar, usePlanDay, type CalendarEntry, type PointOption } from '../api.js'
import { isoToVn } from '../format.js'
import { DayStatusTag } from './status-tags.js'

interface PlanValues {
  pointId: number
  month: Dayjs
}

/** Lập lịch: a point's day of a month, on the date its rule gives. */
export function PlanDayModal({ open, points, onClose, onPlanned }: { open: boolean; points: readonly PointOption[]; onClose: () => void; onPlanned: (id: string) => void }) {
  const t = useT()
  const d = t.transactionDay
  const { message } = App.useApp()
  const [form] = Form.useForm<PlanValues>()
  const plan = usePlanDay()
  const errorText = useErrorText()
  const [error, setError] = useState<unknown>()

  const submit = async (v: PlanValues) => {
    setError(undefined)
    try {
      const day = await plan.mutateAsync({ pointId: v.pointId, period: v.month.format('YYYY-MM') })
      void message.success(d.planned(isoToVn(day.heldOn)))
      onClose()
      onPlanned(day.id)
    } catch (e) {
      setError(e)
    }
  }

  return (
    <Modal open={open} title={d.planTitle} okText={d.plan} cancelText={t.common.cancel} confirmLoading={plan.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{d.planIntro}</Typography.Paragraph>
      {error !== undefined && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} role="alert" />}
      <Form<PlanValues> form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item name="pointId" label={d.point} rules={[{ required: true, message: t.common.choose(d.point) }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={points.filter((p) => p.status === 'active').map((p) => ({ value: p.id, label: `${p.siteName} (${p.code})` }))} />
        </Form.Item>
        <Form.Item name="month" label={d.month} rules={[{ required: true, message: t.common.choose(d.month) }]}>
          <DatePicker picker="month" format="MM/YYYY" placeholder={d.monthPlaceholder} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

const daysInMonth = (period: string): number => new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).getUTCDate()

/** A point's twelve days of a year: moved days marked with the reason (holiday or the officer's). */
export function PointCalendarModal({ open, points, onClose, onOpen }: { open: boolean; points: readonly PointOption[]; onClose: () => void; onOpen: (id: string) => void }) {
  const t = useT()
  const d = t.transactionDay
  const [pointId, setPointId] = useState<number | undefined>()
  const [year, setYear] = useState(() => new Date().getFullYear())
  const calendar = useCalendar(open ? pointId : undefined, year)
  const point = points.find((p) => p.id === pointId)
  const errorText = useErrorText()

  const note = (row: CalendarEntry): string => {
    if (row.rescheduleReason) return d.movedBecause(row.rescheduleReason)
    if (point && Number(row.scheduledOn.slice(8, 10)) !== Math.min(point.monthlyDay, daysInMonth(row.period))) return d.movedOffHoliday
    return ''
  }
  const columns: TableColumnsType<CalendarEntry> = [
    { title: d.month, dataIndex: 'period', key: 'period', render: (p: string) => d.monthName(Number(p.slice(5, 7))) },
    {
      title: d.heldOn, key: 'heldOn',
      render: (_: unknown, row) => (row.dayId ? <Typography.Link onClick={() => { onClose(); onOpen(row.dayId!) }}>{isoToVn(row.heldOn)}</Typography.Link> : isoToVn(row.heldOn)),
    },
    { title: d.startTime, dataIndex: 'startTime', key: 'time', render: (v: string) => v.slice(0, 5) },
    { title: d.status, dataIndex: 'status', key: 'status', render: (s: string) => <DayStatusTag status={s} /> },
    { title: d.reason, key: 'note', render: (_: unknown, row) => <Typography.Text type="warning">{note(row)}</Typography.Text> },
  ]

  return (
    <Modal open={open} title={d.calendarTitle} footer={null} onCancel={onClose} width={760} destroyOnHidden>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select<number> aria-label={d.point} placeholder={d.point} value={pointId} style={{ width: 320 }} showSearch={{ optionFilterProp: 'label' }}
          onChange={setPointId} options={points.map((p) => ({ value: p.id, label: `${p.siteName} (${p.code})` }))} />
        <InputNumber<number> aria-label={d.year} value={year} min={2021} max={2100} onChange={(v) => v !== null && setYear(v)} prefix={d.year} style={{ width: 140 }} />
      </Flex>
      {calendar.isError && <Alert type="error" showIcon title={errorText(calendar.error)} />}
      {pointId === undefined
        ? <Empty description={d.choosePoint} />
        : <Table<CalendarEntry> rowKey="period" size="small" columns={columns} dataSource={calendar.data ?? []} loading={calendar.isFetching} pagination={false} />}
    </Modal>
  )
}
