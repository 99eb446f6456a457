import type { Widen } from '../types'
import type { helpZh } from './zh'

export const helpEn: Widen<typeof helpZh> = {
  help: {
    link: 'Help',
    title: 'Guide',
    topics: 'Topics',
    what: 'What it is for',
    steps: 'How',
    tips: 'Note',
    goTo: 'Open this page',
  },
}
