// One flag: its evidence (the read is audited on the server); for officers who may manage loans
// the review (under review, confirm, dismiss with a reason); for them and for the read-only
// supervisors the assignment (routing a flag changes nothing in the portfolio).
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Modal, Select, Space, Spin, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDateTime } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useAssign, useAssignable, useFlagDetail, useReview, type FlagStatus } from '../api.js'

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

export function FlagDetailDrawer({ id, canReview, canAssign, onClose }: { id: string | undefined; canReview: boolean; canAssign: boolean; onClose: () => void }) {
  const t = useT()
  const s = t.supervision
  const { message } = App.useApp()
  const detail = useFlagDetail(id)
  const review = useReview()
  const assign = useAssign()
  const users = useAssignable(canAssign && id !== undefined)
  const notifyError = useNotifyError()
  const [dismissing, setDismissing] = useState(false)
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
