/** How many leave requests wait for the signed-in account's decision: the menu's badge. */
import { ref } from 'vue'
import { attendanceApi } from '@/api/attendance'
import { can } from '@/stores/session'

export const pendingLeaveCount = ref(0)

/** Asks the server again; a failure keeps the last count (the badge is only a hint). */
export async function refreshPendingLeave(): Promise<void> {
  if (!can('leave.approve')) {
    pendingLeaveCount.value = 0
    return
  }
  try {
    pendingLeaveCount.value = (await attendanceApi.pendingLeave()).length
  } catch {
    // The inbox page shows errors; the menu stays quiet.
  }
}
