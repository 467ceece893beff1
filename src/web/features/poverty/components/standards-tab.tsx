import { Descriptions, List, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { ErrorAlert } from '../../../shared/errors.js'
import { formatDong } from '../../../shared/format.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useStandards } from '../api.js'
import { formatDay } from '../format.js'
import type { Standard } from '../types.js'

/** The standards in force and to come: lines per area type, indicators and their legal basis. */
export function StandardsTab() {
  const t = useT()
  const { locale } = useLanguage()
  const standards = useStandards()
  const s = t.poverty.standards
  const name = (x: { nameVi: string; nameEn: string }) => (locale === 'vi' ? x.nameVi : x.nameEn)

  const columns: TableColumnsType<Standard> = [
    { title: s.code, dataIndex: 'code', key: 'code', width: 150, render: (code: string, row) => (<><Typography.Text strong>{code}</Typography.Text>{row.inForceToday && <Tag color="green" style={{ marginLeft: 8 }}>{s.inForce}</Tag>}</>) },
    { title: s.name, key: 'name', render: (_: unknown, row) => name(row) },
    { title: s.scope, key: 'scope', width: 150, render: (_: unknown, row) => `${t.poverty.scopes[row.scope]}${row.provinceCode ? ` (${row.provinceCode})` : ''}` },
    { title: s.validity, key: 'validity', width: 220, render: (_: unknown, row) => `${formatDay(row.validFrom)} – ${row.validTo ? formatDay(row.validTo) : s.openEnded}` },
    { title: s.ruralLine, key: 'rural', width: 150, align: 'right', render: (_: unknown, row) => formatDong(row.rules.incomeLinesDong.rural) },
    { title: s.urbanLine, key: 'urban', width: 150, align: 'right', render: (_: unknown, row) => formatDong(row.rules.incomeLinesDong.urban) },
  ]

  const detail = (row: Standard) => {
    const avg = row.rules.averageLivingLinesDong
    return (
      <>
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
          <Descriptions.Item label={s.legalBasis}>{row.legalBasis}</Descriptions.Item>
          <Descriptions.Item label={s.averageLiving}>
            {avg ? `${t.poverty.areaTypes.rural}: ${formatDong(avg.rural)}${s.perPersonMonth}; ${t.poverty.areaTypes.urban}: ${formatDong(avg.urban)}${s.perPersonMonth}` : s.notSet}
          </Descriptions.Item>
          {row.rules.note && <Descriptions.Item label={s.note}>{row.rules.note}</Descriptions.Item>}
        </Descriptions>
        <Typography.Paragraph>{s.poorRule(row.rules.classification.poorMinDeprivations)}</Typography.Paragraph>
        {row.rules.classification.poorIncomeLinesDong && (
          <Typography.Paragraph>{s.poorIncomeRule(formatDong(row.rules.classification.poorIncomeLinesDong.rural), formatDong(row.rules.classification.poorIncomeLinesDong.urban))}</Typography.Paragraph>
        )}
        <Typography.Title level={5}>{s.dimensions}</Typography.Title>
        <List
          size="small"
          dataSource={[...row.rules.dimensions]}
          renderItem={(d) => (
            <List.Item>
              <div>
                <Typography.Text strong>{name(d)}</Typography.Text>
                <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                  {d.indicators.map((i) => (
                    <li key={i.code}>
                      {name(i)} — <Typography.Text type="secondary">{locale === 'vi' ? i.deprivedIfVi : i.deprivedIfEn}</Typography.Text>
                      {i.derivation && <Tag color="blue" style={{ marginLeft: 6 }}>{s.derived}</Tag>}
                    </li>
                  ))}
                </ul>
              </div>
            </List.Item>
          )}
        />
      </>
    )
  }

  return (
    <>
      {standards.isError && <ErrorAlert error={standards.error} onRetry={() => void standards.refetch()} />}
      <Table<Standard>
        key={standards.data ? 'loaded' : 'loading'}
        rowKey="id"
        columns={columns}
        dataSource={standards.data ?? []}
        loading={standards.isFetching}
        pagination={false}
        locale={{ emptyText: s.empty }}
        expandable={{ expandedRowRender: detail, defaultExpandedRowKeys: (standards.data ?? []).filter((x) => x.inForceToday).map((x) => x.id) }}
      />
    </>
  )
}
