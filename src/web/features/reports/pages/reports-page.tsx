import { DownloadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, DatePicker, Flex, Form, Select, Space, Table, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatDong, formatVnDate } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useUnits } from '../../../shared/units-query.js'
import { reportFileUrl, useReport, type ReportColumn, type ReportQuery, type ReportTable, type Row } from '../api.js'

const DATE = 'DD/MM/YYYY'
const NAMES = ['portfolio', 'turnover', 'quality'] as const
const DIMENSIONS = ['program', 'unit', 'organisation', 'group', 'capital_source'] as const

/** Basis points as a percent with a decimal comma (vi) or point (en): 1538 → '15,38%'. */
function ratioText(bp: number, locale: 'vi' | 'en'): string {
  const text = `${Math.trunc(bp / 100)}${locale === 'vi' ? ',' : '.'}${String(bp % 100).padStart(2, '0')}%`
  return text
}

function cellText(c: ReportColumn, v: string | number | null | undefined, locale: 'vi' | 'en'): string {
  if (v === null || v === undefined) return ''
  if (c.kind === 'money') return formatDong(String(v))
  if (c.kind === 'ratio') return ratioText(Number(v), locale)
  if (c.kind === 'count') return Number(v).toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-US')
  return String(v)
}

function ReportGrid({ table }: { table: ReportTable }) {
  const { locale } = useLanguage()
  const t = useT().reports
  const columns: TableColumnsType<Row> = table.columns.map((c) => ({
    title: locale === 'vi' ? c.vi : c.en, key: c.key, align: c.kind === 'text' ? 'left' : 'right',
    render: (_: unknown, row: Row) => cellText(c, row[c.key], locale),
  }))
  return (
    <Table<Row> size="small" bordered pagination={false} rowKey={(r) => String(r['key'] ?? r['grade'])} dataSource={[...table.rows]} columns={columns} scroll={{ x: true }}
      locale={{ emptyText: t.empty }}
      title={() => <Typography.Text strong>{locale === 'vi' ? table.vi : table.en}</Typography.Text>}
      summary={() => table.totals ? (
        <Table.Summary.Row>
          {table.columns.map((c, i) => (
            <Table.Summary.Cell key={c.key} index={i} align={c.kind === 'text' ? 'left' : 'right'}>
              <Typography.Text strong data-testid={`total-${table.key}-${c.key}`}>{i === 0 ? t.total : cellText(c, table.totals![c.key], locale)}</Typography.Text>
            </Table.Summary.Cell>
          ))}
        </Table.Summary.Row>
      ) : null} />
  )
}

/** Báo cáo: pick a report, its unit, date or period and grouping; see it with totals; download Excel or PDF. */
export function ReportsPage() {
  const t = useT().reports
  const { locale } = useLanguage()
  const units = useUnits()
  const [name, setName] = useState<string>('portfolio')
  const [query, setQuery] = useState<ReportQuery | null>(null)
  const report = useReport(query)
  const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined)

  const submit = (v: { unitId?: number; date?: Dayjs; range?: [Dayjs, Dayjs]; by?: string }) =>
    setQuery({ name, unitId: v.unitId, by: v.by, ...(name === 'turnover' ? { from: iso(v.range?.[0]), to: iso(v.range?.[1]) } : { date: iso(v.date) }) })

  const r = report.data
  const when = r ? (r.params['date'] ? formatVnDate(String(r.params['date'])) : `${formatVnDate(String(r.params['from']))} – ${formatVnDate(String(r.params['to']))}`) : ''
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t.title}</Typography.Title>}>
      <Form layout="inline" onFinish={submit} initialValues={{ by: 'program', date: dayjs(), range: [dayjs().startOf('month'), dayjs()] }} style={{ rowGap: 8, marginBottom: 16 }}>
        <Form.Item label={t.report}>
          <Select aria-label={t.report} value={name} onChange={setName} style={{ width: 220 }} options={NAMES.map((n) => ({ value: n, label: t.names[n] }))} />
        </Form.Item>
        <Form.Item name="unitId" label={t.unit}>
          <Select aria-label={t.unit} allowClear showSearch optionFilterProp="label" style={{ width: 240 }} options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` }))} />
        </Form.Item>
        {name === 'turnover'
          ? <Form.Item name="range" label={t.period} rules={[{ required: true }]}><DatePicker.RangePicker format={DATE} /></Form.Item>
          : <Form.Item name="date" label={t.date} tooltip={t.dateHint} rules={[{ required: true }]}><DatePicker format={DATE} aria-label={t.date} /></Form.Item>}
        <Form.Item name="by" label={t.by}>
          <Select aria-label={t.by} style={{ width: 180 }} options={DIMENSIONS.map((d) => ({ value: d, label: t.dimensions[d] }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit">{t.show}</Button>
      </Form>
      {report.error ? <ErrorAlert error={report.error} /> : null}
      {r && query && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Flex justify="space-between" align="center" wrap>
            <Typography.Text>{locale === 'vi' ? r.vi : r.en} · {String(r.params['unitName'])} · {when} · {t.source[r.source.split(':')[0]!] ?? r.source}</Typography.Text>
            <Space>
              <Button icon={<DownloadOutlined />} href={reportFileUrl(query, 'xlsx', locale)}>{t.excel}</Button>
              <Button icon={<DownloadOutlined />} href={reportFileUrl(query, 'pdf', locale)}>{t.pdf}</Button>
            </Space>
          </Flex>
          {r.tables.map((table) => <ReportGrid key={table.key} table={table} />)}
          {r.notes.map((n, i) => <Alert key={i} type="info" showIcon message={locale === 'vi' ? n.vi : n.en} />)}
        </Space>
      )}
    </Card>
  )
}
