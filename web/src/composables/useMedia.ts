import { onBeforeUnmount, ref } from 'vue'

/** Whether a media query matches, kept up to date. */
export function useMedia(query: string) {
  const list = window.matchMedia(query)
  const matches = ref(list.matches)
  const update = (event: MediaQueryListEvent) => {
    matches.value = event.matches
  }
  list.addEventListener('change', update)
  onBeforeUnmount(() => list.removeEventListener('change', update))
  return matches
}

/** Phones and narrow windows: the menu moves into a drawer, tables into cards. */
export function useIsNarrow() {
  return useMedia('(max-width: 768px)')
}
