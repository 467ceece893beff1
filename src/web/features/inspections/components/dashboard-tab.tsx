// The supervision dashboard: open flags by unit and rule, the median time to resolve, and the
// rules' parameters in force — with a new dated version for those allowed to edit them.
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Space, Statistic, Table, Tag, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatVnDate } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useDashboard, useNewRuleVersion, useRules, type Dashboard, type RuleRow } from '../api.js'

type OpenRow = Dashboard['openByUnitRule'][number]
type ResolutionRow = Dashboard['resolution'][number]
interface VersionForm { validFrom: Dayjs; legalBasis: string; params: Record<string, number> }

export function DashboardTab() {
  const t = useT()
  const s = t.inspections
  const rulesText = t.supervision.rules
  const { locale: language } = useLanguage()
  const can = useCan()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const dashboard = useDashboard()
  const rules = useRules()
  const save = useNewRuleVersion()
  const [editing, setEditing] = useState<RuleRow>()
  const [form] = Form.useForm<VersionForm>()
  const d = dashboard.data
  const ruleName = (r: string) => rulesText[r] ?? r

  const submit = async (v: VersionForm) => {
    if (!editing) return
    try {
      await save.mutateAsync({ rule: editing.name, validFrom: v.validFrom.format('YYYY-MM-DD'), legalBasis: v.legalBasis.trim(), params: Object.fromEntries(Object.entries(v.params ?? {}).map(([k, n]) => [k, String(n)])) })
      void message.success(s.paramsSaved)
      setEditing(undefined)
    } catch (e) {
      notifyError(e)
    }
  }

  const openColumns: TableColumnsType<OpenRow> = [
    { title: s.byUnit, dataIndex: 'unitName', key: 'unit', render: (v: string | null) => v ?? '—' },
    { title: s.rule, dataIndex: 'rule', key: 'rule', render: ruleName },
    { title: s.openFlags, dataIndex: 'open', key: 'open', align: 'right' },
  ]
  const resolutionColumns: TableColumnsType<ResolutionRow> = [
    { title: s.rule, dataIndex: 'rule', key: 'rule', render: ruleName },
    { title: s.resolved, dataIndex: 'resolved', key: 'resolved', align: 'right' },
    { title: s.medianDays, dataIndex: 'medianDays', key: 'median', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toLocaleString('vi-VN')) },
  ]
  const ruleColumns: TableColumnsType<RuleRow> = [
    { title: s.rule, key: 'rule', render: (_: unknown, r) => (language === 'vi' ? r.titleVi : r.titleEn) },
    { title: s.severity, dataIndex: 'severity', key: 'severity', render: (v: string) => <Tag>{t.supervision.severities[v] ?? v}</Tag> },
    { title: s.ruleParams, key: 'params', render: (_: unknown, r) => Object.entries(r.values).map(([k, v]) => `${(language === 'vi' ? r.params[k]?.vi : r.params[k]?.en) ?? k}: ${v}`).join('; ') || '—' },
    { title: s.validFrom, dataIndex: 'validFrom', key: 'validFrom', render: (v: string | null) => (v ? formatVnDate(v) : '—') },
    { title: s.legalBasis, dataIndex: 'legalBasis', key: 'legalBasis', ellipsis: true },
    {
      title: t.common.actions, key: 'edit', render: (_: unknown, r) => can('supervision.rules.manage') && Object.keys(r.params).length > 0
        ? <Button size="small" aria-label={`${s.editParams} ${r.name}`} onClick={() => { form.setFieldsValue({ validFrom: dayjs().add(1, 'day'), legalBasis: '', params: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, Number(v)])) }); setEditing(r) }}>{s.editParams}</Button>
        : null,
    },
  ]

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {dashboard.error ? <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} /> : null}
      <Space size="large" wrap>
        <Card size="small"><Statistic title={s.openFlags} value={d?.openTotal ?? 0} loading={dashboard.isLoading} /></Card>
        <Card size="small"><Statistic title={s.openActions} value={d?.overdueActions ?? 0} loading={dashboard.isLoading} /></Card>
      </Space>
      <Card size="small" title={s.openFlags}>
        <Table<OpenRow> rowKey={(r) => `${r.unitId}-${r.rule}`} size="small" pagination={false} columns={openColumns} dataSource={[...(d?.openByUnitRule ?? [])]} locale={{ emptyText: s.none }} />
      </Card>
      <Card size="small" title={s.medianDays}>
        <Table<ResolutionRow> rowKey="rule" size="small" pagination={false} columns={resolutionColumns} dataSource={[...(d?.resolution ?? [])]} />
      </Card>
      <Card size="small" title={s.ruleParams}>
        {rules.error ? <ErrorAlert error={rules.error} /> : null}
        <Table<RuleRow> rowKey="name" size="small" pagination={false} columns={ruleColumns} dataSource={rules.data ?? []} loading={rules.isFetching} />
      </Card>
      <Modal open={editing !== undefined} title={editing ? `${s.editParams}: ${language === 'vi' ? editing.titleVi : editing.titleEn}` : ''} okText={s.save} cancelText={t.common.cancel}
        confirmLoading={save.isPending} onOk={() => form.submit()} onCancel={() => setEditing(undefined)} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          {editing && Object.entries(editing.params).map(([k, p]) => (
            <Form.Item key={k} name={['params', k]} label={language === 'vi' ? p.vi : p.en} rules={[{ required: true, message: s.required }]}>
              <InputNumber min={Number(p.min)} max={Number(p.max)} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          ))}
          <Form.Item name="validFrom" label={s.validFrom} rules={[{ required: true, message: s.required }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="legalBasis" label={s.legalBasis} rules={[{ required: true, whitespace: true, min: 3, message: s.required }]}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        </Form>
      </Modal>
    </Space>
  )
}
