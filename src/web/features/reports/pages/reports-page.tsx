import { DownloadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Select, Space, Table, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo, useState } from 'react'
import { EChart, percentAxis, type ChartOption } from '../../../shared/echart.js'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatDong, formatVnDate } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useUnits } from '../../../shared/units-query.js'
import { reportFileUrl, useReport, type ReportColumn, type ReportQuery, type ReportTable, type Row } from '../api.js'

const DATE = 'DD/MM/YYYY'
const NAMES = ['portfolio', 'turnover', 'quality', 'outcomes', 'fund-statement', 'plan-vs-actual'] as const
/** Reports over a period (from–to) rather than at a date; those grouped by a dimension. */
const PERIOD_REPORTS = ['turnover', 'outcomes', 'fund-statement']
const GROUPED_REPORTS = ['portfolio', 'turnover', 'quality']
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

/**
 * A report a link asks for (`/reports?name=portfolio&unitId=12&date=2026-05-31`, as the dashboard
 * links): a dated report of a unit is shown at once; anything else only fills the form.
 */
function linkedReport(search: string): { name: string; unitId?: number | undefined; date?: string | undefined; show: boolean } | null {
  const q = new URLSearchParams(search)
  const name = q.get('name')
  if (name === null || !(NAMES as readonly string[]).includes(name)) return null
  const unitId = Number(q.get('unitId'))
  const date = /^\d{4}-\d{2}-\d{2}$/.test(q.get('date') ?? '') ? q.get('date')! : undefined
  const unit = Number.isSafeInteger(unitId) && unitId > 0 ? unitId : undefined
  return { name, unitId: unit, date, show: unit !== undefined && GROUPED_REPORTS.includes(name) && !PERIOD_REPORTS.includes(name) }
}

/** Báo cáo: pick a report, its unit, date or period and grouping; see it with totals; download Excel or PDF. */
export function ReportsPage() {
  const t = useT().reports
  const { locale } = useLanguage()
  const units = useUnits()
  const [linked] = useState(() => linkedReport(window.location.search))
  const [name, setName] = useState<string>(linked?.name ?? 'portfolio')
  const [form] = Form.useForm()
  // The outcomes report looks at years: its period starts on the first of January.
  const pick = (next: string) => {
    setName(next)
    if (next === 'outcomes') form.setFieldValue('range', [dayjs().startOf('year'), dayjs()])
  }
  const [query, setQuery] = useState<ReportQuery | null>(linked?.show ? { name: linked.name, unitId: linked.unitId, by: 'program', date: linked.date ?? dayjs().format('YYYY-MM-DD') } : null)
  const report = useReport(query)
  const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined)

  const submit = (v: { unitId?: number; date?: Dayjs; range?: [Dayjs, Dayjs]; by?: string; source?: string; year?: number; quarter?: number }) =>
    setQuery({
      name, unitId: v.unitId,
      ...(GROUPED_REPORTS.includes(name) ? { by: v.by } : {}),
      ...(PERIOD_REPORTS.includes(name) ? { from: iso(v.range?.[0]), to: iso(v.range?.[1]) } : { date: iso(v.date) }),
      ...(name === 'fund-statement' ? { source: v.source } : {}),
      ...(name === 'plan-vs-actual' ? { year: v.year, quarter: v.quarter } : {}),
    })

  const r = report.data
  const when = r ? (r.params['date'] ? formatVnDate(String(r.params['date'])) : `${formatVnDate(String(r.params['from']))} – ${formatVnDate(String(r.params['to']))}`) : ''
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t.title}</Typography.Title>}>
      <Form form={form} layout="inline" onFinish={submit} initialValues={{ by: 'program', date: linked?.date ? dayjs(linked.date) : dayjs(), range: [dayjs().startOf('month'), dayjs()], source: 'CENTRAL', year: dayjs().year(), unitId: linked?.unitId }} style={{ rowGap: 8, marginBottom: 16 }}>
        <Form.Item label={t.report}>
          <Select aria-label={t.report} value={name} onChange={pick} style={{ width: 220 }} options={NAMES.map((n) => ({ value: n, label: t.names[n] }))} />
        </Form.Item>
        <Form.Item name="unitId" label={t.unit}>
          <Select aria-label={t.unit} allowClear showSearch optionFilterProp="label" style={{ width: 240 }} options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` }))} />
        </Form.Item>
        {PERIOD_REPORTS.includes(name)
          ? <Form.Item name="range" label={t.period} rules={[{ required: true }]}><DatePicker.RangePicker format={DATE} /></Form.Item>
          : <Form.Item name="date" label={name === 'plan-vs-actual' ? t.asOf : t.date} tooltip={name === 'plan-vs-actual' ? undefined : t.dateHint} rules={[{ required: true }]}><DatePicker format={DATE} aria-label={t.date} /></Form.Item>}
        {GROUPED_REPORTS.includes(name) && (
          <Form.Item name="by" label={t.by}>
            <Select aria-label={t.by} style={{ width: 180 }} options={DIMENSIONS.map((d) => ({ value: d, label: t.dimensions[d] }))} />
          </Form.Item>
        )}
        {name === 'fund-statement' && <Form.Item name="source" label={t.capitalSource} rules={[{ required: true }]}><Input aria-label={t.capitalSource} style={{ width: 160 }} /></Form.Item>}
        {name === 'plan-vs-actual' && (
          <>
            <Form.Item name="year" label={t.year} rules={[{ required: true }]}><InputNumber aria-label={t.year} min={2000} max={2199} /></Form.Item>
            <Form.Item name="quarter" label={t.quarter}>
              <Select aria-label={t.quarter} allowClear placeholder={t.wholeYear} style={{ width: 120 }} options={[1, 2, 3, 4].map((q) => ({ value: q, label: `Q${q}` }))} />
            </Form.Item>
          </>
        )}
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
          {r.name === 'outcomes' && <PovertyChart table={r.tables.find((x) => x.key === 'poverty_rate')} title={t.povertyChart} />}
          {r.notes.map((n, i) => <Alert key={i} type="info" showIcon message={locale === 'vi' ? n.vi : n.en} />)}
        </Space>
      )}
    </Card>
  )
}

/** The outcomes report's poverty rate at each year's end as a line (basis points → percent). */
function PovertyChart({ table, title }: { table: ReportTable | undefined; title: string }) {
  const { locale } = useLanguage()
  const option = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: (table?.rows ?? []).map((row) => String(row['key'])) },
    yAxis: percentAxis(locale),
    series: [{ type: 'line', name: title, data: (table?.rows ?? []).map((row) => Number(row['poverty_rate'] ?? 0) / 100) }],
  }), [table, title, locale])
  if (!table || table.rows.length === 0) return null
  return <Card size="small" title={title} data-testid="poverty-chart"><EChart option={option} height={260} ariaLabel={title} /></Card>
}
