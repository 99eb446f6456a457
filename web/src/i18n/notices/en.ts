import type { Widen } from '../types'
import type { noticesZh } from './zh'

export const noticesEn: Widen<typeof noticesZh> = {
  notices: {
    title: 'Notices',
    empty: 'No notices.',
    emptyUnread: 'No unread notices.',
    openClass: 'Open the class',
    to: 'To {unit}',
    all: 'All',
    unreadOnly: 'Unread only ({n})',
    read: 'Read',
    unread: 'Unread',
    readAll: 'Mark all as read',
    readAllKind: 'Mark all “{kind}” as read',
    markedRead: '{n} notices marked as read',
    kinds: {
      class_started: 'Class started',
      arrival_report: 'Arrival',
      class_attendance: 'Attendance',
      other: 'Notice',
    },
  },
}
