// A minimal React wrapper over ECharts, shared by the pages that chart (poverty rates, capital
// plans): one chart per element, options replaced on change, resized with its box, disposed on
// unmount. Only line and bar charts are registered, so the bundle does not carry all of ECharts.
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = Parameters<echarts.ECharts['setOption']>[0]

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
