import { ArrowLeftOutlined, FilePdfOutlined } from '@ant-design/icons'
import { Button, Card, Col, Descriptions, Empty, Flex, Row, Spin, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { addDays, type LocalDate } from '../../../../domain/shared/index.js'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatDong, formatVnDateTime } from '../../../shared/format.js'
import { useLanguage, useT, type Dictionary } from '../../../shared/i18n.js'
import { Link, PATHS } from '../../../shared/router.js'
import { useCan } from '../../../shared/session.js'
import { statementUrl, useLoan, type Instalment, type LoanEventRow, type PostingRow } from '../api.js'
import { accountLabel, day, sumDong } from '../format.js'
import { CashModal, EventModal } from './loan-actions.js'
import { LoanStatusTag } from './status-tags.js'

const INSTALMENT_COLOURS: Readonly<Record<Instalment['status'], string>> = { pending: 'blue', overdue: 'red', paid: 'green' }

/** An event's payload in a few words: amounts, decision numbers, new dates. */
function eventDetails(e: LoanEventRow, t: Dictionary): string {
  const p = e.payload as Record<string, string | number | boolean | undefined>
  const x = t.lending.loans.detail.eventDetails
  const parts: string[] = []
  if (typeof p.amountDong === 'string') parts.push(x.amount(formatDong(p.amountDong)))
  if (typeof p.seq === 'number' && typeof p.newDueDate === 'string') parts.push(x.instalment(p.seq, day(p.newDueDate)))
  if (typeof p.principalDong === 'string' && typeof p.interestDong === 'string') parts.push(x.writeOff(formatDong(p.principalDong), formatDong(p.interestDong)))
  if (typeof p.to === 'string') parts.push(x.freezeTo(day(p.to)))
  if (typeof p.decisionNumber === 'string') parts.push(x.decision(p.decisionNumber))
  if (typeof p.reason === 'string') parts.push(x.reason(p.reason))
  return parts.join(' · ')
}

function Balance({ title, value, testId, danger }: { title: string; value: string; testId: string; danger?: boolean }) {
  return (
    <Card size="small" data-testid={testId}>
      <Statistic title={title} value={formatDong(value)} styles={{ content: { fontSize: 20, color: danger && value !== '0' ? '#cf1322' : undefined } }} />
    </Card>
  )
}

/** One loan: contract, balances, schedule, events and postings, with the actions the user may take. */
export function LoanDetailView({ id, onBack }: { id: string; onBack: () => void }) {
  const t = useT()
  const { locale } = useLanguage()
  const can = useCan()
  const detail = useLoan(id)
  const [open, setOpen] = useState<'disburse' | 'repay' | 'event' | undefined>(undefined)
  const d = t.lending.loans.detail
  const l = t.lending.loans

  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />
  if (!detail.data) return <Spin />
  const { loan, instalments, events, postings } = detail.data
  const undisbursed = (BigInt(loan.approved_dong) - BigInt(loan.disbursed_dong)).toString()
  const transact = can('loans.transact')
  const canDisburse = transact && (loan.status === 'approved' || loan.status === 'active') && undisbursed !== '0'
  const canRepay = transact && (loan.status === 'active' || loan.status === 'frozen')
  const canEvent = can('loans.manage') && loan.status !== 'closed'

  const scheduleColumns: TableColumnsType<Instalment> = [
    { title: d.seq, dataIndex: 'seq', key: 'seq', width: 60 },
    { title: d.dueDate, dataIndex: 'due_date', key: 'due', render: (v: string) => day(v) },
    { title: d.extendedTo, dataIndex: 'extended_to', key: 'extended', render: (v: string | null) => (v ? day(v) : t.common.none) },
    { title: d.principalDue, dataIndex: 'principal_due_dong', key: 'due_amount', align: 'right', render: (v: string) => formatDong(v) },
    { title: d.principalPaid, dataIndex: 'principal_paid_dong', key: 'paid', align: 'right', render: (v: string) => formatDong(v) },
    { title: d.remaining, key: 'remaining', align: 'right', render: (_: unknown, i) => formatDong((BigInt(i.principal_due_dong) - BigInt(i.principal_paid_dong)).toString()) },
    { title: l.status, dataIndex: 'status', key: 'status', render: (s: Instalment['status']) => <Tag color={INSTALMENT_COLOURS[s]}>{d.instalmentStatuses[s] ?? s}</Tag> },
  ]

  const eventColumns: TableColumnsType<LoanEventRow> = [
    { title: t.lending.date, dataIndex: 'event_date', key: 'date', width: 120, render: (v: string) => day(v) },
    { title: d.eventType, dataIndex: 'type', key: 'type', width: 180, render: (v: string) => d.eventTypes[v] ?? v },
    { title: d.details, key: 'details', render: (_: unknown, e) => eventDetails(e, t) },
    { title: d.by, dataIndex: 'created_by_name', key: 'by', render: (v: string | null) => v ?? t.households.system },
    { title: d.recordedAt, dataIndex: 'created_at', key: 'at', render: (v: string) => formatVnDateTime(v) },
  ]

  const postingColumns: TableColumnsType<PostingRow> = [
    { title: d.entry, dataIndex: 'entry_id', key: 'entry', width: 90, render: (v: string) => `#${v}` },
    { title: t.lending.date, dataIndex: 'entry_date', key: 'date', width: 120, render: (v: string) => day(v) },
    { title: d.eventType, dataIndex: 'kind', key: 'kind', width: 170, render: (v: string) => d.entryKinds[v] ?? v },
    {
      title: d.account, dataIndex: 'account', key: 'account',
      render: (key: string) => {
        const a = accountLabel(key, t, locale)
        return (
          <Flex vertical>
            <span>{a.code ? `${a.code} — ${a.name}` : a.name}</span>
            {a.detail && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.detail}</Typography.Text>}
          </Flex>
        )
      },
    },
    { title: d.debit, dataIndex: 'amount_dong', key: 'debit', align: 'right', width: 150, render: (v: string) => (v.startsWith('-') ? '' : formatDong(v)) },
    { title: d.credit, dataIndex: 'amount_dong', key: 'credit', align: 'right', width: 150, render: (v: string) => (v.startsWith('-') ? formatDong(v.slice(1)) : '') },
  ]

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex align="center" gap={12} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={d.back} />
            <Typography.Title level={4} style={{ margin: 0 }}>{d.title(loan.id)}</Typography.Title>
            <LoanStatusTag status={loan.status} />
          </Flex>
        }
        extra={
          <Flex gap={8} wrap>
            <Button icon={<FilePdfOutlined />} href={statementUrl(loan.id)} target="_blank" rel="noopener">{d.statement}</Button>
            {canDisburse && <Button type="primary" onClick={() => setOpen('disburse')}>{d.disburse}</Button>}
            {canRepay && <Button type="primary" onClick={() => setOpen('repay')}>{d.repay}</Button>}
            {canEvent && <Button onClick={() => setOpen('event')}>{d.otherEvent}</Button>}
          </Flex>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }} bordered>
          <Descriptions.Item label={d.borrower}>{`${loan.head_name ?? ''} — ${loan.household_code}`}</Descriptions.Item>
          <Descriptions.Item label={l.commune}>{loan.commune_name}</Descriptions.Item>
          <Descriptions.Item label={l.program}>{locale === 'vi' ? loan.program_name : loan.program_name_en}</Descriptions.Item>
          <Descriptions.Item label={l.contractDate}>{day(loan.contract_date)}</Descriptions.Item>
          <Descriptions.Item label={d.monthlyDay}>{d.monthlyDayValue(loan.monthly_day)}</Descriptions.Item>
          <Descriptions.Item label={d.capitalSource}>{locale === 'vi' ? loan.capital_source_name : loan.capital_source_name_en}</Descriptions.Item>
          <Descriptions.Item label={l.approved}>{formatDong(loan.approved_dong)}</Descriptions.Item>
          <Descriptions.Item label={l.disbursed}>{formatDong(loan.disbursed_dong)}</Descriptions.Item>
          <Descriptions.Item label={d.undisbursed}>{formatDong(undisbursed)}</Descriptions.Item>
          <Descriptions.Item label={d.accruedThrough}>{loan.accrued_until ? day(addDays(loan.accrued_until as LocalDate, -1)) : t.common.none}</Descriptions.Item>
          <Descriptions.Item label={d.lastEvent}>{day(loan.last_event_date)}</Descriptions.Item>
          {loan.application_id && (
            <Descriptions.Item label={d.application}>
              <Link to={`${PATHS.loanApplications}?id=${loan.application_id}`}>{d.openApplication(loan.application_id)}</Link>
            </Descriptions.Item>
          )}
          {loan.freeze_info && <Descriptions.Item label={d.freeze}>{d.freezeInfo(loan.freeze_info.decisionNumber, day(loan.freeze_info.from), day(loan.freeze_info.to))}</Descriptions.Item>}
          {loan.recalled_on && <Descriptions.Item label={d.recalledOn}>{day(loan.recalled_on)}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card size="small" title={d.balances}>
        <Row gutter={[12, 12]}>
          <Col xs={12} md={8} xl={4}><Balance title={d.inTerm} value={loan.principal_in_term_dong} testId="balance-in-term" /></Col>
          <Col xs={12} md={8} xl={4}><Balance title={d.overdue} value={loan.principal_overdue_dong} testId="balance-overdue" danger /></Col>
          <Col xs={12} md={8} xl={4}><Balance title={d.frozen} value={loan.principal_frozen_dong} testId="balance-frozen" /></Col>
          <Col xs={12} md={8} xl={4}><Balance title={d.interest} value={loan.interest_dong} testId="balance-interest" /></Col>
          <Col xs={12} md={8} xl={4}><Balance title={d.overdueInterest} value={loan.overdue_interest_dong} testId="balance-overdue-interest" danger /></Col>
          <Col xs={12} md={8} xl={4}>
            <Card size="small" data-testid="balance-written-off">
              <Statistic title={d.writtenOff} value={`${formatDong(loan.written_off_principal_dong)} / ${formatDong(loan.written_off_interest_dong)}`} styles={{ content: { fontSize: 16 } }} />
            </Card>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          {`${l.outstanding}: ${formatDong(sumDong(loan.principal_in_term_dong, loan.principal_overdue_dong, loan.principal_frozen_dong))}`}
        </Typography.Paragraph>
      </Card>

      <Card size="small" title={d.schedule}>
        <Table<Instalment> rowKey="seq" size="small" columns={scheduleColumns} dataSource={[...instalments]} pagination={false} scroll={{ x: 800 }} aria-label={d.schedule} />
      </Card>

      <Card size="small" title={d.events}>
        {events.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={d.noEvents} />
        ) : (
          <Table<LoanEventRow> rowKey="id" size="small" columns={eventColumns} dataSource={[...events]} pagination={false} scroll={{ x: 800 }} aria-label={d.events} />
        )}
      </Card>

      <Card size="small" title={d.postings}>
        {postings.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={d.noPostings} />
        ) : (
          <Table<PostingRow>
            rowKey={(p, i) => `${p.entry_id}-${p.account}-${i ?? 0}`}
            size="small"
            columns={postingColumns}
            dataSource={[...postings]}
            pagination={postings.length > 50 ? { pageSize: 50 } : false}
            scroll={{ x: 900 }}
            aria-label={d.postings}
          />
        )}
      </Card>

      <CashModal loan={loan} kind="disburse" open={open === 'disburse'} onClose={() => setOpen(undefined)} />
      <CashModal loan={loan} kind="repay" open={open === 'repay'} onClose={() => setOpen(undefined)} />
      <EventModal loan={loan} instalments={instalments} open={open === 'event'} onClose={() => setOpen(undefined)} />
    </Flex>
  )
}
