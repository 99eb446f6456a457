/**
 * Server field errors next to the form fields. The API names fields as the JSON keys
 * (`id_card`, `new_password`…); a form maps them onto its own items.
 */
import { reactive, watch } from 'vue'
import { ApiError } from '@/api/client'
import { notifyError } from './feedback'

export function useFieldErrors<F extends string>(fields: readonly F[]) {
  const errors = reactive<Record<string, string>>({}) as Record<F, string>
  for (const f of fields) errors[f] = ''

  function clear(): void {
    for (const f of fields) errors[f] = ''
  }

  /**
   * Puts each field's message next to its field. Errors naming no known field (or not field
   * errors at all) are shown in a notification. Returns whether any field got a message.
   */
  function apply(error: unknown, aliases: Partial<Record<string, F>> = {}): boolean {
    clear()
    if (!(error instanceof ApiError) || error.fields.length === 0) {
      notifyError(error)
      return false
    }
    let placed = false
    let unplaced = false
    for (const fe of error.fields) {
      const target = (aliases[fe.field] ?? fe.field) as F
      if ((fields as readonly string[]).includes(target)) {
        errors[target] = errors[target] ? `${errors[target]}；${fe.message}` : fe.message
        placed = true
      } else {
        unplaced = true
      }
    }
    if (unplaced) notifyError(error)
    return placed
  }

  /** Drops a field's message as soon as its value changes (the message was about the old one). */
  function clearOnChange(form: Record<string, unknown>, aliases: Partial<Record<string, F>> = {}): void {
    for (const key of Object.keys(form)) {
      const target = (aliases[key] ?? key) as F
      if (!(fields as readonly string[]).includes(target)) continue
      watch(
        () => form[key],
        () => {
          errors[target] = ''
        },
        { deep: true },
      )
    }
  }

  return { errors, clear, apply, clearOnChange }
}

/**
 * Messages for the rows of a list the server checked, by the row's place in the list sent:
 * `scores[2].score` → row 2. Empty when the error names no row of `list`.
 */
export function rowErrors(error: unknown, list: string): Map<number, string> {
  const rows = new Map<number, string>()
  if (!(error instanceof ApiError)) return rows
  const pattern = new RegExp(`^${list}\\[(\\d+)\\]`)
  for (const fe of error.fields) {
    const match = pattern.exec(fe.field)
    if (!match) continue
    const index = Number(match[1])
    rows.set(index, rows.has(index) ? `${rows.get(index)}；${fe.message}` : fe.message)
  }
  return rows
}
