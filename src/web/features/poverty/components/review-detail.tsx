import { ArrowLeftOutlined } from '@ant-design/icons'
import { App, Button, Card, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Popconfirm, Space, Steps, Table, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useApplyFieldErrors, useNotifyError, ErrorAlert } from '../../../shared/errors.js'
import { formatDong } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useCancelReview, useDecide, useRecordMeeting, useRecordPosting, useReview } from '../api.js'
import { formatDay, isoDay, todayVn } from '../format.js'
import type { Review, ReviewHousehold } from '../types.js'
import { ClassTag } from './class-tag.js'
import { STATUS_COLOURS } from './reviews-tab.js'
import { SurveyDrawer } from './survey-drawer.js'

const STEP_INDEX = { surveying: 0, meeting: 1, posting: 2, decided: 3, cancelled: 0 } as const

function MeetingForm({ review }: { review: Review }) {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ meetingDate: Dayjs; attendees: number; agreeing: number }>()
  const record = useRecordMeeting(review.id)
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const d = t.poverty.detail
  return (
    <Card size="small" title={d.meeting}>
      <Typography.Paragraph type="secondary">{d.meetingHint}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ meetingDate: dayjs(todayVn()) }}
        onFinish={async (v) => {
          try {
            await record.mutateAsync({ meetingDate: isoDay(v.meetingDate), attendees: v.attendees, agreeing: v.agreeing })
            void message.success(d.meetingDone)
          } catch (error) {
            const fields = { fields: ['meetingDate', 'attendees', 'agreeing'], codes: { poverty_meeting_agreement_insufficient: 'agreeing', poverty_meeting_counts_invalid: 'agreeing', poverty_dates_out_of_order: 'meetingDate', poverty_date_in_future: 'meetingDate' } }
            if (!applyFieldErrors(form, error, fields)) notifyError(error)
          }
        }}>
        <Form.Item name="meetingDate" label={d.meetingDate} rules={[{ required: true, message: t.common.choose(d.meetingDate) }]}><DatePicker format="DD/MM/YYYY" allowClear={false} /></Form.Item>
        <Form.Item name="attendees" label={d.attendees} rules={[{ required: true, message: t.common.required(d.attendees) }]}><InputNumber min={1} max={100000} /></Form.Item>
        <Form.Item name="agreeing" label={d.agreeing} rules={[{ required: true, message: t.common.required(d.agreeing) }]}><InputNumber min={0} max={100000} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={record.isPending}>{d.recordMeeting}</Button>
      </Form>
    </Card>
  )
}

function PostingForm({ review }: { review: Review }) {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ postingFrom: Dayjs; postingTo: Dayjs }>()
  const record = useRecordPosting(review.id)
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const d = t.poverty.detail
  return (
    <Card size="small" title={d.posting}>
      <Form form={form} layout="inline" initialValues={{ postingFrom: dayjs(todayVn()), postingTo: dayjs(todayVn()) }}
        onFinish={async (v) => {
          try {
            await record.mutateAsync({ postingFrom: isoDay(v.postingFrom), postingTo: isoDay(v.postingTo) })
            void message.success(d.postingDone)
          } catch (error) {
            const fields = { fields: ['postingFrom', 'postingTo'], codes: { poverty_dates_out_of_order: 'postingFrom', poverty_date_in_future: 'postingFrom' } }
            if (!applyFieldErrors(form, error, fields)) notifyError(error)
          }
        }}>
        <Form.Item name="postingFrom" label={d.postingFrom} rules={[{ required: true, message: t.common.choose(d.postingFrom) }]}><DatePicker format="DD/MM/YYYY" allowClear={false} /></Form.Item>
        <Form.Item name="postingTo" label={d.postingTo} rules={[{ required: true, message: t.common.choose(d.postingTo) }]}><DatePicker format="DD/MM/YYYY" allowClear={false} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={record.isPending}>{d.recordPosting}</Button>
      </Form>
    </Card>
  )
}

function DecisionForm({ review }: { review: Review }) {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ decisionNumber: string; decisionDate: Dayjs }>()
  const decide = useDecide(review.id)
  const applyFieldErrors = useApplyFieldErrors()
  const notifyError = useNotifyError()
  const d = t.poverty.detail
  return (
    <Card size="small" title={d.decision}>
      <Form form={form} layout="inline" initialValues={{ decisionDate: dayjs(todayVn()) }}
        onFinish={async (v) => {
          try {
            await decide.mutateAsync({ decisionNumber: v.decisionNumber.trim(), decisionDate: isoDay(v.decisionDate) })
            void message.success(d.decided)
          } catch (error) {
            const fields = { fields: ['decisionNumber', 'decisionDate'], codes: { poverty_decision_number_required: 'decisionNumber', poverty_dates_out_of_order: 'decisionDate', poverty_date_in_future: 'decisionDate', poverty_class_already_set_on_date: 'decisionDate' } }
            if (!applyFieldErrors(form, error, fields)) notifyError(error)
          }
        }}>
        <Form.Item name="decisionNumber" label={d.decisionNumber} rules={[{ required: true, whitespace: true, message: t.common.required(d.decisionNumber) }]}><Input maxLength={100} style={{ width: 200 }} /></Form.Item>
        <Form.Item name="decisionDate" label={d.decisionDate} rules={[{ required: true, message: t.common.choose(d.decisionDate) }]}><DatePicker format="DD/MM/YYYY" allowClear={false} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={decide.isPending}>{d.decide}</Button>
      </Form>
    </Card>
  )
}

/** One campaign: its steps, the households with their surveys, and the form of the next step. */
export function ReviewDetailView({ id, onBack }: { id: number; onBack: () => void }) {
  const t = useT()
  const can = useCan()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const detail = useReview(id)
  const cancel = useCancelReview(id)
  const [surveying, setSurveying] = useState<ReviewHousehold | undefined>(undefined)
  const d = t.poverty.detail
  const review = detail.data?.review
  const writer = can('poverty.review')
  const open = review !== undefined && review.status !== 'decided' && review.status !== 'cancelled'

  const columns: TableColumnsType<ReviewHousehold> = [
    { title: d.code, dataIndex: 'code', key: 'code', width: 120, render: (code: string) => <Typography.Text strong>{code}</Typography.Text> },
    { title: d.head, dataIndex: 'headName', key: 'head', render: (v: string | null) => v ?? t.common.none },
    { title: d.village, dataIndex: 'villageName', key: 'village', width: 150, render: (v: string | null) => v ?? t.common.none },
    { title: d.currentClass, dataIndex: 'currentClass', key: 'current', width: 190, render: (v: ReviewHousehold['currentClass']) => <ClassTag value={v} /> },
    { title: d.income, key: 'income', width: 150, align: 'right', render: (_: unknown, h) => (h.assessment ? formatDong(h.assessment.incomePerPersonMonthDong) : t.common.none) },
    { title: d.deprivations, key: 'deprivations', width: 130, align: 'right', render: (_: unknown, h) => h.assessment?.deprivationCount ?? t.common.none },
    { title: d.surveyedClass, key: 'surveyed', width: 200, render: (_: unknown, h) => (h.assessment ? <ClassTag value={h.assessment.resultClass} /> : <Typography.Text type="secondary">{d.notSurveyed}</Typography.Text>) },
    ...(writer && review?.status === 'surveying'
      ? [{ title: t.common.actions, key: 'actions', width: 150, render: (_: unknown, h: ReviewHousehold) => (
          <Button size="small" type={h.assessment ? 'default' : 'primary'} onClick={() => setSurveying(h)} aria-label={d.surveyHousehold(h.code)}>
            {h.assessment ? d.resurvey : d.survey}
          </Button>
        ) }]
      : []),
  ]

  return (
    <Card
      title={
        <Space>
          <Button icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t.poverty.reviews.back} />
          <Typography.Title level={4} style={{ margin: 0 }}>
            {review ? (review.kind === 'annual' ? d.title(review.communeName, review.year) : d.adHocTitle(detail.data?.households[0]?.code ?? '')) : t.common.loading}
          </Typography.Title>
          {review && <Tag color={STATUS_COLOURS[review.status]}>{t.poverty.statuses[review.status]}</Tag>}
        </Space>
      }
      extra={
        writer && open && (
          <Popconfirm title={d.confirmCancel} okText={d.cancel} cancelText={t.common.close}
            onConfirm={async () => {
              try {
                await cancel.mutateAsync(undefined)
                void message.success(d.cancelled)
              } catch (error) {
                notifyError(error)
              }
            }}>
            <Button danger>{d.cancel}</Button>
          </Popconfirm>
        )
      }
    >
      {detail.isError && <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />}
      {review && (
        <>
          <Steps
            size="small"
            current={STEP_INDEX[review.status]}
            status={review.status === 'cancelled' ? 'error' : review.status === 'decided' ? 'finish' : 'process'}
            items={[{ title: d.steps.surveying }, { title: d.steps.meeting }, { title: d.steps.posting }, { title: d.steps.decided }]}
            style={{ marginBottom: 16 }}
          />
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t.poverty.reviews.openedOn}>{formatDay(review.openedOn)}</Descriptions.Item>
            {review.requestedOn && <Descriptions.Item label={d.requestedOn}>{formatDay(review.requestedOn)}</Descriptions.Item>}
            {review.dueOn && <Descriptions.Item label={d.dueOn}>{formatDay(review.dueOn)} {review.overdue && <Tag color="red">{t.poverty.adHoc.overdue}</Tag>}</Descriptions.Item>}
            {review.meetingDate && <Descriptions.Item label={d.meeting}>{`${formatDay(review.meetingDate)} — ${d.agreement(review.agreeing ?? 0, review.attendees ?? 0)}`}</Descriptions.Item>}
            {review.postingFrom && review.postingTo && <Descriptions.Item label={d.posting}>{d.postingInfo(formatDay(review.postingFrom), formatDay(review.postingTo))}</Descriptions.Item>}
            {review.decisionNumber && review.decisionDate && <Descriptions.Item label={d.decision}>{d.decisionInfo(review.decisionNumber, formatDay(review.decisionDate))}</Descriptions.Item>}
          </Descriptions>
          <Flex vertical gap={12} style={{ marginBottom: 16 }}>
            {writer && review.status === 'surveying' && review.kind === 'annual' && <MeetingForm review={review} />}
            {writer && review.status === 'meeting' && <PostingForm review={review} />}
            {writer && (review.status === 'posting' || (review.status === 'surveying' && review.kind === 'ad_hoc')) && <DecisionForm review={review} />}
          </Flex>
          <Typography.Title level={5}>{d.households}</Typography.Title>
          <Table<ReviewHousehold> rowKey="householdId" columns={columns} dataSource={[...(detail.data?.households ?? [])]} loading={detail.isFetching} pagination={false} />
          <SurveyDrawer review={review} household={surveying} onClose={() => setSurveying(undefined)} />
        </>
      )}
    </Card>
  )
}
