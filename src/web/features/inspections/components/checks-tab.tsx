// Use-of-funds checks (form 06/TD): the form an organisation officer fills with photos, and the
// checks recorded in scope with photo thumbnails (each thumbnail load is an audited view).
import { App, Button, Card, DatePicker, Form, Image, Input, Select, Space, Table, Tag, Typography, Upload, type TableColumnsType, type UploadFile } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { ErrorAlert, useNotifyError } from '../../../shared/errors.js'
import { formatVnDate } from '../../../shared/format.js'
import { useT } from '../../../shared/i18n.js'
import { useCan, useSessionApi } from '../../../shared/session.js'
import { photoUrl, useChecks, useRecordCheck, type Check } from '../api.js'

const RESULTS = ['used_correctly', 'partly_misused', 'misused'] as const

interface CheckForm { loanId: string; checkedOn: Dayjs; result: string; notes?: string }

export function ChecksTab() {
  const t = useT()
  const s = t.inspections
  const can = useCan()
  const { message } = App.useApp()
  const notifyError = useNotifyError()
  const { state } = useSessionApi()
  const csrf = state.status === 'authenticated' ? state.session.csrfToken : ''
  const [loanFilter, setLoanFilter] = useState<string>()
  const checks = useChecks(loanFilter)
  const record = useRecordCheck(csrf)
  const [files, setFiles] = useState<UploadFile[]>([])
  const [form] = Form.useForm<CheckForm>()

  const save = async (v: CheckForm) => {
    try {
      const chosen = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => f !== undefined)
      await record.mutateAsync({ loanId: v.loanId.trim(), checkedOn: v.checkedOn.format('YYYY-MM-DD'), result: v.result, notes: v.notes?.trim(), files: chosen })
      void message.success(s.checkSaved(chosen.length))
      setLoanFilter(v.loanId.trim())
      form.resetFields()
      setFiles([])
    } catch (e) {
      notifyError(e)
    }
  }

  const columns: TableColumnsType<Check> = [
    { title: s.checkedOn, dataIndex: 'checkedOn', key: 'checkedOn', render: (v: string) => formatVnDate(v) },
    { title: s.loanId, dataIndex: 'loanId', key: 'loanId' },
    { title: s.household, key: 'household', render: (_: unknown, c) => `${c.borrowerName ?? ''} (${c.householdCode})` },
    { title: s.result, dataIndex: 'result', key: 'result', render: (v: string) => <Tag color={v === 'used_correctly' ? 'green' : 'red'}>{s.results[v] ?? v}</Tag> },
    { title: s.notes, dataIndex: 'notes', key: 'notes' },
    { title: s.recordedBy, dataIndex: 'recordedByName', key: 'by' },
    {
      title: s.photos, key: 'photos', render: (_: unknown, c) => (
        <Image.PreviewGroup>
          <Space wrap>{c.photos.map((p) => <Image key={p.id} width={64} height={64} style={{ objectFit: 'cover' }} src={photoUrl(p.id)} alt={s.photoAlt(p.fileName)} />)}</Space>
        </Image.PreviewGroup>
      ),
    },
  ]

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {can('inspections.check') && (
        <Card size="small" title={s.checkTitle}>
          <Typography.Paragraph type="secondary">{s.checkIntro}</Typography.Paragraph>
          <Form form={form} layout="vertical" initialValues={{ checkedOn: dayjs() }} onFinish={(v) => void save(v)} style={{ maxWidth: 560 }}>
            <Form.Item name="loanId" label={s.loanId} rules={[{ required: true, pattern: /^\d{1,18}$/, message: s.required }]}><Input inputMode="numeric" /></Form.Item>
            <Form.Item name="checkedOn" label={s.checkedOn} rules={[{ required: true, message: s.required }]}><DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="result" label={s.result} rules={[{ required: true, message: s.required }]}>
              <Select showSearch optionFilterProp="label" aria-label={s.result} options={RESULTS.map((value) => ({ value, label: s.results[value] }))} />
            </Form.Item>
            <Form.Item name="notes" label={s.notes}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
            <Form.Item label={s.photos}>
              <Upload listType="picture-card" accept="image/jpeg,image/png,image/webp" multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
                {s.addPhotos}
              </Upload>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={record.isPending}>{s.recordCheck}</Button>
          </Form>
        </Card>
      )}
      <Card size="small" title={s.checksOfLoan} extra={<Input.Search allowClear placeholder={s.loanId} aria-label={s.loanId} style={{ width: 200 }} onSearch={(v) => setLoanFilter(v.trim() || undefined)} />}>
        {checks.error ? <ErrorAlert error={checks.error} onRetry={() => void checks.refetch()} /> : null}
        <Table<Check> rowKey="id" size="small" columns={columns} dataSource={checks.data ?? []} loading={checks.isFetching} locale={{ emptyText: s.noChecks }} pagination={{ pageSize: 20 }} />
      </Card>
    </Space>
  )
}
