import { InfoCircleOutlined } from '@ant-design/icons'
import { Alert, App, Button, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, List, Space, Spin, Tag, Tooltip, Typography } from 'antd'
import { type Dayjs } from 'dayjs'
import { useEffect, useMemo, useRef, useState } from 'react'
import { standardDateFor } from '../../../../domain/poverty/index.js'
import { parseDong, type LocalDate } from '../../../../domain/shared/index.js'
import { useApplyFieldErrors, useErrorText, useNotifyError } from '../../../shared/errors.js'
import { formatDong } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { usePreviewSurvey, useRecordSurvey, useStandards } from '../api.js'
import { fromIsoDay, isoDay, todayVn } from '../format.js'
import type { Review, ReviewHousehold, SurveyOutcome, SurveyRequest } from '../types.js'
import { ClassTag } from './class-tag.js'

interface SurveyForm {
  surveyedOn: Dayjs
  income: string
  floorAreaM2: number | null
  indicators: Record<string, boolean>
}

/** The default survey date: today, kept inside the annual window and not before the review opened. */
function defaultSurveyDate(review: Review): string {
  const today = todayVn()
  if (review.kind !== 'annual') return today
  const end = `${review.year}-12-14`
  const d = today > end ? end : today
  return d < review.openedOn ? review.openedOn : d
}

/** One household's survey, with the class the server computes shown as it is typed. */
export function SurveyDrawer({ review, household, onClose }: { review: Review; household: ReviewHousehold | undefined; onClose: () => void }) {
  const t = useT()
  const { locale } = useLanguage()
  const { message } = App.useApp()
  const [form] = Form.useForm<SurveyForm>()
  const standards = useStandards()
  const preview = usePreviewSurvey(review.id)
  const record = useRecordSurvey(review.id)
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const errorText = useErrorText()
  const [outcome, setOutcome] = useState<SurveyOutcome | undefined>(undefined)
  const [previewError, setPreviewError] = useState<unknown>(undefined)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const surveyedOn = Form.useWatch('surveyedOn', form)
  const s = t.poverty.survey

  const date = surveyedOn ? isoDay(surveyedOn) : defaultSurveyDate(review)
  const standard = useMemo(() => {
    const on = standardDateFor(review.kind, review.year, date as LocalDate)
    return (standards.data ?? []).find((x) => x.scope === 'national' && x.validFrom <= on && (x.validTo === null || on <= x.validTo))
  }, [standards.data, review.kind, review.year, date])

  useEffect(() => {
    if (!household) return
    const a = household.assessment
    // A fresh form per household: setFieldsValue alone would merge the last household's ticks.
    form.resetFields()
    form.setFieldsValue({
      surveyedOn: fromIsoDay(a?.surveyedOn ?? defaultSurveyDate(review)),
      income: a ? formatDong(a.incomePerPersonMonthDong).replace(' ₫', '') : '',
      floorAreaM2: a?.inputs.floorAreaM2 ?? null,
      indicators: a?.inputs.answers ?? {},
    })
    setOutcome(undefined)
    setPreviewError(undefined)
  }, [household, review, form])

  useEffect(() => () => clearTimeout(timer.current), [])

  const toRequest = (values: Partial<SurveyForm>): SurveyRequest | undefined => {
    if (!household || !standard) return undefined
    const income = parseDong(values.income ?? '')
    if (!income.ok || income.value < 0n) return undefined
    const codes = standard.rules.dimensions.flatMap((d) => d.indicators.map((i) => i.code))
    return {
      householdId: household.householdId,
      surveyedOn: values.surveyedOn ? isoDay(values.surveyedOn) : defaultSurveyDate(review),
      incomePerPersonMonthDong: income.value.toString(),
      floorAreaM2: values.floorAreaM2 ?? null,
      indicators: Object.fromEntries(codes.map((c) => [c, values.indicators?.[c] === true])),
    }
  }

  const schedulePreview = () => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      const request = toRequest(form.getFieldsValue(true) as SurveyForm)
      if (!request) {
        setOutcome(undefined)
        return
      }
      preview.mutate(request, {
        onSuccess: (o) => {
          setOutcome(o)
          setPreviewError(undefined)
        },
        onError: (e) => {
          setOutcome(undefined)
          setPreviewError(e)
        },
      })
    }, 350)
  }
  // Recompute once the standard and the prefilled values are there (schedulePreview reads the form itself).
  useEffect(() => {
    if (household && standard) schedulePreview()
  }, [household, standard])

  const onFinish = async (values: SurveyForm) => {
    const request = toRequest(values)
    if (!request || !household) return
    try {
      await record.mutateAsync(request)
      void message.success(s.saved(household.code))
      onClose()
    } catch (error) {
      const fields = { fields: ['surveyedOn', 'incomePerPersonMonthDong', 'floorAreaM2'], codes: { invalid_money: 'income', poverty_review_outside_window: 'surveyedOn', poverty_dates_out_of_order: 'surveyedOn', poverty_date_in_future: 'surveyedOn' } }
      if (!applyFieldErrors(form, error, fields)) notifyError(error)
    }
  }

  const name = (x: { nameVi: string; nameEn: string }) => (locale === 'vi' ? x.nameVi : x.nameEn)
  const indicatorName = (code: string) => {
    const found = standard?.rules.dimensions.flatMap((d) => d.indicators).find((i) => i.code === code)
    return found ? name(found) : code
  }
  // The class the server computes stays in view (the drawer's footer) while the form scrolls.
  const resultPanel = (
    <>
      <Typography.Text strong>{s.result}</Typography.Text>
      <div aria-live="polite" data-testid="survey-result">
        {previewError !== undefined && <Alert type="warning" showIcon title={errorText(previewError)} />}
        {previewError === undefined && !outcome && <Typography.Text type="secondary">{s.enterIncome}</Typography.Text>}
        {outcome && (
          <Alert
            type={outcome.class === 'poor' ? 'error' : outcome.class === 'near_poor' ? 'warning' : 'success'}
            title={
              <Space wrap>
                <ClassTag value={outcome.class} />
                <span>{s.deprivedCount(outcome.deprivations.length, outcome.indicators.length)}</span>
                <span>· {s.standard}: {outcome.standardCode}</span>
              </Space>
            }
            description={
              <List
                size="small"
                dataSource={[...outcome.reasons]}
                renderItem={(r) => <List.Item style={{ paddingInline: 0 }}>{r[locale]}</List.Item>}
                footer={
                  <Space wrap size={4}>
                    {outcome.indicators.filter((i) => i.source === 'derived').map((i) => (
                      <Tag key={i.code} color={i.deprived ? 'red' : 'default'} title={i.reason[locale]}>{`${indicatorName(i.code)}: ${s.derived}`}</Tag>
                    ))}
                  </Space>
                }
              />
            }
          />
        )}
      </div>
    </>
  )
  return (
    <Drawer open={household !== undefined} onClose={onClose} width={640} title={household ? t.poverty.detail.surveyHousehold(household.code) : ''} destroyOnHidden
      footer={household ? resultPanel : null} styles={{ footer: { maxHeight: '45vh', overflowY: 'auto' } }}
      extra={<Button type="primary" onClick={() => form.submit()} loading={record.isPending}>{s.save}</Button>}>
      {household && (
        <Form<SurveyForm> form={form} layout="vertical" onFinish={onFinish} onValuesChange={schedulePreview}>
          <Typography.Paragraph>
            <Typography.Text strong>{household.headName ?? household.code}</Typography.Text>
            {household.villageName ? ` — ${household.villageName}` : ''} · {t.poverty.areaTypes[household.residenceType]}
          </Typography.Paragraph>
          <Space size="large" wrap>
            <Form.Item name="surveyedOn" label={s.surveyedOn} rules={[{ required: true, message: t.common.choose(s.surveyedOn) }]}>
              <DatePicker format="DD/MM/YYYY" allowClear={false} />
            </Form.Item>
            <Form.Item name="income" label={s.income} rules={[{ required: true, message: t.common.required(s.income) }, { validator: (_, v: string) => (!v || (parseDong(v).ok && !v.trim().startsWith('-')) ? Promise.resolve() : Promise.reject(new Error(s.invalidIncome))) }]}>
              <Input placeholder={s.incomeHint} inputMode="numeric" style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="floorAreaM2" label={s.floorArea}>
              <InputNumber min={0} max={100000} style={{ width: 140 }} />
            </Form.Item>
          </Space>
          <Typography.Title level={5}>{s.indicators}</Typography.Title>
          <Typography.Paragraph type="secondary">{s.derivedHint}</Typography.Paragraph>
          {!standard && standards.isFetching && <Spin />}
          {standard?.rules.dimensions.map((d) => (
            <div key={d.code} style={{ marginBottom: 8 }}>
              <Typography.Text strong>{name(d)}</Typography.Text>
              <div style={{ paddingLeft: 12 }}>
                {d.indicators.map((i) => (
                  <Form.Item key={i.code} name={['indicators', i.code]} valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Checkbox>
                      {name(i)}
                      {i.derivation && (
                        <Tooltip title={t.poverty.standards.derived}>
                          <InfoCircleOutlined style={{ marginLeft: 6, color: '#0b5cad' }} aria-label={t.poverty.standards.derived} />
                        </Tooltip>
                      )}
                    </Checkbox>
                  </Form.Item>
                ))}
              </div>
            </div>
          ))}
        </Form>
      )}
    </Drawer>
  )
}
