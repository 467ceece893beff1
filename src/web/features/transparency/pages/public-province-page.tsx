// Công khai: the public page of a province, shown without logging in and without the app's menu.
// Aggregates of the latest closed month-end only — no person, nothing below a commune.
import { Alert, Card, Col, Flex, Layout, Row, Segmented, Skeleton, Statistic, Table, Typography, type TableColumnsType } from 'antd'
import { DONG_TOOLTIP, dongAxis, EChart, percentAxis, type ChartOption } from '../../../shared/echart.js'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatDong, formatVnDate } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { PATHS, usePathname } from '../../../shared/router.js'
import { usePublicProvince, type PublicProvince } from '../api.js'

const ratioText = (bp: number, locale: 'vi' | 'en') => `${Math.trunc(bp / 100)}${locale === 'vi' ? ',' : '.'}${String(Math.abs(bp) % 100).padStart(2, '0')}%`

type CommuneRow = PublicProvince['communes'][number]

export function PublicProvincePage() {
  const t = useT().dashboards.public
  const { locale, setLocale } = useLanguage()
  const language = useT().language
  const code = usePathname().slice(`${PATHS.publicProvince}/`.length).replace(/\/$/, '')
  const province = usePublicProvince(code)
  const p = province.data

  const columns: TableColumnsType<CommuneRow> = [
    { title: t.commune, dataIndex: 'name', key: 'name' },
    { title: t.outstanding, key: 'outstanding', align: 'right', render: (_: unknown, r) => formatDong(r.outstandingDong) },
    { title: t.borrowers, key: 'borrowers', align: 'right', render: (_: unknown, r) => r.borrowers },
    { title: t.overdueRatio, key: 'ratio', align: 'right', render: (_: unknown, r) => ratioText(r.overdueRatioBp, locale) },
  ]
  const percent = percentAxis(locale)
  const programs: ChartOption | null = p ? {
    tooltip: { trigger: 'axis' }, grid: { left: 170, right: 24, top: 16, bottom: 24 },
    xAxis: { ...dongAxis(locale), splitNumber: 3 }, yAxis: { type: 'category', data: p.byProgram.map((x) => (locale === 'vi' ? x.nameVi : x.nameEn)) },
    series: [{ name: t.outstanding, type: 'bar', tooltip: DONG_TOOLTIP, data: p.byProgram.map((x) => Number(x.outstandingDong)) }],
  } : null
  const poverty: ChartOption | null = p ? {
    tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: p.povertyTrend.map((y) => String(y.year)) }, yAxis: percent,
    series: [{ name: t.povertyTrend, type: 'line', data: p.povertyTrend.map((y) => y.rateBp / 100) }],
  } : null
  const overdue: ChartOption | null = p ? {
    tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: p.overdueTrend.map((x) => x.period) }, yAxis: percent,
    series: [{ name: t.overdueRatio, type: 'line', data: p.overdueTrend.map((x) => x.overdueRatioBp / 100) }],
  } : null

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#0b5cad', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 16 }}>{p ? t.title(p.name) : t.title(code)}</Typography.Text>
        <Flex gap={16} align="center">
          {/* The shared LanguageSwitch saves the choice for the logged-in user: here there is none. */}
          <Segmented<'vi' | 'en'> size="small" aria-label={language.label} value={locale} onChange={setLocale} style={{ background: 'rgba(255,255,255,0.2)' }}
            options={[{ value: 'vi', label: language.vi }, { value: 'en', label: language.en }]} />
          <a href={PATHS.login} style={{ color: '#fff' }}>{t.login}</a>
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1200, margin: '0 auto', width: '100%' }}>
        {province.isPending && <Skeleton active />}
        {province.error ? <ErrorAlert error={province.error} /> : null}
        {p && p.period === null && <Alert type="info" showIcon title={t.noData} />}
        {p && p.periodEnd !== null && (
          <Flex vertical gap={16}>
            <Typography.Title level={3} style={{ margin: 0 }}>{t.title(p.name)}</Typography.Title>
            <Typography.Text type="secondary">{t.asOf(formatVnDate(p.periodEnd))}</Typography.Text>
            <Row gutter={[16, 16]}>
              <Col xs={12} lg={6}><Card size="small"><Statistic title={t.outstanding} value={formatDong(p.outstandingDong)} valueRender={() => <span data-testid="public-outstanding">{formatDong(p.outstandingDong)}</span>} />
                {p.outstandingChangeVsPreviousMonthDong !== null && <Typography.Text type="secondary">{t.change}: {formatDong(p.outstandingChangeVsPreviousMonthDong)}</Typography.Text>}</Card></Col>
              <Col xs={12} lg={6}><Card size="small"><Statistic title={t.borrowers} value={p.borrowers} valueRender={() => <span data-testid="public-borrowers">{p.borrowers}</span>} /></Card></Col>
              <Col xs={12} lg={6}><Card size="small"><Statistic title={t.loans} value={p.loans} /></Card></Col>
              <Col xs={12} lg={6}><Card size="small"><Statistic title={t.overdueRatio} value={ratioText(p.overdueRatioBp, locale)} /></Card></Col>
            </Row>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}><Card size="small" title={t.byProgram}>{programs && <EChart option={programs} height={260} ariaLabel={t.byProgram} />}</Card></Col>
              <Col xs={24} lg={12}><Card size="small" title={t.povertyTrend}>{poverty && <EChart option={poverty} height={260} ariaLabel={t.povertyTrend} />}</Card></Col>
              <Col xs={24} lg={12}><Card size="small" title={t.overdueTrend}>{overdue && <EChart option={overdue} height={260} ariaLabel={t.overdueTrend} />}</Card></Col>
            </Row>
            <Card size="small" title={t.communes}>
              <Table<CommuneRow> size="small" rowKey={(r) => `${r.name}-${r.outstandingDong}-${r.borrowers}`} pagination={false} dataSource={[...p.communes]} columns={columns} />
            </Card>
          </Flex>
        )}
      </Layout.Content>
    </Layout>
  )
}
