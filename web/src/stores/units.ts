/** The units in the caller's scope, loaded once and shared by trees and pickers. */
import { computed, reactive } from 'vue'
import { orgApi, type Unit } from '@/api/org'
import { buildTree, type UnitNode } from '@/utils/tree'

const state = reactive<{ all: Unit[]; loaded: boolean; includesInactive: boolean }>({
  all: [],
  loaded: false,
  includesInactive: false,
})
let pending: Promise<Unit[]> | null = null

/** Loads (or reloads) every unit in scope, inactive ones included. */
export function loadUnits(force = false): Promise<Unit[]> {
  if (state.loaded && !force) return Promise.resolve(state.all)
  if (pending && !force) return pending
  pending = orgApi.list(true).then((units) => {
    state.all = units
    state.loaded = true
    return units
  })
  pending.finally(() => {
    pending = null
  })
  return pending
}

export const allUnits = computed(() => state.all)
export const activeUnits = computed(() => state.all.filter((u) => u.active))
export const unitsById = computed(() => new Map(state.all.map((u) => [u.id, u])))
export const activeTree = computed<UnitNode[]>(() => buildTree(activeUnits.value))
export const fullTree = computed<UnitNode[]>(() => buildTree(state.all))

export function resetUnits(): void {
  state.all = []
  state.loaded = false
}
