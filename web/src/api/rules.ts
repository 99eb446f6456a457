/** The rule documents (规则设置). */
import { http } from './client'
import type { Schemas } from './common'

export type RuleDocument = Schemas['RuleDocument']

export type RuleKindView = Schemas['RuleKindView']
/** A kind's name (`class_routing` …); the server lists them, each feature registering its own. */
export type RuleKind = string

export const rulesApi = {
  kinds: () => http.get<RuleKindView[]>('/rules'),
  get: (kind: RuleKind) => http.get<RuleDocument>(`/rules/${kind}`),
  save: (kind: RuleKind, body: string) => http.put<RuleDocument>(`/rules/${kind}`, { body }),
}
