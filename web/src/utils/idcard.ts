/**
 * The GB 11643 resident ID number checks the server makes, repeated here so a typing mistake is
 * caught before sending. The server stays the judge: its messages are always shown too.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** The check digit of the first 17 digits. */
export function checkDigit(body17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (WEIGHTS[i] ?? 0)
  return CHECK[sum % 11] ?? '?'
}

export type IdCardProblem =
  | { code: 'length'; n: number }
  | { code: 'characters' }
  | { code: 'region' }
  | { code: 'birthDate' }
  | { code: 'checkDigit'; expected: string; found: string }

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** `null` when the number is well-formed; otherwise the first problem a person should look at. */
export function idCardProblem(input: string): IdCardProblem | null {
  const text = input.trim().toUpperCase()
  if (text.length !== 18) return { code: 'length', n: [...text].length }
  if (!/^\d{17}[\dX]$/.test(text)) return { code: 'characters' }
  if (text.startsWith('0')) return { code: 'region' }
  const y = Number(text.slice(6, 10))
  const m = Number(text.slice(10, 12))
  const d = Number(text.slice(12, 14))
  if (!validDate(y, m, d)) return { code: 'birthDate' }
  const expected = checkDigit(text.slice(0, 17))
  const found = text.charAt(17)
  if (expected !== found) return { code: 'checkDigit', expected, found }
  return null
}

/** Birth date and sex encoded in a valid number. */
export function idCardFacts(input: string): { birthDate: string; sex: 'male' | 'female' } | null {
  if (idCardProblem(input)) return null
  const text = input.trim().toUpperCase()
  const birthDate = `${text.slice(6, 10)}-${text.slice(10, 12)}-${text.slice(12, 14)}`
  return { birthDate, sex: Number(text.charAt(16)) % 2 === 1 ? 'male' : 'female' }
}
