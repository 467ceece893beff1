// A minimal React wrapper over ECharts, shared by the pages that chart (poverty rates, capital
// plans): one chart per element, options replaced on change, resized with its box, disposed on
// unmount. Only line and bar charts are registered, so the bundle does not carry all of ECharts.
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import { formatDong, formatDongShort } from './format.js'

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = Parameters<echarts.ECharts['setOption']>[0]

/** A value axis of đồng: short ticks in the reader's language ('1,5 tỷ', '180 tr'). */
export function dongAxis(locale: 'vi' | 'en') {
  return { type: 'value', axisLabel: { formatter: (v: number) => formatDongShort(v, locale) } } as const
}

/** A value axis of percent, with the reader's decimal mark ('0,35%' in Vietnamese). */
export function percentAxis(locale: 'vi' | 'en') {
  const number = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 2 })
  return { type: 'value', axisLabel: { formatter: (v: number) => `${number.format(v)}%` } } as const
}

/** A series' tooltip value in full đồng ('1.500.000 ₫'), for money series. */
export const DONG_TOOLTIP = { valueFormatter: (v: unknown) => (typeof v === 'number' ? formatDong(String(Math.round(v))) : String(v)) } as const

/** What a click on a bar or a point reports (the dashboards drill down with it). */
export interface ChartClick {
  readonly dataIndex: number
  readonly name: string
}

export function EChart({ option, height = 320, ariaLabel, onClick }: { option: ChartOption; height?: number; ariaLabel: string; onClick?: (click: ChartClick) => void }) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const clicked = useRef(onClick)
  clicked.current = onClick

  useEffect(() => {
    if (!ref.current) return
    const instance = echarts.init(ref.current)
    chart.current = instance
    instance.on('click', (params) => clicked.current?.({ dataIndex: params.dataIndex, name: params.name }))
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(ref.current)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={ref} role="img" aria-label={ariaLabel} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} />
}
