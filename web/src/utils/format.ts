import { locale } from '@/i18n'

const CHINA_TIME = 'Asia/Shanghai'

/** An instant (UTC from the server) in China time, as people read it: 2026-03-01 14:05:09. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: CHINA_TIME,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`
}

/** Today's date in China time, `YYYY-MM-DD`. */
export function todayInChina(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: CHINA_TIME }).format(new Date())
}

/** A China-time wall clock `YYYY-MM-DD HH:mm:ss` as an RFC 3339 instant with +08:00. */
export function chinaTimeToInstant(value: string | null | undefined): string | undefined {
  if (!value) return undefined
  return `${value.replace(' ', 'T')}+08:00`
}

/** A list as people write it: 甲、乙、丙 in Chinese, "a, b, c" in English. */
export function joinList(items: readonly string[]): string {
  return items.join(locale.value === 'en' ? ', ' : '、')
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale.value === 'en' ? 'en' : 'zh-CN').format(n)
}
