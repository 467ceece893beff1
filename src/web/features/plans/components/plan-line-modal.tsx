// Giao kế hoạch / điều chỉnh kế hoạch: one form for a new line and for a revision of one. A
// revision names the date it takes effect; the version it replaces is kept and stays visible.
import { App, Alert, DatePicker, Form, Input, Modal, Select } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo } from 'react'
import { parseDong } from '../../../../domain/shared/index.js'
import { useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDate } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useUnits } from '../../../shared/units-query.js'
import { usePlanPrograms, useSavePlanLine, type PlanLine } from '../api.js'

interface Values {
  unitId?: number
  programCode?: string
  amountDong: string
  validFrom?: Dayjs | null
  decisionNumber: string
  legalBasis: string
  note?: string
}

const PLAN_KINDS = ['province', 'transaction_office', 'commune']

/** Whole đồng, not negative, typed as '1.500.000' or '1500000'. */
function amountOf(text: string | undefined): string | undefined {
  const parsed = parseDong((text ?? '').trim())
  return parsed.ok && parsed.value >= 0n ? parsed.value.toString() : undefined
}

export function PlanLineModal({ open, onClose, year, quarter, revising }: { open: boolean; onClose: () => void; year: number; quarter: number | null; revising: PlanLine | null }) {
  const t = useT()
  const p = t.plans
  const { locale } = useLanguage()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const save = useSavePlanLine()
  const units = useUnits({ enabled: open && !revising })
  const programs = usePlanPrograms()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const unitOptions = useMemo(() => (units.data ?? []).filter((u) => PLAN_KINDS.includes(u.kind)).sort((a, b) => a.path.localeCompare(b.path)).map((u) => ({ value: u.id, label: u.name })), [units.data])
  const programOptions = (programs.data ?? []).filter((x) => x.active).map((x) => ({ value: x.code, label: `${x.code} — ${locale === 'vi' ? x.nameVi : x.nameEn}` }))

  const submit = async (v: Values) => {
    const common = { amountDong: amountOf(v.amountDong) ?? '0', decisionNumber: v.decisionNumber.trim(), legalBasis: v.legalBasis.trim(), note: v.note?.trim() || null }
    try {
      if (revising) await save.mutateAsync({ lineId: revising.id, body: { ...common, validFrom: (v.validFrom ?? dayjs()).format('YYYY-MM-DD') } })
      else await save.mutateAsync({ body: { ...common, unitId: v.unitId!, programCode: v.programCode!, year, quarter, ...(v.validFrom ? { validFrom: v.validFrom.format('YYYY-MM-DD') } : {}) } })
      void message.success(p.saved)
      form.resetFields()
      onClose()
    } catch (error) {
      if (!applyFieldErrors(form, error, { fields: ['unitId', 'programCode', 'amountDong', 'validFrom', 'decisionNumber', 'legalBasis'], codes: { plan_children_exceed_parent: 'amountDong', plan_line_exists: 'programCode', plan_line_not_latest: 'validFrom', plan_line_invalid: 'validFrom' } })) notifyError(error)
    }
  }

  return (
    <Modal open={open} title={revising ? p.reviseTitle : p.addTitle} okText={t.common.save} cancelText={t.common.cancel} confirmLoading={save.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {revising && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }}
          title={`${revising.unitName} · ${revising.programCode} · ${formatDong(revising.amountDong)} — ${p.inForceFrom(formatVnDate(revising.validFrom), revising.decisionNumber)}`} />
      )}
      <Form<Values> form={form} layout="vertical" preserve={false} onFinish={submit} initialValues={{ amountDong: '', decisionNumber: '', legalBasis: '' }}>
        {!revising && (
          <>
            <Form.Item name="unitId" label={p.unit} rules={[{ required: true, message: p.required(p.unit) }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} loading={units.isLoading} />
            </Form.Item>
            <Form.Item name="programCode" label={p.program} rules={[{ required: true, message: p.required(p.program) }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={programOptions} loading={programs.isLoading} />
            </Form.Item>
          </>
        )}
        <Form.Item name="amountDong" label={p.amount} rules={[{ validator: async (_, v: string | undefined) => (amountOf(v) !== undefined ? undefined : Promise.reject(new Error(p.invalidAmount))) }]}>
          <Input inputMode="numeric" suffix="₫" maxLength={24} />
        </Form.Item>
        <Form.Item name="validFrom" label={p.validFrom} rules={revising ? [{ required: true, message: p.required(p.validFrom) }] : []}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="decisionNumber" label={p.decisionNumber} rules={[{ required: true, whitespace: true, message: p.required(p.decisionNumber) }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="legalBasis" label={p.legalBasis} rules={[{ required: true, whitespace: true, message: p.required(p.legalBasis) }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="note" label={p.note}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
