import { ArrowLeftOutlined, CheckCircleFilled } from '@ant-design/icons'
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Modal, Popconfirm, Spin, Steps, Typography } from 'antd'
import { useState, type ReactNode } from 'react'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDateTime } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { Link, PATHS } from '../../../shared/router.js'
import { useCan } from '../../../shared/session.js'
import { useAdvanceApplication, useApplication, type ApplicationDetail, type ApplicationStep } from '../api.js'
import { day, eligibilityLines } from '../format.js'
import { ApplicationStatusTag } from './status-tags.js'

const REJECTABLE = new Set(['submitted', 'group_reviewed', 'commune_confirmed'])

/** The workflow as steps, each with who did it and when. */
function WorkflowSteps({ a }: { a: ApplicationDetail }) {
  const t = useT()
  const d = t.lending.applications.detail
  const who = (name: string | null, at: string | null) => (at ? d.byAt(name ?? t.households.system, formatVnDateTime(at)) : d.waiting)
  const rejectedByChecker = a.approval_status === 'rejected'
  const items: { title: string; content: ReactNode; done: boolean }[] = [
    { title: d.stepNames.submitted, content: who(a.submitted_by_name, a.submitted_at), done: true },
    { title: d.stepNames.groupReview, content: <Flex vertical><span>{who(a.group_reviewed_by_name, a.group_reviewed_at)}</span>{a.group_review_note && <Typography.Text type="secondary">{d.note(a.group_review_note)}</Typography.Text>}</Flex>, done: a.group_reviewed_at !== null },
    { title: d.stepNames.communeConfirm, content: who(a.commune_confirmed_by_name, a.commune_confirmed_at), done: a.commune_confirmed_at !== null },
    { title: d.stepNames.appraisal, content: who(a.approval_maker_name, a.approval_made_at), done: a.approval_made_at !== null },
  ]
  if (a.status === 'rejected')
    items.push({ title: d.stepNames.rejected, content: <Flex vertical><span>{who(a.decided_by_name, a.decided_at)}</span>{a.rejection_reason && <Typography.Text type="danger">{d.reason(a.rejection_reason)}</Typography.Text>}</Flex>, done: true })
  else
    items.push({
      title: d.stepNames.approval,
      content: rejectedByChecker
        ? <Flex vertical><span>{who(a.approval_checker_name, a.approval_decided_at)}</span><Typography.Text type="danger">{d.approvalRejected(a.approval_reason ?? '')}</Typography.Text></Flex>
        : who(a.approval_checker_name, a.approval_decided_at),
      done: a.approval_status === 'approved',
    })
  const current = items.findIndex((i) => !i.done)
  return (
    <Steps
      orientation="vertical"
      size="small"
      current={current === -1 ? items.length - 1 : current}
      status={a.status === 'rejected' || rejectedByChecker ? 'error' : current === -1 ? 'finish' : 'process'}
      items={items.map((i) => ({ title: i.title, content: i.content }))}
    />
  )
}

/** The facts eligibility was evaluated on, kept with the application. */
function EligibilitySnapshotView({ a }: { a: ApplicationDetail }) {
  const t = useT()
  const d = t.lending.applications.detail
  const facts = a.eligibility.facts
  const yesNo = (v: boolean) => (v ? t.lending.yes : t.lending.no)
  return (
    <Card size="small" title={d.eligibility} data-testid="eligibility-snapshot">
      <Alert type="success" showIcon icon={<CheckCircleFilled />} title={d.eligible} description={d.eligibilityHint} style={{ marginBottom: 12 }} />
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={d.facts.householdClass}>{facts.householdClass ? t.lending.classes[facts.householdClass] : t.lending.unclassified}</Descriptions.Item>
        <Descriptions.Item label={d.facts.recentlyEscaped}>{yesNo(facts.recentlyEscaped)}</Descriptions.Item>
        <Descriptions.Item label={d.facts.residence}>{t.lending.residences[facts.residence] ?? facts.residence}</Descriptions.Item>
        <Descriptions.Item label={d.facts.inListedArea}>{yesNo(facts.inListedArea)}</Descriptions.Item>
        <Descriptions.Item label={d.facts.outstandingPrograms}>{facts.outstandingPrograms.length ? facts.outstandingPrograms.join(', ') : t.common.none}</Descriptions.Item>
        <Descriptions.Item label={d.facts.groupMember}>{yesNo(facts.groupMember)}</Descriptions.Item>
        <Descriptions.Item label={d.facts.rule} span={2}>
          <Flex vertical>{eligibilityLines(a.eligibility.rule, t).map((line) => <span key={line}>{line}</span>)}</Flex>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  )
}

/** The buttons of the next step the user may take, each posting to /loan-applications/{id}/<step>. */
function NextStep({ a }: { a: ApplicationDetail }) {
  const t = useT()
  const can = useCan()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const advance = useAdvanceApplication(a.id)
  const [rejecting, setRejecting] = useState(false)
  const [rejectForm] = Form.useForm<{ reason: string }>()
  const d = t.lending.applications.detail

  const run = async (step: ApplicationStep, body: { note?: string | null; reason?: string | null; monthlyDay?: number | null } = {}) => {
    try {
      await advance.mutateAsync({ step, ...body })
      void message.success(d.done[step] ?? '')
      return true
    } catch (error) {
      notifyError(error)
      return false
    }
  }

  const canReject = REJECTABLE.has(a.status) && (can('loans.review') || can('loans.confirm') || can('loans.appraise'))
  const actions = []
  if (a.status === 'submitted' && can('loans.review'))
    actions.push(
      <Form key="review" layout="inline" onFinish={(v: { note?: string }) => void run('group-review', { note: v.note?.trim() || null })}>
        <Form.Item name="note" label={d.groupReviewNote}><Input maxLength={1000} style={{ width: 320 }} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={advance.isPending}>{d.actions.groupReview}</Button>
      </Form>,
    )
  if (a.status === 'group_reviewed' && can('loans.confirm'))
    actions.push(
      <Popconfirm key="confirm" title={d.confirmCommune} okText={d.actions.communeConfirm} cancelText={t.common.cancel} onConfirm={() => run('commune-confirm')}>
        <Button type="primary" loading={advance.isPending}>{d.actions.communeConfirm}</Button>
      </Popconfirm>,
    )
  if (a.status === 'commune_confirmed' && can('loans.appraise'))
    actions.push(
      <Form key="appraise" layout="inline" onFinish={(v: { monthlyDay?: number | null }) => void run('submit-for-approval', { monthlyDay: v.monthlyDay ?? null })}>
        <Form.Item name="monthlyDay" label={d.monthlyDay} tooltip={d.monthlyDayHint}><InputNumber min={1} max={31} style={{ width: 90 }} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={advance.isPending}>{d.actions.submitForApproval}</Button>
      </Form>,
    )
  if (canReject)
    actions.push(<Button key="reject" danger onClick={() => setRejecting(true)}>{d.actions.reject}</Button>)

  if (a.status === 'approved' && a.loan_id)
    return (
      <Card size="small" title={d.loan}>
        <Link to={`${PATHS.loans}?id=${a.loan_id}`}>{d.openLoan(a.loan_id)}</Link>
      </Card>
    )
  if (a.status === 'pending_approval')
    return (
      <Card size="small" title={d.nextStep}>
        <Flex vertical gap={8}>
          <Typography.Text>{t.lending.applications.statuses.pending_approval}</Typography.Text>
          {can('approvals.decide') && <Link to={PATHS.approvals}>{t.layout.menu.approvals}</Link>}
        </Flex>
      </Card>
    )
  if (!REJECTABLE.has(a.status)) return null
  return (
    <Card size="small" title={d.nextStep}>
      {actions.length ? <Flex gap={12} wrap align="center">{actions}</Flex> : <Typography.Text type="secondary">{d.noAction}</Typography.Text>}
      <Modal
        open={rejecting}
        title={d.actions.reject}
        okText={d.actions.reject}
        okButtonProps={{ danger: true }}
        cancelText={t.common.cancel}
        confirmLoading={advance.isPending}
        onOk={() => rejectForm.submit()}
        onCancel={() => setRejecting(false)}
        forceRender
      >
        <Form
          form={rejectForm}
          layout="vertical"
          onFinish={async (v) => {
            if (await run('reject', { reason: v.reason.trim() })) {
              setRejecting(false)
              rejectForm.resetFields()
            }
          }}
        >
          <Form.Item name="reason" label={d.rejectReason} rules={[{ required: true, whitespace: true, message: t.common.required(d.rejectReason) }]}>
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}

/** One application: what was asked, the eligibility snapshot, the steps with who and when, and the next step. */
export function ApplicationDetailView({ id, onBack }: { id: string; onBack: () => void }) {
  const t = useT()
  const { locale } = useLanguage()
  const application = useApplication(id)
  const d = t.lending.applications.detail
  const a = t.lending.applications

  if (application.isError) return <ErrorAlert error={application.error} onRetry={() => void application.refetch()} />
  if (!application.data) return <Spin />
  const app = application.data

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex align="center" gap={12} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={d.back} />
            <Typography.Title level={4} style={{ margin: 0 }}>{d.title(app.id)}</Typography.Title>
            <ApplicationStatusTag status={app.status} />
          </Flex>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }} bordered>
          <Descriptions.Item label={d.borrower}>{`${app.head_name ?? ''} — ${app.household_code}`}</Descriptions.Item>
          <Descriptions.Item label={a.commune}>{app.commune_name}</Descriptions.Item>
          <Descriptions.Item label={a.applicationDate}>{day(app.application_date)}</Descriptions.Item>
          <Descriptions.Item label={a.program}>{locale === 'vi' ? app.program_name : app.program_name_en}</Descriptions.Item>
          <Descriptions.Item label={a.amount}>{formatDong(app.amount_dong)}</Descriptions.Item>
          <Descriptions.Item label={a.term}>{t.lending.months(app.term_months)}</Descriptions.Item>
          <Descriptions.Item label={d.interval}>{d.intervalEvery(app.interval_months)}</Descriptions.Item>
          <Descriptions.Item label={d.grace}>{t.lending.months(app.grace_months)}</Descriptions.Item>
          <Descriptions.Item label={d.capitalSource}>{locale === 'vi' ? app.capital_source_name : app.capital_source_name_en}</Descriptions.Item>
          <Descriptions.Item label={d.channel}>{`${a.form.channels[app.channel]}${app.group_id ? ` (${d.group(app.group_id)})` : ''}`}</Descriptions.Item>
          <Descriptions.Item label={d.legalBasis} span={2}>{a.form.termsInForce(app.legal_basis, day(app.terms_valid_from))}</Descriptions.Item>
          <Descriptions.Item label={a.purpose} span={3}>{app.purpose}</Descriptions.Item>
        </Descriptions>
      </Card>
      <NextStep a={app} />
      <Flex gap={16} wrap align="start">
        <Card size="small" title={d.steps} style={{ flex: '1 1 340px' }}>
          <WorkflowSteps a={app} />
        </Card>
        <div style={{ flex: '2 1 520px' }}>
          <EligibilitySnapshotView a={app} />
        </div>
      </Flex>
    </Flex>
  )
}
