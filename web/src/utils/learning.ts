/** Online learning as people read it: lengths, minutes, sizes, and codes in words. */
import { isEnglish, t, type MessageKey } from '@/i18n'
import type { CourseView, LessonView } from '@/api/learning'

/** A length as a clock: 4:05, 1:02:03. */
export function formatLength(ms: number | null | undefined): string {
  const total = Math.max(0, Math.floor((ms ?? 0) / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** Minutes with one decimal where it matters: 12, 3.5, 0.3. */
export function minutesOf(ms: number | null | undefined): string {
  const minutes = (ms ?? 0) / 60_000
  if (minutes === 0) return '0'
  const rounded = minutes >= 10 ? Math.round(minutes) : Math.round(minutes * 10) / 10
  return String(rounded === 0 ? 0.1 : rounded)
}

/** `12 分钟` / `12 min`. */
export function formatMinutes(ms: number | null | undefined): string {
  return t('learning.minutes', { n: minutesOf(ms) })
}

/** A short span as people say it: `40 秒` under a minute, `3.5 分钟` above. */
export function formatSpan(ms: number | null | undefined): string {
  const value = ms ?? 0
  if (value < 60_000) return t('learning.seconds', { n: Math.round(value / 1000) })
  return formatMinutes(value)
}

/** A file size: 850 KB, 12.4 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`
}

/** A word for a code the server labels in Chinese: the Chinese label, or its English text. */
function worded(group: 'categories' | 'states' | 'refused' | 'flagKinds', code: string, label: string | null | undefined): string {
  if (isEnglish.value) {
    const key = `learning.${group}.${code}` as MessageKey
    const text = t(key)
    if (text !== key) return text
  }
  return label || t(`learning.${group}.${code}` as MessageKey)
}

export function categoryText(course: Pick<CourseView, 'category' | 'category_label'>): string {
  return worded('categories', course.category, course.category_label)
}

export function stateText(course: Pick<CourseView, 'state' | 'state_label'>): string {
  return worded('states', course.state, course.state_label)
}

/** What a learning flag saw, in words. */
export function flagKindText(code: string, label: string | null | undefined): string {
  return worded('flagKinds', code, label)
}

/** Why a heartbeat earned nothing, in words. */
export function refusedText(code: string, label: string | null | undefined): string {
  return worded('refused', code, label)
}

/** A briefing's kind (半月统计, 月度通报) in words. */
export function briefingKindText(code: string): string {
  return t(`learning.briefings.kinds.${code}` as MessageKey)
}

/** Whom a laggard's follow-up goes to, in words. */
export function escalationText(code: string): string {
  return t(`learning.watch.escalations.${code}` as MessageKey)
}

/** Element Plus tag colours of a course's states. */
export const STATE_TAG: Record<string, 'info' | 'success' | 'warning'> = {
  draft: 'warning',
  published: 'success',
  retired: 'info',
}

/** How far the server's credit got, 0–100. */
export function percentOf(watched: number | null | undefined, duration: number | null | undefined): number {
  if (!duration) return 0
  return Math.min(100, Math.round(((watched ?? 0) / duration) * 100))
}

/** The lesson to go on with: the first one not completed (or the first when all are). */
export function nextLesson(course: CourseView): LessonView | undefined {
  return course.lessons.find((l) => !l.completed_at) ?? course.lessons[0]
}
