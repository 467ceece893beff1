import { Alert, Flex, Form, InputNumber, Select, Table, Typography, type TableColumnsType } from 'antd'
import { useMemo, useState } from 'react'
import type { UnitKind } from '../../../../domain/access/index.js'
import { ErrorAlert } from '../../../shared/errors.js'
import { useLanguage, useT } from '../../../shared/i18n.js'
import { useRates, type RateParams } from '../api.js'
import { formatRate, todayVn } from '../format.js'
import type { RateRow } from '../types.js'
import { EChart, type ChartOption } from '../../../shared/echart.js'

/** One table row per unit: its identity and the rows of each year. */
interface UnitRates {
  readonly key: string
  readonly name: string
  readonly level: string
  readonly byYear: ReadonlyMap<number, RateRow>
}

const MAX_SERIES = 12

/** The poverty rate table and chart by unit and year, current or former boundaries. */
export function RatesTab() {
  const t = useT()
  const { locale } = useLanguage()
  const thisYear = Number(todayVn().slice(0, 4))
  const [params, setParams] = useState<RateParams>({ layer: 'current', fromYear: thisYear - 4, toYear: thisYear, kind: undefined })
  const rates = useRates(params)
  const r = t.poverty.rates

  const levelName = (level: string) => (params.layer === 'historical' ? (r.levels[level] ?? level) : (t.unitKinds[level as UnitKind] ?? level))
  const years = useMemo(() => Array.from({ length: params.toYear - params.fromYear + 1 }, (_, i) => params.fromYear + i), [params.fromYear, params.toYear])
  const units = useMemo(() => {
    const map = new Map<string, UnitRates & { byYear: Map<number, RateRow> }>()
    for (const row of rates.data?.rows ?? []) {
      const entry = map.get(row.key) ?? { key: row.key, name: row.name ?? row.code, level: row.level, byYear: new Map<number, RateRow>() }
      entry.byYear.set(row.year, row)
      map.set(row.key, entry)
    }
    return [...map.values()]
  }, [rates.data])

  const option = useMemo<ChartOption>(() => {
    const shown = units.filter((u) => [...u.byYear.values()].some((row) => row.households > 0)).slice(0, MAX_SERIES)
    return {
      // A report, not a show: no animation, so the figures are right in any screenshot or printout.
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB')}%` : '—') },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: years.map(String) },
      yAxis: { type: 'value', name: '%', min: 0 },
      series: shown.map((u) => ({
        name: u.name,
        type: years.length > 1 ? 'line' : 'bar',
        // Basis points to percent for display only: the figures themselves stay integers.
        data: years.map((y) => {
          const bp = u.byYear.get(y)?.poorRateBasisPoints
          return bp === null || bp === undefined ? null : bp / 100
        }),
      })),
    }
  }, [units, years, locale])

  const columns: TableColumnsType<UnitRates> = [
    { title: r.unit, dataIndex: 'name', key: 'name', fixed: 'left', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { title: r.kind, dataIndex: 'level', key: 'level', width: 160, render: levelName },
    ...years.map((y) => ({
      title: String(y),
      key: String(y),
      width: 150,
      align: 'right' as const,
      render: (_: unknown, u: UnitRates) => {
        const row = u.byYear.get(y)
        if (!row || row.households === 0) return t.common.none
        return (
          <span title={`${r.poor}: ${row.poor} · ${r.nearPoor}: ${row.nearPoor} · ${r.households}: ${row.households}`}>
            <Typography.Text strong>{formatRate(row.poorRateBasisPoints, locale)}</Typography.Text>{' '}
            <Typography.Text type="secondary">({row.poor}/{row.households})</Typography.Text>
          </span>
        )
      },
    })),
  ]

  return (
    <>
      <Form layout="inline" style={{ marginBottom: 12 }}>
        <Form.Item label={r.layer}>
          <Select style={{ width: 240 }} value={params.layer} onChange={(layer) => setParams({ ...params, layer, kind: undefined })}
            options={[{ value: 'current', label: r.current }, { value: 'historical', label: r.historical }]} />
        </Form.Item>
        <Form.Item label={r.fromYear}>
          <InputNumber min={2000} max={params.toYear} value={params.fromYear} onChange={(v) => v !== null && setParams({ ...params, fromYear: v })} />
        </Form.Item>
        <Form.Item label={r.toYear}>
          <InputNumber min={params.fromYear} max={Math.min(2100, params.fromYear + 30)} value={params.toYear} onChange={(v) => v !== null && setParams({ ...params, toYear: v })} />
        </Form.Item>
        {params.layer === 'current' && (
          <Form.Item label={r.kind}>
            <Select style={{ width: 200 }} value={params.kind ?? ''} onChange={(kind) => setParams({ ...params, kind: kind || undefined })}
              options={[{ value: '', label: r.allKinds }, ...(['province', 'transaction_office', 'commune', 'village'] as const).map((k) => ({ value: k, label: t.unitKinds[k] }))]} />
          </Form.Item>
        )}
      </Form>
      <Typography.Paragraph type="secondary">{r.hint}</Typography.Paragraph>
      {rates.isError && <ErrorAlert error={rates.error} onRetry={() => void rates.refetch()} />}
      {(rates.data?.unresolved ?? []).filter((u) => u.households > 0).map((u) => <Alert key={u.year} type="warning" showIcon title={r.unresolved(u.households, u.year)} style={{ marginBottom: 8 }} />)}
      <Flex vertical gap={16}>
        <EChart option={option} ariaLabel={r.chartTitle} />
        <Table<UnitRates> rowKey="key" columns={columns} dataSource={units} loading={rates.isFetching} pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: r.empty }} />
      </Flex>
    </>
  )
}
