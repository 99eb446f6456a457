/**
 * The API's types, taken from the generated OpenAPI schema (`npm run gen:api`), so a change on the
 * server that the UI does not follow fails `npm run typecheck`.
 */
import type { components } from './schema'

type Schemas = components['schemas']

export type ErrorBody = Schemas['ErrorBody']
export type FieldError = Schemas['FieldError']
export type Me = Schemas['Me']
export type RoleLabel = Schemas['RoleLabel']
export type LoginRequest = Schemas['LoginRequest']
export type PasswordChange = Schemas['PasswordChange']
export type Term = Schemas['Term']
export type Vocabularies = Schemas['Vocabularies']
export type Unit = Schemas['Unit']
export type UnitInput = Schemas['UnitInput']
export type UnitPatch = Schemas['UnitPatch']
export type PersonView = Schemas['PersonView']
export type PersonPage = Schemas['Page_PersonView']
export type PersonInput = Schemas['PersonInput']
export type PersonPatch = Schemas['PersonPatch']
export type PersonHistory = Schemas['PersonHistory']
export type PostRecord = Schemas['PostRecord']
export type CategoryRecord = Schemas['CategoryRecord']
export type PersonAsOf = Schemas['PersonAsOf']
export type Revealed = Schemas['Revealed']
export type ImportReport = Schemas['ImportReport']
export type ImportRowReport = Schemas['ImportRowReport']
export type AccountView = Schemas['AccountView']
export type AccountPage = Schemas['AccountPage']
export type AccountInput = Schemas['AccountInput']
export type GrantInput = Schemas['GrantInput']
export type AuditEntry = Schemas['AuditEntry']
export type AuditPage = Schemas['AuditPage']
export type ChainReport = Schemas['ChainReport']
export type ChainProblem = Schemas['ChainProblem']

/** The scope inside an account's grant (the schema says only "object"). */
export interface GrantScope {
  kind: string
  units?: number[]
}

/** `GET /stats/people`: counts for the dashboard. */
export type PeopleStats = Schemas['PeopleStats']

/** `GET /auth/password-policy` (optional; the UI falls back to the default policy). */
export interface PasswordPolicy {
  min_length: number
  min_classes: number
  max_length: number
}
