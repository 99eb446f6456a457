/** The rule documents (规则设置). */
import { http } from './client'
import type { Schemas } from './common'

export type RuleDocument = Schemas['RuleDocument']

/** The rule documents the training authority edits. */
export const RULE_KINDS = [
  'class_routing',
  'holiday_calendar',
  'hour_conversion',
  'class_settings',
  'attendance_settings',
  'credit_rules',
  'school_credit_rules',
  'compliance_national',
  'compliance_county',
  'compliance_org_cadres',
] as const
export type RuleKind = (typeof RULE_KINDS)[number]

export const rulesApi = {
  get: (kind: RuleKind) => http.get<RuleDocument>(`/rules/${kind}`),
  save: (kind: RuleKind, body: string) => http.put<RuleDocument>(`/rules/${kind}`, { body }),
}
