import { onBeforeUnmount } from 'vue'

/**
 * Runs `task` now and then every `intervalMs` after it finished, while started; paused while the
 * page is hidden and run at once when it shows again. Never two runs at a time. Stops with the
 * component.
 */
export function usePolling(task: () => Promise<void>, intervalMs: number) {
  let active = false
  let running = false
  /** A refresh was asked for while a run was under way: run again right after it. */
  let again = false
  let timer: number | undefined

  function schedule(delay: number) {
    window.clearTimeout(timer)
    if (active) timer = window.setTimeout(tick, delay)
  }

  async function tick() {
    if (!active || running) return
    if (document.hidden) return
    running = true
    try {
      await task()
    } finally {
      running = false
      schedule(again ? 0 : intervalMs)
      again = false
    }
  }

  function visibility() {
    if (!document.hidden && active && !running) {
      window.clearTimeout(timer)
      void tick()
    }
  }
  document.addEventListener('visibilitychange', visibility)

  function start() {
    if (active) return
    active = true
    void tick()
  }

  function stop() {
    active = false
    window.clearTimeout(timer)
  }

  /** Runs the task now (e.g. after a change), then goes on with the interval. */
  function refresh() {
    if (!active) return
    if (running) {
      again = true
      return
    }
    window.clearTimeout(timer)
    void tick()
  }

  onBeforeUnmount(() => {
    stop()
    document.removeEventListener('visibilitychange', visibility)
  })

  return { start, stop, refresh }
}
