import type { Widen } from '../types'
import type { noticesZh } from './zh'

export const noticesEn: Widen<typeof noticesZh> = {
  notices: {
    title: 'Notices',
    empty: 'No notices.',
    openClass: 'Open the class',
    kinds: {
      arrival_report: 'Arrival',
      class_started: 'Class started',
    },
  },
}
