/**
 * A random id for this phone's browser, made once and kept, sent with each sign-in so the
 * server can spot one phone signing in for several trainees. It says nothing about the phone.
 * Made with `crypto.getRandomValues`, which (unlike `randomUUID`) also works over plain HTTP.
 */
const STORAGE_KEY = 'ganxun.device'

let fallback = ''

function fresh(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

export function deviceId(): string {
  try {
    const kept = localStorage.getItem(STORAGE_KEY)
    if (kept && /^[0-9a-f]{32}$/.test(kept)) return kept
    const made = fresh()
    localStorage.setItem(STORAGE_KEY, made)
    return made
  } catch {
    // Private mode: one id for as long as the page stays open.
    fallback ||= fresh()
    return fallback
  }
}
