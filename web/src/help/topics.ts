/**
 * The help guides (使用说明, issue 17 item 12): one short guide per area of work, in the officer's
 * words, shipped in the app (and so in the binary) — nothing is fetched from outside. Each page
 * links to its area's guide; which area a page belongs to is read from its address.
 */

/** An area of work with its own guide. */
export type Topic =
  | 'workbench'
  | 'people'
  | 'accounts'
  | 'classes'
  | 'attendance'
  | 'plans'
  | 'credits'
  | 'compliance'
  | 'pool'
  | 'learning'
  | 'rules'
  | 'notices'
  | 'me'

/** One guide: what the area is for, the steps of its usual work, and what to watch out for. */
export interface Guide {
  title: string
  what: string
  steps: string[]
  tips: string[]
  /** The page the guide is about (its first address). */
  page: string
}

/** The first part of an address → its area; the longest match wins. */
const AREAS: [string, Topic][] = [
  ['/workbench', 'workbench'],
  ['/dashboard', 'people'],
  ['/org', 'people'],
  ['/people', 'people'],
  ['/system/accounts', 'accounts'],
  ['/accounts', 'accounts'],
  ['/classes', 'classes'],
  ['/reports/overdue', 'classes'],
  ['/leave', 'attendance'],
  ['/plans', 'plans'],
  ['/credits', 'credits'],
  ['/compliance', 'compliance'],
  ['/reserve-pools', 'pool'],
  ['/learning', 'learning'],
  ['/rules', 'rules'],
  ['/follow-ups', 'rules'],
  ['/notices', 'notices'],
  ['/me', 'me'],
]

/** The area of an address; the workbench's when no area claims it. */
export function topicOf(path: string): Topic {
  const found = AREAS.filter(([prefix]) => path === prefix || path.startsWith(`${prefix}/`)).sort((a, b) => b[0].length - a[0].length)[0]
  return found ? found[1] : 'workbench'
}

export const TOPICS: Topic[] = ['workbench', 'people', 'accounts', 'classes', 'attendance', 'plans', 'credits', 'compliance', 'pool', 'learning', 'rules', 'notices', 'me']
