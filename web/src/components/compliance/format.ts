/** How compliance figures and windows read: "12 天或 90 学时", "2026-01-01 至 2026-12-31". */
import type { ComplianceWindow, Figures, RuleSetRef, TrainingRecord } from '@/api/compliance'
import { t } from '@/i18n'

/** A person's review figures, or the dashboard's (whose absent figures arrive as null). */
type FiguresLike = { [K in keyof Figures]?: Figures[K] | null }

/** Drops trailing zeros of a decimal string: "12.00" → "12", "0.50" → "0.5". */
function trim(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value
}

/**
 * The figures a rule asks for, in words. `either` joins them with 或 (a rule met by days or by
 * hours: required and missing); otherwise with a comma (what was done).
 */
export function figuresText(f: FiguresLike | undefined, either = true): string {
  if (!f) return t('compliance.none')
  const parts: string[] = []
  if (f.days != null) parts.push(t('compliance.days', { n: trim(f.days) }))
  if (f.hours != null) parts.push(t('compliance.hours', { n: trim(f.hours) }))
  if (f.times != null) parts.push(t('compliance.times', { n: f.times }))
  if (!parts.length) return t('compliance.none')
  return parts.join(either ? t('compliance.or') : t('compliance.and'))
}

export function windowText(w: ComplianceWindow): string {
  if (!w.starts_on) return t('compliance.windowEver', { to: w.ends_on })
  return t('compliance.classDates', { from: w.starts_on, to: w.ends_on })
}

/** "title · 第 2 版" or "title · 内置". */
export function ruleSetText(r: RuleSetRef): string {
  return `${r.title} · ${r.version === 0 ? t('compliance.builtIn') : t('compliance.version', { version: r.version })}`
}

export function recordsById(records: readonly TrainingRecord[]): Map<number, TrainingRecord> {
  return new Map(records.map((r) => [r.id, r]))
}
