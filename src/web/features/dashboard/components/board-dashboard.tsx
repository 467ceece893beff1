// The board dashboard (bảng điều hành) of a unit: key figures at the latest closed month-end with
// their changes, the trends, the units below by overdue ratio and — at a commune — its savings
// groups and a group's loans. The unit, the group and the date live in the URL, so the browser's
// back button walks back up the drill-down.
import { FileTextOutlined, GlobalOutlined } from '@ant-design/icons'
import { Alert, Breadcrumb, Card, Col, DatePicker, Empty, Flex, Row, Skeleton, Space, Table, Typography, type TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo } from 'react'
import { DONG_TOOLTIP, dongAxis, EChart, percentAxis, type ChartOption } from '../../../shared/echart.js'
import { ApiError } from '../../../shared/api-client.js'
import { ErrorAlert, useErrorText } from '../../../shared/errors.js'
import { formatDong, formatVnDate } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { Link, navigate, PATHS, useSearch } from '../../../shared/router.js'
import { useBoardDashboard, useGroupLoans, type BoardDashboard as Board, type Change, type GroupLoans, type KeyFigure } from '../api.js'

type Locale = 'vi' | 'en'

const NO_DATA_CODES = new Set(['dashboard_no_closed_month', 'report_date_before_data'])

/** Basis points of a percent as text: 941 → '9,41%' (vi) or '9.41%' (en). */
export function ratioText(bp: number, locale: Locale): string {
  const sign = bp < 0 ? '-' : ''
  const abs = Math.abs(bp)
  return `${sign}${Math.trunc(abs / 100)}${locale === 'vi' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}%`
}

function figureText(kind: KeyFigure['kind'], value: string, locale: Locale): string {
  if (kind === 'money') return formatDong(value)
  if (kind === 'ratio') return ratioText(Number(value), locale)
  return BigInt(value).toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-US')
}

function changeText(kind: KeyFigure['kind'], change: Change, locale: Locale): string | null {
  if (change.delta === null) return null
  const delta = BigInt(change.delta)
  const sign = delta > 0n ? '+' : delta < 0n ? '−' : '±'
  const abs = (delta < 0n ? -delta : delta).toString()
  return `${sign}${figureText(kind, abs, locale)}`
}

/** Where the dashboard of a unit (and a group of it) is, keeping the date. */
function dashboardHref(unitId: number, groupId: string | null, date: string | null): string {
  const q = new URLSearchParams({ unitId: String(unitId) })
  if (groupId !== null) q.set('groupId', groupId)
  if (date !== null) q.set('date', date)
  return `${PATHS.dashboard}?${q.toString()}`
}

function KeyFigureCard({ figure }: { figure: KeyFigure }) {
  const t = useT().dashboards
  const { locale } = useLanguage()
  const line = (change: Change, label: string) => {
    const text = changeText(figure.kind, change, locale)
    return <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>{text === null ? `${label}: ${t.noComparison}` : `${text} ${label}`}</Typography.Text>
  }
  return (
    <Card size="small" title={t.figures[figure.key] ?? figure.key} styles={{ header: { minHeight: 32 } }}>
      <Typography.Text strong style={{ fontSize: 18 }} data-testid={`kf-${figure.key}`}>{figureText(figure.kind, figure.value, locale)}</Typography.Text>
      {line(figure.previousMonth, t.vsPreviousMonth)}
      {line(figure.sameMonthLastYear, t.vsLastYear)}
    </Card>
  )
}

function Charts({ board, onUnit }: { board: Board; onUnit: (unitId: number) => void }) {
  const t = useT().dashboards
  const { locale } = useLanguage()
  const programName = useMemo(() => new Map(board.byProgram.map((p) => [p.programCode, locale === 'vi' ? p.nameVi : p.nameEn])), [board, locale])
  const percent = percentAxis(locale)
  const poverty: ChartOption = {
    tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: board.povertyTrend.map((y) => String(y.year)) }, yAxis: percent,
    series: [{ name: t.povertyRate, type: 'line', data: board.povertyTrend.map((y) => y.rateBp / 100) }],
  }
  const programs: ChartOption = {
    tooltip: { trigger: 'axis' }, grid: { left: 150, right: 24, top: 16, bottom: 24 },
    xAxis: { ...dongAxis(locale), splitNumber: 3 }, yAxis: { type: 'category', data: board.byProgram.map((p) => programName.get(p.programCode) ?? p.programCode) },
    series: [{ name: t.outstanding, type: 'bar', tooltip: DONG_TOOLTIP, data: board.byProgram.map((p) => Number(p.outstanding)) }],
  }
  const overdue: ChartOption = {
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 64, right: 48, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: board.overdueTrend.map((p) => p.period) },
    yAxis: [dongAxis(locale), { ...percent }],
    series: [
      { name: t.overdue, type: 'bar', tooltip: DONG_TOOLTIP, data: board.overdueTrend.map((p) => Number(p.overdue)) },
      { name: t.overdueRatio, type: 'line', yAxisIndex: 1, data: board.overdueTrend.map((p) => p.overdueRatioBp / 100) },
    ],
  }
  const top = board.children.slice(0, 10)
  const children: ChartOption = {
    tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: top.map((c) => c.name), axisLabel: { interval: 0, rotate: top.length > 4 ? 20 : 0 } }, yAxis: percent,
    series: [{ name: t.overdueRatio, type: 'bar', data: top.map((c) => c.overdueRatioBp / 100) }],
  }
  const plan = board.planVsActual
  const planChart: ChartOption | null = plan && plan.lines.length > 0 ? {
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 64, right: 16, top: 32, bottom: 72 },
    xAxis: {
      type: 'category', data: plan.lines.map((l) => programName.get(l.programCode) ?? l.programCode),
      axisLabel: { interval: 0, rotate: plan.lines.length > 3 ? 30 : 0, width: 110, overflow: 'truncate', fontSize: 10 },
    },
    yAxis: dongAxis(locale),
    series: [
      { name: t.allocated, type: 'bar', tooltip: DONG_TOOLTIP, data: plan.lines.map((l) => (l.allocatedDong === null ? 0 : Number(l.allocatedDong))) },
      { name: t.disbursed, type: 'bar', tooltip: DONG_TOOLTIP, data: plan.lines.map((l) => Number(l.disbursedDong)) },
    ],
  } : null
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}><Card size="small" title={t.byProgram}>{board.byProgram.length ? <EChart option={programs} height={240} ariaLabel={t.byProgram} /> : <Empty description={t.empty} />}</Card></Col>
      <Col xs={24} xl={12}><Card size="small" title={t.overdueTrend}><EChart option={overdue} height={240} ariaLabel={t.overdueTrend} /></Card></Col>
      <Col xs={24} xl={12}><Card size="small" title={t.povertyTrend}>{board.povertyTrend.length ? <EChart option={poverty} height={240} ariaLabel={t.povertyTrend} /> : <Empty description={t.empty} />}</Card></Col>
      {top.length > 0 && (
        <Col xs={24} xl={12}>
          <Card size="small" title={t.children}><EChart option={children} height={240} ariaLabel={t.children} onClick={(c) => { const unit = top[c.dataIndex]; if (unit) onUnit(unit.unitId) }} /></Card>
        </Col>
      )}
      {plan && planChart && (
        <Col xs={24} xl={12}><Card size="small" title={t.planVsActual(plan.year)}><EChart option={planChart} height={240} ariaLabel={t.planVsActual(plan.year)} /></Card></Col>
      )}
    </Row>
  )
}

type ChildRow = Board['children'][number]
type GroupRow = Board['groups'][number]
type LoanRow = GroupLoans['loans'][number]

function GroupLoansTable({ groupId, date }: { groupId: string; date: string | undefined }) {
  const t = useT().dashboards
  const loans = useGroupLoans(groupId, date)
  if (loans.error) return <ErrorAlert error={loans.error} />
  if (!loans.data) return <Skeleton active />
  const columns: TableColumnsType<LoanRow> = [
    { title: t.borrower, key: 'borrower', render: (_: unknown, r) => <Link to={`${PATHS.loans}?id=${r.loanId}`}>{r.borrower}</Link> },
    { title: t.program, dataIndex: 'programCode', key: 'program' },
    { title: t.contractDate, key: 'date', render: (_: unknown, r) => formatVnDate(r.contractDate) },
    { title: t.inTerm, key: 'inTerm', align: 'right', render: (_: unknown, r) => formatDong(r.inTerm) },
    { title: t.overdue, key: 'overdue', align: 'right', render: (_: unknown, r) => formatDong(r.overdue) },
    { title: t.frozen, key: 'frozen', align: 'right', render: (_: unknown, r) => formatDong(r.frozen) },
    { title: t.outstanding, key: 'outstanding', align: 'right', render: (_: unknown, r) => formatDong(r.outstanding) },
  ]
  return (
    <Card size="small" title={t.groupLoans(loans.data.group.name)}>
      <Table<LoanRow> size="small" rowKey="loanId" pagination={false} dataSource={[...loans.data.loans]} columns={columns} locale={{ emptyText: t.empty }} />
    </Card>
  )
}

/** The dashboard of the unit in the URL (the reader's own unit by default). */
export function BoardDashboard() {
  const t = useT().dashboards
  const { locale } = useLanguage()
  const search = new URLSearchParams(useSearch())
  const unitParam = Number(search.get('unitId'))
  const unitId = Number.isSafeInteger(unitParam) && unitParam > 0 ? unitParam : undefined
  const groupId = search.get('groupId') ?? undefined
  const date = search.get('date') ?? undefined
  const board = useBoardDashboard(unitId, date)
  const errorText = useErrorText()
  const b = board.data

  const openUnit = (id: number) => navigate(dashboardHref(id, null, date ?? null))
  const childColumns: TableColumnsType<ChildRow> = [
    { title: t.unit, key: 'name', render: (_: unknown, r) => <Link to={dashboardHref(r.unitId, null, date ?? null)}>{r.name}</Link> },
    { title: t.outstanding, key: 'outstanding', align: 'right', render: (_: unknown, r) => <span data-testid={`child-${r.unitId}-outstanding`}>{formatDong(r.outstanding)}</span> },
    { title: t.overdue, key: 'overdue', align: 'right', render: (_: unknown, r) => formatDong(r.overdue) },
    { title: t.overdueRatio, key: 'ratio', align: 'right', render: (_: unknown, r) => ratioText(r.overdueRatioBp, locale) },
    { title: t.borrowers, key: 'borrowers', align: 'right', render: (_: unknown, r) => r.borrowers },
  ]
  const groupColumns: TableColumnsType<GroupRow> = [
    { title: t.group, key: 'name', render: (_: unknown, r) => (r.groupId === null || !b ? t.directLoans : <Link to={dashboardHref(b.unit.id, r.groupId, date ?? null)}>{r.name}</Link>) },
    { title: t.outstanding, key: 'outstanding', align: 'right', render: (_: unknown, r) => formatDong(r.outstanding) },
    { title: t.overdue, key: 'overdue', align: 'right', render: (_: unknown, r) => formatDong(r.overdue) },
    { title: t.overdueRatio, key: 'ratio', align: 'right', render: (_: unknown, r) => ratioText(r.overdueRatioBp, locale) },
    { title: t.borrowers, key: 'borrowers', align: 'right', render: (_: unknown, r) => r.borrowers },
    { title: t.loans, key: 'loans', align: 'right', render: (_: unknown, r) => r.loans },
  ]
  const pickDate = (d: Dayjs | null) => {
    const q = new URLSearchParams(search)
    if (d) q.set('date', d.format('YYYY-MM-DD'))
    else q.delete('date')
    navigate(`${PATHS.dashboard}?${q.toString()}`)
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space orientation="vertical" size={0}>
          <Typography.Title level={4} style={{ margin: 0 }}>{t.title}{b ? ` — ${b.unit.name}` : ''}</Typography.Title>
          {b && (
            <Breadcrumb items={b.breadcrumb.map((u, i) => ({
              key: u.id,
              title: i === b.breadcrumb.length - 1 && groupId === undefined ? u.name : <Link to={dashboardHref(u.id, null, date ?? null)}>{u.name}</Link>,
            }))} />
          )}
        </Space>
        <Space wrap>
          <DatePicker format="DD/MM/YYYY" aria-label={t.date} placeholder={t.date} value={date ? dayjs(date) : null} onChange={pickDate} />
          {b && (
            <Link to={`${PATHS.reports}?name=portfolio&unitId=${b.unit.id}&date=${b.periodEnd}`}>
              <Space size={4}><FileTextOutlined />{t.portfolioReport}</Space>
            </Link>
          )}
          {b?.provinceCode && (
            <a href={`${PATHS.publicProvince}/${b.provinceCode}`} target="_blank" rel="noreferrer">
              <Space size={4}><GlobalOutlined />{t.publicPage}</Space>
            </a>
          )}
        </Space>
      </Flex>
      {/* No closed month yet is a state of the data, not a fault: say so calmly. */}
      {board.error instanceof ApiError && NO_DATA_CODES.has(board.error.code) ? <Alert type="info" showIcon title={errorText(board.error)} />
        : board.error ? <ErrorAlert error={board.error} /> : null}
      {board.isPending && <Skeleton active />}
      {b && (
        <>
          <Alert type="info" showIcon title={t.atMonthEnd(formatVnDate(b.periodEnd))} />
          <Row gutter={[12, 12]}>
            {b.keyFigures.map((f) => <Col key={f.key} xs={12} md={8} xl={6} xxl={4}><KeyFigureCard figure={f} /></Col>)}
          </Row>
          <Charts board={b} onUnit={openUnit} />
          {b.children.length > 0 && (
            <Card size="small" title={t.children} extra={<Typography.Text type="secondary">{t.childrenHint}</Typography.Text>}>
              <Table<ChildRow> size="small" rowKey="unitId" pagination={false} dataSource={[...b.children]} columns={childColumns} />
            </Card>
          )}
          {(b.unit.kind === 'commune' || b.groups.length > 0) && (
            <Card size="small" title={t.groups}>
              <Table<GroupRow> size="small" rowKey={(r) => r.groupId ?? 'direct'} pagination={false} dataSource={[...b.groups]} columns={groupColumns} locale={{ emptyText: t.empty }} />
            </Card>
          )}
          {groupId !== undefined && <GroupLoansTable groupId={groupId} date={date} />}
        </>
      )}
    </Space>
  )
}
