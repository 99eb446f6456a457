/**
 * Names of people the credit pages mention, by id: learnt from picker searches, class rosters
 * and the lists that carry them (pending outputs, revocations).
 */
import { reactive } from 'vue'
import { t } from '@/i18n'

export interface PersonOption {
  id: number
  name: string
  unit_name: string
}

const known = reactive(new Map<number, PersonOption>())

export function remember(people: readonly PersonOption[]): void {
  for (const p of people) known.set(p.id, { id: p.id, name: p.name, unit_name: p.unit_name })
}

export function personOf(id: number): PersonOption | undefined {
  return known.get(id)
}

/** 张三（沙湖镇）, or #12 while the name is not known. */
export function personLabel(id: number): string {
  const p = known.get(id)
  return p ? `${p.name}${t('common.parenthesised', { text: p.unit_name })}` : `#${id}`
}
