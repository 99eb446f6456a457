/** Grading schemes as people read them: the components' sources, the excellent rule, scores. */
import type { ComponentSource, ExcellentRule, GradeLine, GradingScheme } from '@/api/grades'
import { formatHours } from '@/utils/hours'
import { t, type MessageKey } from '@/i18n'

export const COMPONENT_SOURCES: readonly ComponentSource[] = ['attendance', 'exam', 'assignment', 'manual']

export function sourceText(source: ComponentSource): string {
  return t(`grades.sources.${source}` as MessageKey)
}

/** Hundredths of a point as a score: 8450 → "84.5". */
export function formatScore(hundredths: number | null | undefined): string {
  return formatHours(hundredths)
}

export type ExcellentKind = 'top' | 'top_percent' | 'at_least'

export function excellentKind(rule: ExcellentRule): ExcellentKind {
  if ('top' in rule) return 'top'
  if ('top_percent' in rule) return 'top_percent'
  return 'at_least'
}

export function excellentValue(rule: ExcellentRule): number {
  if ('top' in rule) return rule.top
  if ('top_percent' in rule) return rule.top_percent
  return rule.at_least
}

export function excellentRule(kind: ExcellentKind, value: number): ExcellentRule {
  if (kind === 'top') return { top: value }
  if (kind === 'top_percent') return { top_percent: value }
  return { at_least: value }
}

/** 前 10% / 前 3 名 / 90 分以上 */
export function excellentText(rule: ExcellentRule): string {
  return t(`grades.excellentRule.${excellentKind(rule)}` as MessageKey, { n: excellentValue(rule) })
}

/** 课程与学时 40%、作业 30%、研修成果 30%；60 分合格；优秀学员：合格者前 10% */
export function schemeText(scheme: GradingScheme): string {
  const parts = scheme.components.map((c) => `${c.label} ${c.weight}%`).join(t('grades.listSeparator'))
  return t('grades.schemeSummary', { parts, pass: scheme.pass_mark, excellent: excellentText(scheme.excellent) })
}

export type Completion = GradeLine['completion']
export type Shortfall = Completion['reasons'][number]

/** 结业 / 未结业 / 待定（成绩未录全） / 退学 */
export function verdictText(completion: Completion): string {
  return t(`grades.verdicts.${completion.verdict}` as MessageKey)
}

/** One reason in words: "出勤 11.52 学时，不足 15.43 学时（总学时 18，请假上限 1/7）". */
export function shortfallText(s: Shortfall): string {
  switch (s.kind) {
    case 'attendance':
      return t('grades.shortfalls.attendance', { attended: s.attended, required: s.required, planned: s.planned, cap: s.cap })
    case 'failed':
      return t('grades.shortfalls.failed', { total: formatScore(s.total), pass: s.pass_mark })
    case 'scores_missing':
      return t('grades.shortfalls.scores_missing', { components: s.components.join(t('grades.listSeparator')) })
    default:
      return t(`grades.shortfalls.${s.kind}` as MessageKey)
  }
}

/** The reasons of a verdict, joined ("；"). */
export function reasonsText(completion: Completion): string {
  return completion.reasons.map(shortfallText).join('；')
}

/** Hundredths of a percent as "85.71%". */
export function formatRate(hundredths: number | null | undefined): string {
  return hundredths == null ? '' : `${formatHours(hundredths)}%`
}
