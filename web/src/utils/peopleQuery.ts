import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { PeopleFilter } from '@/api/people'

export interface PeopleListState {
  filter: PeopleFilter
  page: number
  pageSize: number
}

const TEXT_KEYS = ['q', 'name', 'initials', 'id_card', 'category', 'rank'] as const
const PAGE_SIZES = [20, 50, 100]

function one(value: LocationQuery[string] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** The list's search state from the address bar, so "back" from a detail page keeps it. */
export function fromQuery(query: LocationQuery): PeopleListState {
  const filter: PeopleFilter = {}
  for (const key of TEXT_KEYS) {
    const v = one(query[key])
    if (v) filter[key] = v
  }
  const unit = Number(one(query.unit_id))
  if (Number.isInteger(unit) && unit > 0) filter.unit_id = unit
  if (one(query.include_inactive) === 'true') filter.include_inactive = true
  const page = Math.max(1, Number(one(query.page)) || 1)
  const size = Number(one(query.page_size))
  return { filter, page, pageSize: PAGE_SIZES.includes(size) ? size : 20 }
}

export function toQuery(state: PeopleListState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  for (const key of TEXT_KEYS) {
    const v = state.filter[key]?.trim()
    if (v) query[key] = v
  }
  if (state.filter.unit_id) query.unit_id = String(state.filter.unit_id)
  if (state.filter.include_inactive) query.include_inactive = 'true'
  if (state.page > 1) query.page = String(state.page)
  if (state.pageSize !== 20) query.page_size = String(state.pageSize)
  return query
}

/** The filter without empty values, as the API wants it. */
export function cleanFilter(filter: PeopleFilter): PeopleFilter {
  const clean: PeopleFilter = {}
  for (const key of TEXT_KEYS) {
    const v = filter[key]?.trim()
    if (v) clean[key] = v
  }
  if (filter.unit_id) clean.unit_id = filter.unit_id
  if (filter.include_inactive) clean.include_inactive = true
  return clean
}
