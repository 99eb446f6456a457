import { reactive } from 'vue'
import { accountsApi } from '@/api/accounts'

/**
 * The names shown for the usernames records keep (issue 17 item 5). Every name a page asks for
 * in one moment goes to the server in one request; the answers are kept for the session, and
 * the username stands in until its name arrives (or when the lookup fails).
 */
const known = reactive(new Map<string, string>())
let waiting = new Set<string>()
/** Sent and not yet answered: not asked again meanwhile. */
const asking = new Set<string>()
let scheduled = false

function flush() {
  scheduled = false
  const asked = [...waiting]
  waiting = new Set()
  for (let at = 0; at < asked.length; at += 500) {
    const part = asked.slice(at, at + 500)
    part.forEach((u) => asking.add(u))
    accountsApi.names(part).finally(() => part.forEach((u) => asking.delete(u))).then(
      (names) => {
        for (const [username, name] of Object.entries(names)) known.set(username, name)
      },
      // The username stays on screen; asking again on the next render would only fail again.
      () => part.forEach((u) => known.set(u, u)),
    )
  }
}

/** The name of `username`, reactive: the username until the name is known. */
export function actorName(username: string | null | undefined): string {
  if (!username) return ''
  const name = known.get(username)
  if (name !== undefined) return name
  if (!waiting.has(username) && !asking.has(username)) {
    waiting.add(username)
    if (!scheduled) {
      scheduled = true
      queueMicrotask(flush)
    }
  }
  return username
}
