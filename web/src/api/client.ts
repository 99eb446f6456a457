/**
 * The one way the UI talks to the server: JSON under `/api/v1`, the session cookie sent by the
 * browser, the CSRF token added to every state-changing request, and every failure turned into
 * an `ApiError` with a stable code and a message a person can read (never raw JSON).
 */
import type { components } from './schema'
import { apiErrorText, t } from '@/i18n'

type FieldError = components['schemas']['FieldError']

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  /** The server's own message (Chinese). */
  readonly serverMessage: string
  readonly fields: FieldError[]

  constructor(status: number, code: string, serverMessage: string, fields: FieldError[] = []) {
    super(serverMessage)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.serverMessage = serverMessage
    this.fields = fields
  }

  /** What to show a person, in the current language where the code is known. */
  get text(): string {
    return apiErrorText(this.code, this.serverMessage)
  }

  /** Messages for one form field, if the server named it. */
  forField(field: string): string | undefined {
    const list = this.fields.filter((f) => f.field === field).map((f) => f.message)
    return list.length ? list.join('；') : undefined
  }
}

/** Codes after which the session is gone and the user must sign in again. */
export const SESSION_CODES = ['UNAUTHENTICATED', 'SESSION_IDLE_TIMEOUT', 'SESSION_EXPIRED'] as const

let csrfToken = ''
export function setCsrfToken(token: string): void {
  csrfToken = token
}

type FailureHandler = (error: ApiError) => void
let onSessionLost: FailureHandler = () => {}
let onPasswordChangeRequired: FailureHandler = () => {}
let onSecondFactorSetupRequired: FailureHandler = () => {}

/** The router decides where to go when the session ends, a password change is due or a
 * required second factor is not set up yet. */
export function setAuthHandlers(handlers: {
  sessionLost: FailureHandler
  passwordChangeRequired: FailureHandler
  secondFactorSetupRequired: FailureHandler
}): void {
  onSessionLost = handlers.sessionLost
  onPasswordChangeRequired = handlers.passwordChangeRequired
  onSecondFactorSetupRequired = handlers.secondFactorSetupRequired
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

export interface RequestOptions {
  query?: Query
  /** A JSON body. */
  json?: unknown
  /** A raw body (file upload), sent as application/octet-stream unless `contentType` says otherwise. */
  raw?: Blob | ArrayBuffer
  /** The raw body's content type (a video upload says `video/mp4`). */
  contentType?: string
  /** The request outlives the page (a last word when the page is left). */
  keepalive?: boolean
  /** Do not redirect on 401 (the login form handles its own errors). */
  noAuthRedirect?: boolean
}

export function queryString(query?: Query): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.append(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

function isUnsafe(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method)
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  if (body && typeof body === 'object' && 'code' in body && 'message' in body) {
    const b = body as { code: unknown; message: unknown; fields?: unknown }
    const fields = Array.isArray(b.fields)
      ? (b.fields as FieldError[]).filter((f) => f && typeof f.message === 'string')
      : []
    return new ApiError(response.status, String(b.code), String(b.message), fields)
  }
  return new ApiError(
    response.status,
    `HTTP_${response.status}`,
    t('errors.unexpected', { status: response.status }),
  )
}

/** Sends a request and returns the raw response when it succeeded; throws `ApiError` otherwise. */
export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: BodyInit | undefined
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.json)
  } else if (options.raw !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/octet-stream'
    body = options.raw
  }
  if (isUnsafe(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let response: Response
  try {
    response = await fetch(`${API_BASE}${path}${queryString(options.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      keepalive: options.keepalive,
    })
  } catch {
    throw new ApiError(0, 'NETWORK', t('errors.network'))
  }
  if (response.ok) return response
  const error = await errorFrom(response)
  if (!options.noAuthRedirect) {
    if (response.status === 401) onSessionLost(error)
    else if (error.code === 'PASSWORD_CHANGE_REQUIRED') onPasswordChangeRequired(error)
    else if (error.code === 'SECOND_FACTOR_SETUP_REQUIRED') onSecondFactorSetupRequired(error)
  }
  throw error
}

/** A JSON request; `undefined` for 204 No Content. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  if (!text) return undefined as T
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiError(response.status, 'BAD_RESPONSE', t('errors.unexpected', { status: response.status }))
  }
}

export const http = {
  get: <T>(path: string, query?: Query, options: RequestOptions = {}) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, json?: unknown, options: RequestOptions = {}) =>
    request<T>('POST', path, { ...options, json }),
  patch: <T>(path: string, json: unknown) => request<T>('PATCH', path, { json }),
  put: <T>(path: string, json: unknown) => request<T>('PUT', path, { json }),
  delete: <T>(path: string) => request<T>('DELETE', path),
}

/** The file name from `Content-Disposition` (RFC 5987 `filename*` first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition)
  return plain?.[1] ?? fallback
}

/** Downloads a file the API serves (template, export) with the session cookie. */
export async function download(path: string, query: Query | undefined, fallbackName: string): Promise<void> {
  await save(await send('GET', path, { query }), fallbackName)
}

/** Saves a file the server answered with (Content-Disposition names it). */
export async function save(response: Response, fallbackName: string): Promise<void> {
  const blob = await response.blob()
  const name = fileNameOf(response.headers.get('Content-Disposition'), fallbackName)
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * Uploads a file as the raw body and reports how much of it has been sent (0–1), which `fetch`
 * cannot do: a roster of a province takes a while on a county's line. Answers like `send`.
 */
export function upload(
  path: string,
  file: Blob,
  query: Query | undefined,
  onProgress: (sent: number) => void,
  contentType = 'application/octet-stream',
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `${API_BASE}${path}${queryString(query)}`)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', contentType)
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    xhr.responseType = 'blob'
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    }
    xhr.upload.onload = () => onProgress(1)
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', t('errors.network')))
    xhr.onload = async () => {
      const headers = new Headers()
      for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
        const at = line.indexOf(':')
        if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim())
      }
      const response = new Response(xhr.response as Blob, { status: xhr.status, headers })
      if (response.ok) return resolve(response)
      const error = await errorFrom(response)
      if (response.status === 401) onSessionLost(error)
      else if (error.code === 'PASSWORD_CHANGE_REQUIRED') onPasswordChangeRequired(error)
      else if (error.code === 'SECOND_FACTOR_SETUP_REQUIRED') onSecondFactorSetupRequired(error)
      reject(error)
    }
    xhr.send(file)
  })
}
