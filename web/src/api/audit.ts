/** The audit log and the check of its hash chain. */
import { http, type Query } from './client'
import type { Schemas } from './common'

export type AuditEntry = Schemas['AuditEntry']
export type AuditPage = Schemas['AuditPage']
export type ChainReport = Schemas['ChainReport']
export type ChainProblem = Schemas['ChainProblem']

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
