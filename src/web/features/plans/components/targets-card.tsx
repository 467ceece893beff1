// Chỉ tiêu kế hoạch: a unit's targets for the year — loan turnover, collection and the outcome
// targets — every version, and the form that records a new one (it supersedes the latest).
import { PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Table, Tag, type TableColumnsType } from 'antd'
import { type Dayjs } from 'dayjs'
import { useMemo, useState } from 'react'
import { parseDong } from '../../../../domain/shared/index.js'
import { ErrorAlert, useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDate } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useUnits } from '../../../shared/units-query.js'
import { usePlanPrograms, usePlanTargets, useSavePlanTargets, type PlanTargets } from '../api.js'

const PLAN_KINDS = ['province', 'transaction_office', 'commune']
const COUNTS = ['householdsOutOfPoverty', 'students', 'workers', 'waterWorks', 'houses'] as const

interface Values {
  unitId?: number
  programCode?: string | null
  turnoverDong: string
  collectionDong: string
  householdsOutOfPoverty: number
  students: number
  workers: number
  waterWorks: number
  houses: number
  validFrom?: Dayjs | null
  decisionNumber: string
  legalBasis: string
}

/** Whole đồng, not negative, typed as '1.500.000' or '1500000'; empty is 0. */
function amountOf(text: string | undefined): string | undefined {
  const trimmed = (text ?? '').trim()
  if (trimmed === '') return '0'
  const parsed = parseDong(trimmed)
  return parsed.ok && parsed.value >= 0n ? parsed.value.toString() : undefined
}

export function PlanTargetsCard({ year, manage }: { year: number; manage: boolean }) {
  const p = useT().plans
  const targets = usePlanTargets(year)
  const [open, setOpen] = useState(false)
  const rows = targets.data ?? []
  const replaced = new Set(rows.map((r) => r.supersedesId).filter((id) => id !== null))
  const columns: TableColumnsType<PlanTargets> = [
    { title: p.unit, key: 'unit', render: (_: unknown, x) => <>{x.unitName}{x.programCode ? <Tag style={{ marginLeft: 8 }}>{x.programCode}</Tag> : null}</> },
    { title: p.turnoverTarget, key: 'turnover', align: 'right', render: (_: unknown, x) => formatDong(x.turnoverDong) },
    { title: p.collectionTarget, key: 'collection', align: 'right', render: (_: unknown, x) => formatDong(x.collectionDong) },
    { title: p.outcomes, key: 'outcomes', render: (_: unknown, x) => p.outcomeText(x.householdsOutOfPoverty, x.students, x.workers, x.waterWorks, x.houses) },
    { title: p.validFrom, key: 'from', render: (_: unknown, x) => formatVnDate(x.validFrom) },
    { title: p.decisionNumber, dataIndex: 'decisionNumber', key: 'decision' },
    { title: p.legalBasis, dataIndex: 'legalBasis', key: 'basis' },
    { title: p.version, key: 'v', render: (_: unknown, x) => (replaced.has(x.id) ? <Tag>{p.superseded}</Tag> : <Tag color="green">{p.current}</Tag>) },
  ]
  return (
    <Card title={p.targetsListTitle(year)} extra={manage && <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>{p.addTargets}</Button>}>
      {targets.error && <ErrorAlert error={targets.error} />}
      <Table<PlanTargets> data-testid="plans-targets" rowKey="id" size="small" columns={columns} dataSource={rows} loading={targets.isFetching} pagination={false} locale={{ emptyText: p.noTargets }} />
      {open && <PlanTargetsModal year={year} onClose={() => setOpen(false)} />}
    </Card>
  )
}

function PlanTargetsModal({ year, onClose }: { year: number; onClose: () => void }) {
  const t = useT()
  const p = t.plans
  const { locale } = useLanguage()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const save = useSavePlanTargets()
  const units = useUnits()
  const programs = usePlanPrograms()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const unitOptions = useMemo(() => (units.data ?? []).filter((u) => PLAN_KINDS.includes(u.kind)).sort((a, b) => a.path.localeCompare(b.path)).map((u) => ({ value: u.id, label: u.name })), [units.data])
  const programOptions = (programs.data ?? []).filter((x) => x.active).map((x) => ({ value: x.code, label: `${x.code} — ${locale === 'vi' ? x.nameVi : x.nameEn}` }))
  const money = { validator: async (_: unknown, v: string | undefined) => (amountOf(v) !== undefined ? undefined : Promise.reject(new Error(p.invalidAmount))) }

  const submit = async (v: Values) => {
    try {
      await save.mutateAsync({
        unitId: v.unitId!, year, programCode: v.programCode ?? null, turnoverDong: amountOf(v.turnoverDong) ?? '0', collectionDong: amountOf(v.collectionDong) ?? '0',
        householdsOutOfPoverty: v.householdsOutOfPoverty, students: v.students, workers: v.workers, waterWorks: v.waterWorks, houses: v.houses,
        decisionNumber: v.decisionNumber.trim(), legalBasis: v.legalBasis.trim(), ...(v.validFrom ? { validFrom: v.validFrom.format('YYYY-MM-DD') } : {}),
      })
      void message.success(p.targetsSaved)
      onClose()
    } catch (error) {
      if (!applyFieldErrors(form, error, { fields: ['unitId', 'programCode', 'turnoverDong', 'collectionDong', 'validFrom', 'decisionNumber', 'legalBasis'], codes: { plan_targets_invalid: 'validFrom' } })) notifyError(error)
    }
  }

  return (
    <Modal open title={p.targetsModalTitle(year)} okText={t.common.save} cancelText={t.common.cancel} confirmLoading={save.isPending} onOk={() => form.submit()} onCancel={onClose} width={640}>
      <Form<Values> form={form} layout="vertical" name="plan-targets" onFinish={submit}
        initialValues={{ turnoverDong: '', collectionDong: '', householdsOutOfPoverty: 0, students: 0, workers: 0, waterWorks: 0, houses: 0, decisionNumber: '', legalBasis: '' }}>
        <Flex gap={12}>
          <Form.Item name="unitId" label={p.unit} rules={[{ required: true, message: p.required(p.unit) }]} style={{ flex: 1 }}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} loading={units.isLoading} />
          </Form.Item>
          <Form.Item name="programCode" label={p.targetProgram} style={{ flex: 1 }}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={programOptions} loading={programs.isLoading} placeholder={p.allPrograms} />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="turnoverDong" label={p.turnoverTarget} rules={[money]} style={{ flex: 1 }}><Input inputMode="numeric" suffix="₫" maxLength={24} /></Form.Item>
          <Form.Item name="collectionDong" label={p.collectionTarget} rules={[money]} style={{ flex: 1 }}><Input inputMode="numeric" suffix="₫" maxLength={24} /></Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          {COUNTS.map((k) => (
            <Form.Item key={k} name={k} label={p.countLabels[k]} rules={[{ required: true, message: p.required(p.countLabels[k]) }]}>
              <InputNumber min={0} max={100_000_000} precision={0} style={{ width: 150 }} />
            </Form.Item>
          ))}
        </Flex>
        <Form.Item name="validFrom" label={p.validFrom} extra={p.targetsValidFromHint}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="decisionNumber" label={p.decisionNumber} rules={[{ required: true, whitespace: true, message: p.required(p.decisionNumber) }]} style={{ flex: 1 }}><Input maxLength={60} /></Form.Item>
          <Form.Item name="legalBasis" label={p.legalBasis} rules={[{ required: true, whitespace: true, message: p.required(p.legalBasis) }]} style={{ flex: 2 }}><Input maxLength={500} /></Form.Item>
        </Flex>
      </Form>
    </Modal>
  )
}
