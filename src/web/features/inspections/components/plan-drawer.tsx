// One plan: its findings (naming borrowers: the read is audited on the server), a new finding,
// and each finding's follow-ups — open, complete (a recall recalls the loan) or cancel.
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDate } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useCancelAction, useCompleteAction, useCreateAction, usePlan, useRecordFinding, useSetPlanStatus, type Action, type Finding } from '../api.js'

const OUTCOMES = ['used_correctly', 'misused', 'not_found'] as const
const KINDS = ['recall', 'discipline', 'refund'] as const

interface FindingForm { target: 'loan' | 'group'; id: string; outcome: string; foundOn: Dayjs; notes?: string }
interface ActionForm { kind: string; dueOn: Dayjs; amountDong?: string; note?: string }
interface CompleteForm { completedOn: Dayjs; note?: string }

export function PlanDrawer({ id, onClose }: { id: number | undefined; onClose: () => void }) {
  const t = useT()
  const s = t.inspections
  const can = useCan()
  const manage = can('inspections.manage')
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const plan = usePlan(id)
  const setStatus = useSetPlanStatus()
  const record = useRecordFinding()
  const createAction = useCreateAction()
  const complete = useCompleteAction()
  const cancel = useCancelAction()
  const [findingOpen, setFindingOpen] = useState(false)
  const [actionFor, setActionFor] = useState<Finding>()
  const [completing, setCompleting] = useState<Action>()
  const [findingForm] = Form.useForm<FindingForm>()
  const [actionForm] = Form.useForm<ActionForm>()
  const [completeForm] = Form.useForm<CompleteForm>()
  const p = plan.data
  const active = p !== undefined && (p.status === 'planned' || p.status === 'in_progress')

  const act = async (work: () => Promise<unknown>, done: () => void) => {
    try {
      await work()
      void message.success(s.created)
      done()
      void plan.refetch()
    } catch (e) {
      notifyError(e)
    }
  }

  const actionColumns: TableColumnsType<Action> = [
    { title: s.kind, dataIndex: 'kind', key: 'kind', render: (v: string) => s.kinds[v] ?? v },
    { title: s.dueOn, dataIndex: 'dueOn', key: 'dueOn', render: (v: string) => formatVnDate(v) },
    { title: s.amountDong, dataIndex: 'amountDong', key: 'amount', render: (v: string | null) => (v ? formatDong(v) : '—') },
    { title: s.status, dataIndex: 'status', key: 'status', render: (v: string, a) => <Tag data-testid={`action-status-${a.id}`}>{s.actionStatuses[v] ?? v}</Tag> },
    { title: s.completedOn, key: 'completed', render: (_: unknown, a) => (a.completedOn ? `${formatVnDate(a.completedOn)} — ${a.completedByName ?? ''}` : a.completionNote ?? '—') },
    {
      title: t.common.actions, key: 'do', render: (_: unknown, a) => manage && a.status === 'open' ? (
        <Space>
          <Button size="small" type="primary" onClick={() => { completeForm.resetFields(); setCompleting(a) }}>{s.completeAction}</Button>
          <Button size="small" onClick={() => void act(() => cancel.mutateAsync({ id: a.id, reason: s.cancelAction }), () => undefined)}>{s.cancelAction}</Button>
        </Space>
      ) : null,
    },
  ]

  const findingColumns: TableColumnsType<Finding> = [
    { title: s.target, key: 'target', render: (_: unknown, f) => (f.loanId ? `${s.loanId.split(' ')[0]} #${f.loanId}` : `${f.groupName ?? ''} #${f.groupId}`) },
    { title: s.borrower, key: 'borrower', render: (_: unknown, f) => (f.householdCode ? `${f.borrowerName ?? ''} (${f.householdCode})` : '—') },
    { title: s.outcome, dataIndex: 'outcome', key: 'outcome', render: (v: string) => <Tag color={v === 'misused' ? 'red' : v === 'not_found' ? 'orange' : 'green'}>{s.outcomes[v] ?? v}</Tag> },
    { title: s.foundOn, dataIndex: 'foundOn', key: 'foundOn', render: (v: string) => formatVnDate(v) },
    { title: s.notes, key: 'notes', render: (_: unknown, f) => (
      <Space direction="vertical" size={0}>
        <span>{f.notes ?? ''}</span>
        {f.recalledOn && <Tag color="red" data-testid={`recalled-${f.loanId}`}>{s.recalled(formatVnDate(f.recalledOn))}</Tag>}
      </Space>
    ) },
    { title: t.common.actions, key: 'do', render: (_: unknown, f) => (manage && f.outcome !== 'used_correctly' ? <Button size="small" onClick={() => { actionForm.resetFields(); setActionFor(f) }}>{s.newAction}</Button> : null) },
  ]

  return (
    <Drawer open={id !== undefined} width={980} title={id ? s.planTitleOf(id) : ''} onClose={onClose} destroyOnHidden>
      {plan.isLoading && <Spin />}
      {plan.error ? <ErrorAlert error={plan.error} /> : null}
      {p && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Alert type="info" showIcon title={s.viewAudited} />
          <Descriptions size="small" column={2} items={[
            { key: 'title', label: s.planTitle, children: <Typography.Text strong>{p.title}</Typography.Text> },
            { key: 'status', label: s.status, children: <Tag data-testid="plan-status">{s.planStatuses[p.status]}</Tag> },
            { key: 'unit', label: s.unit, children: p.unitName },
            { key: 'inspector', label: s.inspector, children: `${s.inspectors[p.inspector] ?? p.inspector} — ${p.inspectorName}` },
            { key: 'period', label: s.period, children: `${formatVnDate(p.periodFrom)} – ${formatVnDate(p.periodTo)}` },
            ...(p.note ? [{ key: 'note', label: s.note, children: p.note }] : []),
          ]} />
          {manage && active && (
            <Space wrap>
              <Button type="primary" onClick={() => { findingForm.resetFields(); setFindingOpen(true) }}>{s.newFinding}</Button>
              {p.status === 'planned' && <Button onClick={() => void act(() => setStatus.mutateAsync({ id: p.id, status: 'in_progress' }), () => undefined)}>{s.start}</Button>}
              {p.status === 'in_progress' && <Button onClick={() => void act(() => setStatus.mutateAsync({ id: p.id, status: 'completed' }), () => undefined)}>{s.complete}</Button>}
              <Button danger onClick={() => void act(() => setStatus.mutateAsync({ id: p.id, status: 'cancelled' }), () => undefined)}>{s.cancel}</Button>
            </Space>
          )}
          <div data-testid="findings">
            <Table<Finding> rowKey="id" size="small" pagination={false} columns={findingColumns} dataSource={p.findingsList}
              expandable={{ expandedRowKeys: p.findingsList.filter((f) => f.actions.length > 0).map((f) => f.id), showExpandColumn: false,
                expandedRowRender: (f) => <Table<Action> rowKey="id" size="small" pagination={false} columns={actionColumns} dataSource={[...f.actions]} /> }} />
          </div>
        </Space>
      )}

      <Modal open={findingOpen} title={s.newFinding} okText={s.save} cancelText={t.common.cancel} confirmLoading={record.isPending} onOk={() => findingForm.submit()} onCancel={() => setFindingOpen(false)} destroyOnHidden>
        <Form form={findingForm} layout="vertical" preserve={false} initialValues={{ target: 'loan', foundOn: dayjs() }}
          onFinish={(v) => void act(() => record.mutateAsync({ planId: id, [v.target === 'loan' ? 'loanId' : 'groupId']: v.id.trim(), outcome: v.outcome, foundOn: v.foundOn.format('YYYY-MM-DD'), notes: v.notes?.trim() || null }), () => setFindingOpen(false))}>
          <Form.Item name="target" label={s.target}>
            <Select showSearch optionFilterProp="label" aria-label={s.target} options={[{ value: 'loan', label: s.loanId }, { value: 'group', label: s.groupId }]} />
          </Form.Item>
          <Form.Item name="id" label={s.loanId} rules={[{ required: true, pattern: /^\d{1,18}$/, message: s.required }]}><Input inputMode="numeric" /></Form.Item>
          <Form.Item name="outcome" label={s.outcome} rules={[{ required: true, message: s.required }]}>
            <Select showSearch optionFilterProp="label" aria-label={s.outcome} options={OUTCOMES.map((value) => ({ value, label: s.outcomes[value] }))} />
          </Form.Item>
          <Form.Item name="foundOn" label={s.foundOn} rules={[{ required: true, message: s.required }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="notes" label={s.notes}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
        </Form>
      </Modal>

      <Modal open={actionFor !== undefined} title={s.newAction} okText={s.save} cancelText={t.common.cancel} confirmLoading={createAction.isPending} onOk={() => actionForm.submit()} onCancel={() => setActionFor(undefined)} destroyOnHidden>
        <Form form={actionForm} layout="vertical" preserve={false} initialValues={{ dueOn: dayjs().add(30, 'day') }}
          onFinish={(v) => void act(() => createAction.mutateAsync({ findingId: actionFor!.id, kind: v.kind, dueOn: v.dueOn.format('YYYY-MM-DD'), amountDong: v.amountDong?.trim() || null, note: v.note?.trim() || null }), () => setActionFor(undefined))}>
          <Form.Item name="kind" label={s.kind} rules={[{ required: true, message: s.required }]}>
            <Select showSearch optionFilterProp="label" aria-label={s.kind} options={KINDS.filter((k) => k !== 'recall' || actionFor?.loanId).map((value) => ({ value, label: s.kinds[value] }))} />
          </Form.Item>
          <Form.Item name="dueOn" label={s.dueOn} rules={[{ required: true, message: s.required }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="amountDong" label={s.amountDong}><Input inputMode="numeric" /></Form.Item>
          <Form.Item name="note" label={s.note}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        </Form>
      </Modal>

      <Modal open={completing !== undefined} title={completing ? `${s.completeAction}: ${s.kinds[completing.kind]}` : ''} okText={s.completeAction} cancelText={t.common.cancel} confirmLoading={complete.isPending}
        onOk={() => completeForm.submit()} onCancel={() => setCompleting(undefined)} destroyOnHidden>
        {completing?.kind === 'recall' && <Alert type="warning" showIcon title={s.recallWarning} style={{ marginBottom: 12 }} />}
        <Form form={completeForm} layout="vertical" preserve={false} initialValues={{ completedOn: dayjs() }}
          onFinish={(v) => void act(() => complete.mutateAsync({ id: completing!.id, completedOn: v.completedOn.format('YYYY-MM-DD'), note: v.note?.trim() || undefined }), () => setCompleting(undefined))}>
          <Form.Item name="completedOn" label={s.completedOn} rules={[{ required: true, message: s.required }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="note" label={s.note}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        </Form>
      </Modal>
    </Drawer>
  )
}
