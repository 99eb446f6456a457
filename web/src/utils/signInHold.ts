/**
 * A scan held by the server while the trainee signs in (and, the first time, replaces the first
 * password): the token the server returned, kept on this phone only (never in the address), and
 * until when the server keeps it. Redeemed once by the sign-in page (ADR 0022).
 */
const PREFIX = 'ganxun.signInHold.'

export interface HeldScan {
  sessionId: number
  token: string
  /** ISO time the server checked the code; the sign-in counts as of then. */
  scannedAt: string
  /** ISO time; after it the server no longer accepts the token. */
  expiresAt: string
}

export function saveHold(hold: HeldScan) {
  try {
    localStorage.setItem(PREFIX + hold.sessionId, JSON.stringify(hold))
  } catch {
    // Private mode without storage: the trainee scans again after signing in.
  }
}

function parse(text: string | null): HeldScan | null {
  if (!text) return null
  try {
    const hold = JSON.parse(text) as HeldScan
    if (typeof hold.token !== 'string' || typeof hold.expiresAt !== 'string' || typeof hold.scannedAt !== 'string') return null
    return Date.parse(hold.expiresAt) > Date.now() - 60_000 ? hold : null
  } catch {
    return null
  }
}

export function readHold(sessionId: number): HeldScan | null {
  try {
    const hold = parse(localStorage.getItem(PREFIX + sessionId))
    if (!hold) localStorage.removeItem(PREFIX + sessionId)
    return hold
  } catch {
    return null
  }
}

export function clearHold(sessionId: number) {
  try {
    localStorage.removeItem(PREFIX + sessionId)
  } catch {
    // Nothing kept.
  }
}

/** The held scan a sign-in link is waiting for, if any (for the login and password pages). */
export function holdFor(redirect: string | null): HeldScan | null {
  if (!redirect?.startsWith('/sign-in')) return null
  const session = Number(new URLSearchParams(redirect.split('?')[1] ?? '').get('session'))
  return Number.isInteger(session) && session > 0 ? readHold(session) : null
}
