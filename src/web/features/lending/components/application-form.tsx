import { ArrowLeftOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useMemo, useState } from 'react'
import { ApiError } from '../../../shared/api-client.js'
import { useApplyFieldErrors, useErrorText, useNotifyError } from '../../../shared/errors.js'
import { formatDong } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useCapitalSources, useHouseholdSearch, usePrograms, useSubmitApplication, type HouseholdOption, type NewApplication } from '../api.js'
import { day, eligibilityLines, isoDay, maxAmountText, moneyInput, rateRuleText, refusalReason, todayVn, versionOn } from '../format.js'

interface ApplicationFormValues {
  householdId: string
  programCode: string
  applicationDate: Dayjs
  amount: string
  termMonths: number
  graceMonths?: number
  intervalMonths?: number
  purpose: string
  channel: 'entrusted' | 'direct'
  groupId?: number
  capitalSource?: string
  studyMonths?: number
  contractPrice?: string
}

/** Rule codes that concern one field of the form. */
const FIELD_OF_CODE: Readonly<Record<string, keyof ApplicationFormValues>> = {
  amount_exceeds_program_max: 'amount',
  capital_source_not_allowed: 'capitalSource',
  program_terms_missing: 'applicationDate',
  loan_household_not_active: 'householdId',
  not_found: 'householdId',
  // The savings-group registry checks the group an entrusted loan goes through.
  member_not_in_group: 'groupId',
  group_not_active: 'groupId',
}

/** Typing in the household search asks the server after a short pause, not on every key. */
function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return debounced
}

/** Giấy đề nghị vay vốn (mẫu 01/TD): the server evaluates eligibility and says why when it refuses. */
export function ApplicationForm({ onDone, onCancel }: { onDone: (id: string) => void; onCancel: () => void }) {
  const t = useT()
  const { locale } = useLanguage()
  const { message } = App.useApp()
  const [form] = Form.useForm<ApplicationFormValues>()
  const programs = usePrograms()
  const sources = useCapitalSources()
  const submit = useSubmitApplication()
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const errorText = useErrorText()
  const [search, setSearch] = useState('')
  const households = useHouseholdSearch(useDebounced(search, 250))
  const [chosen, setChosen] = useState<HouseholdOption | undefined>(undefined)
  const [refusal, setRefusal] = useState<{ message: string; reason: string | undefined } | undefined>(undefined)
  const f = t.lending.applications.form

  const programCode = Form.useWatch('programCode', form)
  const applicationDate = Form.useWatch('applicationDate', form)
  const channel = Form.useWatch('channel', form)
  const date = applicationDate ? isoDay(applicationDate) : todayVn()
  const program = programs.data?.find((p) => p.code === programCode)
  const version = program ? versionOn(program, date) : undefined
  const basis = version?.terms.maxAmount.basis

  // A new program brings its own defaults: the first allowed capital source, its instalment interval.
  useEffect(() => {
    if (!version) return
    form.setFieldsValue({ capitalSource: version.terms.capitalSources?.[0] ?? 'CENTRAL', intervalMonths: version.terms.instalmentIntervalMonths ?? 6 })
  }, [version, form])

  const householdOptions = useMemo(() => {
    const found = households.data ?? []
    const all = chosen && !found.some((h) => h.id === chosen.id) ? [chosen, ...found] : found
    return all.map((h) => ({ value: h.id, label: `${h.code} — ${h.headName ?? ''}`, household: h }))
  }, [households.data, chosen])

  const sourceOptions = (version?.terms.capitalSources ?? ['CENTRAL']).map((code) => {
    const s = sources.data?.find((x) => x.code === code)
    return { value: code, label: s ? (locale === 'vi' ? s.name_vi : s.name_en) : code }
  })

  const onFinish = async (v: ApplicationFormValues) => {
    setRefusal(undefined)
    const body: NewApplication = {
      householdId: v.householdId,
      programCode: v.programCode,
      purpose: v.purpose.trim(),
      amountDong: moneyInput(v.amount) ?? '0',
      termMonths: v.termMonths,
      ...(v.graceMonths ? { graceMonths: v.graceMonths } : {}),
      ...(v.intervalMonths ? { intervalMonths: v.intervalMonths } : {}),
      ...(v.capitalSource ? { capitalSource: v.capitalSource } : {}),
      channel: v.channel,
      groupId: v.channel === 'entrusted' && v.groupId ? String(v.groupId) : null,
      applicationDate: isoDay(v.applicationDate),
      ...(basis === 'study_month' && v.studyMonths ? { studyMonths: v.studyMonths } : {}),
      ...(basis === 'contract_share' && v.contractPrice ? { contractPriceDong: moneyInput(v.contractPrice) ?? '0' } : {}),
    }
    try {
      const { id } = await submit.mutateAsync(body)
      void message.success(f.created(id))
      onDone(id)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'borrower_not_eligible') {
        setRefusal({ message: errorText(error), reason: refusalReason(error.details, t) })
        return
      }
      if (error instanceof ApiError && error.code === 'term_exceeds_program_max') {
        const d = error.details as { maxTermMonths?: number; graceMonthsMax?: number } | null
        const field = d?.graceMonthsMax !== undefined ? 'graceMonths' : 'termMonths'
        form.setFields([{ name: field, errors: [`${errorText(error)} ${d?.maxTermMonths ? t.lending.refusal.maxTerm(d.maxTermMonths) : ''}`.trim()] }])
        return
      }
      if (error instanceof ApiError && error.code === 'amount_exceeds_program_max') {
        const max = (error.details as { maxDong?: string; owedDong?: string } | null)?.maxDong
        const owed = (error.details as { owedDong?: string } | null)?.owedDong ?? '0'
        const left = max ? (BigInt(max) - BigInt(owed)).toString() : undefined
        form.setFields([{ name: 'amount', errors: [`${errorText(error)} ${left ? t.lending.refusal.maxAmount(formatDong(left)) : ''}`.trim()] }])
        return
      }
      const fields = { fields: ['householdId', 'programCode', 'purpose', 'termMonths', 'graceMonths', 'intervalMonths', 'capitalSource', 'groupId', 'applicationDate', 'studyMonths'], codes: FIELD_OF_CODE }
      if (!applyFieldErrors(form, error, fields)) notifyError(error)
    }
  }

  const required = (label: string) => ({ required: true, message: t.common.required(label) })
  const chooseRule = (label: string) => ({ required: true, message: t.common.choose(label) })
  const moneyRule = { validator: async (_: unknown, v: string | undefined) => (moneyInput(v) ? undefined : Promise.reject(new Error(t.lending.invalidAmount))) }

  return (
    <Card
      title={
        <Flex align="center" gap={12}>
          <Button icon={<ArrowLeftOutlined />} onClick={onCancel} aria-label={t.lending.applications.detail.back} />
          <Typography.Title level={4} style={{ margin: 0 }}>{f.title}</Typography.Title>
        </Flex>
      }
    >
      <Form<ApplicationFormValues>
        form={form}
        layout="vertical"
        initialValues={{ applicationDate: dayjs(todayVn()), channel: 'entrusted' }}
        onFinish={onFinish}
        onValuesChange={() => refusal && setRefusal(undefined)}
        style={{ maxWidth: 1000 }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="householdId" label={f.household} rules={[chooseRule(f.household)]}>
              <Select
                showSearch={{ filterOption: false, onSearch: setSearch }}
                placeholder={f.householdPlaceholder}
                options={householdOptions}
                loading={households.isFetching}
                notFoundContent={households.isFetching ? t.common.loading : t.households.empty}
                onChange={(_, option) => setChosen((option as { household?: HouseholdOption } | undefined)?.household)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="programCode" label={f.program} rules={[chooseRule(f.program)]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={programs.isFetching}
                options={(programs.data ?? []).filter((p) => p.active).map((p) => ({ value: p.code, label: locale === 'vi' ? p.nameVi : p.nameEn }))}
              />
            </Form.Item>
          </Col>
        </Row>
        {program && (
          version ? (
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }} data-testid="program-terms">
              <Descriptions.Item label={t.lending.programs.legalBasis} span={2}>{f.termsInForce(version.legalBasis, day(version.validFrom))}</Descriptions.Item>
              <Descriptions.Item label={t.lending.programs.rate}>{rateRuleText(version, t, locale, date)}</Descriptions.Item>
              <Descriptions.Item label={t.lending.programs.maxAmount}>{`${maxAmountText(version.terms, t, locale)} · ${t.lending.months(version.terms.maxTermMonths)}`}</Descriptions.Item>
              <Descriptions.Item label={t.lending.programs.eligibility} span={2}>
                <Flex vertical>{eligibilityLines(version.terms.eligibility, t).map((line) => <span key={line}>{line}</span>)}</Flex>
              </Descriptions.Item>
            </Descriptions>
          ) : (
            <Alert type="warning" showIcon title={f.noTerms} style={{ marginBottom: 16 }} />
          )
        )}
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="applicationDate" label={f.applicationDate} rules={[chooseRule(f.applicationDate)]}>
              <DatePicker format="DD/MM/YYYY" allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="amount" label={f.amount} extra={f.amountHint} rules={[moneyRule]}>
              <Input inputMode="numeric" suffix="₫" maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="termMonths" label={f.termMonths} rules={[required(f.termMonths)]}>
              <InputNumber min={1} max={600} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="intervalMonths" label={f.intervalMonths}>
              <InputNumber min={1} max={120} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {(version?.terms.graceMonthsMax ?? 0) > 0 && (
            <Col xs={24} md={8}>
              <Form.Item name="graceMonths" label={f.graceMonths}>
                <InputNumber min={0} max={version?.terms.graceMonthsMax ?? 0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          {basis === 'study_month' && (
            <Col xs={24} md={8}>
              <Form.Item name="studyMonths" label={f.studyMonths} rules={[required(f.studyMonths)]}>
                <InputNumber min={1} max={120} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          {basis === 'contract_share' && (
            <Col xs={24} md={8}>
              <Form.Item name="contractPrice" label={f.contractPrice} rules={[moneyRule]}>
                <Input inputMode="numeric" suffix="₫" maxLength={20} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item name="purpose" label={f.purpose} rules={[{ required: true, whitespace: true, message: t.common.required(f.purpose) }]}>
          <Input maxLength={500} placeholder={f.purposePlaceholder} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="channel" label={f.channel}>
              <Radio.Group options={(['entrusted', 'direct'] as const).map((c) => ({ value: c, label: f.channels[c] }))} />
            </Form.Item>
          </Col>
          {channel !== 'direct' && (
            <Col xs={24} md={6}>
              <Form.Item name="groupId" label={f.groupId} extra={f.groupIdHint}>
                <InputNumber min={1} max={999_999_999} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={6}>
            <Form.Item name="capitalSource" label={f.capitalSource}>
              <Select options={sourceOptions} />
            </Form.Item>
          </Col>
        </Row>
        {refusal && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={f.refusedTitle}
            description={<Flex vertical><span>{refusal.message}</span>{refusal.reason && <Typography.Text strong>{refusal.reason}</Typography.Text>}</Flex>}
            style={{ marginBottom: 16 }}
          />
        )}
        <Flex gap={8} justify="end">
          <Button onClick={onCancel}>{t.common.cancel}</Button>
          <Button type="primary" htmlType="submit" loading={submit.isPending}>{f.submit}</Button>
        </Flex>
      </Form>
    </Card>
  )
}
