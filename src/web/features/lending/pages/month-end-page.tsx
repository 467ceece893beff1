import { App, Button, Card, DatePicker, Flex, Form, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { ErrorAlert, useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useClosePeriod, usePeriodCloses, type PeriodClose } from '../api.js'
import { periodText, todayVn } from '../format.js'

/** A month may be closed from its last day on (the server checks the same). */
const notEnded = (month: Dayjs) => month.endOf('month').format('YYYY-MM-DD') > todayVn()

/** Kết chuyển cuối tháng: the closes so far with what each did, and the close action for loans.manage. */
export function MonthEndPage() {
  const t = useT()
  const can = useCan()
  const { message } = App.useApp()
  const closes = usePeriodCloses()
  const close = useClosePeriod()
  const [form] = Form.useForm<{ period: Dayjs }>()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const m = t.lending.monthEnd
  const period = Form.useWatch('period', form)
  const latest = closes.data?.find((c) => c.status === 'done')

  const columns: TableColumnsType<PeriodClose> = [
    {
      title: m.period, dataIndex: 'period', key: 'period',
      render: (p: string, c) => (
        <Flex gap={8} align="center">
          <Typography.Text strong>{periodText(p)}</Typography.Text>
          <Tag color={c.status === 'done' ? 'green' : 'gold'}>{m.statuses[c.status] ?? c.status}</Tag>
        </Flex>
      ),
    },
    { title: m.finishedAt, dataIndex: 'finishedAt', key: 'finished', render: (v: string | null, c) => formatVnDateTime(v ?? c.startedAt) },
    { title: m.loansAccrued, key: 'loans', align: 'right', render: (_: unknown, c) => c.stats.loansAccrued ?? t.common.none },
    { title: m.interestPosted, key: 'interest', align: 'right', render: (_: unknown, c) => formatDong(c.stats.interestPostedDong ?? '0') },
    { title: m.overduePosted, key: 'overdue', align: 'right', render: (_: unknown, c) => formatDong(c.stats.overduePostedDong ?? '0') },
    { title: m.principalMoved, key: 'moved', align: 'right', render: (_: unknown, c) => formatDong(c.stats.principalMovedOverdueDong ?? '0') },
    { title: m.unfrozen, key: 'unfrozen', align: 'right', render: (_: unknown, c) => c.stats.unfrozen ?? t.common.none },
    { title: m.snapshots, key: 'snapshots', align: 'right', render: (_: unknown, c) => c.stats.snapshots ?? t.common.none },
  ]

  const submit = async ({ period: chosen }: { period: Dayjs }) => {
    const value = chosen.format('YYYY-MM')
    try {
      const report = await close.mutateAsync(value)
      void message.success(report.alreadyClosed ? m.alreadyClosed(periodText(value)) : m.closed(periodText(value)))
    } catch (error) {
      if (!applyFieldErrors(form, error, { fields: ['period'], codes: { period_not_ended: 'period', period_out_of_order: 'period' } })) notifyError(error)
    }
  }

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{m.title}</Typography.Title>}>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 980 }}>{m.intro}</Typography.Paragraph>
      {latest && <Typography.Paragraph>{m.lastClosed(periodText(latest.period))}</Typography.Paragraph>}
      {can('loans.manage') ? (
        <Card size="small" title={m.closeTitle} style={{ marginBottom: 16 }}>
          <Form form={form} layout="inline" initialValues={{ period: dayjs(todayVn()).subtract(1, 'month').startOf('month') }} onFinish={submit}>
            <Form.Item name="period" label={m.choosePeriod} rules={[{ required: true, message: t.common.choose(m.choosePeriod) }]}>
              <DatePicker picker="month" format="MM/YYYY" allowClear={false} disabledDate={notEnded} />
            </Form.Item>
            <Form.Item>
              <Popconfirm
                title={m.confirmClose(period ? period.format('MM/YYYY') : '')}
                okText={m.close}
                cancelText={t.common.cancel}
                onConfirm={() => form.submit()}
              >
                <Button type="primary" loading={close.isPending}>{m.close}</Button>
              </Popconfirm>
            </Form.Item>
          </Form>
        </Card>
      ) : (
        <Typography.Paragraph type="secondary">{m.readOnly}</Typography.Paragraph>
      )}
      {closes.isError && <ErrorAlert error={closes.error} onRetry={() => void closes.refetch()} />}
      <Flex vertical>
        <Table<PeriodClose>
          rowKey="period"
          columns={columns}
          dataSource={closes.data ?? []}
          loading={closes.isFetching}
          locale={{ emptyText: m.empty }}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 24, hideOnSinglePage: true }}
        />
      </Flex>
    </Card>
  )
}
