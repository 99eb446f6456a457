/** How many notices the signed-in account has not read: the menu's badge. */
import { ref } from 'vue'
import { noticesApi } from '@/api/notices'
import { can } from '@/stores/session'

export const unreadNotices = ref(0)

/** Asks the server again; a failure keeps the last count (the badge is only a hint). */
export async function refreshUnreadNotices(): Promise<void> {
  if (!can('class.read')) {
    unreadNotices.value = 0
    return
  }
  try {
    unreadNotices.value = (await noticesApi.unread()).count
  } catch {
    // The notices page shows errors; the menu stays quiet.
  }
}
