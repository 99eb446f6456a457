/** 通知。 */
export const noticesZh = {
  notices: {
    title: '待办通知',
    empty: '暂无通知。',
    emptyUnread: '没有未读通知。',
    openClass: '查看班次',
    to: '致 {unit}',
    all: '全部',
    unreadOnly: '只看未读（{n}）',
    read: '已读',
    unread: '未读',
    readAll: '全部标为已读',
    readAllKind: '“{kind}”全部标为已读',
    markedRead: '已将 {n} 条通知标为已读',
    kinds: {
      class_started: '开班通知',
      arrival_report: '到位情况',
      class_attendance: '考勤情况',
      other: '通知',
    },
  },
} as const
