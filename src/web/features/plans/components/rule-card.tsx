// Quy định kiểm soát kế hoạch vốn: whether a disbursement over the plan's room warns or is
// blocked — national, or for a province — dated, with its legal basis. Shows the version in force
// today for each scope and records a new version.
import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Table, Tag, type TableColumnsType } from 'antd'
import { type Dayjs } from 'dayjs'
import { useMemo, useState } from 'react'
import { ErrorAlert, useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { formatVnDate } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useUnits } from '../../../shared/units-query.js'
import { rulesInForce, usePlanRules, useSavePlanRule, type PlanRule } from '../api.js'

const NATIONAL = 'national'

interface Values { scope?: string; validFrom?: Dayjs; onExceed: 'warn' | 'block'; legalBasis: string }

export function PlanRuleCard({ today, manage }: { today: string; manage: boolean }) {
  const p = useT().plans
  const rules = usePlanRules()
  const units = useUnits()
  const [open, setOpen] = useState(false)
  const inForce = rulesInForce(rules.data ?? [], today)
  const branchName = (code: string) => (units.data ?? []).find((u) => u.kind === 'province' && u.code === code)?.name
  const columns: TableColumnsType<PlanRule> = [
    { title: p.ruleScope, key: 'scope', render: (_: unknown, r) => (r.provinceCode === null ? p.national : `${p.province(r.provinceCode)}${branchName(r.provinceCode) ? ` — ${branchName(r.provinceCode)}` : ''}`) },
    { title: p.onExceed, key: 'on', render: (_: unknown, r) => <Tag color={r.onExceed === 'block' ? 'red' : 'gold'}>{p.onExceedOptions[r.onExceed]}</Tag> },
    { title: p.validFrom, key: 'from', render: (_: unknown, r) => formatVnDate(r.validFrom) },
    { title: p.legalBasis, dataIndex: 'legalBasis', key: 'basis' },
  ]
  return (
    <Card title={p.ruleTitle} extra={manage && <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>{p.addRule}</Button>}>
      {rules.error && <ErrorAlert error={rules.error} />}
      <Table<PlanRule> data-testid="plans-rules" rowKey="id" size="small" columns={columns} dataSource={inForce} loading={rules.isFetching} pagination={false} locale={{ emptyText: p.noRule }} />
      {open && <PlanRuleModal onClose={() => setOpen(false)} />}
    </Card>
  )
}

function PlanRuleModal({ onClose }: { onClose: () => void }) {
  const t = useT()
  const p = t.plans
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const save = useSavePlanRule()
  const units = useUnits()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  // A province's branch carries the province's two-digit code.
  const scopes = useMemo(() => [
    { value: NATIONAL, label: p.national },
    ...(units.data ?? []).filter((u) => u.kind === 'province' && /^\d{2}$/.test(u.code)).map((u) => ({ value: u.code, label: `${u.code} — ${u.name}` })),
  ], [units.data, p])

  const submit = async (v: Values) => {
    try {
      await save.mutateAsync({ provinceCode: v.scope === NATIONAL ? null : v.scope!, validFrom: v.validFrom!.format('YYYY-MM-DD'), onExceed: v.onExceed, legalBasis: v.legalBasis.trim() })
      void message.success(p.ruleSaved)
      onClose()
    } catch (error) {
      if (!applyFieldErrors(form, error, { fields: ['validFrom', 'legalBasis'], codes: { plan_rule_invalid: 'validFrom' } })) notifyError(error)
    }
  }

  return (
    <Modal open title={p.ruleModalTitle} okText={t.common.save} cancelText={t.common.cancel} confirmLoading={save.isPending} onOk={() => form.submit()} onCancel={onClose}>
      <Form<Values> form={form} layout="vertical" name="plan-rule" onFinish={submit} initialValues={{ onExceed: 'warn', legalBasis: '' }}>
        <Form.Item name="scope" label={p.ruleScope} rules={[{ required: true, message: p.required(p.ruleScope) }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={scopes} loading={units.isLoading} />
        </Form.Item>
        <Form.Item name="onExceed" label={p.onExceed} rules={[{ required: true }]}>
          <Radio.Group options={[{ value: 'warn', label: p.onExceedOptions.warn }, { value: 'block', label: p.onExceedOptions.block }]} />
        </Form.Item>
        <Form.Item name="validFrom" label={p.validFrom} rules={[{ required: true, message: p.required(p.validFrom) }]}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="legalBasis" label={p.legalBasis} rules={[{ required: true, whitespace: true, message: p.required(p.legalBasis) }]}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
