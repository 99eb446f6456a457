import type { Unit } from '@/api/org'

export interface UnitNode {
  id: number
  label: string
  unit: Unit
  disabled?: boolean
  children: UnitNode[]
}

/**
 * Turns the flat unit list (`parent_id`) into a tree. Units whose parent is outside the list
 * (the top of the caller's scope) become roots. Children keep the server's order.
 */
export function buildTree(units: readonly Unit[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>()
  for (const unit of units) nodes.set(unit.id, { id: unit.id, label: unit.name, unit, children: [] })
  const roots: UnitNode[] = []
  for (const unit of units) {
    const node = nodes.get(unit.id)
    if (!node) continue
    const parent = unit.parent_id != null ? nodes.get(unit.parent_id) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.unit.sort_order - b.unit.sort_order || a.id - b.id)
    list.forEach((n) => sort(n.children))
  }
  sort(roots)
  return roots
}

/** Whether `unit` is `ancestor` or lies below it (paths look like `/1/10/20/`). */
export function isInSubtree(unit: Unit, ancestor: Unit): boolean {
  return unit.path.startsWith(ancestor.path)
}

/** A copy of the tree with the given subtree disabled (a unit cannot move under itself). */
export function disableSubtree(nodes: readonly UnitNode[], root: Unit): UnitNode[] {
  return nodes.map((n) => ({
    ...n,
    disabled: isInSubtree(n.unit, root) || !n.unit.active,
    children: disableSubtree(n.children, root),
  }))
}
