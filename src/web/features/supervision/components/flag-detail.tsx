// One flag: its evidence (the read is audited on the server); for officers who may manage loans
// the review (under review, confirm, dismiss with a reason); for them and for the read-only
// supervisors the assignment (routing a flag changes nothing in the portfolio); once confirmed,
// for inspection officers, a recall recorded from the flag; and the follow-ups recorded from it.
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDate, formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useAssign, useAssignable, useFlagDetail, useOpenPlans, useRecordRecall, useReview, type FlagDetail, type FlagFollowUp, type FlagFollowUpAction, type FlagStatus } from '../api.js'

type Dict = ReturnType<typeof useT>['supervision']

/** A value of the evidence as text: money fields (…Dong) as '1.500.000 ₫', ISO dates as dd/mm/yyyy, lists joined. */
function show(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (key.endsWith('Dong') && typeof value === 'string' && /^-?\d+$/.test(value)) return formatDong(value)
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join(', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** The evidence: scalar fields as a list, arrays of rows (loans, flags, pairs, members) as tables. */
function Evidence({ evidence, s }: { evidence: Record<string, unknown>; s: Dict }) {
  const scalars = Object.entries(evidence).filter(([, v]) => !(Array.isArray(v) && v.some((x) => typeof x === 'object')) && !(v !== null && typeof v === 'object' && !Array.isArray(v)))
  const tables = Object.entries(evidence).filter(([, v]) => Array.isArray(v) && v.length > 0 && v.some((x) => typeof x === 'object')) as [string, Record<string, unknown>[]][]
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="flag-evidence">
      <Descriptions size="small" bordered column={1} items={scalars.map(([k, v]) => ({ key: k, label: s.fields[k] ?? k, children: show(k, v) }))} />
      {tables.map(([k, rows]) => {
        const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))]
        return (
          <div key={k}>
            <Typography.Text strong>{s.fields[k] ?? k}</Typography.Text>
            <Table size="small" pagination={false} rowKey={(_, i) => String(i)} dataSource={rows}
              columns={keys.map((c) => ({ title: s.fields[c] ?? c, dataIndex: c, key: c, render: (v: unknown) => show(c, v) }))} />
          </div>
        )
      })}
    </Space>
  )
}

/** One row per follow-up action of the findings recorded from the flag (a finding without one shows alone). */
interface FollowUpRow {
  readonly key: string
  readonly finding: FlagFollowUp
  readonly action: FlagFollowUpAction | null
}

function FollowUps({ flag, s }: { flag: FlagDetail; s: Dict }) {
  const rows: FollowUpRow[] = flag.followUps.flatMap((f): FollowUpRow[] => (f.actions.length > 0 ? f.actions.map((a) => ({ key: `${f.id}-${a.id}`, finding: f, action: a })) : [{ key: f.id, finding: f, action: null }]))
  const columns: TableColumnsType<FollowUpRow> = [
    { title: s.plan, key: 'plan', render: (_: unknown, r) => `#${r.finding.planId} ${r.finding.planTitle}` },
    { title: s.loan, key: 'loan', render: (_: unknown, r) => (r.finding.loanId ? `#${r.finding.loanId}${r.finding.householdCode ? ` (${r.finding.borrowerName ?? ''} — ${r.finding.householdCode})` : ''}` : '—') },
    { title: s.outcome, key: 'outcome', render: (_: unknown, r) => <Tag color={r.finding.outcome === 'misused' ? 'red' : 'orange'}>{s.outcomes[r.finding.outcome] ?? r.finding.outcome}</Tag> },
    { title: s.action, key: 'action', render: (_: unknown, r) => (r.action ? s.actionKinds[r.action.kind] ?? r.action.kind : '—') },
    { title: s.dueOn, key: 'due', render: (_: unknown, r) => (r.action ? formatVnDate(r.action.dueOn) : '—') },
    { title: s.status, key: 'status', render: (_: unknown, r) => (r.action ? <Tag color={r.action.status === 'completed' ? 'green' : r.action.status === 'open' ? 'blue' : 'default'}>{s.actionStatuses[r.action.status]}</Tag> : '—') },
    { title: s.completedOn, key: 'completed', render: (_: unknown, r) => (r.action?.completedOn ? `${formatVnDate(r.action.completedOn)}${r.action.completedByName ? ` — ${r.action.completedByName}` : ''}` : '—') },
  ]
  const recalled = flag.followUps.filter((f) => f.recalledOn !== null)
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="flag-follow-ups">
      <Typography.Title level={5}>{s.followUps}</Typography.Title>
      <Table<FollowUpRow> rowKey="key" size="small" pagination={false} columns={columns} dataSource={rows} locale={{ emptyText: s.noFollowUps }} />
      {recalled.map((f) => <Tag key={f.id} color="red" data-testid={`flag-recalled-${f.loanId}`}>{`#${f.loanId}: ${s.recalledFrom(formatVnDate(f.recalledOn!))}`}</Tag>)}
    </Space>
  )
}

interface RecallForm {
  readonly planId: number
  readonly loanId: string
  readonly outcome: 'misused' | 'not_found'
  readonly foundOn: Dayjs
  readonly dueOn: Dayjs
  readonly note?: string
}

/** The finding and the recall recorded from a confirmed flag, on one of its open loans, in an open inspection plan. */
function RecallModal({ flag, open, onClose, s, t }: { flag: FlagDetail; open: boolean; onClose: () => void; s: Dict; t: ReturnType<typeof useT> }) {
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const plans = useOpenPlans(open)
  const record = useRecordRecall()
  const [form] = Form.useForm<RecallForm>()
  const save = async (v: RecallForm) => {
    try {
      await record.mutateAsync({ id: flag.id, planId: v.planId, loanId: v.loanId, outcome: v.outcome, foundOn: v.foundOn.format('YYYY-MM-DD'), dueOn: v.dueOn.format('YYYY-MM-DD'), note: v.note?.trim() || null })
      void message.success(s.recallSaved)
      onClose()
    } catch (e) {
      notifyError(e)
    }
  }
  return (
    <Modal open={open} title={s.recallTitle} okText={s.save} cancelText={t.common.cancel} confirmLoading={record.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">{s.recallHint}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void save(v)}
        initialValues={{ loanId: flag.loans.length === 1 ? flag.loans[0]!.id : undefined, outcome: 'misused', foundOn: dayjs(), dueOn: dayjs().add(30, 'day') }}>
        <Form.Item name="planId" label={s.recallPlan} rules={[{ required: true, message: s.required }]}>
          <Select<number> showSearch optionFilterProp="label" loading={plans.isLoading} options={(plans.data ?? []).map((p) => ({ value: p.id, label: `#${p.id} ${p.title} — ${p.unitName}` }))} />
        </Form.Item>
        <Form.Item name="loanId" label={s.recallLoan} rules={[{ required: true, message: s.required }]}>
          <Select<string> options={flag.loans.map((l) => ({ value: l.id, label: `#${l.id} ${l.borrowerName ?? ''} (${l.householdCode}) — ${formatDong(l.outstandingDong)}` }))} />
        </Form.Item>
        <Form.Item name="outcome" label={s.recallOutcome} rules={[{ required: true, message: s.required }]}>
          <Select options={(['misused', 'not_found'] as const).map((value) => ({ value, label: s.outcomes[value] }))} />
        </Form.Item>
        <Form.Item name="foundOn" label={s.recallFoundOn} rules={[{ required: true, message: s.required }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="dueOn" label={s.recallDueOn} rules={[{ required: true, message: s.required }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="note" label={s.recallNote}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      </Form>
    </Modal>
  )
}

export function FlagDetailDrawer({ id, canReview, canAssign, canRecall, onClose }: { id: string | undefined; canReview: boolean; canAssign: boolean; canRecall: boolean; onClose: () => void }) {
  const t = useT()
  const s = t.supervision
  const { message } = App.useApp()
  const detail = useFlagDetail(id)
  const review = useReview()
  const assign = useAssign()
  const users = useAssignable(canAssign && id !== undefined)
  const notifyError = useNotifyError()
  const [dismissing, setDismissing] = useState(false)
  const [recalling, setRecalling] = useState(false)
  const [assignee, setAssignee] = useState<number>()
  const [form] = Form.useForm<{ resolution: string }>()
  const flag = detail.data
  const active = flag !== undefined && (flag.status === 'open' || flag.status === 'under_review')

  const move = async (status: FlagStatus, resolution?: string) => {
    if (!flag) return
    try {
      await review.mutateAsync({ id: flag.id, status, resolution })
      void message.success(s.reviewed)
      setDismissing(false)
      void detail.refetch()
    } catch (e) {
      notifyError(e)
    }
  }
  const doAssign = async () => {
    if (!flag || assignee === undefined) return
    try {
      await assign.mutateAsync({ id: flag.id, assigneeId: assignee })
      void message.success(s.assigned)
      void detail.refetch()
    } catch (e) {
      notifyError(e)
    }
  }

  return (
    <Drawer open={id !== undefined} width={760} title={id ? s.detailTitle(id) : ''} onClose={onClose} destroyOnHidden>
      {detail.isLoading && <Spin />}
      {detail.error ? <ErrorAlert error={detail.error} /> : null}
      {flag && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Alert type="info" showIcon title={s.viewAudited} />
          <Descriptions size="small" column={2} items={[
            { key: 'rule', label: s.rule, children: <Typography.Text strong>{s.rules[flag.rule] ?? flag.rule}</Typography.Text> },
            { key: 'severity', label: s.severity, children: <Tag color={flag.severity === 'high' ? 'red' : flag.severity === 'medium' ? 'orange' : 'default'}>{s.severities[flag.severity]}</Tag> },
            { key: 'status', label: s.status, children: <Tag data-testid="flag-status">{s.statuses[flag.status]}</Tag> },
            { key: 'subject', label: s.subject, children: `${s.subjects[flag.subjectType] ?? flag.subjectType} #${flag.subjectId}` },
            { key: 'amount', label: s.amount, children: flag.amountDong ? formatDong(flag.amountDong) : '—' },
            { key: 'unit', label: s.unit, children: flag.unitName ?? '—' },
            { key: 'raised', label: s.raisedAt, children: formatVnDateTime(flag.raisedAt) },
            { key: 'assignee', label: s.assignee, children: flag.assigneeName ?? '—' },
            ...(flag.resolution ? [{ key: 'resolution', label: s.resolution, children: flag.resolution }] : []),
          ]} />
          <Typography.Title level={5}>{s.evidence}</Typography.Title>
          <Evidence evidence={(flag.evidence ?? {}) as Record<string, unknown>} s={s} />
          {(canReview || canAssign) && active && (
            <Space wrap>
              {canReview && flag.status === 'open' && <Button onClick={() => void move('under_review')}>{s.markUnderReview}</Button>}
              {canReview && <Button danger onClick={() => void move('confirmed')}>{s.confirm}</Button>}
              {canReview && <Button onClick={() => setDismissing(true)}>{s.dismiss}</Button>}
              {canAssign && <Select<number> showSearch optionFilterProp="label" placeholder={s.assignTo} style={{ width: 240 }} value={assignee} onChange={setAssignee} aria-label={s.assignTo}
                options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.fullName} (${u.username})` }))} />}
              {canAssign && <Button type="primary" disabled={assignee === undefined} loading={assign.isPending} onClick={() => void doAssign()}>{s.assign}</Button>}
            </Space>
          )}
          {canRecall && flag.status === 'confirmed' && flag.loans.length > 0 && <Space wrap><Button type="primary" danger onClick={() => setRecalling(true)}>{s.recordRecall}</Button></Space>}
          <FollowUps flag={flag} s={s} />
          {recalling && <RecallModal flag={flag} open={recalling} onClose={() => { setRecalling(false); void detail.refetch() }} s={s} t={t} />}
        </Space>
      )}
      <Modal open={dismissing} title={s.dismissTitle} okText={s.dismiss} cancelText={t.common.cancel} confirmLoading={review.isPending}
        onOk={() => form.submit()} onCancel={() => setDismissing(false)} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void move('dismissed', v.resolution.trim())}>
          <Form.Item name="resolution" label={s.dismissReason} rules={[{ required: true, whitespace: true, message: s.dismissReasonRequired }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  )
}
