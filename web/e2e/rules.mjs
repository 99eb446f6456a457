// Browser tests of the rule settings as a form (规则设置, issue 17 item 4): the training authority
// reaches the rules from the menu, reads the national training standards as fields in words with
// the rule's own explanation under each, enters a value out of range and reads the Chinese problem
// at that field, corrects it, saves, and finds the change in the text view with every comment
// kept; then puts the built-in rules back. The same page on a 390-px phone. Runs after run.mjs
// (imported at its end) or alone with the same environment: `node --test-reporter=spec e2e/rules.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, config, launch, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 180_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  /** The number input of a field, by its path. */
  const numberOf = (page, path) => page.locator(`[data-test="rule-field-${path}"] .el-input-number input`)

  async function enter(page, path, value) {
    const box = numberOf(page, path)
    await box.fill(String(value))
    await box.press('Enter')
    await box.blur()
  }

  describe('rule settings are a form in the officer\'s words', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the authority changes a rule in the form, reads a problem at its field and saves', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'zzb')
      await page.locator('[data-test="app-menu"] .el-menu-item').filter({ hasText: '规则设置' }).first().click()
      await byTest(page, 'rules-page').waitFor()
      await page.getByRole('tab', { name: '培训达标规则（全国）' }).click()
      await page.waitForURL(/kind=compliance_national/)
      const form = byTest(page, 'rules-form')
      // The form of the first tab is on screen until this tab's arrives.
      await page.locator('[data-test="rules-form"]', { hasText: '临近期限提醒天数' }).waitFor()
      // Words, not keys: labels, the rule's own explanation, codes shown by their labels.
      const shown = await form.innerText()
      assert.match(shown, /临近期限提醒天数/)
      assert.match(shown, /干部教育培训工作条例/)
      assert.match(shown, /县处级正职/)
      assert.doesNotMatch(shown, /\b(at_risk_days|ranks_any|county_chief|calendar_year|R-REG|种子)\b/, 'no key or code on the form')
      await shot(page, shots, 'rules-01-form')

      // Out of range: the problem in Chinese, at the field.
      await enter(page, 'at_risk_days', 400)
      const problem = byTest(page, 'rules-form-problem')
      await problem.waitFor()
      assert.match(await problem.innerText(), /400/)
      assert.match(await byTest(page, 'rule-field-at_risk_days').innerText(), /400/)
      await shot(page, shots, 'rules-02-problem-at-field')

      // Corrected: no problem, unsaved until saved.
      await enter(page, 'at_risk_days', 60)
      await problem.waitFor({ state: 'detached' })
      await byTest(page, 'rules-unsaved').waitFor()

      // Before saving: who the draft would affect, judged on everyone's records.
      await byTest(page, 'rules-compliance-preview').click()
      const dialog = page.locator('[data-test="compliance-preview-dialog"]:visible')
      await dialog.waitFor()
      await dialog.locator('[data-test="compliance-preview-run"]').click()
      await dialog.locator('[data-test="compliance-preview-totals"]').waitFor()
      assert.match(await dialog.locator('[data-test="compliance-preview-totals"]').innerText(), /共核对 \d+ 人/)
      assert.match(await dialog.locator('[data-test="compliance-preview-rules"]').innerText(), /每年网络自学不少于50学时/)
      await shot(page, shots, 'rules-03-who-is-affected')
      await dialog.locator('.el-dialog__footer').getByText('关闭').click()
      await dialog.waitFor({ state: 'hidden' })
      await byTest(page, 'rules-save').click()
      await page.locator('[data-test="rules-version"]', { hasText: /第 \d+ 版/ }).waitFor()
      assert.doesNotMatch(await byTest(page, 'rules-version').innerText(), /zzb/, 'the saver by name')

      // The text view holds the change with the comments as written.
      await byTest(page, 'rules-mode-text').click()
      const text = await page.locator('textarea[data-test="rules-text"]').inputValue()
      assert.match(text, /at_risk_days = 60/)
      assert.match(text, /# 固定期间结束前 90 天内/)

      // The page's help link opens the guide of its area; the guide leads to the other areas.
      await byTest(page, 'help-link').click()
      await page.waitForURL(/\/help\/rules$/)
      assert.equal(await byTest(page, 'help-guide-title').innerText(), '规则设置')
      assert.match(await byTest(page, 'help-page').innerText(), /预览影响/)
      await shot(page, shots, 'rules-05-help')
      await byTest(page, 'help-topic-classes').click()
      await page.locator('[data-test="help-guide-title"]', { hasText: '培训班次' }).waitFor()
      await page.goBack()
      await page.goBack()
      await page.waitForURL(/\/rules/)
      await byTest(page, 'rules-mode-text').click()

      // Put the built-in rules back for the scenarios after this one.
      await byTest(page, 'rules-restore').click()
      await byTest(page, 'rules-save').click()
      await page.locator('.el-message--success').first().waitFor()
      assert.match(await page.locator('textarea[data-test="rules-text"]').inputValue(), /at_risk_days = 90/)
      assert.deepEqual(problems.errors, [], 'script errors')
      assert.deepEqual(problems.csp, [], 'CSP violations')
      await context.close()
    })

    test('the form reads on a 390-px phone', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await signIn(page, base, passwords, 'zzb')
      await page.goto(`${base}/rules?kind=attendance_settings`)
      await byTest(page, 'rules-form').waitFor()
      assert.match(await byTest(page, 'rules-form').innerText(), /请假累计上限/)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`)
      await shot(page, shots, 'rules-04-phone')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })
  })
}
