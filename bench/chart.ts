// An SVG bar chart of the medians, written by hand (no dependency): one row per workload, with the
// bytes each side uploaded and its wall time, every bar labelled with its value and its ratio.
import type { Side } from './measurements'

export interface ChartBar {
  side: Side
  /** Object bytes the run sent and stored. */
  bytes: number
  wallMs: number
  /** The compression time of the same files, measured alone: drawn as the bar's lighter base. */
  compressMs?: number
}

export interface ChartRow {
  title: string
  bars: ChartBar[]
}

export interface ChartData {
  title: string
  subtitle: string
  rows: ChartRow[]
}

const COLORS: Record<Side, string> = { 'built-in': '#8a8f98', plugin: '#2f6fd0', 'plugin again': '#2e9d62' }
const WIDTH = 960
const MARGIN = 24
const HEADER = 92
const ROW_HEIGHT = 250
const PANEL_GAP = 48
const PLOT_TOP = 46
const PLOT_BOTTOM = 44
const AXIS_WIDTH = 54
const FONT = 'font-family="Helvetica, Arial, sans-serif"'

interface Metric {
  title: string
  value: (bar: ChartBar) => number
  /** Part of the value drawn lighter at the bar's base, with its own label. */
  part?: (bar: ChartBar) => number | undefined
  format: (value: number) => string
  unit: string
}

const METRICS: Metric[] = [
  {
    title: 'bytes sent to OSS',
    value: (bar) => bar.bytes / (1024 * 1024),
    format: (v) => (v === 0 ? '0 MB' : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} MB`),
    unit: 'MB'
  },
  {
    title: 'wall time of `picgo upload`',
    value: (bar) => bar.wallMs / 1000,
    part: (bar) => (bar.compressMs === undefined ? undefined : bar.compressMs / 1000),
    format: (v) => `${v.toFixed(v < 10 ? 2 : 1)} s`,
    unit: 's'
  }
]

export function renderChart(data: ChartData): string {
  const height = HEADER + data.rows.length * ROW_HEIGHT + MARGIN
  const panelWidth = (WIDTH - 2 * MARGIN - PANEL_GAP) / 2
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT}>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(MARGIN, 32, data.title, { size: 20, weight: 'bold' }),
    text(MARGIN, 54, data.subtitle, { size: 13, fill: '#555' }),
    legend(MARGIN, 76)
  ]
  data.rows.forEach((row, rowIndex) => {
    const top = HEADER + rowIndex * ROW_HEIGHT
    METRICS.forEach((metric, metricIndex) => {
      const left = MARGIN + metricIndex * (panelWidth + PANEL_GAP)
      parts.push(panel(row, metric, left, top, panelWidth, ROW_HEIGHT - 16))
    })
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

function panel(row: ChartRow, metric: Metric, left: number, top: number, width: number, height: number): string {
  const plotLeft = left + AXIS_WIDTH
  const plotWidth = width - AXIS_WIDTH
  const plotTop = top + PLOT_TOP
  const plotHeight = height - PLOT_TOP - PLOT_BOTTOM
  const baseline = plotTop + plotHeight
  const values = row.bars.map(metric.value)
  const tickStep = niceStep((Math.max(...values, 1e-9) * 1.2) / 4)
  const axisMax = 4 * tickStep
  const builtIn = row.bars.find((bar) => bar.side === 'built-in')
  const reference = builtIn ? metric.value(builtIn) : undefined
  const parts: string[] = [
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" rx="6" fill="#f7f8fa" stroke="#e1e4e8"/>`,
    text(left + 12, top + 22, `${row.title}: ${metric.title}`, { size: 14, weight: 'bold' })
  ]
  for (const tick of [0, 1, 2, 3, 4].map((n) => n * tickStep)) {
    const y = baseline - (tick / axisMax) * plotHeight
    parts.push(`<line x1="${plotLeft}" y1="${y.toFixed(1)}" x2="${plotLeft + plotWidth - 12}" y2="${y.toFixed(1)}" stroke="#dde1e6"/>`)
    parts.push(text(plotLeft - 8, y + 4, `${formatTick(tick)} ${metric.unit}`, { size: 11, fill: '#666', anchor: 'end' }))
  }
  const slot = (plotWidth - 12) / row.bars.length
  const barWidth = Math.min(110, slot * 0.6)
  row.bars.forEach((bar, index) => {
    const value = metric.value(bar)
    const barHeight = Math.max((value / axisMax) * plotHeight, value > 0 ? 1 : 0)
    const x = plotLeft + index * slot + (slot - barWidth) / 2
    const centre = x + barWidth / 2
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${(baseline - barHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${COLORS[bar.side]}"/>`
    )
    const part = metric.part?.(bar)
    if (part !== undefined && part > 0) {
      const partHeight = Math.min((part / axisMax) * plotHeight, barHeight)
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(baseline - partHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${partHeight.toFixed(1)}" fill="#ffffff" fill-opacity="0.45"/>`
      )
      if (partHeight >= 30) {
        parts.push(text(centre, baseline - partHeight / 2 - 2, 'compression', { size: 10, fill: '#1b2a41', anchor: 'middle' }))
        parts.push(text(centre, baseline - partHeight / 2 + 11, metric.format(part), { size: 10, fill: '#1b2a41', anchor: 'middle' }))
      }
    }
    const ratio = reference && bar.side !== 'built-in' ? `  (${(value / reference).toFixed(2)}×)` : ''
    parts.push(text(centre, baseline - barHeight - 7, `${metric.format(value)}${ratio}`, { size: 12, weight: 'bold', anchor: 'middle' }))
    parts.push(text(centre, baseline + 18, bar.side, { size: 12, fill: '#333', anchor: 'middle' }))
  })
  parts.push(`<line x1="${plotLeft}" y1="${baseline}" x2="${plotLeft + plotWidth - 12}" y2="${baseline}" stroke="#888"/>`)
  return parts.join('\n')
}

function legend(x: number, y: number): string {
  const labels: Record<Side, string> = {
    'built-in': 'built-in aliyun uploader',
    plugin: 'aliyun-oss-plus',
    'plugin again': 'aliyun-oss-plus again (dedupe)'
  }
  let offset = x
  const parts: string[] = []
  for (const side of Object.keys(labels) as Side[]) {
    parts.push(`<rect x="${offset}" y="${y - 10}" width="12" height="12" fill="${COLORS[side]}"/>`)
    parts.push(text(offset + 18, y, labels[side], { size: 12, fill: '#333' }))
    offset += 18 + labels[side].length * 6.6 + 24
  }
  parts.push(`<rect x="${offset}" y="${y - 10}" width="12" height="12" fill="${COLORS.plugin}"/>`)
  parts.push(`<rect x="${offset}" y="${y - 10}" width="12" height="12" fill="#ffffff" fill-opacity="0.45"/>`)
  parts.push(text(offset + 18, y, 'lighter base: compression alone', { size: 12, fill: '#333' }))
  return parts.join('\n')
}

/** The smallest round step (1, 2, 2.5, 3, 4, 5, 6 or 8 × 10^n) at or above `value`. */
function niceStep(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value))
  const step = [1, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= value) ?? 10
  return step * power
}

function formatTick(value: number): string {
  return String(Number(value.toPrecision(3)))
}

interface TextStyle {
  size: number
  weight?: 'bold'
  fill?: string
  anchor?: 'start' | 'middle' | 'end'
}

function text(x: number, y: number, content: string, style: TextStyle): string {
  const attributes = [
    `x="${x.toFixed(1)}"`,
    `y="${y.toFixed(1)}"`,
    `font-size="${style.size}"`,
    style.weight ? `font-weight="${style.weight}"` : '',
    `fill="${style.fill ?? '#111'}"`,
    style.anchor && style.anchor !== 'start' ? `text-anchor="${style.anchor}"` : ''
  ].filter(Boolean)
  return `<text ${attributes.join(' ')}>${escapeXml(content)}</text>`
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
