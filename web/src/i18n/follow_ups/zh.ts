/** 后续处理：班次结业后的学时学分过账等，等待、重试中或失败的。 */
export const followUpsZh = {
  followUps: {
    title: '后续处理',
    hint: '班次结业后系统自动过账学时学分等后续工作；失败的会自动重试，也可在此立即重试。',
    empty: '没有待处理或失败的后续工作',
    kind: '事项',
    subject: '对象',
    state: '状态',
    attempts: '已尝试次数',
    nextAttempt: '下次尝试',
    lastError: '最近错误',
    actions: '操作',
    kinds: {
      class_credits: '班次学时学分过账',
      other: '其他后续处理',
    },
    states: {
      waiting: '等待处理',
      retrying: '重试中',
      failed: '失败',
      other: '待处理',
    },
    createdBy: '{by} 于 {at} 发起',
    createdAt: '{at} 发起',
    attemptsValue: '{n} 次',
    noNextAttempt: '已停止自动重试',
    none: '无',
    retry: '重试',
    retryConfirm: '立即重新处理“{kind}：{subject}”吗？尝试次数将从零重新计算。',
    retried: '已重新安排处理',
  },
} as const
