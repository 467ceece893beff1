// Inspection plans: the list, a new plan, and a plan's drawer with its findings and follow-ups.
import { App, Button, DatePicker, Form, Input, Modal, Select, Table, Tag, Typography, type TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatVnDate } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useUnits } from '../../../shared/units-query.js'
import { useCreatePlan, usePlans, type Plan } from '../api.js'
import { PlanDrawer } from './plan-drawer.js'

const INSPECTORS = ['bank', 'organisation', 'representative_board', 'fatherland_front'] as const

interface PlanForm {
  unitId: number
  inspector: string
  inspectorName: string
  title: string
  periodFrom: Dayjs
  periodTo: Dayjs
  note?: string
}

export function PlansTab() {
  const t = useT()
  const s = t.inspections
  const can = useCan()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const plans = usePlans()
  const create = useCreatePlan()
  const units = useUnits({ enabled: can('inspections.manage') })
  const [creating, setCreating] = useState(false)
  const [opened, setOpened] = useState<number>()
  const [form] = Form.useForm<PlanForm>()

  const save = async (v: PlanForm) => {
    try {
      await create.mutateAsync({
        unitId: v.unitId, inspector: v.inspector, inspectorName: v.inspectorName.trim(), title: v.title.trim(),
        periodFrom: v.periodFrom.format('YYYY-MM-DD'), periodTo: v.periodTo.format('YYYY-MM-DD'), note: v.note?.trim() || null,
      })
      void message.success(s.created)
      setCreating(false)
    } catch (e) {
      notifyError(e)
    }
  }

  const columns: TableColumnsType<Plan> = [
    { title: '#', dataIndex: 'id', key: 'id', width: 60 },
    { title: s.planTitle, dataIndex: 'title', key: 'title', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: s.unit, dataIndex: 'unitName', key: 'unit' },
    { title: s.inspector, key: 'inspector', render: (_: unknown, p) => `${s.inspectors[p.inspector] ?? p.inspector} — ${p.inspectorName}` },
    { title: s.period, key: 'period', render: (_: unknown, p) => `${formatVnDate(p.periodFrom)} – ${formatVnDate(p.periodTo)}` },
    { title: s.status, dataIndex: 'status', key: 'status', render: (v: string) => <Tag>{s.planStatuses[v] ?? v}</Tag> },
    { title: s.findings, dataIndex: 'findings', key: 'findings', align: 'right' },
    { title: s.openActions, dataIndex: 'openActions', key: 'openActions', align: 'right' },
    { title: t.common.actions, key: 'open', render: (_: unknown, p) => <Button size="small" onClick={() => setOpened(p.id)} aria-label={`${s.open} #${p.id}`}>{s.open}</Button> },
  ]

  return (
    <>
      {can('inspections.manage') && <Button type="primary" style={{ marginBottom: 16 }} onClick={() => { form.resetFields(); setCreating(true) }}>{s.newPlan}</Button>}
      {plans.error ? <ErrorAlert error={plans.error} onRetry={() => void plans.refetch()} /> : null}
      <Table<Plan> rowKey="id" size="small" columns={columns} dataSource={plans.data ?? []} loading={plans.isFetching} locale={{ emptyText: s.empty }} pagination={{ pageSize: 50 }} />
      <PlanDrawer id={opened} onClose={() => setOpened(undefined)} />
      <Modal open={creating} title={s.newPlan} okText={s.save} cancelText={t.common.cancel} confirmLoading={create.isPending} onOk={() => form.submit()} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void save(v)}>
          <Form.Item name="unitId" label={s.unit} rules={[{ required: true, message: s.required }]}>
            <Select showSearch optionFilterProp="label" aria-label={s.unit} options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))} />
          </Form.Item>
          <Form.Item name="inspector" label={s.inspector} rules={[{ required: true, message: s.required }]}>
            <Select showSearch optionFilterProp="label" aria-label={s.inspector} options={INSPECTORS.map((value) => ({ value, label: s.inspectors[value] }))} />
          </Form.Item>
          <Form.Item name="inspectorName" label={s.inspectorName} rules={[{ required: true, whitespace: true, message: s.required }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="title" label={s.planTitle} rules={[{ required: true, whitespace: true, message: s.required }]}><Input maxLength={300} /></Form.Item>
          <Form.Item name="periodFrom" label={s.periodFrom} rules={[{ required: true, message: s.required }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="periodTo" label={s.periodTo} rules={[{ required: true, message: s.required }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="note" label={s.note}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        </Form>
      </Modal>
    </>
  )
}
