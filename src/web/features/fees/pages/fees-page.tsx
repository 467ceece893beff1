import { Button, Card, DatePicker, Flex, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { DownloadOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatDong, formatVnDate } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useSearch } from '../../../shared/router.js'
import { exportUrl, formatMicrosPercent, useFeeAccruals, type FeeAccrual } from '../api.js'
import { FeeBasisView } from '../components/fee-basis.js'

/** The month before the current one: the latest that can have been closed. */
const lastMonth = () => dayjs().subtract(1, 'month').format('YYYY-MM')

/** Phí ủy thác, hoa hồng: a month's accruals in scope, each with how it was computed, and an Excel export. */
export function FeesPage() {
  const t = useT()
  const { locale } = useLanguage()
  const f = t.fees
  const initial = new URLSearchParams(useSearch()).get('period')
  const [period, setPeriod] = useState(initial && /^\d{4}-(0[1-9]|1[0-2])$/.test(initial) ? initial : lastMonth())
  const accruals = useFeeAccruals(period)
  const items = accruals.data?.items ?? []
  const total = items.reduce((s, a) => s + BigInt(a.netDong), 0n)

  const columns: TableColumnsType<FeeAccrual> = [
    { title: f.payeeKind, key: 'kind', render: (_: unknown, a) => <Tag color={a.payeeKind === 'group' ? 'blue' : 'purple'}>{f.payeeKinds[a.payeeKind]}</Tag> },
    { title: f.payee, key: 'payee', render: (_: unknown, a) => <span>{a.payeeCode ? <Typography.Text code>{a.payeeCode}</Typography.Text> : null} {a.payeeName ?? a.payeeId}</span> },
    { title: f.contract, dataIndex: 'contractNumber', key: 'contract' },
    { title: f.gross, key: 'gross', align: 'right', render: (_: unknown, a) => formatDong(a.grossDong) },
    { title: f.payShare, key: 'share', align: 'right', render: (_: unknown, a) => formatMicrosPercent(a.basis.payShareMicros) },
    { title: f.net, key: 'net', align: 'right', render: (_: unknown, a) => <Typography.Text strong>{formatDong(a.netDong)}</Typography.Text> },
    {
      title: f.status, key: 'status',
      render: (_: unknown, a) => <Tag color={a.status === 'paid' ? 'green' : 'gold'} title={a.paidOn ? f.paidOn(formatVnDate(a.paidOn)) : undefined}>{f.statuses[a.status]}</Tag>,
    },
  ]

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{f.title}</Typography.Title>}>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 980 }}>{f.intro}</Typography.Paragraph>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 16 }}>
        <Space>
          <Typography.Text>{f.period}</Typography.Text>
          <DatePicker
            picker="month" allowClear={false} format="MM/YYYY" aria-label={f.period}
            value={dayjs(`${period}-01`)} onChange={(value: Dayjs | null) => value && setPeriod(value.format('YYYY-MM'))}
          />
        </Space>
        <Button icon={<DownloadOutlined />} href={exportUrl(period, locale)} disabled={items.length === 0}>{f.export}</Button>
        {items.length > 0 && <Typography.Text data-testid="fees-total">{f.total(items.length, formatDong(total.toString()))}</Typography.Text>}
      </Flex>
      {accruals.error && <ErrorAlert error={accruals.error} />}
      <Table<FeeAccrual>
        rowKey="id" size="middle" columns={columns} dataSource={items} loading={accruals.isFetching} pagination={false}
        locale={{ emptyText: f.empty }}
        expandable={{ expandedRowRender: (a) => <FeeBasisView accrual={a} /> }}
      />
    </Card>
  )
}
