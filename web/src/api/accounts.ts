/** Accounts: signing in and out, the password, the accounts list and their grants. */
import { download, http } from './client'
import type { Schemas } from './common'

export type Me = Schemas['Me']
export type RoleLabel = Schemas['RoleLabel']
export type LoginRequest = Schemas['LoginRequest']
export type PasswordChange = Schemas['PasswordChange']
export type AccountView = Schemas['AccountView']
export type AccountPage = Schemas['AccountPage']
export type NewAccountRequest = Schemas['NewAccountRequest']
export type GrantInput = Schemas['GrantInput']
export type OpenAccountsInput = Schemas['OpenAccountsInput']
export type OpenAccountsResult = Schemas['OpenAccountsResult']
export type SkippedPerson = Schemas['SkippedPerson']

/** The scope inside an account's grant. */
export type GrantScope = Schemas['ScopeDoc']

/** `GET /auth/password-policy`: the deployment's profile (等保 or ASVS) and its rules. */
export type PasswordPolicy = Schemas['PasswordPolicyView']

export const authApi = {
  /** `oneTimeCode`: the authenticator's six digits or a recovery code, when the account has one. */
  login: (username: string, password: string, oneTimeCode?: string) =>
    http.post<Me>('/auth/login', { username, password, one_time_code: oneTimeCode || null }, { noAuthRedirect: true }),
  me: () => http.get<Me>('/auth/me', undefined, { noAuthRedirect: true }),
  logout: () => http.post<void>('/auth/logout', undefined, { noAuthRedirect: true }),
  changePassword: (old_password: string, new_password: string) =>
    http.post<void>('/auth/password', { old_password, new_password }),
  passwordPolicy: () => http.get<PasswordPolicy>('/auth/password-policy', undefined, { noAuthRedirect: true }),
}

export const accountsApi = {
  /** The names to show for usernames records keep. */
  names: (usernames: string[]) => http.post<Record<string, string>>('/accounts/names', { usernames }),
  list: (page: number, pageSize: number) => http.get<AccountPage>('/accounts', { page, page_size: pageSize }),
  create: (input: NewAccountRequest) => http.post<AccountView>('/accounts', input),
  setGrants: (id: number, grants: GrantInput[]) => http.put<AccountView>(`/accounts/${id}/grants`, { grants }),
  confirmRoles: (id: number) => http.post<AccountView>(`/accounts/${id}/confirm-roles`),
  unlock: (id: number) => http.post<void>(`/accounts/${id}/unlock`),
  resetPassword: (id: number, password: string) =>
    http.post<void>(`/accounts/${id}/reset-password`, { password }),
  deactivate: (id: number) => http.post<void>(`/accounts/${id}/deactivate`),
  activate: (id: number) => http.post<void>(`/accounts/${id}/activate`),
  /** Trainee accounts for a unit, a class or chosen people; `preview` writes nothing (ADR 0022). */
  open: (input: OpenAccountsInput) => http.post<OpenAccountsResult>('/accounts/open', input),
  downloadSlips: (batchId: number, format: 'pdf' | 'xlsx') =>
    download(`/accounts/batches/${batchId}/slips/${format}`, undefined, `account-slips.${format}`),
  discardSlips: (batchId: number) => http.delete<void>(`/accounts/batches/${batchId}/slips`),
}
