/** Notices (待办通知): the caller's inbox, a page at a time, by kind, with read state. */
import { http } from './client'
import type { QueryOf, Schemas } from './common'

export type Notice = Schemas['Notice']
export type NoticePage = Schemas['NoticePage']
export type NoticeKindCount = Schemas['NoticeKindCount']
export type NoticeQuery = QueryOf<'list_notices'>

export const noticesApi = {
  list: (query: NoticeQuery = {}) => http.get<NoticePage>('/notices', query),
  unread: () => http.get<Schemas['NoticeCount']>('/notices/unread'),
  open: (id: number) => http.post<Notice>(`/notices/${id}/read`),
  readAll: (kind?: string) => http.post<Schemas['NoticeCount']>('/notices/read-all', kind ? { kind } : {}),
}
