/** Attendance marks and sessions as people read them: status labels, minutes, session names. */
import type { MarkRow } from '@/api/attendance'
import type { SessionRow } from '@/api/classes'
import { t, type MessageKey } from '@/i18n'
import { formatDateTime, joinList } from './format'

/** The statuses a head teacher may record (withdrawal comes only from a leave decision). */
export const MARK_STATUSES = ['present', 'late', 'left_early', 'late_and_left_early', 'on_leave', 'absent'] as const

/** Every count the roll call reports, in the order they are shown. */
export const COUNT_KEYS = [...MARK_STATUSES, 'unmarked'] as const

export function statusText(status: string): string {
  return t(`attendance.statuses.${status}` as MessageKey)
}

export function hasLateMinutes(status: string): boolean {
  return status === 'late' || status === 'late_and_left_early'
}

export function hasEarlyMinutes(status: string): boolean {
  return status === 'left_early' || status === 'late_and_left_early'
}

/** The mark in one phrase: 出勤, 迟到 5 分钟, 迟到 5 分钟、早退 10 分钟, 请假… */
export function markText(mark: Pick<MarkRow, 'status' | 'minutes_late' | 'minutes_early'> | null | undefined): string {
  if (!mark) return statusText('unmarked')
  const parts: string[] = []
  if (hasLateMinutes(mark.status) && mark.minutes_late > 0) parts.push(t('attendance.minutesLate', { n: mark.minutes_late }))
  if (hasEarlyMinutes(mark.status) && mark.minutes_early > 0) parts.push(t('attendance.minutesEarly', { n: mark.minutes_early }))
  return parts.length ? joinList(parts) : statusText(mark.status)
}

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export function statusTagType(status: string | null | undefined): TagType {
  switch (status) {
    case 'present':
      return 'success'
    case 'late':
    case 'left_early':
    case 'late_and_left_early':
      return 'warning'
    case 'absent':
      return 'danger'
    case 'on_leave':
      return 'primary'
    default:
      return 'info'
  }
}

export function sourceText(source: string): string {
  return t(`attendance.sources.${source}` as MessageKey)
}

/** 第 3 节 */
export function sessionName(seq: number): string {
  return t('attendance.sessions.session', { n: seq })
}

/** Short enough for a phone's drop-down: 第 3 节 03-02 14:00 依法行政 */
export function sessionShortLabel(s: Pick<SessionRow, 'seq' | 'date' | 'start_time' | 'topic'>): string {
  return `${sessionName(s.seq)} ${s.date.slice(5)} ${s.start_time} ${s.topic}`
}

/** When a session starts (its date and start time are China time). */
export function sessionStartsAt(s: Pick<SessionRow, 'date' | 'start_time'>): Date {
  return new Date(`${s.date}T${s.start_time}:00+08:00`)
}

/** The China-time clock of an instant: 14:05:09. */
export function clockOf(instant: string | null | undefined): string {
  return formatDateTime(instant).slice(11)
}
