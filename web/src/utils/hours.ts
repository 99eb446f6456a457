/** Class hours are stored in hundredths: 3000 → "30", 150 → "1.5", 125 → "1.25". */
export function formatHours(hundredths: number | null | undefined): string {
  if (hundredths == null) return ''
  const sign = hundredths < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(hundredths))
  const whole = Math.trunc(abs / 100)
  const fraction = String(abs % 100).padStart(2, '0').replace(/0+$/, '')
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`
}
