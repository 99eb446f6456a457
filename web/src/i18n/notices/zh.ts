/** 通知。 */
export const noticesZh = {
  notices: {
    title: '待办通知',
    empty: '暂无通知。',
    openClass: '查看班次',
    kinds: {
      arrival_report: '到位情况',
      class_started: '开班通知',
    },
  },
} as const
