/** One function per API operation the UI uses. */
import { download, http, send, type Query } from './client'
import type {
  AccountInput,
  AccountPage,
  AccountView,
  AuditPage,
  ChainReport,
  GrantInput,
  ImportReport,
  Me,
  PasswordPolicy,
  PeopleStats,
  PersonAsOf,
  PersonHistory,
  PersonInput,
  PersonPage,
  PersonPatch,
  PersonView,
  Revealed,
  Unit,
  UnitInput,
  UnitPatch,
  Vocabularies,
} from './types'

export const authApi = {
  login: (username: string, password: string) =>
    http.post<Me>('/auth/login', { username, password }, { noAuthRedirect: true }),
  me: () => http.get<Me>('/auth/me', undefined, { noAuthRedirect: true }),
  logout: () => http.post<void>('/auth/logout', undefined, { noAuthRedirect: true }),
  changePassword: (old_password: string, new_password: string) =>
    http.post<void>('/auth/password', { old_password, new_password }),
  passwordPolicy: () => http.get<PasswordPolicy>('/auth/password-policy', undefined, { noAuthRedirect: true }),
}

export const metaApi = {
  vocabularies: () => http.get<Vocabularies>('/vocabularies'),
}

export const orgApi = {
  list: (includeInactive = false) => http.get<Unit[]>('/org/units', { include_inactive: includeInactive }),
  create: (input: UnitInput) => http.post<Unit>('/org/units', input),
  update: (id: number, patch: UnitPatch) => http.patch<Unit>(`/org/units/${id}`, patch),
  move: (id: number, parentId: number) => http.post<Unit>(`/org/units/${id}/move`, { parent_id: parentId }),
  deactivate: (id: number) => http.post<Unit>(`/org/units/${id}/deactivate`),
  activate: (id: number) => http.post<Unit>(`/org/units/${id}/activate`),
}

/** The people search parameters, shared by the list, the export and the URL. */
export interface PeopleFilter {
  q?: string
  name?: string
  initials?: string
  id_card?: string
  unit_id?: number
  category?: string
  rank?: string
  include_inactive?: boolean
}

export const peopleApi = {
  search: (filter: PeopleFilter, page: number, pageSize: number) =>
    http.get<PersonPage>('/people', { ...(filter as Query), page, page_size: pageSize }),
  get: (id: number) => http.get<PersonView>(`/people/${id}`),
  create: (input: PersonInput) => http.post<PersonView>('/people', input),
  update: (id: number, patch: PersonPatch) => http.patch<PersonView>(`/people/${id}`, patch),
  history: (id: number) => http.get<PersonHistory>(`/people/${id}/history`),
  asOf: (id: number, date: string) => http.get<PersonAsOf>(`/people/${id}/as-of`, { date }),
  reveal: (id: number, fields: ('id_card' | 'phone')[]) =>
    http.post<Revealed>(`/people/${id}/reveal`, { fields }),
  importFile: async (file: Blob, options: { dryRun: boolean; updateExisting: boolean }) => {
    const response = await send('POST', '/people/import', {
      raw: file,
      query: { dry_run: options.dryRun, update_existing: options.updateExisting },
    })
    return (await response.json()) as ImportReport
  },
  downloadTemplate: () => download('/people/import/template', undefined, 'people-template.xlsx'),
  exportXlsx: (filter: PeopleFilter) => download('/people/export', filter as Query, 'people.xlsx'),
}

export const statsApi = {
  /** Counts under `unitId` (default: the top of the caller's scope). */
  people: (unitId?: number) => http.get<PeopleStats>('/stats/people', { unit_id: unitId }),
}

export const accountsApi = {
  list: (page: number, pageSize: number) => http.get<AccountPage>('/accounts', { page, page_size: pageSize }),
  create: (input: AccountInput) => http.post<AccountView>('/accounts', input),
  setGrants: (id: number, grants: GrantInput[]) => http.put<AccountView>(`/accounts/${id}/grants`, { grants }),
  unlock: (id: number) => http.post<void>(`/accounts/${id}/unlock`),
  resetPassword: (id: number, password: string) =>
    http.post<void>(`/accounts/${id}/reset-password`, { password }),
  deactivate: (id: number) => http.post<void>(`/accounts/${id}/deactivate`),
  activate: (id: number) => http.post<void>(`/accounts/${id}/activate`),
}

export interface AuditFilter {
  actor?: string
  action?: string
  from?: string
  to?: string
}

export const auditApi = {
  list: (filter: AuditFilter, page: number, pageSize: number) =>
    http.get<AuditPage>('/audit', { ...(filter as Query), page, page_size: pageSize }),
  verify: () => http.post<ChainReport>('/audit/verify'),
}
