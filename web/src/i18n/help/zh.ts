/** 使用说明（页面上的文字；说明本身在 src/help）。 */
export const helpZh = {
  help: {
    link: '帮助',
    title: '使用说明',
    topics: '说明目录',
    what: '做什么',
    steps: '怎么做',
    tips: '注意',
    goTo: '打开此页面',
  },
} as const
