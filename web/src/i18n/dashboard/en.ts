import type { Widen } from '../types'
import type { dashboardZh } from './zh'

export const dashboardEn: Widen<typeof dashboardZh> = {
  dashboard: {
    title: 'Cadre statistics',
    welcome: 'Welcome, {name}',
    scopeHint: 'Figures cover the registered cadres within your data scope.',
    totalPeople: 'Registered cadres',
    unitCount: 'Units',
    leaders: 'Leaders',
    leadersHint: 'County- and section-level leaders',
    reserve: 'Reserve cadres',
    totalHint: 'People who left are not counted',
    unitHint: 'Active units, own level and below',
    reserveHint: 'Category “reserve cadre”',
    byUnit: 'Cadres per unit',
    byCategory: 'Cadres by category',
    drillHint: 'Click a unit’s bar to see its own sub-units.',
    openUnit: 'Open a sub-unit',
    byRank: 'Cadres by rank',
    statsUnavailable: 'Statistics are not available yet; only the total is shown.',
    people: '',
    units: '',
    goPeople: 'Open the cadre register',
  },
}
