import { App, Button, Card, Flex, Form, Input, Modal, Popconfirm, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { isRole } from '../../../../domain/access/index.js'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatDong, formatVnDateTime } from '../../../shared/format.js'
import { useLanguage, useT, type Dictionary } from '../../../shared/i18n.js'
import { Link, PATHS } from '../../../shared/router.js'
import type { Locale } from '../../../shared/types.js'
import { useMe } from '../../../shared/session.js'
import { useApprovals, useDecideApproval, type Approval, type ApprovalStatus } from '../api.js'

const STATUS_COLOURS: Readonly<Record<ApprovalStatus, string>> = { pending: 'gold', approved: 'green', rejected: 'red' }

/** Summary keys shown first, in this order; the unit has a column of its own. */
const SUMMARY_ORDER = ['username', 'full_name', 'fullName', 'role', 'organisation', 'applicationId', 'householdCode', 'headName', 'programName', 'programCode', 'amountDong', 'termMonths', 'purpose']
const SUMMARY_HIDDEN = new Set(['unit_id', 'unitId', 'householdId', 'programNameEn'])

/** The summary as "label: value" lines, with role codes in words and money as 1.500.000 ₫. */
function SummaryText({ summary, t, locale }: { summary: Record<string, unknown>; t: Dictionary; locale: Locale }) {
  const rank = (key: string) => (SUMMARY_ORDER.includes(key) ? SUMMARY_ORDER.indexOf(key) : SUMMARY_ORDER.length)
  // A loan approval names its program in words; the code is left out when the name is there.
  const hidden = (key: string) => SUMMARY_HIDDEN.has(key) || (key === 'programCode' && typeof summary.programName === 'string')
  const entries = Object.entries(summary)
    .filter(([k, v]) => !hidden(k) && v !== null && v !== undefined && v !== '')
    .sort(([a], [b]) => rank(a) - rank(b))
  const show = (key: string, value: unknown) => {
    if (key === 'role' && typeof value === 'string' && isRole(value)) return t.roles[value]
    if (key === 'organisation' && typeof value === 'string' && value in t.organisations) return t.organisations[value as keyof typeof t.organisations]
    if (key.endsWith('Dong') && typeof value === 'string') return formatDong(value)
    if (key === 'programName' && locale === 'en' && typeof summary.programNameEn === 'string') return summary.programNameEn
    return typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
  return (
    <Flex vertical gap={2}>
      {entries.map(([key, value]) => (
        <span key={key}>
          <Typography.Text type="secondary">{t.approvals.fields[key] ?? key}: </Typography.Text>
          {show(key, value)}
        </span>
      ))}
      {typeof summary.applicationId === 'string' && (
        <Link to={`${PATHS.loanApplications}?id=${summary.applicationId}`}>{t.approvals.openApplication(summary.applicationId)}</Link>
      )}
    </Flex>
  )
}

function ApprovalTable({ status }: { status: ApprovalStatus }) {
  const t = useT()
  const { locale } = useLanguage()
  const me = useMe()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const approvals = useApprovals(status)
  const decide = useDecideApproval()
  const [rejecting, setRejecting] = useState<Approval | undefined>(undefined)
  const [form] = Form.useForm<{ reason: string }>()

  const approve = async (approval: Approval) => {
    try {
      await decide.mutateAsync({ id: approval.id, decision: 'approve' })
      void message.success(t.approvals.approvedDone)
    } catch (error) {
      notifyError(error)
    }
  }

  const reject = async ({ reason }: { reason: string }) => {
    if (!rejecting) return
    try {
      await decide.mutateAsync({ id: rejecting.id, decision: 'reject', reason: reason.trim() })
      void message.success(t.approvals.rejectedDone)
      setRejecting(undefined)
      form.resetFields()
    } catch (error) {
      notifyError(error)
    }
  }

  const columns: TableColumnsType<Approval> = [
    { title: t.approvals.id, dataIndex: 'id', key: 'id', width: 70 },
    { title: t.approvals.kind, dataIndex: 'kind', key: 'kind', render: (kind: string) => t.approvals.kinds[kind] ?? kind },
    { title: t.approvals.summary, dataIndex: 'summary', key: 'summary', render: (summary: Record<string, unknown>) => <SummaryText summary={summary} t={t} locale={locale} /> },
    { title: t.approvals.unit, dataIndex: 'unitName', key: 'unit' },
    { title: t.approvals.maker, dataIndex: 'makerUsername', key: 'maker' },
    { title: t.approvals.madeAt, dataIndex: 'madeAt', key: 'madeAt', render: (v: string) => formatVnDateTime(v) },
    ...(status === 'pending'
      ? [
          {
            title: t.common.actions,
            key: 'actions',
            render: (_: unknown, a: Approval) => (
              <Flex gap={8}>
                <Popconfirm title={t.approvals.confirmApprove} okText={t.approvals.approve} cancelText={t.common.cancel} onConfirm={() => approve(a)}>
                  {/* The server refuses the maker's own approval (maker_cannot_check); say so up front. */}
                  <Button size="small" type="primary" disabled={a.makerId === me.id} title={a.makerId === me.id ? t.approvals.ownRequest : undefined}>
                    {t.approvals.approve}
                  </Button>
                </Popconfirm>
                <Button size="small" danger onClick={() => setRejecting(a)}>
                  {t.approvals.reject}
                </Button>
              </Flex>
            ),
          },
        ]
      : [
          { title: t.approvals.decidedAt, dataIndex: 'decidedAt', key: 'decidedAt', render: (v: string | null) => (v ? formatVnDateTime(v) : t.common.none) },
          { title: t.approvals.reason, dataIndex: 'reason', key: 'reason', render: (v: string | null) => v ?? t.common.none },
          { title: '', dataIndex: 'status', key: 'status', render: (s: ApprovalStatus) => <Tag color={STATUS_COLOURS[s]}>{t.approvals[s]}</Tag> },
        ]),
  ]

  return (
    <>
      {approvals.isError && <ErrorAlert error={approvals.error} onRetry={() => void approvals.refetch()} />}
      <Table<Approval>
        rowKey="id"
        columns={columns}
        dataSource={approvals.data ?? []}
        loading={approvals.isFetching}
        locale={{ emptyText: t.approvals.empty }}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
      <Modal
        open={rejecting !== undefined}
        title={t.approvals.rejectTitle}
        okText={t.approvals.reject}
        okButtonProps={{ danger: true }}
        cancelText={t.common.cancel}
        confirmLoading={decide.isPending}
        onOk={() => form.submit()}
        onCancel={() => {
          setRejecting(undefined)
          form.resetFields()
        }}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={reject}>
          <Form.Item name="reason" label={t.approvals.reason} rules={[{ required: true, whitespace: true, message: t.common.required(t.approvals.reason) }]}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t.approvals.reasonPlaceholder} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}

export function ApprovalsPage() {
  const t = useT()
  const [status, setStatus] = useState<ApprovalStatus>('pending')
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t.approvals.title}</Typography.Title>}>
      <Tabs
        activeKey={status}
        onChange={(key) => setStatus(key as ApprovalStatus)}
        destroyOnHidden
        items={(['pending', 'approved', 'rejected'] as const).map((s) => ({ key: s, label: t.approvals[s], children: <ApprovalTable status={s} /> }))}
      />
    </Card>
  )
}
