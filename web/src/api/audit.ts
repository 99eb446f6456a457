/** The audit log and the check of its hash chain. */
import { http, type Query } from './client'
import type { QueryOf, Schemas } from './common'

export type AuditEntry = Schemas['AuditEntry']
export type AuditPage = Schemas['AuditPage']
export type ChainReport = Schemas['ChainReport']
export type ChainProblem = Schemas['ChainProblem']

/** The audit log's filters (the page is chosen apart). */
export type AuditFilter = Omit<QueryOf<'list_audit'>, 'page' | 'page_size'>

export const auditApi = {
  list: (filter: AuditFilter, page: number, pageSize: number) =>
    http.get<AuditPage>('/audit', { ...(filter as Query), page, page_size: pageSize }),
  verify: () => http.post<ChainReport>('/audit/verify'),
}
