// Browser tests of credits (学分): the demo trainee `xueyuan` has class-hour credits from the
// demo's ended classes and reads them on 我的信息; the training authority opens the trainee's
// statement (每条学分的依据), records an exam score on 学分登记, finds the new entry, revokes it
// with a reason, and sees it in 撤销记录; the trainee then sees it struck through. Runs after
// run.mjs (imported at its end) or alone: `node --test-reporter=spec e2e/credits.mjs` with the same
// environment.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, config, input, launch, menuTexts, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 180_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  const stamp = Date.now().toString(36).toUpperCase()
  const EXAM = `E2E学分考试${stamp}`
  const REASON = `成绩登记有误，撤销（E2E ${stamp}）`
  let run
  let zzb
  /** The demo trainee's person, read from their own session. */
  const trainee = { id: 0, name: '' }

  /** The statement's rows (a table on a computer, cards on a phone). */
  function entries(page) {
    return page.locator('[data-test="credit-entries"] .el-table__body tr, [data-test="credit-entries"] [data-test="credit-entry"]')
  }

  async function openCreditsTab(page) {
    await page.getByRole('tab', { name: /学分档案|我的学分/ }).click()
    await byTest(page, 'credit-statement').waitFor()
    await page.waitForURL(/tab=credits/)
  }

  describe('credits: the why of each entry, scores, revocation', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('a trainee reads their class-hour credits on 我的信息, on a phone', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await signIn(page, base, passwords, 'xueyuan')
      const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())
      assert.ok(me.person_id, 'xueyuan is linked to a person')
      trainee.id = me.person_id
      await page.goto(`${base}/me`)
      await byTest(page, 'person-basics').waitFor()
      trainee.name = (await byTest(page, 'person-name').innerText()).trim()
      await openCreditsTab(page)
      // The demo's classes ended this year: class hours earned, with the class and the rule.
      const total = byTest(page, 'credit-total-class_hours')
      await total.waitFor()
      assert.match(await total.innerText(), /学时\s*\d+(\.\d+)?/)
      const earned = entries(page).filter({ hasText: /《.+》出勤 \d+ 节，共 [\d.]+ 学时/ }).first()
      await earned.waitFor()
      assert.match(await earned.innerText(), /出勤学时\s*内置规则/)
      // A trainee may not revoke.
      assert.equal(await page.locator('[data-test="entry-revoke"]').count(), 0)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
      await shot(page, shots, '50-my-credits-phone')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the authority reads the trainee’s statement: totals, explanations, rule and version', TIMEOUT, async () => {
      zzb = await newPage(run.browser)
      const { page } = zzb
      await signIn(page, base, passwords, 'zzb')
      assert.ok((await menuTexts(page)).includes('学分登记'))
      await page.goto(`${base}/people/${trainee.id}`)
      await byTest(page, 'person-name').filter({ hasText: trainee.name }).waitFor()
      await openCreditsTab(page)
      await byTest(page, 'credit-total-class_hours').waitFor()
      // This year's statement first.
      assert.match((await byTest(page, 'credit-year').innerText()).trim(), /^\d{4} 年$/)
      const earned = entries(page).filter({ hasText: /出勤 \d+ 节/ }).first()
      await earned.waitFor()
      assert.match(await earned.locator('[data-test="entry-rule-version"]').innerText(), /内置规则/)
      // Each live entry may be revoked by the authority.
      await earned.locator('[data-test="entry-revoke"]').waitFor()
      await shot(page, shots, '51-credit-statement')
    })

    test('the authority records an exam score on 学分登记 and finds the entry it posted', TIMEOUT, async () => {
      const { page } = zzb
      await page.locator('[data-test="app-menu"] .el-menu-item').filter({ hasText: '学分登记' }).click()
      await byTest(page, 'credits-page').waitFor()
      const tabs = await page.locator('[data-test="credits-tabs"] .el-tabs__item').allInnerTexts()
      assert.deepEqual(tabs.map((s) => s.trim()), ['手工登记', '考试/作业成绩', '教科研成果', '读书沙龙', '校本培训', '待审核成果', '待审核培训', '撤销记录'])
      await page.getByRole('tab', { name: '考试/作业成绩' }).click()
      await page.waitForURL(/tab=scores/)
      const form = byTest(page, 'scores-form')
      await form.waitFor()
      await input(page, 'scores-title').fill(EXAM)
      // The person is found in the register by name.
      await form.locator('[data-test="scores-person"] input').fill(trainee.name)
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: trainee.name }).first().click()
      // A score out of range is stopped beside its row.
      await input(page, 'scores-score').fill('120')
      await byTest(page, 'scores-submit').click()
      assert.match(await byTest(page, 'scores-row-error').innerText(), /0 至 100/)
      await input(page, 'scores-score').fill('84.5')
      await byTest(page, 'scores-row-error').waitFor({ state: 'detached' })
      await byTest(page, 'scores-submit').click()
      const result = byTest(page, 'credits-result')
      await result.waitFor()
      assert.match(await result.innerText(), /已登记 1 条记录，记入学分 1 笔/)
      await shot(page, shots, '52-credit-scores')
      await result.locator('[data-test="credits-result-person"]').filter({ hasText: trainee.name }).click()
      await page.waitForURL(new RegExp(`/people/${trainee.id}\\?tab=credits`))
      const exam = entries(page).filter({ hasText: EXAM })
      await exam.waitFor()
      assert.match(await exam.innerText(), /考试/)
      assert.match(await exam.locator('[data-test="entry-amount"]').innerText(), /^\+\d+(\.\d+)?$/)
      assert.match(await exam.locator('[data-test="entry-explanation"]').innerText(), new RegExp(`考试《${EXAM}》84\\.5 分`))
      await byTest(page, 'credit-total-exam').waitFor()
    })

    test('the authority revokes the entry with a reason; it stays, struck through, beside its reversal', TIMEOUT, async () => {
      const { page } = zzb
      const exam = entries(page).filter({ hasText: `考试《${EXAM}》84.5 分` }).filter({ has: page.locator('[data-test="entry-revoke"]') })
      await exam.locator('[data-test="entry-revoke"]').click()
      const dialog = page.locator('[data-test="reason-dialog"]:visible')
      await dialog.waitFor()
      assert.match(await dialog.innerText(), /撤销第 \d+ 号学分记录/)
      // The reason is required.
      await dialog.locator('[data-test="reason-confirm"]').click()
      await dialog.getByText('请填写原因').waitFor()
      await dialog.locator('textarea[data-test="reason-input"]').fill(REASON)
      await dialog.locator('[data-test="reason-confirm"]').click()
      await dialog.waitFor({ state: 'hidden' })
      const reversed = entries(page).filter({ has: page.locator('[data-test="entry-reversed"]') }).filter({ hasText: EXAM })
      await reversed.waitFor()
      const decoration = await reversed.locator('[data-test="entry-amount"]').evaluate((el) => getComputedStyle(el).textDecorationLine)
      assert.equal(decoration, 'line-through')
      const reversal = entries(page).filter({ has: page.locator('[data-test="entry-reversal"]') }).filter({ hasText: EXAM })
      assert.ok((await reversal.innerText()).includes(`撤销：${REASON}`), 'the reversal gives the reason')
      assert.match(await reversal.locator('[data-test="entry-amount"]').innerText(), /^-\d+(\.\d+)?$/)
      // Neither may be revoked again.
      assert.equal(await reversed.locator('[data-test="entry-revoke"]').count(), 0)
      assert.equal(await reversal.locator('[data-test="entry-revoke"]').count(), 0)
      await reversed.locator('[data-test="entry-reversed-link"]').click()
      await page.locator('[data-test="credit-entries"] .is-highlight').filter({ hasText: '冲销' }).waitFor()
      await shot(page, shots, '53-credit-revoked')
    })

    test('the revocation is listed in 撤销记录 with who entered it, who revoked it and why', TIMEOUT, async () => {
      const { page } = zzb
      await page.goto(`${base}/credits?tab=revocations`)
      const row = page.locator('[data-test="credits-revocations-table"] .el-table__body tr').filter({ hasText: EXAM })
      await row.waitFor()
      assert.match(await row.innerText(), new RegExp(trainee.name))
      // Named as people read them (the demo's zzb is 组织部干部科), never the username.
      assert.equal((await row.locator('[data-test="revocation-entered-by"]').innerText()).trim(), '组织部干部科')
      assert.equal((await row.locator('[data-test="revocation-revoked-by"]').innerText()).trim(), '组织部干部科')
      assert.equal((await row.locator('[data-test="revocation-reason"]').innerText()).trim(), REASON)
      await shot(page, shots, '54-credit-revocations')
      assert.deepEqual(zzb.problems.errors, [], 'script errors')
      assert.deepEqual(zzb.problems.csp, [], 'CSP violations')
      await zzb.context.close()
    })

    test('the trainee sees the revoked exam struck through on their own statement', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await signIn(page, base, passwords, 'xueyuan')
      await page.goto(`${base}/me?tab=credits`)
      await byTest(page, 'credit-statement').waitFor()
      const reversed = entries(page).filter({ has: page.locator('[data-test="entry-reversed"]') }).filter({ hasText: EXAM })
      await reversed.waitFor()
      await shot(page, shots, '55-my-credits-revoked-phone')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })
  })
}
