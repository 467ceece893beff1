import { DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Flex, Form, Input, Popconfirm, Result, Row, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import { useErrorText } from '../../../shared/errors.js'
import { formatDong } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useIdempotencyKeys } from '../../../shared/idempotency.js'
import { useSessionApi } from '../../../shared/session.js'
import { TEMPLATE_CSV_URL, TEMPLATE_XLSX_URL, useTakeover, type TakeoverCheck, type TakeoverReport, type TakeoverRowError } from '../api.js'

interface Fields {
  capitalSource: string
  takeoverDate: string
  capitalDong: string
  outstandingDong: string
  fundBalanceDong: string
  overdueDong: string
}

/** dd/mm/yyyy → yyyy-mm-dd, or undefined. */
function isoOf(text: string): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim())
  if (!m) return undefined
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

const MONEY = /^\s*(?:0|[1-9]\d*|[1-9]\d{0,2}(?:\.\d{3})+)\s*(?:₫|đ)?\s*$/

/** Tiếp nhận danh mục: upload, the owner's totals, the reconciliation report, then post. */
export function TakeoverPage() {
  const t = useT()
  const d = t.takeover
  const { locale } = useLanguage()
  const errorText = useErrorText()
  const { state } = useSessionApi()
  const csrf = state.status === 'authenticated' ? state.session.csrfToken : ''
  const takeover = useTakeover(csrf)
  const keys = useIdempotencyKeys()
  const [form] = Form.useForm<Fields>()
  const [file, setFile] = useState<File | undefined>()
  const [report, setReport] = useState<TakeoverReport | undefined>()
  /** The inputs the last report was made for: posting is offered only for those. */
  const [checkedFor, setCheckedFor] = useState<string | undefined>()
  const [failure, setFailure] = useState<string | undefined>()

  const signature = (f: Fields) => JSON.stringify({ ...f, file: file ? [file.name, file.size, file.lastModified] : null })

  const run = async (dryRun: boolean) => {
    if (!file) return
    let fields: Fields
    try {
      fields = await form.validateFields()
    } catch {
      return
    }
    setFailure(undefined)
    const body = { ...fields, capitalSource: fields.capitalSource.trim().toUpperCase(), takeoverDate: isoOf(fields.takeoverDate)! }
    try {
      const result = await takeover.mutateAsync({ ...body, file, dryRun, ...(dryRun ? {} : { idempotencyKey: keys.keyFor(signature(fields)) }) })
      setReport(result)
      setCheckedFor(signature(fields))
      if (!dryRun && result.status !== 'checked') keys.settle()
    } catch (error) {
      setReport(undefined)
      setFailure(errorText(error))
    }
  }

  const money = { pattern: MONEY, message: d.invalidMoney }
  const canPost = report !== undefined && report.status === 'checked' && report.ok && checkedFor === signature(form.getFieldsValue())

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{d.title}</Typography.Title>}
      extra={
        <Flex gap={8}>
          <Button icon={<DownloadOutlined />} href={TEMPLATE_XLSX_URL} download>{d.templateXlsx}</Button>
          <Button icon={<DownloadOutlined />} href={TEMPLATE_CSV_URL} download>{d.templateCsv}</Button>
        </Flex>
      }
    >
      <Typography.Paragraph>{d.intro}</Typography.Paragraph>
      <Form form={form} layout="vertical" style={{ maxWidth: 900 }} onValuesChange={() => setCheckedFor(undefined)}>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="capitalSource" label={d.source} rules={[{ required: true, message: t.common.required(d.source) }, { pattern: /^\s*[A-Za-z0-9_]{2,40}\s*$/, message: d.source }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="takeoverDate" label={d.date} rules={[{ required: true, message: t.common.required(d.date) }, { validator: async (_r, v: string | undefined) => { if (v && !isoOf(v)) throw new Error(d.invalidDate) } }]}>
              <Input placeholder="30/06/2016" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          {(['capitalDong', 'outstandingDong', 'fundBalanceDong', 'overdueDong'] as const).map((name) => {
            const label = { capitalDong: d.capital, outstandingDong: d.outstanding, fundBalanceDong: d.fundBalance, overdueDong: d.overdue }[name]
            return (
              <Col span={6} key={name}>
                <Form.Item name={name} label={label} rules={[{ required: true, message: t.common.required(label) }, money]}>
                  <Input inputMode="numeric" suffix="₫" />
                </Form.Item>
              </Col>
            )
          })}
        </Row>
        <Form.Item label={d.file}>
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f)
              setCheckedFor(undefined)
              return false
            }}
            onRemove={() => setFile(undefined)}
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{d.chooseFile}</p>
          </Upload.Dragger>
        </Form.Item>
        <Flex gap={12}>
          <Button disabled={!file} loading={takeover.isPending} onClick={() => void run(true)}>{d.check}</Button>
          <Popconfirm title={d.confirmPost} okText={d.post} cancelText={t.common.cancel} onConfirm={() => void run(false)} disabled={!canPost}>
            <Button type="primary" disabled={!canPost} loading={takeover.isPending}>{d.post}</Button>
          </Popconfirm>
        </Flex>
      </Form>

      {failure && <Alert type="error" showIcon style={{ marginTop: 24 }} title={failure} />}
      {report?.status === 'posted' && <Result status="success" title={d.posted(report.loanCount)} />}
      {report?.status === 'already_posted' && <Alert type="info" showIcon style={{ marginTop: 24 }} title={d.alreadyPosted} />}
      {report && report.status === 'checked' && (
        <Alert type={report.ok ? 'success' : 'error'} showIcon style={{ marginTop: 24 }} title={report.ok ? d.reconciled(report.loanCount) : d.notReconciled} description={d.rows(report.rows, report.loanCount)} />
      )}
      {report && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{d.checksTitle}</Typography.Title>
          <Table<TakeoverCheck>
            rowKey="check"
            size="small"
            pagination={false}
            dataSource={[...report.checks]}
            columns={[
              { title: d.checkName, dataIndex: 'check', key: 'check', render: (c: string) => d.checks[c] ?? c },
              { title: d.stated, dataIndex: 'statedDong', key: 'stated', align: 'right', render: formatDong },
              { title: d.computed, dataIndex: 'computedDong', key: 'computed', align: 'right', render: formatDong },
              {
                title: d.difference, dataIndex: 'differenceDong', key: 'difference', align: 'right',
                render: (v: string) => (v === '0' ? formatDong(v) : <Typography.Text type="danger" strong data-testid="takeover-difference">{formatDong(v)}</Typography.Text>),
              },
            ]}
          />
        </div>
      )}
      {report && report.errorCount > 0 && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{d.errorsTitle(report.errorCount)}</Typography.Title>
          <Table<TakeoverRowError>
            rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.code}`}
            size="small"
            dataSource={[...report.errors]}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: d.row, dataIndex: 'row', key: 'row', width: 80 },
              { title: d.column, dataIndex: 'column', key: 'column', render: (c: string | null) => c ?? t.common.none },
              { title: d.problem, key: 'message', render: (_: unknown, e) => e.message[locale] },
              { title: d.code, dataIndex: 'code', key: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
            ]}
          />
        </div>
      )}
    </Card>
  )
}
