/** The workbench (工作台): what waits for the signed-in person now, for the home page. */
import { http } from './client'
import type { Schemas } from './common'

export type WorkbenchView = Schemas['WorkbenchView']
export type TaskView = Schemas['TaskView']

export const workbenchApi = {
  /** Most pressing first; only kinds the caller may act on, counted within their scope. */
  get: () => http.get<WorkbenchView>('/workbench'),
}
