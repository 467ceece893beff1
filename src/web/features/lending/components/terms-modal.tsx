import { Alert, App, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd'
import type { Dayjs } from 'dayjs'
import { useEffect } from 'react'
import type { AmountBasis, ProgramTermsJson } from '../../../../domain/programs/index.js'
import { formatPercentMicros, parsePercent } from '../../../../domain/shared/index.js'
import { ApiError } from '../../../shared/api-client.js'
import { useApplyFieldErrors, useNotifyError } from '../../../shared/errors.js'
import { formatDong } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useAddTerms, type Program } from '../api.js'
import { day, isoDay, moneyInput } from '../format.js'

const BASES: readonly AmountBasis[] = ['household', 'purpose', 'worker', 'study_month', 'business', 'contract_share']

interface TermsFormValues {
  validFrom: Dayjs
  legalBasis: string
  note?: string
  rateKind: 'fixed' | 'percent_of_base'
  rate: string
  overdueFactor: string
  basis: AmountBasis
  maxAmount: string
  maxTermMonths: number
  graceMonthsMax: number
  instalmentIntervalMonths: number
  repriceExisting: boolean
}

/** Which form field a `program_terms_invalid` detail names. */
const FIELD_OF_TERMS: Readonly<Record<string, keyof TermsFormValues>> = {
  rate: 'rate', maxAmount: 'maxAmount', maxTermMonths: 'maxTermMonths', graceMonthsMax: 'graceMonthsMax', instalmentIntervalMonths: 'instalmentIntervalMonths', overdueFactorMicros: 'overdueFactor',
}

/**
 * A new dated version of a program's terms. It starts from the version now in force, so what the
 * form does not show (eligibility, capital sources, repayment order) carries over unchanged.
 */
export function TermsModal({ program, onClose }: { program: Program | undefined; onClose: () => void }) {
  const t = useT()
  const { locale } = useLanguage()
  const { message } = App.useApp()
  const [form] = Form.useForm<TermsFormValues>()
  const add = useAddTerms()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const f = t.lending.programs.form
  const latest = program?.versions[program.versions.length - 1]
  const rateKind = Form.useWatch('rateKind', form)
  const basis = Form.useWatch('basis', form)

  useEffect(() => {
    if (!latest) return
    const terms = latest.terms
    form.resetFields()
    form.setFieldsValue({
      rateKind: terms.rate.kind,
      rate: formatPercentMicros(BigInt(terms.rate.kind === 'fixed' ? terms.rate.yearlyMicros : terms.rate.percentMicros), locale).replace('%', ''),
      overdueFactor: formatPercentMicros(BigInt(terms.overdueFactorMicros ?? '1300000'), locale).replace('%', ''),
      basis: terms.maxAmount.basis,
      maxAmount: terms.maxAmount.basis === 'contract_share' ? formatPercentMicros(BigInt(terms.maxAmount.amountDong), locale).replace('%', '') : formatDong(terms.maxAmount.amountDong).replace(' ₫', ''),
      maxTermMonths: terms.maxTermMonths,
      graceMonthsMax: terms.graceMonthsMax ?? 0,
      instalmentIntervalMonths: terms.instalmentIntervalMonths ?? 6,
      repriceExisting: false,
    })
  }, [latest, form, locale])

  const percentRule = { validator: async (_: unknown, v: string | undefined) => (v && parsePercent(v).ok ? undefined : Promise.reject(new Error(f.invalidPercent))) }
  const amountRule = {
    validator: async (_: unknown, v: string | undefined) => {
      if (basis === 'contract_share') return parsePercent(v ?? '').ok ? undefined : Promise.reject(new Error(f.invalidPercent))
      return moneyInput(v) ? undefined : Promise.reject(new Error(t.lending.invalidAmount))
    },
  }

  const submit = async (v: TermsFormValues) => {
    if (!program || !latest) return
    const micros = (text: string) => {
      const parsed = parsePercent(text)
      return parsed.ok ? parsed.value.toString() : '0'
    }
    const terms: ProgramTermsJson = {
      ...latest.terms,
      rate: v.rateKind === 'fixed' ? { kind: 'fixed', yearlyMicros: micros(v.rate) } : { kind: 'percent_of_base', percentMicros: micros(v.rate) },
      overdueFactorMicros: micros(v.overdueFactor),
      maxAmount: { basis: v.basis, amountDong: v.basis === 'contract_share' ? micros(v.maxAmount) : moneyInput(v.maxAmount) ?? '0' },
      maxTermMonths: v.maxTermMonths,
      graceMonthsMax: v.graceMonthsMax,
      instalmentIntervalMonths: v.instalmentIntervalMonths,
      repriceExisting: v.repriceExisting,
    }
    try {
      await add.mutateAsync({ code: program.code, validFrom: isoDay(v.validFrom), legalBasis: v.legalBasis.trim(), note: v.note?.trim() || null, terms })
      void message.success(f.added(locale === 'vi' ? program.nameVi : program.nameEn, day(isoDay(v.validFrom))))
      onClose()
    } catch (error) {
      if (error instanceof ApiError && error.code === 'program_terms_invalid') {
        const field = FIELD_OF_TERMS[String((error.details as { field?: string } | null)?.field)]
        if (field) {
          form.setFields([{ name: field, errors: [error.messages[locale]] }])
          return
        }
      }
      if (!applyFieldErrors(form, error, { fields: ['validFrom', 'legalBasis', 'note'], codes: { program_terms_not_latest: 'validFrom' } })) notifyError(error)
    }
  }

  return (
    <Modal
      open={program !== undefined}
      width={760}
      title={program ? t.lending.programs.addTermsTitle(locale === 'vi' ? program.nameVi : program.nameEn) : ''}
      okText={f.submit}
      cancelText={t.common.cancel}
      confirmLoading={add.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Alert type="info" showIcon title={t.lending.programs.addTermsHint} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="validFrom" label={f.validFrom} rules={[{ required: true, message: t.common.choose(f.validFrom) }]}>
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="legalBasis" label={f.legalBasis} rules={[{ required: true, whitespace: true, min: 3, message: t.common.required(f.legalBasis) }]}>
              <Input maxLength={500} placeholder={f.legalBasisPlaceholder} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="rateKind" label={f.rateKind}>
          <Radio.Group options={(['fixed', 'percent_of_base'] as const).map((k) => ({ value: k, label: f.rateKinds[k] }))} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="rate" label={rateKind === 'percent_of_base' ? f.percentOfBase : f.yearlyRate} extra={f.percentHint} rules={[percentRule]}>
              <Input suffix="%" inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="overdueFactor" label={f.overdueFactor} rules={[percentRule]}>
              <Input suffix="%" inputMode="decimal" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="basis" label={f.basis}>
              <Select options={BASES.map((b) => ({ value: b, label: f.bases[b] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="maxAmount" label={basis === 'contract_share' ? f.maxShare : f.maxAmount} rules={[amountRule]}>
              <Input suffix={basis === 'contract_share' ? '%' : '₫'} inputMode="numeric" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="maxTermMonths" label={f.maxTerm} rules={[{ required: true, message: t.common.required(f.maxTerm) }]}>
              <InputNumber min={1} max={600} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="graceMonthsMax" label={f.graceMax}>
              <InputNumber min={0} max={599} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="instalmentIntervalMonths" label={f.interval}>
              <InputNumber min={1} max={120} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="repriceExisting" valuePropName="checked">
          <Checkbox>{f.repriceExisting}</Checkbox>
        </Form.Item>
        <Form.Item name="note" label={f.note}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
