/** The side menu: only what the signed-in account's permissions open, never a dead link. */
import { computed } from 'vue'
import { can, managesPeople, selfOnly, session } from '@/stores/session'
import { pendingLeaveCount } from '@/stores/leaveInbox'
import { unreadNotices } from '@/stores/noticesInbox'
import type { MessageKey } from '@/i18n'

export interface MenuItem {
  key: string
  title: MessageKey
  icon:
    | 'house'
    | 'office'
    | 'user'
    | 'avatar'
    | 'setting'
    | 'key'
    | 'document'
    | 'reading'
    | 'list'
    | 'calendar'
    | 'alarm'
    | 'setup'
    | 'bell'
    | 'stamp'
    | 'medal'
  to?: string
  /** A count beside the title (requests waiting), shown when above zero. */
  badge?: number
  children?: MenuItem[]
}

export const menu = computed<MenuItem[]>(() => {
  const items: MenuItem[] = []
  items.push({ key: 'workbench', title: 'menu.workbench', icon: 'house', to: '/workbench' })
  if (managesPeople.value) items.push({ key: 'dashboard', title: 'menu.dashboard', icon: 'list', to: '/dashboard' })
  if (session.me?.person_id != null) items.push({ key: 'me', title: 'menu.myRecord', icon: 'avatar', to: '/me' })
  if (can('org.read')) items.push({ key: 'org', title: 'menu.org', icon: 'office', to: '/org' })
  if (managesPeople.value) items.push({ key: 'people', title: 'menu.people', icon: 'user', to: '/people' })
  if (can('account.open')) items.push({ key: 'open-accounts', title: 'openAccounts.menu', icon: 'key', to: '/accounts/open' })
  // A trainee's classes are one item: a phone's menu stays short.
  if (can('class.read') && selfOnly.value) items.push({ key: 'class-list', title: 'menu.myClasses', icon: 'reading', to: '/classes' })
  else if (can('class.read')) {
    const classes: MenuItem[] = [{ key: 'class-list', title: 'menu.classList', icon: 'list', to: '/classes' }]
    if (can('leave.approve')) {
      classes.push({ key: 'leave-inbox', title: 'menu.leaveInbox', icon: 'stamp', to: '/leave', badge: pendingLeaveCount.value })
    }
    if (managesPeople.value) classes.push({ key: 'plans', title: 'menu.plans', icon: 'calendar', to: '/plans' })
    if (managesPeople.value) classes.push({ key: 'overdue', title: 'menu.overdue', icon: 'alarm', to: '/reports/overdue' })
    if (can('class.approve')) classes.push({ key: 'rules', title: 'menu.rules', icon: 'setup', to: '/rules' })
    if (can('class.approve')) classes.push({ key: 'follow-ups', title: 'followUps.title', icon: 'list', to: '/follow-ups' })
    if (managesPeople.value) classes.push({ key: 'notices', title: 'menu.notices', icon: 'bell', to: '/notices', badge: unreadNotices.value })
    items.push({ key: 'classes', title: 'menu.classes', icon: 'reading', children: classes })
  }
  if (managesPeople.value) items.push({ key: 'compliance', title: 'menu.complianceBoard', icon: 'stamp', to: '/compliance' })
  if (managesPeople.value) items.push({ key: 'pools', title: 'menu.reservePools', icon: 'user', to: '/reserve-pools' })
  if (managesPeople.value && (can('credit.write') || can('credit.audit'))) {
    items.push({ key: 'credits', title: 'menu.credits', icon: 'medal', to: '/credits' })
  }
  if (can('credit.audit')) items.push({ key: 'publications', title: 'menu.publications', icon: 'document', to: '/credits/publications' })
  if (can('learning.learn') && session.me?.person_id != null) {
    items.push({ key: 'my-learning', title: 'learning.menu.mine', icon: 'reading', to: '/learning' })
  }
  if (can('learning.manage')) items.push({ key: 'learning-library', title: 'learning.menu.library', icon: 'reading', to: '/learning/library' })
  if (can('learning.guide')) items.push({ key: 'learning-watch', title: 'learning.menu.watch', icon: 'reading', to: '/learning/watch' })
  if (can('learning.guide')) items.push({ key: 'learning-briefings', title: 'learning.menu.briefings', icon: 'document', to: '/learning/briefings' })
  if (can('learning.guide')) items.push({ key: 'learning-notes', title: 'learning.menu.notes', icon: 'document', to: '/learning/notes' })
  const system: MenuItem[] = []
  if (can('account.read')) system.push({ key: 'accounts', title: 'menu.accounts', icon: 'key', to: '/system/accounts' })
  if (can('audit.read')) system.push({ key: 'audit', title: 'menu.audit', icon: 'document', to: '/system/audit' })
  if (system.length) items.push({ key: 'system', title: 'menu.system', icon: 'setting', children: system })
  return items
})
