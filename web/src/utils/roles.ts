/** 三员分立: these roles may not share an account with any other role. */
export const SEPARATED_ROLES = ['system_admin', 'security_admin', 'audit_admin'] as const

export function breaksSeparation(roles: readonly string[]): boolean {
  return roles.length > 1 && roles.some((r) => (SEPARATED_ROLES as readonly string[]).includes(r))
}

/** Whether an account is locked out right now. */
export function isLocked(account: { locked_until?: string | null }): boolean {
  return !!account.locked_until && new Date(account.locked_until).getTime() > Date.now()
}
