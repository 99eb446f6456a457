/** Annual training plans (年度培训计划). */
import { http, request } from './client'
import type { Schemas } from './common'

export type Plan = Schemas['Plan']
export type PlanItem = Schemas['PlanItem']
export type PlanPatch = Schemas['PlanPatch']
export type PlanItemInput = Schemas['ItemInput']

export type AnnualPlanInput = Schemas['AnnualPlanInput']

export const plansApi = {
  list: (year?: number, state?: string) => http.get<Plan[]>('/plans', { year, state }),
  get: (id: number) => http.get<Plan>(`/plans/${id}`),
  create: (input: AnnualPlanInput) => http.post<Plan>('/plans', input),
  update: (id: number, patch: PlanPatch) => http.put<Plan>(`/plans/${id}`, patch),
  addItem: (id: number, item: PlanItemInput) => http.post<Plan>(`/plans/${id}/items`, item),
  removeItem: (id: number, itemId: number) => request<Plan>('DELETE', `/plans/${id}/items/${itemId}`),
  submit: (id: number) => http.post<Plan>(`/plans/${id}/submit`),
  decide: (id: number, decision: 'approve' | 'reject', reason = '') =>
    http.post<Plan>(`/plans/${id}/decision`, { decision, reason }),
  revise: (id: number) => http.post<Plan>(`/plans/${id}/revise`),
  decideAddition: (id: number, itemId: number, decision: 'approve' | 'reject', reason = '') =>
    http.post<Plan>(`/plans/${id}/items/${itemId}/decision`, { decision, reason }),
}
