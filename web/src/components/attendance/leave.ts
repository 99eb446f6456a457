/** Leave requests as people read them, and what may still be done with one. */
import type { LeaveRow, SessionRow } from '@/api/types'
import { t } from '@/i18n'
import { sessionName, sessionStartsAt } from '@/utils/attendance'

function short(s: SessionRow | undefined, id: number, topic: boolean): string {
  if (!s) return `#${id}`
  const when = `${s.date.slice(5)} ${s.start_time}${topic ? ` ${s.topic}` : ''}`
  return `${sessionName(s.seq)}${t('common.parenthesised', { text: when })}`
}

/** How a request names its sessions: 第 2 节（03-02 14:00）至 第 4 节（03-03 09:00）. */
export function leaveRange(leave: Pick<LeaveRow, 'first_session_id' | 'last_session_id'>, sessions: readonly SessionRow[]): string {
  const first = sessions.find((s) => s.id === leave.first_session_id)
  const last = sessions.find((s) => s.id === leave.last_session_id)
  if (leave.first_session_id === leave.last_session_id) return short(first, leave.first_session_id, true)
  return t('attendance.leave.range', {
    first: short(first, leave.first_session_id, false),
    last: short(last, leave.last_session_id, false),
  })
}

function endsAt(s: SessionRow): Date {
  return new Date(`${s.date}T${s.end_time}:00+08:00`)
}

/**
 * What may still be done with a request: cancel it before its first session starts (pending or
 * approved), or, once an approved leave has begun and before it is over, end it early (销假).
 */
export function leaveActions(leave: LeaveRow, sessions: readonly SessionRow[], now = Date.now()): { cancel: boolean; back: boolean } {
  const first = sessions.find((s) => s.id === leave.first_session_id)
  const last = sessions.find((s) => s.id === leave.last_session_id)
  const live = ['pending', 'approved'].includes(leave.state) && !leave.withdrawal
  const begun = !!first && sessionStartsAt(first).getTime() <= now
  const over = !!last && endsAt(last).getTime() <= now
  return {
    cancel: live && !begun,
    back: live && leave.state === 'approved' && begun && !over,
  }
}
