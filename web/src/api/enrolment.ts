/**
 * Enrolment (点名调学) beyond picking from the register: the people a class's dialog offers,
 * filtered by category, rank, training this year and compliance; a name list checked before it
 * is enrolled; and the units that may host a class.
 */
import { http, type Query } from './client'
import type { QueryOf, Schemas } from './common'

export type Candidate = Schemas['Candidate']
export type CandidatePage = Schemas['CandidatePage']
export type RuleChoice = Schemas['RuleChoice']
export type NameListCheck = Schemas['NameListCheck']
export type NameListRow = Schemas['NameListRow']
export type NameMatch = Schemas['NameMatch']
export type HostUnit = Schemas['HostUnit']

/** The dialog's filters (the page is chosen apart). */
export type CandidateFilter = Omit<QueryOf<'enrolment_candidates'>, 'page' | 'page_size'>

export const enrolmentApi = {
  candidates: (classId: number, filter: CandidateFilter, page: number, pageSize: number) =>
    http.get<CandidatePage>(`/classes/${classId}/candidates`, { ...(filter as Query), page, page_size: pageSize }),
  checkNameList: (classId: number, text: string) => http.post<NameListCheck>(`/classes/${classId}/enrolment/name-list`, { text }),
  hosts: () => http.get<HostUnit[]>('/classes/hosts'),
}
