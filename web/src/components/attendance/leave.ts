/** Leave requests as people read them, and what may still be done with one. */
import type { ClassRecord, SessionRow } from '@/api/classes'
import type { LeaveRow, SessionLabel } from '@/api/attendance'
import { t } from '@/i18n'
import { can, session } from '@/stores/session'
import { unitsById } from '@/stores/units'
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

/**
 * The same for the approvers' list, which names sessions without their number:
 * 12-04 09:00–12:00 乡村振兴政策解读, or 12-04 09:00 甲 至 12-05 11:30 乙.
 */
export function labelRange(first: SessionLabel | null | undefined, last: SessionLabel | null | undefined): string {
  const when = (s: SessionLabel) => `${s.date.slice(5)} ${s.start_time}`
  if (!first || !last) return ''
  if (first.id === last.id) return `${when(first)}–${first.end_time} ${first.topic}`
  return t('attendance.leave.range', { first: `${when(first)} ${first.topic}`, last: `${when(last)} ${last.topic}` })
}

/**
 * Whether the signed-in account decides this class's leave, as the server judges it (ADR 0007):
 * the head teacher always; else the office the class names (its own unit is that office or lies
 * inside it); else those who run the class. Only hides buttons: the server still decides.
 */
export function decidesLeave(klass: Pick<ClassRecord, 'head_teacher_account_id' | 'leave_office_unit_id'>): boolean {
  const me = session.me
  if (!me) return false
  if (klass.head_teacher_account_id === me.account_id && can('leave.approve')) return true
  const office = klass.leave_office_unit_id
  if (office == null) return can('class.run')
  // Paths look like `/1/10/20/`; the own unit is in the caller's scope once units are loaded.
  const path = unitsById.value.get(me.unit_id)?.path ?? ''
  return can('leave.approve') && (me.unit_id === office || path.split('/').includes(String(office)))
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
