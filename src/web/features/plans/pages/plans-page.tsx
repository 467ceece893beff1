import { DownloadOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Card, DatePicker, Flex, InputNumber, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo, useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatDong, formatVnDate } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { exportUrl, usePlanActual, usePlanLines, type PlanActualLine, type PlanLine, type PlanTargetActual } from '../api.js'
import { DONG_TOOLTIP, dongAxis, EChart, type ChartOption } from '../../../shared/echart.js'
import { PlanLineModal } from '../components/plan-line-modal.js'
import { PlanRuleCard } from '../components/rule-card.js'
import { PlanTargetsCard } from '../components/targets-card.js'

const todayVn = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)
const money = (v: string | null) => (v === null ? '—' : formatDong(v))
/** Millions of đồng for the chart's axis (a chart is read at a glance, the table is exact). */
/** A chart value in đồng (display only: the table beside it shows the exact figures). */
const chartDong = (v: string | null) => (v === null ? 0 : Number(v))

/** Kế hoạch vốn: plan vs actual on a date (table and chart), the plan lines with their versions, and entry; the year's targets; the warn-or-block rule. */
export function PlansPage() {
  const t = useT()
  const p = t.plans
  const { locale } = useLanguage()
  const can = useCan()
  const [asOf, setAsOf] = useState(todayVn())
  const [year, setYear] = useState(Number(asOf.slice(0, 4)))
  const [quarter, setQuarter] = useState<number | null>(null)
  const [modal, setModal] = useState<{ open: boolean; revising: PlanLine | null }>({ open: false, revising: null })
  const period = { year, quarter, asOf }
  const actual = usePlanActual(period)
  const lines = usePlanLines(year, quarter)
  const manage = can('plans.manage')
  const rows = actual.data?.lines ?? []
  const rowKey = (r: PlanActualLine) => `${r.unitId}:${r.programCode}:${r.capitalSourceCode ?? ''}`

  const columns: TableColumnsType<PlanActualLine> = [
    { title: p.unit, key: 'unit', render: (_: unknown, r) => <span style={{ paddingLeft: Math.max(0, r.depth - 1) * 16 }}>{r.unitName}</span> },
    { title: p.program, key: 'program', render: (_: unknown, r) => <>{r.programCode}{r.capitalSourceCode ? <Tag style={{ marginLeft: 8 }}>{r.capitalSourceCode}</Tag> : null}</> },
    {
      title: p.allocated, key: 'allocated', align: 'right',
      render: (_: unknown, r) => (r.allocatedDong === null ? <Typography.Text type="secondary">{p.noPlan}</Typography.Text>
        : <span title={p.inForceFrom(formatVnDate(r.validFrom!), r.decisionNumber ?? '')}>{formatDong(r.allocatedDong)}</span>),
    },
    { title: p.disbursed, key: 'disbursed', align: 'right', render: (_: unknown, r) => formatDong(r.disbursedDong) },
    { title: p.collected, key: 'collected', align: 'right', render: (_: unknown, r) => formatDong(r.collectedDong) },
    { title: p.outstanding, key: 'outstanding', align: 'right', render: (_: unknown, r) => formatDong(r.outstandingDong) },
    {
      title: p.room, key: 'room', align: 'right',
      render: (_: unknown, r) => (r.roomDong === null ? '—' : <Typography.Text strong type={BigInt(r.roomDong) < 0n ? 'danger' : undefined}>{money(r.roomDong)}</Typography.Text>),
    },
  ]

  const option = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: { data: [p.allocated, p.disbursed, p.collected] },
    grid: { left: 64, right: 16, bottom: 56, top: 40 },
    xAxis: { type: 'category', data: rows.map((r) => `${r.unitName} · ${r.programCode}`), axisLabel: { interval: 0, rotate: rows.length > 4 ? 20 : 0 } },
    yAxis: dongAxis(locale),
    series: [
      { name: p.allocated, type: 'bar', tooltip: DONG_TOOLTIP, data: rows.map((r) => chartDong(r.allocatedDong)) },
      { name: p.disbursed, type: 'bar', tooltip: DONG_TOOLTIP, data: rows.map((r) => chartDong(r.disbursedDong)) },
      { name: p.collected, type: 'bar', tooltip: DONG_TOOLTIP, data: rows.map((r) => chartDong(r.collectedDong)) },
    ],
  }), [rows, p, locale])

  // The latest version of each line, its earlier versions underneath.
  const history = lines.data ?? []
  const latest = history.filter((l) => l.supersededById === null)
  const earlier = (l: PlanLine) => {
    const out: PlanLine[] = []
    for (let id = l.supersedesId; id !== null;) {
      const prev = history.find((x) => x.id === id)
      if (!prev) break
      out.push(prev)
      id = prev.supersedesId
    }
    return out
  }
  const lineColumns: TableColumnsType<PlanLine> = [
    { title: p.unit, dataIndex: 'unitName', key: 'unit' },
    { title: p.program, key: 'program', render: (_: unknown, l) => <>{l.programCode}{l.capitalSourceCode ? <Tag style={{ marginLeft: 8 }}>{l.capitalSourceCode}</Tag> : null}</> },
    { title: p.amount, key: 'amount', align: 'right', render: (_: unknown, l) => formatDong(l.amountDong) },
    { title: p.validFrom, key: 'from', render: (_: unknown, l) => formatVnDate(l.validFrom) },
    { title: p.decisionNumber, dataIndex: 'decisionNumber', key: 'decision' },
    { title: p.legalBasis, dataIndex: 'legalBasis', key: 'basis' },
    { title: p.createdBy, key: 'by', render: (_: unknown, l) => l.createdBy ?? '—' },
    ...(manage ? [{ title: '', key: 'revise', render: (_: unknown, l: PlanLine) => <Button size="small" icon={<EditOutlined />} onClick={() => setModal({ open: true, revising: l })}>{p.revise}</Button> }] : []),
  ]
  const versionColumns: TableColumnsType<PlanLine> = [
    { title: p.version, key: 'v', render: (_: unknown, l) => <Tag>{p.replaced(formatVnDate(history.find((x) => x.supersedesId === l.id)?.validFrom ?? l.validFrom))}</Tag> },
    { title: p.amount, key: 'amount', align: 'right', render: (_: unknown, l) => formatDong(l.amountDong) },
    { title: p.validFrom, key: 'from', render: (_: unknown, l) => formatVnDate(l.validFrom) },
    { title: p.decisionNumber, dataIndex: 'decisionNumber', key: 'decision' },
    { title: p.legalBasis, dataIndex: 'legalBasis', key: 'basis' },
  ]
  const targetColumns: TableColumnsType<PlanTargetActual> = [
    { title: p.unit, key: 'unit', render: (_: unknown, x) => <>{x.unit_name}{x.program_code ? <Tag style={{ marginLeft: 8 }}>{x.program_code}</Tag> : null}</> },
    { title: p.turnoverTarget, key: 'turnover', align: 'right', render: (_: unknown, x) => `${formatDong(x.disbursed_dong)} / ${formatDong(x.turnover_dong)}` },
    { title: p.collectionTarget, key: 'collection', align: 'right', render: (_: unknown, x) => `${formatDong(x.collected_dong)} / ${formatDong(x.collection_dong)}` },
    { title: p.outcomes, key: 'outcomes', render: (_: unknown, x) => p.outcomeText(x.households_out_of_poverty, x.students, x.workers, x.water_works, x.houses) },
  ]

  return (
    <Flex vertical gap={16}>
      <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{p.title}</Typography.Title>}>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 980 }}>{p.intro}</Typography.Paragraph>
        <Flex gap={12} align="center" wrap>
          <Space>
            <Typography.Text>{p.year}</Typography.Text>
            <InputNumber aria-label={p.year} min={2000} max={2200} value={year} onChange={(v) => v && setYear(v)} />
          </Space>
          <Space>
            <Typography.Text>{p.quarter}</Typography.Text>
            <Select aria-label={p.quarter} style={{ width: 140 }} value={quarter ?? 0} onChange={(v: number) => setQuarter(v === 0 ? null : v)}
              options={[{ value: 0, label: p.wholeYear }, ...[1, 2, 3, 4].map((q) => ({ value: q, label: p.quarterN(q) }))]} />
          </Space>
          <Space>
            <Typography.Text>{p.asOf}</Typography.Text>
            <DatePicker aria-label={p.asOf} format="DD/MM/YYYY" allowClear={false} value={dayjs(asOf)} onChange={(v: Dayjs | null) => v && setAsOf(v.format('YYYY-MM-DD'))} />
          </Space>
          <Button icon={<DownloadOutlined />} href={exportUrl(period, locale)} disabled={rows.length === 0}>{p.export}</Button>
          {manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true, revising: null })}>{p.add}</Button>}
        </Flex>
      </Card>
      <Card title={p.actualTitle}>
        {actual.error && <ErrorAlert error={actual.error} />}
        <Table<PlanActualLine> data-testid="plans-actual" rowKey={rowKey} size="middle" columns={columns} dataSource={rows} loading={actual.isFetching} pagination={false} locale={{ emptyText: p.emptyActual }} />
        {rows.length > 0 && <div style={{ marginTop: 16 }}><EChart option={option} ariaLabel={p.chartTitle} /></div>}
      </Card>
      {(actual.data?.targets.length ?? 0) > 0 && (
        <Card title={p.targetsTitle}>
          <Table<PlanTargetActual> rowKey="id" size="small" columns={targetColumns} dataSource={[...actual.data!.targets]} pagination={false} />
        </Card>
      )}
      <Card title={p.linesTitle}>
        {lines.error && <ErrorAlert error={lines.error} />}
        <Table<PlanLine>
          data-testid="plans-lines" rowKey="id" size="middle" columns={lineColumns} dataSource={latest} loading={lines.isFetching} pagination={false}
          expandable={{ rowExpandable: (l) => l.supersedesId !== null, expandedRowRender: (l) => <Table<PlanLine> rowKey="id" size="small" columns={versionColumns} dataSource={earlier(l)} pagination={false} /> }}
        />
        {!manage && <Typography.Text type="secondary">{p.readOnly}</Typography.Text>}
      </Card>
      <PlanTargetsCard year={year} manage={manage} />
      <PlanRuleCard today={todayVn()} manage={manage} />
      <PlanLineModal open={modal.open} revising={modal.revising} year={year} quarter={quarter} onClose={() => setModal({ open: false, revising: null })} />
    </Flex>
  )
}
