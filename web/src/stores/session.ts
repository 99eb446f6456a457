/** The signed-in account: who, which roles, which permissions. One shared reactive object. */
import { computed, reactive } from 'vue'
import { authApi, type Me } from '@/api/accounts'
import { ApiError, setCsrfToken } from '@/api/client'

export type Permission =
  | 'org.read'
  | 'org.write'
  | 'people.read'
  | 'people.write'
  | 'people.reveal'
  | 'people.import'
  | 'people.export'
  | 'account.read'
  | 'account.write'
  | 'role.assign'
  | 'account.unlock'
  | 'account.open'
  | 'account.reset_password'
  | 'audit.read'
  | 'audit.verify'
  | 'class.read'
  | 'class.write'
  | 'class.approve'
  | 'class.run'
  | 'class.enrol'
  | 'plan.write'
  | 'plan.approve'
  | 'leave.approve'
  | 'credit.write'
  | 'credit.audit'
  | 'learning.manage'
  | 'learning.learn'
  | 'learning.guide'

interface SessionState {
  me: Me | null
  /** Whether `/auth/me` has been asked at least once since the page loaded. */
  checked: boolean
}

export const session = reactive<SessionState>({ me: null, checked: false })

function adopt(me: Me | null): void {
  session.me = me
  session.checked = true
  setCsrfToken(me?.csrf_token ?? '')
}

/** Asks the server who is signed in; `null` when nobody is. */
export async function loadMe(): Promise<Me | null> {
  try {
    adopt(await authApi.me())
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) adopt(null)
    else throw error
  }
  return session.me
}

export async function login(username: string, password: string, oneTimeCode?: string): Promise<Me> {
  const me = await authApi.login(username, password, oneTimeCode)
  adopt(me)
  return me
}

export async function logout(): Promise<void> {
  try {
    await authApi.logout()
  } catch {
    // The session may already be gone; signing out locally is what matters.
  }
  forget()
}

/** Drops the local session after the server ended it. */
export function forget(): void {
  adopt(null)
}

export function markPasswordChanged(): void {
  if (session.me) session.me = { ...session.me, must_change_password: false, password_expired: false }
}

export function markSecondFactorSet(): void {
  if (session.me) session.me = { ...session.me, second_factor_pending: false }
}

export function can(permission: Permission): boolean {
  return session.me?.permissions.includes(permission) ?? false
}

/** Accounts whose every role sees only the person's own record (trainee, instructor). */
export const selfOnly = computed(
  () => !!session.me && session.me.roles.length > 0 && session.me.roles.every((r) => r.scope === 'self'),
)

/** Whether the account may use the cadre register as a manager (not just its own record). */
export const managesPeople = computed(() => can('people.read') && !selfOnly.value)
