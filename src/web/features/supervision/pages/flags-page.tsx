import { App, Button, Card, Flex, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useFlagQueue, useRunRules, type Flag, type FlagStatus } from '../api.js'
import { FlagDetailDrawer } from '../components/flag-detail.js'

const STATUSES: readonly FlagStatus[] = ['open', 'under_review', 'confirmed', 'dismissed']
const SEVERITIES = ['high', 'medium', 'low'] as const

/** Cảnh báo giám sát: the flag queue with filters; a flag opens in a drawer with its evidence and review. */
export function FlagsPage() {
  const t = useT()
  const s = t.supervision
  const can = useCan()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const [rule, setRule] = useState<string>()
  const [status, setStatus] = useState<string | undefined>('open')
  const [severity, setSeverity] = useState<string>()
  const [opened, setOpened] = useState<string>()
  const flags = useFlagQueue({ rule, status })
  const run = useRunRules()
  const items = (flags.data ?? []).filter((f) => severity === undefined || f.severity === severity)

  const runRules = async () => {
    try {
      const result = await run.mutateAsync()
      void message.success(s.ran(result.items.reduce((n, r) => n + r.raised, 0)))
    } catch (e) {
      notifyError(e)
    }
  }

  const columns: TableColumnsType<Flag> = [
    { title: '#', dataIndex: 'id', key: 'id', width: 70 },
    { title: s.rule, dataIndex: 'rule', key: 'rule', render: (r: string) => <Typography.Text strong>{s.rules[r] ?? r}</Typography.Text> },
    { title: s.severity, dataIndex: 'severity', key: 'severity', render: (v: string) => <Tag color={v === 'high' ? 'red' : v === 'medium' ? 'orange' : 'default'}>{s.severities[v] ?? v}</Tag> },
    { title: s.subject, key: 'subject', render: (_: unknown, f) => `${s.subjects[f.subjectType] ?? f.subjectType} #${f.subjectId}` },
    { title: s.amount, dataIndex: 'amountDong', key: 'amount', align: 'right', render: (v: string | null) => (v ? formatDong(v) : '—') },
    { title: s.status, dataIndex: 'status', key: 'status', render: (v: string) => <Tag>{s.statuses[v] ?? v}</Tag> },
    { title: s.raisedAt, dataIndex: 'raisedAt', key: 'raisedAt', render: (v: string) => formatVnDateTime(v) },
    { title: t.common.actions, key: 'open', render: (_: unknown, f) => <Button size="small" onClick={() => setOpened(f.id)} aria-label={`${s.open} #${f.id}`}>{s.open}</Button> },
  ]

  return (
    <Card title={s.title} extra={can('supervision.run') ? <Button onClick={() => void runRules()} loading={run.isPending}>{s.runRules}</Button> : null}>
      <Typography.Paragraph type="secondary">{s.intro}</Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Space>
          <Select allowClear showSearch optionFilterProp="label" placeholder={s.rule} style={{ width: 280 }} value={rule} onChange={setRule} aria-label={s.rule}
            options={Object.entries(s.rules).map(([value, label]) => ({ value, label }))} />
          <Select allowClear placeholder={s.status} style={{ width: 160 }} value={status} onChange={setStatus} aria-label={s.status}
            options={STATUSES.map((value) => ({ value, label: s.statuses[value] }))} />
          <Select allowClear placeholder={s.severity} style={{ width: 140 }} value={severity} onChange={setSeverity} aria-label={s.severity}
            options={SEVERITIES.map((value) => ({ value, label: s.severities[value] }))} />
        </Space>
      </Flex>
      {flags.error ? <ErrorAlert error={flags.error} onRetry={() => void flags.refetch()} /> : null}
      <Table<Flag> rowKey="id" size="small" columns={columns} dataSource={items} loading={flags.isFetching} locale={{ emptyText: s.empty }} pagination={{ pageSize: 50 }} />
      <FlagDetailDrawer id={opened} canReview={can('loans.manage')} canAssign={can('supervision.assign')} canRecall={can('inspections.manage')} onClose={() => setOpened(undefined)} />
    </Card>
  )
}
