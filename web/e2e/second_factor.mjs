// Browser tests of the second factor (两步验证, issue 14 item 8). The test server requires it of
// the audit administrator: the first sign-in after the password change leads to the set-up page
// (QR code, key, first code, ten recovery codes that must be kept before going on); afterwards
// sign-in asks for the app's code, refuses a wrong one in words, takes a recovery code once;
// the holder makes new recovery codes; the system administrator sees who has it and resets a
// lost phone. Also on a 390-px phone. Runs after run.mjs (imported at its end) or alone with the
// same environment: `node --test-reporter=spec e2e/second_factor.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import {
  CHROMIUM,
  Passwords,
  appCode,
  byTest,
  config,
  input,
  launch,
  newPage,
  phones,
  setUpSecondFactor,
  shot,
  signIn,
  submitLogin,
  toLoginPage,
  totpAt,
} from './lib.mjs'

const TIMEOUT = { timeout: 240_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  /** Signs in with the password and stops at the second step. */
  async function toCodeStep(page, user) {
    await toLoginPage(page, base)
    await submitLogin(page, base, user, passwords.get(user))
    const step = await Promise.race([
      byTest(page, 'login-code-step').waitFor().then(() => 'code'),
      byTest(page, 'login-error').waitFor().then(() => 'error'),
    ])
    if (step === 'error') {
      passwords.changed(user)
      await submitLogin(page, base, user, passwords.get(user))
      await byTest(page, 'login-code-step').waitFor()
    }
  }

  async function noSideScroll(page) {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)
  }

  describe('second factor: set-up, codes at sign-in, recovery codes, reset', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('a required role sets up the app on first sign-in, then signs in with its codes', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      if (!phones.has('auditadmin')) {
        // Run alone: the first sign-in leads to the set-up page.
        await submitLogin(page, base, 'auditadmin', passwords.get('auditadmin'))
        await page.waitForURL((url) => url.pathname === '/change-password')
        await input(page, 'pw-old').fill(passwords.get('auditadmin'))
        passwords.changed('auditadmin')
        await input(page, 'pw-new').fill(passwords.get('auditadmin'))
        await input(page, 'pw-repeat').fill(passwords.get('auditadmin'))
        await byTest(page, 'pw-submit').click()
        await page.waitForURL((url) => url.pathname === '/second-factor/setup')
        await byTest(page, 'second-factor-start').waitFor()
        assert.match(await page.locator('h1').innerText(), /请先设置两步验证/)
        await shot(page, shots, '2fa-01-forced')
        await setUpSecondFactor(page, 'auditadmin')
        await byTest(page, 'user-badge').waitFor()
      }
      // Sign out, then in: the password alone leads to the code step.
      await toCodeStep(page, 'auditadmin')
      assert.match(await byTest(page, 'login-code-step').innerText(), /验证码/)
      await shot(page, shots, '2fa-02-code-step')
      // A wrong code is refused in words, the step stays.
      const now = Math.floor(Date.now() / 30_000)
      const phone = phones.get('auditadmin')
      const wrong = [0, 1, 2].map(String).map((d) => d.repeat(6)).find((c) => ![now - 1, now, now + 1].some((s) => totpAt(phone.secret, s) === c))
      await input(page, 'login-code').fill(wrong)
      await byTest(page, 'login-code-submit').click()
      const error = await byTest(page, 'login-error').innerText()
      assert.match(error, /验证码不正确/)
      assert.doesNotMatch(error, /SECOND_FACTOR|[{}]/)
      await byTest(page, 'login-code-step').waitFor()
      await input(page, 'login-code').fill(await appCode('auditadmin'))
      await byTest(page, 'login-code-submit').click()
      await byTest(page, 'user-badge').waitFor()

      // The account's own page: on, required, new recovery codes with a code from the app.
      await page.goto(`${base}/second-factor`)
      assert.match(await byTest(page, 'second-factor-state').innerText(), /已开启/)
      assert.equal(await byTest(page, 'second-factor-remove').count(), 0, 'a required factor cannot be turned off')
      await byTest(page, 'second-factor-regenerate').click()
      await input(page, 'second-factor-dialog-code').fill('12')
      await byTest(page, 'second-factor-dialog-submit').click()
      await page.locator('[data-test="second-factor-dialog"] .el-form-item__error').waitFor()
      await input(page, 'second-factor-dialog-code').fill(await appCode('auditadmin'))
      await byTest(page, 'second-factor-dialog-submit').click()
      await byTest(page, 'recovery-codes').waitFor()
      const codes = (await page.locator('[data-test="recovery-code"]').allInnerTexts()).map((c) => c.trim())
      assert.equal(codes.length, 10)
      assert.notDeepEqual(codes, phone.recovery, 'a new set')
      phone.recovery = codes
      await shot(page, shots, '2fa-03-new-recovery-codes')
      const download = page.waitForEvent('download')
      await byTest(page, 'recovery-download').click()
      assert.match((await download).suggestedFilename(), /恢复码.*\.txt$/)
      await byTest(page, 'recovery-saved').click()
      await byTest(page, 'recovery-continue').click()
      assert.match(await byTest(page, 'recovery-left').innerText(), /10/)

      // A recovery code signs in once.
      await toCodeStep(page, 'auditadmin')
      await byTest(page, 'login-use-recovery').click()
      const recovery = phone.recovery.shift()
      await input(page, 'login-code').fill(recovery.toLowerCase())
      await byTest(page, 'login-code-submit').click()
      await byTest(page, 'user-badge').waitFor()
      await toCodeStep(page, 'auditadmin')
      await byTest(page, 'login-use-recovery').click()
      await input(page, 'login-code').fill(recovery)
      await byTest(page, 'login-code-submit').click()
      assert.match(await byTest(page, 'login-error').innerText(), /已用过/)
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('on a phone the code step fits and signs in', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await toCodeStep(page, 'auditadmin')
      assert.ok(await noSideScroll(page), 'no sideways scrolling at 390 px')
      assert.equal(await input(page, 'login-code').getAttribute('inputmode'), 'numeric', 'the phone shows digits')
      await shot(page, shots, '2fa-04-phone-code-step')
      await input(page, 'login-code').fill(await appCode('auditadmin'))
      await byTest(page, 'login-code-submit').click()
      await page.waitForURL((url) => !url.pathname.startsWith('/login'))
      // The header has no room on a phone: the account's pages are under the menu.
      await byTest(page, 'menu-toggle').click()
      await byTest(page, 'drawer-second-factor').click()
      await byTest(page, 'second-factor-state').waitFor()
      assert.ok(await noSideScroll(page), 'the settings page fits too')
      await shot(page, shots, '2fa-05-phone-settings')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the system administrator sees who has it and resets a lost phone', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'sysadmin')
      await page.goto(`${base}/system/accounts`)
      const row = page.locator('[data-test="accounts-table"] .el-table__row').filter({ hasText: 'auditadmin' }).first()
      await row.locator('[data-test="second-factor-tag"]').waitFor()
      await row.locator('[data-test="account-reset-second-factor"]').click()
      assert.match(await page.locator('.el-message-box__message').innerText(), /角色暂停/)
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await row.locator('[data-test="second-factor-tag"]').waitFor({ state: 'detached' })
      await shot(page, shots, '2fa-06-accounts-after-reset')
      await context.close()

      // The holder signs in with the password alone and must set the app up again.
      const holder = await newPage(run.browser)
      phones.delete('auditadmin')
      await submitLogin(holder.page, base, 'auditadmin', passwords.get('auditadmin'))
      await holder.page.waitForURL((url) => url.pathname === '/second-factor/setup')
      await setUpSecondFactor(holder.page, 'auditadmin')
      await byTest(holder.page, 'user-badge').waitFor()
      assert.deepEqual([...problems.errors, ...holder.problems.errors], [], 'script errors')
      await holder.context.close()
    })
  })
}
