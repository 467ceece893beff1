import { Alert, App, Button, Card, DatePicker, Form, Select, Table, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo } from 'react'
import { ErrorAlert, useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useUnits } from '../../../shared/units-query.js'
import { useOpenAdHoc, useOverdueRequests, useRegister, useReviews } from '../api.js'
import { formatDay, isoDay, todayVn } from '../format.js'
import type { Review, ReviewStatus } from '../types.js'
import { STATUS_COLOURS } from './reviews-tab.js'

interface RequestForm {
  communeUnitId: number
  householdId: string
  requestedOn: Dayjs
  openedOn: Dayjs
}

function RequestCard() {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<RequestForm>()
  const units = useUnits()
  const communes = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'commune'), [units.data])
  const communeUnitId = Form.useWatch('communeUnitId', form) ?? (communes.length === 1 ? communes[0]?.id : undefined)
  const register = useRegister(communeUnitId)
  const openAdHoc = useOpenAdHoc()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const a = t.poverty.adHoc
  return (
    <Card size="small" title={a.open} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{a.hint}</Typography.Paragraph>
      <Form<RequestForm> form={form} layout="inline" initialValues={{ requestedOn: dayjs(todayVn()), openedOn: dayjs(todayVn()) }}
        onFinish={async (v) => {
          try {
            await openAdHoc.mutateAsync({ householdId: v.householdId, requestedOn: isoDay(v.requestedOn), openedOn: isoDay(v.openedOn) })
            void message.success(a.opened)
            form.resetFields(['householdId'])
          } catch (error) {
            const fields = { fields: ['householdId', 'requestedOn', 'openedOn'], codes: { poverty_adhoc_before_15th: 'openedOn', poverty_date_in_future: 'openedOn', poverty_dates_out_of_order: 'requestedOn', poverty_review_already_open: 'householdId', poverty_household_not_active: 'householdId' } }
            if (!applyFieldErrors(form, error, fields)) notifyError(error)
          }
        }}>
        {communes.length > 1 && (
          <Form.Item name="communeUnitId" label={a.commune} rules={[{ required: true, message: t.common.choose(a.commune) }]}>
            <Select style={{ width: 220 }} options={communes.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        )}
        <Form.Item name="householdId" label={a.household} rules={[{ required: true, message: t.common.choose(a.household) }]}>
          <Select showSearch optionFilterProp="label" style={{ width: 280 }} loading={register.isFetching}
            options={(register.data ?? []).map((h) => ({ value: h.householdId, label: `${h.code} — ${h.headName ?? ''}` }))} />
        </Form.Item>
        <Form.Item name="requestedOn" label={a.requestedOn} rules={[{ required: true, message: t.common.choose(a.requestedOn) }]}><DatePicker format="DD/MM/YYYY" allowClear={false} /></Form.Item>
        <Form.Item name="openedOn" label={a.openedOn} rules={[{ required: true, message: t.common.choose(a.openedOn) }]}><DatePicker format="DD/MM/YYYY" allowClear={false} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={openAdHoc.isPending}>{a.open}</Button>
      </Form>
    </Card>
  )
}

/** Ad-hoc reviews on households' requests; those past their 15 days stand out. */
export function AdHocTab({ onSelect }: { onSelect: (id: number) => void }) {
  const t = useT()
  const can = useCan()
  const reviews = useReviews('ad_hoc')
  const overdue = useOverdueRequests()
  const a = t.poverty.adHoc
  const columns: TableColumnsType<Review> = [
    { title: t.poverty.reviews.commune, dataIndex: 'communeName', key: 'commune' },
    { title: a.household, dataIndex: 'householdId', key: 'household', width: 120 },
    { title: a.requestedOn, dataIndex: 'requestedOn', key: 'requestedOn', width: 140, render: formatDay },
    { title: a.dueOn, key: 'dueOn', width: 200, render: (_: unknown, r) => (<>{formatDay(r.dueOn)} {r.overdue && <Tag color="red">{a.overdue}</Tag>}</>) },
    { title: t.poverty.reviews.status, dataIndex: 'status', key: 'status', width: 170, render: (s: ReviewStatus) => <Tag color={STATUS_COLOURS[s]}>{t.poverty.statuses[s]}</Tag> },
    { title: t.common.actions, key: 'actions', width: 100, render: (_: unknown, r) => <Button size="small" onClick={() => onSelect(r.id)}>{t.poverty.reviews.view}</Button> },
  ]
  const overdueCount = overdue.data?.total ?? 0
  return (
    <>
      {can('poverty.review') && <RequestCard />}
      {overdueCount > 0 && <Alert type="error" showIcon title={a.overdueCount(overdueCount)} style={{ marginBottom: 12 }} />}
      {reviews.isError && <ErrorAlert error={reviews.error} onRetry={() => void reviews.refetch()} />}
      <Table<Review> rowKey="id" columns={columns} dataSource={reviews.data?.items ?? []} loading={reviews.isFetching} pagination={false} locale={{ emptyText: a.empty }}
        rowClassName={(r) => (r.overdue ? 'poverty-overdue-row' : '')}
        onRow={(r) => ({ style: r.overdue ? { background: '#fff1f0' } : {} })} />
    </>
  )
}
