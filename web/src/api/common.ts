/**
 * The API's types, taken from the generated OpenAPI schema (`npm run gen:api`), so a change on the
 * server that the UI does not follow fails `npm run typecheck`. Each feature's types sit beside its
 * functions in `<feature>.ts`; this file holds what all of them share.
 */
import { http } from './client'
import type { components, operations } from './schema'

export type Schemas = components['schemas']

/** The query parameters an operation takes, by its `operationId`. */
export type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>

export type ErrorBody = Schemas['ErrorBody']
export type FieldError = Schemas['FieldError']
export type Term = Schemas['Term']
export type Vocabularies = Schemas['Vocabularies']

export const metaApi = {
  vocabularies: () => http.get<Vocabularies>('/vocabularies'),
}
