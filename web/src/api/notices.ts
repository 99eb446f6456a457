/** Notices (通知). */
import { http } from './client'
import type { Schemas } from './common'

export type Notice = Schemas['Notice']

export const noticesApi = {
  list: () => http.get<Notice[]>('/notices'),
}
