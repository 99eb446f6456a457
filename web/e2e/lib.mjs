// Helpers for the browser tests: configuration from the environment, signing in (with the
// first-login password change), Element Plus widgets, GB 11643 ID numbers, screenshots.
import { createHmac } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import assert from 'node:assert/strict'

export const CHROMIUM = process.env.GANXUN_CHROMIUM ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
/** The password every account gets after its first sign-in in these tests. */
export const NEW_PASSWORD = process.env.GANXUN_NEW_PASSWORD ?? 'Ui-Test-2026!'

export function config() {
  const base = (process.env.GANXUN_BASE_URL ?? '').replace(/\/$/, '')
  if (!base) throw new Error('GANXUN_BASE_URL is not set (e.g. http://127.0.0.1:8091)')
  let accounts
  try {
    accounts = JSON.parse(process.env.GANXUN_ACCOUNTS ?? '')
  } catch {
    throw new Error('GANXUN_ACCOUNTS must be a JSON object: {"zzb": "first-login password", …}')
  }
  const shots = process.env.GANXUN_SCREENSHOTS ?? join(process.cwd(), 'e2e', 'out')
  mkdirSync(shots, { recursive: true })
  return { base, accounts, shots }
}

/**
 * Starts Debian's Chromium. playwright-core gives every launch a fresh, temporary user-data-dir
 * of its own (and refuses a `--user-data-dir` argument), removed when the browser closes.
 */
export async function launch(chromium) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  return { browser, close: () => browser.close() }
}

/** A fresh browser context (own cookies) and page that records script errors and alerts. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    deviceScaleFactor: 1,
    ...(options.isMobile ? { isMobile: true, hasTouch: true } : {}),
  })
  // Chinese is the default; tests that want English switch in the UI.
  const page = await context.newPage()
  // The four parts run side by side with the API stories on two cores: a step that takes five
  // seconds alone can take three times that there.
  page.setDefaultTimeout(30_000)
  const problems = { alerts: [], errors: [], csp: [] }
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) problems.csp.push(message.text())
  })
  page.on('dialog', async (dialog) => {
    problems.alerts.push(dialog.message())
    await dialog.dismiss()
  })
  page.on('pageerror', (error) => problems.errors.push(error.message))
  return { context, page, problems }
}

/** Which password each account has now: the first-login one until a test changes it. */
export class Passwords {
  constructor(initial) {
    this.current = { ...initial }
  }
  get(user) {
    const pw = this.current[user]
    assert.ok(pw, `GANXUN_ACCOUNTS has no password for ${user}`)
    return pw
  }
  changed(user) {
    this.current[user] = NEW_PASSWORD
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function base32Decode(text) {
  const bytes = []
  let buffer = 0
  let bits = 0
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const value = BASE32.indexOf(c)
    if (value < 0) throw new Error(`not base32: ${c}`)
    buffer = (buffer << 5) | value
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes.push((buffer >> bits) & 0xff)
    }
  }
  return Buffer.from(bytes)
}

/** The code an authenticator app shows for `secret` at time step `step` (RFC 6238, SHA-1). */
export function totpAt(secret, step) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest()
  const offset = digest[digest.length - 1] & 0x0f
  const binary = digest.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 1_000_000).padStart(6, '0')
}

/**
 * The authenticator "phone" of each account set up during the run, shared by every scenario
 * file (one module instance per run): its secret, the last step used (the server accepts a
 * step once) and unused recovery codes.
 */
export const phones = new Map()

/** The app's current code for `user`, waiting for a fresh 30-second step when this one is used. */
export async function appCode(user) {
  const phone = phones.get(user)
  assert.ok(phone, `no authenticator set up for ${user} in this run`)
  let step = Math.floor(Date.now() / 30_000)
  if (step <= phone.lastStep) {
    await new Promise((resolve) => setTimeout(resolve, (phone.lastStep + 1) * 30_000 - Date.now() + 300))
    step = Math.floor(Date.now() / 30_000)
  }
  phone.lastStep = step
  return totpAt(phone.secret, step)
}

/** Sets up the authenticator on the set-up page, as its holder would with a phone. */
export async function setUpSecondFactor(page, user) {
  await byTest(page, 'second-factor-start').click()
  const secret = (await byTest(page, 'second-factor-secret').innerText()).replace(/\s/g, '')
  const uri = await byTest(page, 'qr-code').getAttribute('data-text')
  assert.ok(uri.startsWith('otpauth://totp/') && uri.includes(`secret=${secret}`), uri)
  phones.set(user, { secret, lastStep: 0, recovery: [] })
  if (process.env.GANXUN_SCREENSHOTS) await shot(page, process.env.GANXUN_SCREENSHOTS, `2fa-00-setup-${user}`)
  await input(page, 'second-factor-code').fill(await appCode(user))
  await byTest(page, 'second-factor-confirm').click()
  await byTest(page, 'recovery-codes').waitFor()
  const codes = await page.locator('[data-test="recovery-code"]').allInnerTexts()
  assert.equal(codes.length, 10)
  phones.get(user).recovery = codes.map((c) => c.trim())
  assert.ok(await byTest(page, 'recovery-continue').isDisabled(), 'continue waits until the codes are kept')
  await byTest(page, 'recovery-saved').click()
  await byTest(page, 'recovery-continue').click()
}

/** An <input> by its data-test name (Element Plus puts attributes on the inner input). */
export function input(page, name) {
  return page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
}

export function byTest(page, name) {
  return page.locator(`[data-test="${name}"]`).first()
}

/**
 * Picks `text` in an Element Plus select or tree-select, given its data-test name or a locator.
 * Only the open drop-down is searched (a closing one still fades out for a moment).
 */
export async function choose(page, target, text) {
  // Element Plus copies attributes of a tree-select onto its hidden tree as well.
  const field = typeof target === 'string' ? page.locator(`[data-test="${target}"]:not(.el-tree)`).first() : target
  await field.click()
  const popper = page.locator('.el-popper[aria-hidden="false"]').filter({ hasText: text }).last()
  await popper.getByText(text, { exact: true }).first().click()
  await page.keyboard.press('Escape').catch(() => {})
  await page.locator('.el-popper[aria-hidden="false"] .el-select-dropdown').waitFor({ state: 'detached', timeout: 2000 }).catch(() => {})
}

/** Fills the sign-in form and submits it. */
export async function submitLogin(page, base, user, password) {
  if (!page.url().includes('/login')) await page.goto(`${base}/login`)
  await input(page, 'login-username').fill(user)
  await input(page, 'login-password').fill(password)
  await byTest(page, 'login-submit').click()
}

export async function waitLeavingLogin(page) {
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 })
}

/**
 * Signs in; at first sign-in changes the password to NEW_PASSWORD as the page demands.
 * Retries once with NEW_PASSWORD when the stored first-login password was already changed by
 * an earlier run against the same server.
 */
/** Opens the sign-in page, signing out first when still signed in (the page then redirects). */
export async function toLoginPage(page, base) {
  await page.goto(`${base}/login`)
  const form = input(page, 'login-username')
  const badge = byTest(page, 'user-badge')
  if ((await Promise.race([form.waitFor().then(() => 'form'), badge.waitFor().then(() => 'in')])) === 'in') {
    await byTest(page, 'logout').click()
    await form.waitFor()
  }
}

export async function signIn(page, base, passwords, user) {
  await toLoginPage(page, base)
  await submitLogin(page, base, user, passwords.get(user))
  let outcome = await loginOutcome(page)
  if (outcome === 'error' && passwords.get(user) !== NEW_PASSWORD) {
    passwords.changed(user)
    await submitLogin(page, base, user, NEW_PASSWORD)
    outcome = await loginOutcome(page)
  }
  if (outcome === 'error') {
    throw new Error(`cannot sign in as ${user}: ${await byTest(page, 'login-error').innerText()}`)
  }
  if (outcome === 'code') {
    await input(page, 'login-code').fill(await appCode(user))
    await byTest(page, 'login-code-submit').click()
    await waitLeavingLogin(page)
  }
  if (new URL(page.url()).pathname === '/change-password') {
    await changePassword(page, passwords.get(user), NEW_PASSWORD)
    passwords.changed(user)
  }
  await Promise.race([byTest(page, 'user-badge').waitFor(), page.waitForURL((url) => url.pathname === '/second-factor/setup')])
  if (new URL(page.url()).pathname === '/second-factor/setup') {
    await setUpSecondFactor(page, user)
  }
  await byTest(page, 'user-badge').waitFor()
}

/** After submitting the sign-in form: signed in, refused, or asked for the second factor. */
async function loginOutcome(page) {
  return Promise.race([
    page.waitForURL((url) => !url.pathname.startsWith('/login')).then(() => 'in'),
    byTest(page, 'login-error').waitFor().then(() => 'error'),
    byTest(page, 'login-code-step').waitFor().then(() => 'code'),
  ])
}

export async function changePassword(page, oldPassword, newPassword) {
  await input(page, 'pw-old').fill(oldPassword)
  await input(page, 'pw-new').fill(newPassword)
  await input(page, 'pw-repeat').fill(newPassword)
  await byTest(page, 'pw-submit').click()
  await page.waitForURL((url) => url.pathname !== '/change-password')
}

/** Menu entries as shown (their titles, without a count beside them), top level and nested. */
export async function menuTexts(page) {
  return (await page.locator('[data-test="app-menu"] .el-menu-item, [data-test="app-menu"] .el-sub-menu__title').allInnerTexts()).map(
    (s) => s.trim().split('\n')[0],
  )
}

export async function shot(page, dir, name) {
  // Let toasts go, transitions and chart animations settle.
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {})
  await page.waitForTimeout(900)
  await page.screenshot({ path: join(dir, `${name}.png`) })
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** The GB 11643 check digit of 17 digits. */
export function checkDigit(body) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

/** A valid, random 18-character ID number (region 421004, born 1970–1999). */
export function randomIdCard(sex = 'male') {
  const year = 1970 + Math.floor(Math.random() * 30)
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')
  let seq = Math.floor(Math.random() * 1000)
  if ((seq % 2 === 1) !== (sex === 'male')) seq = (seq + 1) % 1000
  const body = `421004${year}${month}${day}${String(seq).padStart(3, '0')}`
  return body + checkDigit(body)
}

/** The same number with a wrong check digit. */
export function withWrongCheckDigit(id) {
  const right = id[17]
  return id.slice(0, 17) + (right === '0' ? '1' : '0')
}

export function exists(path) {
  return existsSync(path)
}
