/** The rule documents (规则设置). */
import { http } from './client'
import type { Schemas } from './common'

export type RuleDocument = Schemas['RuleDocument']

export type RuleKindView = Schemas['RuleKindView']
/** A kind's name (`class_routing` …); the server lists them, each feature registering its own. */
export type RuleKind = string

/** A draft read as a form, with what the kind's check says of it. */
export type RuleFormView = Schemas['RuleFormView']
export type FormField = Schemas['FormField']
export type FieldInput = Schemas['FieldInput']
export type FormEdit = Schemas['FormEdit']
export type Choice = Schemas['Choice']

export const rulesApi = {
  kinds: () => http.get<RuleKindView[]>('/rules'),
  get: (kind: RuleKind) => http.get<RuleDocument>(`/rules/${kind}`),
  save: (kind: RuleKind, body: string) => http.put<RuleDocument>(`/rules/${kind}`, { body }),
  /** The draft with `edits` written in, as a form; nothing is saved. */
  form: (kind: RuleKind, body: string, edits: FormEdit[] = []) =>
    http.post<RuleFormView>(`/rules/${kind}/form`, { body, edits }),
}
