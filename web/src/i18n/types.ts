import type zh from './zh'

/** The same tree as the Chinese dictionary, with plain strings as leaves. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
export type Messages = Widen<typeof zh>

type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>
}[keyof T & string]

/** Every key `t()` accepts, e.g. `people.search`. A typo is a compile error. */
export type MessageKey = Paths<Messages>

export type Locale = 'zh-CN' | 'en'
