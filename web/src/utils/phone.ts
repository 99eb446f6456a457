/** The phone formats the server accepts: an 11-digit mobile or a landline with area code. */
export function phoneLooksValid(input: string): boolean {
  const compact = input.replace(/[\s\-－‐‑–—]/g, '')
  let digits = compact
  if (digits.startsWith('+86')) digits = digits.slice(3)
  if (!/^\d+$/.test(digits)) return false
  for (const prefix of ['', '0086', '86']) {
    if (digits.startsWith(prefix) && /^1[3-9]\d{9}$/.test(digits.slice(prefix.length))) return true
  }
  if (compact.startsWith('+')) return false
  const areaLength = /^(010|02)/.test(digits) ? 3 : /^0[3-9]/.test(digits) ? 4 : 0
  if (!areaLength) return false
  const local = digits.slice(areaLength)
  return local.length >= 7 && local.length <= 8 && !local.startsWith('0')
}
