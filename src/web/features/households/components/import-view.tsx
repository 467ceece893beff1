import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Flex, Form, Result, Select, Table, Typography, Upload } from 'antd'
import { useMemo, useState } from 'react'
import { ApiError } from '../../../shared/api-client.js'
import { useErrorText } from '../../../shared/errors.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useSessionApi } from '../../../shared/session.js'
import { useUnits } from '../../../shared/units-query.js'
import { TEMPLATE_URL, useImportHouseholds, type ImportRejection, type ImportRowError, type ImportSummary } from '../api.js'

/** Nhập từ tệp: upload a filled template; see the success counts or the row-by-row report. */
export function ImportView({ onBack }: { onBack: () => void }) {
  const t = useT()
  const { locale } = useLanguage()
  const errorText = useErrorText()
  const { state } = useSessionApi()
  const csrf = state.status === 'authenticated' ? state.session.csrfToken : ''
  const upload = useImportHouseholds(csrf)
  const units = useUnits()
  const communes = useMemo(() => (units.data ?? []).filter((u) => u.kind === 'commune'), [units.data])
  const [file, setFile] = useState<File | undefined>()
  const [communeUnitId, setCommuneUnitId] = useState<number | undefined>()
  const [summary, setSummary] = useState<ImportSummary | undefined>()
  const [rejection, setRejection] = useState<ImportRejection | undefined>()
  const [failure, setFailure] = useState<{ text: string; details: unknown } | undefined>()

  const submit = async () => {
    if (!file) return
    setSummary(undefined)
    setRejection(undefined)
    setFailure(undefined)
    try {
      setSummary(await upload.mutateAsync({ file, communeUnitId }))
    } catch (error) {
      if (error instanceof ApiError && error.code === 'import_rejected') setRejection(error.details as ImportRejection)
      else setFailure({ text: errorText(error), details: error instanceof ApiError ? error.details : null })
    }
  }

  const expected = (failure?.details as { expected?: string[]; missing?: string[]; unexpected?: string[] } | null)?.expected

  return (
    <Card
      title={
        <Flex align="center" gap={12}>
          <Button icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t.households.back} />
          <Typography.Title level={4} style={{ margin: 0 }}>{t.households.importPage.title}</Typography.Title>
        </Flex>
      }
      extra={<Button icon={<DownloadOutlined />} href={TEMPLATE_URL} download>{t.households.importPage.template}</Button>}
    >
      <Typography.Paragraph>{t.households.importPage.intro}</Typography.Paragraph>
      <Form layout="vertical" style={{ maxWidth: 640 }}>
        <Form.Item label={t.households.importPage.commune} extra={t.households.importPage.communeHint}>
          <Select showSearch={{ optionFilterProp: 'label' }} allowClear value={communeUnitId} onChange={setCommuneUnitId} options={communes.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item label={t.households.importPage.file}>
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f)
              return false
            }}
            onRemove={() => setFile(undefined)}
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t.households.importPage.chooseFile}</p>
          </Upload.Dragger>
        </Form.Item>
        <Button type="primary" disabled={!file} loading={upload.isPending} onClick={() => void submit()}>{t.households.importPage.submit}</Button>
      </Form>

      {summary && (
        <Result
          status="success"
          title={t.households.importPage.done(summary.households, summary.members)}
          subTitle={summary.communes.map((c) => `${c.name}: ${c.households.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB')}`).join(' · ')}
        />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 24 }}
          title={failure.text}
          description={expected ? `${t.households.importPage.expectedColumns}: ${expected.join(' | ')}` : undefined}
        />
      )}
      {rejection && (
        <div style={{ marginTop: 24 }}>
          <Alert type="error" showIcon title={t.households.importPage.rejected(rejection.errorCount)} style={{ marginBottom: 12 }} />
          <Table<ImportRowError>
            rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.code}`}
            size="small"
            dataSource={[...rejection.errors]}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: t.households.importPage.row, dataIndex: 'row', key: 'row', width: 80 },
              { title: t.households.importPage.column, dataIndex: 'column', key: 'column', render: (c: string | null) => c ?? t.common.none },
              { title: t.households.importPage.problem, key: 'message', render: (_: unknown, e) => e.message[locale] },
              { title: t.households.importPage.code, dataIndex: 'code', key: 'code', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
            ]}
          />
          {rejection.errorCount > rejection.errors.length && (
            <Typography.Text type="secondary">{t.households.importPage.more(rejection.errorCount - rejection.errors.length)}</Typography.Text>
          )}
        </div>
      )}
    </Card>
  )
}
