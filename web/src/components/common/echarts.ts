/** ECharts with only what the dashboard draws: bars and pies on a canvas. */
import * as echarts from 'echarts/core'
import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { echarts }

export interface ChartItem {
  name: string
  value: number
  /** What a click on the item means (e.g. a unit id to drill into). */
  id?: number
}

/** Tooltips are HTML: names come from stored data, so they are escaped here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
}
