/** The signed-in account's authenticator app (两步验证) and the administrator's reset. */
import { http } from './client'
import type { Schemas } from './common'

export type SecondFactorStatus = Schemas['SecondFactorStatus']
export type SecondFactorSetup = Schemas['SecondFactorSetup']
export type RecoveryCodes = Schemas['RecoveryCodes']

export const secondFactorApi = {
  status: () => http.get<SecondFactorStatus>('/auth/second-factor'),
  start: () => http.post<SecondFactorSetup>('/auth/second-factor/setup'),
  confirm: (code: string) => http.post<RecoveryCodes>('/auth/second-factor/setup/confirm', { code }),
  replaceRecoveryCodes: (code: string) => http.post<RecoveryCodes>('/auth/second-factor/recovery-codes', { code }),
  remove: (code: string) => http.post<void>('/auth/second-factor/remove', { code }),
  /** System administrator: a holder lost their phone. */
  reset: (accountId: number) => http.post<void>(`/accounts/${accountId}/second-factor/reset`),
}
