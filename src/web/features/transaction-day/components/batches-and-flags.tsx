// The day's batches (with their lines and a reversal for corrections) and its reconciliation
// flags (with their review). Both need 'loans.manage' to change anything.
import { Alert, App, Button, Form, Input, Modal, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { useErrorText, useNotifyError } from '../../../shared/errors.js'
import { formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useIdempotencyKeys } from '../../../shared/idempotency.js'
import { useBatchLines, useReverseBatch, useReviewFlag, type BatchLine, type DayBatch, type FlagStatus, type RedFlag } from '../api.js'
import { money } from '../format.js'
import { FlagStatusTag, ReconciliationTag } from './status-tags.js'

function BatchLines({ batchId }: { batchId: string }) {
  const t = useT()
  const d = t.transactionDay
  const lines = useBatchLines(batchId, true)
  const columns: TableColumnsType<BatchLine> = [
    { title: d.member, key: 'member', render: (_: unknown, l) => `${l.headName ?? t.common.none} (${l.householdCode})` },
    { title: d.loan, dataIndex: 'loanId', key: 'loan', render: (v: string | null) => (v ? `#${v}` : d.noLoan) },
    { title: d.interestDue, dataIndex: 'interestOwedDong', key: 'owed', align: 'right', render: money },
    { title: d.interest, dataIndex: 'interestDong', key: 'interest', align: 'right', render: money },
    { title: d.principal, dataIndex: 'principalDong', key: 'principal', align: 'right', render: money },
    { title: d.deposit, dataIndex: 'savingsDepositDong', key: 'deposit', align: 'right', render: money },
    { title: d.withdrawal, dataIndex: 'savingsWithdrawalDong', key: 'withdrawal', align: 'right', render: money },
    { title: d.memberPaid, dataIndex: 'memberPaidDong', key: 'paid', align: 'right', render: money },
    { title: d.reconciliation, dataIndex: 'reconciliation', key: 'rec', render: (s: BatchLine['reconciliation']) => <ReconciliationTag status={s} /> },
  ]
  return <Table<BatchLine> rowKey="lineNo" size="small" columns={columns} dataSource={lines.data ?? []} loading={lines.isFetching} pagination={false} />
}

function ReverseModal({ batch, onClose }: { batch: DayBatch | undefined; onClose: () => void }) {
  const t = useT()
  const d = t.transactionDay
  const { message } = App.useApp()
  const [form] = Form.useForm<{ reason: string }>()
  const reverse = useReverseBatch()
  const keys = useIdempotencyKeys()
  const errorText = useErrorText()
  const [error, setError] = useState<unknown>()
  const submit = async ({ reason }: { reason: string }) => {
    if (!batch) return
    setError(undefined)
    const body = { batchId: batch.id, reason: reason.trim() }
    try {
      await reverse.mutateAsync({ ...body, idempotencyKey: keys.keyFor(body) })
      keys.settle()
      void message.success(d.reversed)
      onClose()
    } catch (e) {
      setError(e)
    }
  }
  return (
    <Modal open={batch !== undefined} title={batch ? d.reverseTitle(batch.groupCode) : ''} okText={d.reverse} okButtonProps={{ danger: true }} cancelText={t.common.cancel}
      confirmLoading={reverse.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{d.reverseIntro}</Typography.Paragraph>
      {error !== undefined && <Alert type="error" showIcon role="alert" title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="reason" label={d.reason} rules={[{ required: true, whitespace: true, message: d.reasonRequired }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** The batches posted on the day: captures and reversals, each expandable to its lines. */
export function BatchesTable({ batches, loading, canReverse }: { batches: readonly DayBatch[]; loading: boolean; canReverse: boolean }) {
  const t = useT()
  const d = t.transactionDay
  const [reversing, setReversing] = useState<DayBatch>()
  const columns: TableColumnsType<DayBatch> = [
    { title: d.batch, dataIndex: 'id', key: 'id', render: (v: string) => `#${v}` },
    { title: d.group, key: 'group', render: (_: unknown, b) => `${b.groupName} (${b.groupCode})` },
    { title: d.kind, dataIndex: 'kind', key: 'kind', render: (k: string, b) => <Tag color={k === 'reversal' ? 'orange' : 'blue'}>{d.kinds[k] ?? k}{b.reversesBatchId ? ` #${b.reversesBatchId}` : ''}</Tag> },
    { title: d.status, dataIndex: 'status', key: 'status', render: (s: string) => <Tag color={s === 'reversed' ? 'default' : 'green'}>{d.batchStatuses[s] ?? s}</Tag> },
    { title: d.remitted, dataIndex: 'remittedDong', key: 'remitted', align: 'right', render: money },
    { title: d.interest, key: 'interest', align: 'right', render: (_: unknown, b) => money(b.totals?.interestDong) },
    { title: d.principal, key: 'principal', align: 'right', render: (_: unknown, b) => money(b.totals?.principalDong) },
    { title: d.deposit, key: 'deposit', align: 'right', render: (_: unknown, b) => money(b.totals?.savingsDepositDong) },
    { title: d.createdAt, dataIndex: 'createdAt', key: 'at', render: (v: string) => formatVnDateTime(v) },
    { title: d.reason, dataIndex: 'reason', key: 'reason', render: (v: string | null) => v ?? '' },
    ...(canReverse
      ? [{
          title: t.common.actions, key: 'actions',
          render: (_: unknown, b: DayBatch) => (b.kind === 'capture' && b.status === 'posted'
            ? <Button size="small" danger onClick={() => setReversing(b)} aria-label={`${d.reverse} #${b.id}`}>{d.reverse}</Button>
            : null),
        }]
      : []),
  ]
  return (
    <>
      <Table<DayBatch> rowKey="id" size="small" columns={columns} dataSource={[...batches]} loading={loading} pagination={false} scroll={{ x: 1100 }}
        locale={{ emptyText: d.batchesEmpty }} expandable={{ expandedRowRender: (b) => <BatchLines batchId={b.id} /> }} />
      {canReverse && <ReverseModal batch={reversing} onClose={() => setReversing(undefined)} />}
    </>
  )
}

function evidenceText(flag: RedFlag, d: ReturnType<typeof useT>['transactionDay'], householdCode: (id: string) => string): string {
  const e = flag.evidence ?? {}
  const str = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : null)
  if (flag.rule === 'leader_remittance_shortfall') return d.evidenceShortfall(money(str('collectedDong')), money(str('remittedDong')))
  if (flag.rule === 'member_paid_not_remitted') return d.evidenceMember(householdCode(str('householdId') ?? ''), money(str('memberPaidDong')), money(str('remittedDong')))
  return JSON.stringify(e)
}

/** The day's reconciliation flags with their review: under review, confirm, or dismiss with a reason. */
export function FlagsTable({ flags, loading, canReview, householdCode }: { flags: readonly RedFlag[]; loading: boolean; canReview: boolean; householdCode: (id: string) => string }) {
  const t = useT()
  const d = t.transactionDay
  const { message } = App.useApp()
  const review = useReviewFlag()
  const notifyError = useNotifyError()
  const [dismissing, setDismissing] = useState<RedFlag>()
  const [form] = Form.useForm<{ resolution: string }>()
  const move = async (flag: RedFlag, status: FlagStatus, resolution?: string) => {
    try {
      await review.mutateAsync({ id: flag.id, status, resolution })
      void message.success(d.reviewed)
      setDismissing(undefined)
    } catch (e) {
      notifyError(e)
    }
  }
  const columns: TableColumnsType<RedFlag> = [
    { title: d.rule, dataIndex: 'rule', key: 'rule', render: (r: string) => <Typography.Text strong>{d.rules[r] ?? r}</Typography.Text> },
    { title: d.severity, dataIndex: 'severity', key: 'severity', render: (s: string) => <Tag color={s === 'high' ? 'red' : s === 'medium' ? 'orange' : 'default'}>{d.severities[s] ?? s}</Tag> },
    { title: d.amount, dataIndex: 'amountDong', key: 'amount', align: 'right', render: money },
    { title: d.status, dataIndex: 'status', key: 'status', render: (s: FlagStatus) => <FlagStatusTag status={s} /> },
    { title: d.evidence, key: 'evidence', render: (_: unknown, f) => evidenceText(f, d, householdCode) },
    { title: d.resolution, dataIndex: 'resolution', key: 'resolution', render: (v: string | null) => v ?? '' },
    ...(canReview
      ? [{
          title: t.common.actions, key: 'actions',
          render: (_: unknown, f: RedFlag) => (
            <Space size={4} wrap>
              {f.status === 'open' && <Button size="small" onClick={() => void move(f, 'under_review')}>{d.markUnderReview}</Button>}
              {(f.status === 'open' || f.status === 'under_review') && <Button size="small" danger onClick={() => void move(f, 'confirmed')}>{d.confirm}</Button>}
              {(f.status === 'open' || f.status === 'under_review') && <Button size="small" onClick={() => setDismissing(f)}>{d.dismiss}</Button>}
            </Space>
          ),
        }]
      : []),
  ]
  return (
    <>
      <Table<RedFlag> rowKey="id" size="small" columns={columns} dataSource={[...flags]} loading={loading} pagination={false} locale={{ emptyText: d.flagsEmpty }} />
      <Modal open={dismissing !== undefined} title={d.dismissTitle} okText={d.dismiss} cancelText={t.common.cancel} confirmLoading={review.isPending}
        onOk={() => form.submit()} onCancel={() => setDismissing(undefined)} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => dismissing && void move(dismissing, 'dismissed', v.resolution.trim())}>
          <Form.Item name="resolution" label={d.reason} rules={[{ required: true, whitespace: true, message: d.reasonRequired }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}
