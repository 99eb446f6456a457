import { computed, ref } from 'vue'
import zh from './zh'
import en from './en'
import { apiErrorsEn } from './common/apiErrors.en'
import type { Locale, MessageKey, Messages } from './types'

export type { Locale, MessageKey } from './types'

const STORAGE_KEY = 'ganxun.locale'
const dictionaries: Record<Locale, Messages> = { 'zh-CN': zh, en }

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

/** The current language; Chinese unless the user chose English on this browser. */
export const locale = ref<Locale>(initialLocale())
document.documentElement.lang = locale.value

export function setLocale(next: Locale): void {
  locale.value = next
  document.documentElement.lang = next
  try {
    localStorage.setItem(STORAGE_KEY, next)
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export const isEnglish = computed(() => locale.value === 'en')

function lookup(messages: Messages, key: string): string | undefined {
  let node: unknown = messages
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

/** Translates a key, filling `{name}` placeholders. Reactive: re-renders on language change. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = lookup(dictionaries[locale.value], key) ?? lookup(zh, key) ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}

/** The message to show for an API error: the server's Chinese text, or English for known codes. */
export function apiErrorText(code: string, serverMessage: string): string {
  if (locale.value === 'en') return (apiErrorsEn as Record<string, string>)[code] ?? serverMessage
  return serverMessage
}
