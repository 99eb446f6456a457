/** Credits as people read them: amounts, categories, the rule behind an entry. */
import type { EntryRow } from '@/api/credits'
import { t, type MessageKey } from '@/i18n'
import { formatHours } from './hours'

/** Category codes in the order statements list them. */
export const CREDIT_CATEGORIES = ['class_hours', 'salon', 'research', 'exam', 'assignment', 'school_based', 'other'] as const

export const RESEARCH_KINDS = ['paper', 'project', 'monograph', 'public_lesson', 'experience_talk'] as const
export const RESEARCH_LEVELS = ['county', 'municipal', 'provincial', 'national', 'national_core', 'any'] as const

/**
 * Hundredths of a credit with at most two decimals: 1583 → "15.83", -200 → "-2"; `signed` adds
 * "+" before an award, as a ledger line shows it.
 */
export function formatCredits(hundredths: number, signed = false): string {
  const text = formatHours(hundredths)
  return signed && hundredths > 0 ? `+${text}` : text
}

/** Whether a typed amount is a non-zero number of credits with at most two decimals ("-2", "10.5"). */
export function creditsLookValid(text: string): boolean {
  const value = text.trim()
  return /^-?\d{1,6}(\.\d{1,2})?$/.test(value) && Number(value) !== 0
}

/** A score on 100 points with at most two decimals, as the server takes it. */
export function scoreLooksValid(text: string): boolean {
  const value = text.trim()
  return /^\d{1,3}(\.\d{1,2})?$/.test(value) && Number(value) <= 100
}

export function categoryText(code: string): string {
  return (CREDIT_CATEGORIES as readonly string[]).includes(code) ? t(`credits.categories.${code}` as MessageKey) : code
}

const RULES = [
  'class_hours.earned',
  'class_hours.late',
  'class_hours.early',
  'class_hours.absence',
  'exam.band',
  'assignment.band',
  'research.output',
  'salon.excellent',
  'salon.good',
  'school_term.base',
  'school_term.attended',
  'school_term.taught',
  'online.earned',
  'manual',
]

/** The rule an entry was computed by (`class_hours.late` → 迟到扣分); unknown codes as they are. */
export function ruleText(ruleId: string): string {
  return RULES.includes(ruleId) ? t(`credits.rules.${ruleId.replace('.', '_')}` as MessageKey) : ruleId
}

/** Which version of the rule set: the built-in one (0), a saved version, or none (manual entries). */
export function ruleVersionText(entry: Pick<EntryRow, 'rule_version'>): string {
  if (entry.rule_version == null) return ''
  return entry.rule_version === 0 ? t('credits.builtInRules') : t('credits.ruleVersion', { n: entry.rule_version })
}

/** An entry that still counts and may be revoked: neither reversed nor itself a reversal. */
export function isLive(entry: Pick<EntryRow, 'reverses'> & { reversed_by?: number | null }): boolean {
  return entry.reverses == null && entry.reversed_by == null
}
