/** Annual training plans (年度培训计划). */
import { download, http, request } from './client'
import type { Schemas } from './common'

export type Plan = Schemas['Plan']
export type PlanItem = Schemas['PlanItem']
export type PlanPatch = Schemas['PlanPatch']
export type PlanItemInput = Schemas['ItemInput']

export type AnnualPlanInput = Schemas['AnnualPlanInput']
export type PlanExecution = Schemas['Execution']
export type ItemExecution = Schemas['ItemExecution']
export type ClassHeld = Schemas['ClassHeld']

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
  /** How the plan was carried out as of today (执行情况). */
  execution: (id: number) => http.get<PlanExecution>(`/plans/${id}/execution`),
  /** The plan printed (PDF) or in Excel, with its execution once approved. */
  downloadPlan: (id: number, format: 'pdf' | 'xlsx') => download(`/plans/${id}/${format}`, undefined, `plan-${id}.${format}`),
}
