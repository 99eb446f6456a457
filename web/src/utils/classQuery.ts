import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { ClassFilter } from '@/api/classes'

/** The class list's filters as the form edits them (states as a list). */
export interface ClassForm {
  states: string[]
  year?: number
  q?: string
  kind?: string
  unit_id?: number
}

export interface ClassListState {
  form: ClassForm
  page: number
  pageSize: number
}

const PAGE_SIZES = [20, 50, 100]

function one(value: LocationQuery[string] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && v !== '' ? v : undefined
}

function positive(text: string | undefined): number | undefined {
  const n = Number(text)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

/** The list's state from the address bar, so "back" from a class keeps the search. */
export function fromQuery(query: LocationQuery): ClassListState {
  const form: ClassForm = {
    states: (one(query.state) ?? '').split(',').filter(Boolean),
    year: positive(one(query.year)),
    q: one(query.q),
    kind: one(query.kind),
    unit_id: positive(one(query.unit_id)),
  }
  const size = Number(one(query.page_size))
  return { form, page: positive(one(query.page)) ?? 1, pageSize: PAGE_SIZES.includes(size) ? size : 20 }
}

export function toQuery(state: ClassListState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  const f = state.form
  if (f.states.length) query.state = f.states.join(',')
  if (f.year) query.year = String(f.year)
  if (f.q?.trim()) query.q = f.q.trim()
  if (f.kind) query.kind = f.kind
  if (f.unit_id) query.unit_id = String(f.unit_id)
  if (state.page > 1) query.page = String(state.page)
  if (state.pageSize !== 20) query.page_size = String(state.pageSize)
  return query
}

/** The filter as the API takes it. */
export function toFilter(form: ClassForm): ClassFilter {
  return {
    state: form.states.length ? form.states.join(',') : undefined,
    year: form.year,
    q: form.q?.trim() || undefined,
    kind: form.kind,
    unit_id: form.unit_id,
  }
}
