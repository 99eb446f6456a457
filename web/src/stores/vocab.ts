/** The closed vocabularies (ranks, categories, unit types, roles…) with zh/en labels. */
import { reactive } from 'vue'
import { metaApi, type Term, type Vocabularies } from '@/api/common'
import { locale } from '@/i18n'

export type VocabKind = keyof Vocabularies

const state = reactive<{ data: Vocabularies | null }>({ data: null })
let loading: Promise<Vocabularies> | null = null

export function loadVocabularies(): Promise<Vocabularies> {
  if (state.data) return Promise.resolve(state.data)
  loading ??= metaApi.vocabularies().then((data) => {
    state.data = data
    return data
  })
  loading.catch(() => {
    loading = null
  })
  return loading
}

export function terms(kind: VocabKind): Term[] {
  return state.data?.[kind] ?? []
}

/** The label of a code in the current language; the code itself when unknown. */
export function label(kind: VocabKind, code: string | null | undefined): string {
  if (!code) return ''
  const term = state.data?.[kind].find((x) => x.code === code)
  if (!term) return code
  return locale.value === 'en' ? term.en : term.zh
}

export function labels(kind: VocabKind, codes: readonly string[]): string {
  return codes.map((c) => label(kind, c)).join(locale.value === 'en' ? ', ' : '、')
}
