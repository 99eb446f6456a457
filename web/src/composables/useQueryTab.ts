import { computed, type WritableComputedRef } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/**
 * The open tab, kept in the address (`?tab=credits`) so a link can open it and "back" returns
 * to it; the first tab shown needs no query. A tab not shown (any more) falls back to the first.
 */
export function useQueryTab<T extends string>(shown: () => readonly T[]): WritableComputedRef<T> {
  const route = useRoute()
  const router = useRouter()
  return computed<T>({
    get: () => {
      const tabs = shown()
      const wanted = route.query.tab as T
      return tabs.includes(wanted) ? wanted : (tabs[0] as T)
    },
    set: (value) => void router.replace({ query: { ...route.query, tab: value === shown()[0] ? undefined : value } }),
  })
}
