import { SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography, theme, type TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { isRole } from '../../../../domain/access/index.js'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatVnDateTimeSeconds, vietnamDayStartIso } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useAuditLog, useVerifyAuditChain, type AuditEntry, type AuditFilter } from '../api.js'

interface FilterForm {
  action?: string
  entityType?: string
  username?: string
  period?: [Dayjs | null, Dayjs | null] | null
}

const ENTITY_TYPES = ['user', 'unit', 'approval'] as const

/** The picked calendar days as the API's instants: from the first day's start to the day after the last. */
function toFilter(values: FilterForm): AuditFilter {
  const [start, end] = values.period ?? [null, null]
  const dayStart = (d: Dayjs, plusDays = 0) => vietnamDayStartIso(d.year(), d.month() + 1, d.date() + plusDays)
  return {
    action: values.action?.trim() || undefined,
    entityType: values.entityType || undefined,
    username: values.username?.trim() || undefined,
    from: start ? dayStart(start) : undefined,
    to: end ? dayStart(end, 1) : undefined,
  }
}

function JsonBlock({ title, value, empty }: { title: string; value: unknown; empty: string }) {
  // The UI font, not a monospace one: common monospace fonts lack precomposed Vietnamese letters
  // (ễ, ặ) and the browser then stacks combining marks badly ("Nguyễn" → "Nguyêñ").
  const { token } = theme.useToken()
  return (
    <div style={{ minWidth: 0 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <pre style={{ margin: '4px 0 0', padding: 12, background: token.colorFillQuaternary, borderRadius: token.borderRadius, fontFamily: token.fontFamily, fontSize: 12, lineHeight: 1.6, overflow: 'auto', maxHeight: 360 }}>
        {value === null || value === undefined ? empty : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  )
}

export function AuditPage() {
  const t = useT()
  const [form] = Form.useForm<FilterForm>()
  const [filter, setFilter] = useState<AuditFilter>({})
  const [page, setPage] = useState({ current: 1, size: 20 })
  const log = useAuditLog(filter, page.current, page.size)
  const verify = useVerifyAuditChain()
  const notifyError = useNotifyError()

  const columns: TableColumnsType<AuditEntry> = [
    { title: t.audit.time, dataIndex: 'at', key: 'at', width: 170, render: (v: string) => formatVnDateTimeSeconds(v) },
    { title: t.audit.user, dataIndex: 'username', key: 'user', render: (v: string | null) => v ?? <Typography.Text type="secondary">{t.audit.system}</Typography.Text> },
    { title: t.audit.role, dataIndex: 'role', key: 'role', render: (v: string | null) => (v && isRole(v) ? t.roles[v] : (v ?? t.common.none)) },
    {
      title: t.audit.action,
      dataIndex: 'action',
      key: 'action',
      render: (action: string) => (
        <Space orientation="vertical" size={0}>
          <span>{t.audit.actions[action] ?? action}</span>
          <Typography.Text type="secondary" code style={{ fontSize: 11 }}>
            {action}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t.audit.entity,
      key: 'entity',
      render: (_: unknown, e: AuditEntry) => (
        <>
          <Tag>{t.audit.entityTypes[e.entityType] ?? e.entityType}</Tag>
          {e.entityId !== null && <span>#{e.entityId}</span>}
        </>
      ),
    },
    {
      title: t.audit.requestId,
      dataIndex: 'requestId',
      key: 'requestId',
      render: (v: string | null) => (v ? <Typography.Text copyable={{ text: v }} code style={{ fontSize: 12 }}>{v.slice(0, 8)}…</Typography.Text> : t.common.none),
    },
  ]

  const runVerify = () => verify.mutate(undefined, { onError: notifyError })

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t.audit.title}</Typography.Title>}
      extra={
        <Button icon={<SafetyCertificateOutlined />} onClick={runVerify} loading={verify.isPending}>
          {t.audit.verify}
        </Button>
      }
    >
      {verify.data && (
        <Alert
          type={verify.data.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          title={verify.data.ok ? t.audit.verifyTitleOk : t.audit.verifyTitleBroken}
          description={
            verify.data.ok || !verify.data.firstBroken
              ? t.audit.verifyOk(verify.data.checked)
              : t.audit.verifyBroken(verify.data.firstBroken.id, verify.data.firstBroken.reason, verify.data.checked)
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<FilterForm>
        form={form}
        name="audit-filter"
        layout="vertical"
        onFinish={(values) => {
          setFilter(toFilter(values))
          setPage((p) => ({ ...p, current: 1 }))
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={12} xl={5}>
            <Form.Item name="action" label={t.audit.actionPrefix}>
              <Input allowClear placeholder="user." />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={4}>
            <Form.Item name="entityType" label={t.audit.entityType}>
              <Select allowClear placeholder={t.common.all} options={ENTITY_TYPES.map((e) => ({ value: e, label: t.audit.entityTypes[e] ?? e }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={4}>
            <Form.Item name="username" label={t.audit.username}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item name="period" label={t.audit.dateRange}>
              <DatePicker.RangePicker format="DD/MM/YYYY" allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} xl={5}>
            <Form.Item label=" " colon={false}>
              <Space>
                <Button type="primary" htmlType="submit">
                  {t.common.apply}
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields()
                    setFilter({})
                    setPage((p) => ({ ...p, current: 1 }))
                  }}
                >
                  {t.common.reset}
                </Button>
              </Space>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {log.isError && <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={log.data?.items ?? []}
        loading={log.isFetching}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (e) => (
            <Row gutter={16}>
              <Col xs={24} lg={12}>
                <JsonBlock title={t.audit.before} value={e.before} empty={t.audit.noData} />
              </Col>
              <Col xs={24} lg={12}>
                <JsonBlock title={t.audit.after} value={e.after} empty={t.audit.noData} />
              </Col>
            </Row>
          ),
        }}
        pagination={{
          current: page.current,
          pageSize: page.size,
          total: log.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t.common.total(total),
          onChange: (current, size) => setPage((p) => ({ current: size === p.size ? current : 1, size })),
        }}
      />
    </Card>
  )
}
