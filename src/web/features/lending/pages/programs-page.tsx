import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Descriptions, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { useState } from 'react'
import { ErrorAlert } from '../../../shared/errors.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useCan } from '../../../shared/session.js'
import { useCapitalSources, usePrograms, type Program, type TermsVersion } from '../api.js'
import { TermsModal } from '../components/terms-modal.js'
import { day, eligibilityLines, maxAmountText, overdueText, rateRuleText, todayVn, versionOn, yearlyRateText } from '../format.js'

/** One program's dated terms, newest first, each version with its legal basis. */
function VersionsList({ program }: { program: Program }) {
  const t = useT()
  const { locale } = useLanguage()
  const sources = useCapitalSources()
  const p = t.lending.programs
  const today = todayVn()
  const sourceName = (code: string) => {
    const source = sources.data?.find((s) => s.code === code)
    return source ? (locale === 'vi' ? source.name_vi : source.name_en) : code
  }
  const inForce = (v: TermsVersion) => v.validFrom <= today && (v.validTo === null || today <= v.validTo)
  return (
    <section aria-label={`${p.history}: ${program.code}`}>
      <Flex vertical gap={12}>
        {[...program.versions].reverse().map((v) => (
          <Card
            key={v.id}
            size="small"
            title={
              <Flex align="center" gap={8} wrap>
                <span>{`${day(v.validFrom)} – ${v.validTo ? day(v.validTo) : p.openEnded}`}</span>
                {inForce(v) && <Tag color="green">{p.inForce}</Tag>}
                {v.terms.repriceExisting && <Tag color="purple">{p.repriceExisting}</Tag>}
              </Flex>
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
              <Descriptions.Item label={p.rate}>
                <Flex vertical>
                  <span>{rateRuleText(v, t, locale, v.validTo !== null && v.validTo < today ? v.validTo : today)}</span>
                  {v.rates.length > 1 && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {v.rates.map((r) => `${p.rateFrom(day(r.from))}: ${yearlyRateText(r.yearlyMicros, t, locale)}`).join('; ')}
                    </Typography.Text>
                  )}
                </Flex>
              </Descriptions.Item>
              <Descriptions.Item label={p.overdueFactor}>{overdueText(v.terms, t, locale)}</Descriptions.Item>
              <Descriptions.Item label={p.maxAmount}>{maxAmountText(v.terms, t, locale)}</Descriptions.Item>
              <Descriptions.Item label={p.maxTerm}>{t.lending.months(v.terms.maxTermMonths)}</Descriptions.Item>
              <Descriptions.Item label={p.graceMax}>{t.lending.months(v.terms.graceMonthsMax ?? 0)}</Descriptions.Item>
              <Descriptions.Item label={p.interval}>{t.lending.months(v.terms.instalmentIntervalMonths ?? 6)}</Descriptions.Item>
              <Descriptions.Item label={p.capitalSources}>{(v.terms.capitalSources ?? ['CENTRAL']).map(sourceName).join(', ')}</Descriptions.Item>
              <Descriptions.Item label={p.eligibility} span={2}>
                <Flex vertical>{eligibilityLines(v.terms.eligibility, t).map((line) => <span key={line}>{line}</span>)}</Flex>
              </Descriptions.Item>
              <Descriptions.Item label={p.legalBasis} span={3}>
                <Flex vertical>
                  <Typography.Text strong>{v.legalBasis}</Typography.Text>
                  {v.note && <Typography.Text type="secondary">{v.note}</Typography.Text>}
                </Flex>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        ))}
      </Flex>
    </section>
  )
}

/** Chương trình cho vay: the catalogue, each program's terms history a click away. */
export function ProgramsPage() {
  const t = useT()
  const { locale } = useLanguage()
  const can = useCan()
  const programs = usePrograms()
  const [adding, setAdding] = useState<Program | undefined>(undefined)
  const p = t.lending.programs
  const today = todayVn()
  const manage = can('programs.manage')

  const columns: TableColumnsType<Program> = [
    {
      title: p.name, key: 'name',
      render: (_: unknown, program) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{locale === 'vi' ? program.nameVi : program.nameEn}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Typography.Text code style={{ fontSize: 12 }}>{program.code}</Typography.Text>
            {` ${p.borrowerKinds[program.borrowerKind] ?? program.borrowerKind} · ${p.versionsCount(program.versions.length)}`}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: p.currentRate, key: 'rate', width: 270,
      render: (_: unknown, program) => {
        const v = versionOn(program, today)
        return v ? rateRuleText(v, t, locale, today) : t.common.none
      },
    },
    { title: p.currentMax, key: 'max', width: 190, render: (_: unknown, program) => { const v = versionOn(program, today); return v ? maxAmountText(v.terms, t, locale) : t.common.none } },
    { title: p.currentTerm, key: 'term', width: 110, render: (_: unknown, program) => { const v = versionOn(program, today); return v ? t.lending.months(v.terms.maxTermMonths) : t.common.none } },
    ...(manage
      ? [{
          title: t.common.actions, key: 'actions', width: 220,
          render: (_: unknown, program: Program) => (
            <Button size="small" icon={<PlusOutlined />} onClick={(e) => { e.stopPropagation(); setAdding(program) }} aria-label={`${p.addTerms}: ${program.code}`}>
              {p.addTerms}
            </Button>
          ),
        }]
      : []),
  ]

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{p.title}</Typography.Title>}>
      <Typography.Paragraph type="secondary">{p.intro}</Typography.Paragraph>
      {programs.isError && <ErrorAlert error={programs.error} onRetry={() => void programs.refetch()} />}
      <Table<Program>
        rowKey="code"
        columns={columns}
        dataSource={programs.data ?? []}
        loading={programs.isFetching}
        locale={{ emptyText: p.empty }}
        pagination={false}
        scroll={{ x: 1000 }}
        expandable={{ expandedRowRender: (program) => <VersionsList program={program} />, expandRowByClick: true }}
      />
      <TermsModal program={adding} onClose={() => setAdding(undefined)} />
    </Card>
  )
}
