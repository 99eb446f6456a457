/** Reserve-cadre pool (后备干部资源库, R-POOL-1). */
import { http, request } from './client'
import type { Schemas } from './common'

export type PoolRow = Schemas['PoolRow']
export type PoolInput = Schemas['PoolInput']
export type PhaseRow = Schemas['PhaseRow']
export type PhaseInput = Schemas['PhaseInput']
export type MemberRow = Schemas['MemberRow']
export type MemberInput = Schemas['MemberInput']
export type EndInput = Schemas['EndInput']
export type PhaseProgress = Schemas['PhaseProgress']
export type ComplianceBrief = Schemas['ComplianceBrief']
export type UnmetRule = Schemas['UnmetRule']
export type MemberProgress = Schemas['MemberProgress']
export type PoolDetail = Schemas['PoolDetail']

/** 后备干部资源库: pools kept by a unit, their training phases and members (R-POOL-1). */
export const poolApi = {
  list: () => http.get<PoolRow[]>('/reserve-pools'),
  create: (input: PoolInput) => http.post<PoolRow>('/reserve-pools', input),
  get: (id: number) => http.get<PoolDetail>(`/reserve-pools/${id}`),
  addPhase: (poolId: number, input: PhaseInput) => http.post<PhaseRow>(`/reserve-pools/${poolId}/phases`, input),
  removePhase: (phaseId: number) => request<void>('DELETE', `/reserve-phases/${phaseId}`),
  addMember: (poolId: number, input: MemberInput) => http.post<MemberRow>(`/reserve-pools/${poolId}/members`, input),
  end: (memberId: number, input: EndInput) => http.post<MemberRow>(`/reserve-members/${memberId}/end`, input),
  ofPerson: (personId: number) => http.get<MemberRow[]>(`/people/${personId}/reserve-memberships`),
}
