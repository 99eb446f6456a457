/**
 * Names of people the credit pages mention, by id: learnt from picker searches and class rosters,
 * asked of the register for the rest (pending outputs and revocations carry only the person's id).
 */
import { reactive } from 'vue'
import { peopleApi } from '@/api/endpoints'
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

/** Looks up the people not known yet; those out of reach stay as their number. */
export async function learnNames(ids: readonly number[]): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !known.has(id))
  const found = await Promise.allSettled(missing.map((id) => peopleApi.get(id)))
  remember(found.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])))
}
