/** Follow-ups (后续处理): the work a change promised, waiting, being retried or failed. */
import { http } from './client'
import type { Schemas } from './common'

export type FollowUp = Schemas['FollowUp']
/** A follow-up not yet done, with what it does and what it is about in words. */
export type FollowUpRow = Schemas['FollowUpRow']
/** A follow-up's kind (`class_credits` …); the server may add kinds the page does not know yet. */
export type FollowUpKind = string

export const followUpsApi = {
  /** Not yet done (waiting, being retried, failed), oldest first. */
  open: () => http.get<FollowUpRow[]>('/follow-ups'),
  /** Another round of attempts, started at once. */
  retry: (id: number) => http.post<void>(`/follow-ups/${id}/retry`),
}
