// Thông báo cho hộ vay: the day's outbox. "Lập thông báo" queues one message per borrowing
// household (a second run adds nothing); "Gửi" sends the queued ones (and failed ones with attempts
// left) through the server's sender. Both stop once the day is closed.
import { NotificationOutlined, SendOutlined } from '@ant-design/icons'
import { App, Button, Card, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useDispatchNotices, useNotices, useQueueNotices, type Notice, type NoticeStatus } from '../api.js'

const STATUSES: readonly NoticeStatus[] = ['queued', 'sent', 'failed', 'skipped']
const COLOURS: Readonly<Record<NoticeStatus, string>> = { queued: 'blue', sent: 'green', failed: 'red', skipped: 'default' }

export function NoticesPanel({ dayId, canSend }: { dayId: string; canSend: boolean }) {
  const t = useT()
  const d = t.transactionDay
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const notices = useNotices(dayId)
  const queue = useQueueNotices(dayId)
  const dispatch = useDispatchNotices(dayId)
  const counts = notices.data?.counts
  const waiting = counts ? counts.queued + counts.failed : 0

  const run = async (action: 'queue' | 'dispatch') => {
    try {
      if (action === 'queue') {
        const report = await queue.mutateAsync(undefined)
        void message.success(d.noticesQueued(report.created, report.borrowers))
      } else {
        const report = await dispatch.mutateAsync(undefined)
        void (report.attempted === 0 ? message.info(d.nothingToSend) : message.success(d.dispatched(report.sent, report.failed)))
      }
    } catch (e) {
      notifyError(e)
    }
  }

  const columns: TableColumnsType<Notice> = [
    { title: d.member, key: 'member', render: (_: unknown, n) => `${n.headName ?? t.common.none} (${n.householdCode})` },
    { title: d.phone, dataIndex: 'phone', key: 'phone', render: (v: string | null) => v ?? t.common.none },
    { title: d.status, dataIndex: 'status', key: 'status', render: (s: NoticeStatus) => <Tag color={COLOURS[s]}>{d.noticeStatuses[s] ?? s}</Tag> },
    { title: d.noticeBody, dataIndex: 'body', key: 'body', render: (v: string) => <Typography.Text style={{ fontSize: 12 }}>{v}</Typography.Text> },
    { title: d.attempts, dataIndex: 'attempts', key: 'attempts', align: 'right' },
    { title: d.sentAt, dataIndex: 'sentAt', key: 'sentAt', render: (v: string | null) => (v ? formatVnDateTime(v) : '') },
    { title: d.lastError, dataIndex: 'lastError', key: 'error', render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '') },
  ]

  return (
    <Card size="small" title={d.notices} data-testid="day-notices"
      extra={canSend && (
        <Flex gap={8}>
          <Button size="small" icon={<NotificationOutlined />} loading={queue.isPending} onClick={() => void run('queue')}>{d.queueNotices}</Button>
          <Button size="small" type="primary" icon={<SendOutlined />} loading={dispatch.isPending} disabled={waiting === 0} onClick={() => void run('dispatch')}>{d.dispatch}</Button>
        </Flex>
      )}>
      {notices.isError && <ErrorAlert error={notices.error} onRetry={() => void notices.refetch()} />}
      {counts && (
        <Flex gap={4} wrap style={{ marginBottom: 8 }} data-testid="notice-counts">
          {STATUSES.map((s) => <Tag key={s} color={COLOURS[s]}>{d.noticeStatuses[s]}: {counts[s]}</Tag>)}
        </Flex>
      )}
      <Table<Notice> rowKey="id" size="small" columns={columns} dataSource={[...(notices.data?.items ?? [])]} loading={notices.isFetching}
        locale={{ emptyText: d.noticesEmpty }} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 900 }} />
    </Card>
  )
}
