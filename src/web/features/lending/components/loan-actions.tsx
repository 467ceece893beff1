// The money-moving forms of a loan: disbursement, repayment and the other events. Each submission
// carries an Idempotency-Key kept for its retries, so a resent form never moves money twice.
import { Alert, App, Checkbox, DatePicker, Form, Input, Modal, Select } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo } from 'react'
import { ApiError } from '../../../shared/api-client.js'
import { useApplyFieldErrors, useErrorText, useNotifyError } from '../../../shared/errors.js'
import { formatDong } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useIdempotencyKeys } from '../../../shared/idempotency.js'
import { useUnits } from '../../../shared/units-query.js'
import { useLoanAction, type Instalment, type Loan, type LoanEventInput } from '../api.js'
import { day, isoDay, moneyInput, todayVn } from '../format.js'
// -- plans --
import { usePlanRoomCheck } from '../../plans/room-check.js'

const DATE_CODES = { loan_event_backdated: 'date', period_closed: 'date', invalid_date: 'date' }

/** Adds what the server knows about a refused amount (e.g. the fund left) to its message. */
function amountError(error: ApiError, text: string, t: ReturnType<typeof useT>): string {
  const available = (error.details as { availableDong?: string } | null)?.availableDong
  return error.code === 'fund_insufficient' && available !== undefined ? `${text} ${t.lending.refusal.fund(formatDong(available))}` : text
}

interface CashValues {
  date: Dayjs
  amountDong: string
  cashUnitId: number
}

/** Giải ngân or thu nợ at a cash desk in scope (the loan's commune by default). */
export function CashModal({ loan, kind, open, onClose }: { loan: Loan; kind: 'disburse' | 'repay'; open: boolean; onClose: () => void }) {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<CashValues>()
  const action = useLoanAction(loan.id)
  const keys = useIdempotencyKeys()
  const units = useUnits({ enabled: open })
  const applyFieldErrors = useApplyFieldErrors()
  const checkRoom = usePlanRoomCheck()
  const notifyError = useNotifyError()
  const errorText = useErrorText()
  const d = t.lending.loans.detail
  const undisbursed = (BigInt(loan.approved_dong) - BigInt(loan.disbursed_dong)).toString()
  const desks = useMemo(() => {
    const list = (units.data ?? []).filter((u) => u.kind === 'commune' || u.kind === 'transaction_office').map((u) => ({ value: u.id, label: u.name }))
    return list.some((u) => u.value === loan.commune_unit_id) ? list : [{ value: loan.commune_unit_id, label: loan.commune_name }, ...list]
  }, [units.data, loan.commune_unit_id, loan.commune_name])

  const submit = async (v: CashValues) => {
    const body = { date: isoDay(v.date), amountDong: moneyInput(v.amountDong) ?? '0', cashUnitId: v.cashUnitId }
    // -- plans -- warn before a disbursement over the capital plan's room (the server refuses it when the rule blocks)
    if (kind === 'disburse') {
      const verdict = await checkRoom([{ communeUnitId: loan.commune_unit_id, programCode: loan.program_code, capitalSourceCode: loan.capital_source_code, date: body.date, amountDong: body.amountDong }])
      if (verdict.kind === 'cancelled') return
      if (verdict.kind === 'blocked') {
        form.setFields([{ name: 'amountDong', errors: [t.plans.roomBlocked(formatDong(verdict.roomDong))] }])
        return
      }
    }
    // -- end plans --
    try {
      await action.mutateAsync({ path: kind, body, idempotencyKey: keys.keyFor({ kind, body }) })
      keys.settle()
      void message.success(d.done(`${kind === 'disburse' ? d.disburse : d.repay} ${formatDong(body.amountDong)}`))
      form.resetFields()
      onClose()
    } catch (error) {
      if (error instanceof ApiError && ['fund_insufficient', 'disbursement_exceeds_approved', 'repayment_exceeds_outstanding', 'amount_not_positive', 'nothing_undisbursed'].includes(error.code)) {
        form.setFields([{ name: 'amountDong', errors: [amountError(error, errorText(error), t)] }])
        return
      }
      if (!applyFieldErrors(form, error, { fields: ['date', 'amountDong', 'cashUnitId'], codes: { ...DATE_CODES, not_found: 'cashUnitId' } })) notifyError(error)
    }
  }

  return (
    <Modal
      open={open}
      title={kind === 'disburse' ? d.disburseTitle : d.repayTitle}
      okText={kind === 'disburse' ? d.disburse : d.repay}
      cancelText={t.common.cancel}
      confirmLoading={action.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={kind === 'disburse' ? d.disburseHint(formatDong(undisbursed)) : d.repayHint} style={{ marginBottom: 16 }} />
      <Form<CashValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ date: dayjs(todayVn()), amountDong: kind === 'disburse' ? formatDong(undisbursed).replace(' ₫', '') : '', cashUnitId: loan.commune_unit_id }}
        onFinish={submit}
      >
        <Form.Item name="date" label={t.lending.date} rules={[{ required: true, message: t.common.choose(t.lending.date) }]}>
          <DatePicker format="DD/MM/YYYY" allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="amountDong" label={d.amount} rules={[{ validator: async (_, v: string | undefined) => (moneyInput(v) ? undefined : Promise.reject(new Error(t.lending.invalidAmount))) }]}>
          <Input inputMode="numeric" suffix="₫" maxLength={20} />
        </Form.Item>
        <Form.Item name="cashUnitId" label={d.cashUnit}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={desks} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

type EventType = LoanEventInput['type']

interface EventValues {
  type: EventType
  date: Dayjs
  seq?: number
  newDueDate?: Dayjs
  decisionNumber?: string
  to?: Dayjs
  freezePrincipal?: boolean
  principalDong?: string
  interestDong?: string
  reason?: string
}

/** Which events a loan may take in each status (the engine refuses the rest anyway). */
function eventsFor(loan: Loan): EventType[] {
  const undisbursed = BigInt(loan.approved_dong) > BigInt(loan.disbursed_dong)
  if (loan.status === 'approved') return ['adjust_term', 'cancel_undisbursed']
  if (loan.status === 'active') return ['extend', 'adjust_term', 'freeze', 'write_off', 'recall', ...(undisbursed ? (['cancel_undisbursed'] as const) : [])]
  if (loan.status === 'frozen') return ['unfreeze', 'write_off']
  return []
}

function toEvent(v: EventValues): LoanEventInput {
  const date = isoDay(v.date)
  const text = (s: string | undefined) => (s ?? '').trim()
  switch (v.type) {
    case 'extend':
      return { type: 'extend', date, seq: v.seq ?? 0, newDueDate: v.newDueDate ? isoDay(v.newDueDate) : '', decisionNumber: text(v.decisionNumber) }
    case 'adjust_term':
      return { type: 'adjust_term', date, seq: v.seq ?? 0, newDueDate: v.newDueDate ? isoDay(v.newDueDate) : '' }
    case 'freeze':
      return { type: 'freeze', date, to: v.to ? isoDay(v.to) : '', decisionNumber: text(v.decisionNumber), freezePrincipal: v.freezePrincipal ?? false }
    case 'write_off':
      return { type: 'write_off', date, principalDong: moneyInput(v.principalDong) ?? '0', interestDong: moneyInput(v.interestDong) ?? '0', decisionNumber: text(v.decisionNumber) }
    case 'recall':
      return { type: 'recall', date, reason: text(v.reason) }
    default:
      return { type: v.type, date }
  }
}

/** Gia hạn, điều chỉnh kỳ hạn, khoanh nợ, xóa nợ, thu hồi trước hạn… as one form whose fields follow the event. */
export function EventModal({ loan, instalments, open, onClose }: { loan: Loan; instalments: readonly Instalment[]; open: boolean; onClose: () => void }) {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<EventValues>()
  const action = useLoanAction(loan.id)
  const keys = useIdempotencyKeys()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const d = t.lending.loans.detail
  const types = eventsFor(loan)
  const type = Form.useWatch('type', form) ?? types[0]
  const unpaid = instalments.filter((i) => i.status !== 'paid')
  const required = (label: string) => ({ required: true, message: t.common.required(label) })
  const choose = (label: string) => ({ required: true, message: t.common.choose(label) })
  const optionalMoney = { validator: async (_: unknown, v: string | undefined) => (!v || moneyInput(v) || /^0+$/.test(v.trim()) ? undefined : Promise.reject(new Error(t.lending.invalidAmount))) }

  const submit = async (v: EventValues) => {
    const body = toEvent({ ...v, type: v.type ?? type })
    try {
      await action.mutateAsync({ path: 'events', body, idempotencyKey: keys.keyFor({ path: 'events', body }) })
      keys.settle()
      void message.success(d.done(d.eventTypes[body.type] ?? body.type))
      form.resetFields()
      onClose()
    } catch (error) {
      const codes = {
        ...DATE_CODES, instalment_not_found: 'seq', instalment_not_extendable: 'seq', instalment_not_adjustable: 'seq', extension_not_later: 'newDueDate',
        extension_too_long: 'newDueDate', decision_number_required: 'decisionNumber', freeze_period_invalid: 'to', write_off_exceeds_outstanding: 'principalDong',
      }
      if (!applyFieldErrors(form, error, { fields: ['date', 'seq', 'newDueDate', 'decisionNumber', 'to', 'principalDong', 'interestDong', 'reason'], codes })) notifyError(error)
    }
  }

  return (
    <Modal
      open={open}
      title={d.eventTitle}
      okText={d.record}
      cancelText={t.common.cancel}
      confirmLoading={action.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<EventValues> form={form} layout="vertical" preserve={false} initialValues={{ type: types[0], date: dayjs(todayVn()), freezePrincipal: true }} onFinish={submit}>
        <Form.Item name="type" label={d.eventKind}>
          <Select options={types.map((k) => ({ value: k, label: d.eventTypes[k] ?? k }))} />
        </Form.Item>
        <Form.Item name="date" label={t.lending.date} rules={[choose(t.lending.date)]}>
          <DatePicker format="DD/MM/YYYY" allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        {(type === 'extend' || type === 'adjust_term') && (
          <>
            <Form.Item name="seq" label={d.instalmentSeq} rules={[choose(d.instalmentSeq)]}>
              <Select options={unpaid.map((i) => ({ value: i.seq, label: `${d.seq} ${i.seq} — ${day(i.extended_to ?? i.due_date)} — ${formatDong((BigInt(i.principal_due_dong) - BigInt(i.principal_paid_dong)).toString())}` }))} />
            </Form.Item>
            <Form.Item name="newDueDate" label={d.newDueDate} rules={[choose(d.newDueDate)]}>
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        {type === 'freeze' && (
          <>
            <Form.Item name="to" label={d.freezeTo} rules={[choose(d.freezeTo)]}>
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="freezePrincipal" valuePropName="checked">
              <Checkbox>{d.freezePrincipal}</Checkbox>
            </Form.Item>
          </>
        )}
        {type === 'write_off' && (
          <>
            <Form.Item name="principalDong" label={d.principalWriteOff} rules={[optionalMoney]}>
              <Input inputMode="numeric" suffix="₫" maxLength={20} />
            </Form.Item>
            <Form.Item name="interestDong" label={d.interestWriteOff} rules={[optionalMoney]}>
              <Input inputMode="numeric" suffix="₫" maxLength={20} />
            </Form.Item>
          </>
        )}
        {(type === 'extend' || type === 'freeze' || type === 'write_off') && (
          <Form.Item name="decisionNumber" label={d.decisionNumber} rules={[{ ...required(d.decisionNumber), whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        )}
        {type === 'recall' && (
          <Form.Item name="reason" label={d.recallReason} rules={[{ ...required(d.recallReason), whitespace: true }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
