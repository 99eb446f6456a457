/**
 * Money is stored in fen (分) and never handled as a float: shown as 元 with two decimals, and
 * typed in 元 with at most two decimals.
 */

/** 123456789 → "1,234,567.89"; -5 → "-0.05" (thousands separated, as on any money form). */
export function formatYuan(fen: number | null | undefined): string {
  if (fen == null) return ''
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const yuan = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`
}

/** "1234.5" → 123450; `null` when the text is not an amount in 元 (empty text is 0). */
export function parseYuan(text: string): number | null {
  const value = text.trim().replace(/[,，\s]/g, '')
  if (value === '') return 0
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value)
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}
