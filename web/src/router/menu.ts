/** The side menu: only what the signed-in account's permissions open, never a dead link. */
import { computed } from 'vue'
import { can, managesPeople, session } from '@/stores/session'
import type { MessageKey } from '@/i18n'

export interface MenuItem {
  key: string
  title: MessageKey
  icon: 'house' | 'office' | 'user' | 'avatar' | 'setting' | 'key' | 'document'
  to?: string
  children?: MenuItem[]
}

export const menu = computed<MenuItem[]>(() => {
  const items: MenuItem[] = []
  if (managesPeople.value) items.push({ key: 'dashboard', title: 'menu.dashboard', icon: 'house', to: '/dashboard' })
  if (session.me?.person_id != null) items.push({ key: 'me', title: 'menu.myRecord', icon: 'avatar', to: '/me' })
  if (can('org.read')) items.push({ key: 'org', title: 'menu.org', icon: 'office', to: '/org' })
  if (managesPeople.value) items.push({ key: 'people', title: 'menu.people', icon: 'user', to: '/people' })
  const system: MenuItem[] = []
  if (can('account.read')) system.push({ key: 'accounts', title: 'menu.accounts', icon: 'key', to: '/system/accounts' })
  if (can('audit.read')) system.push({ key: 'audit', title: 'menu.audit', icon: 'document', to: '/system/audit' })
  if (system.length) items.push({ key: 'system', title: 'menu.system', icon: 'setting', children: system })
  return items
})
