// Browser test of the trainee's pages on a 390-px phone (issue 17 item 7): the demo trainee
// signs in and, only by tapping, goes from the home page to today's class (its sessions and how
// sign-in stands), asks for leave for a later session, reads their hours against each rule and
// opens their certificates and archive; the menu is four items. Nothing is wider than the phone
// and no internal code shows. Runs after run.mjs (imported at its end) or alone with the same
// environment: `node --test-reporter=spec e2e/trainee-phone.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, config, launch, menuTexts, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 300_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
/** The class the demo trainee has a seat in, running today. */
const CLASS = '年轻干部理论学习班'
/** How a session's sign-in may read on the phone (never a code). */
const SIGN_IN_WORDS = /签到|请假|出勤|迟到|早退|缺勤|未签到/
/** Words of the server's vocabularies that must never reach a screen. */
const CODES = /\b(in_progress|enrolling|not_met|at_risk|awaiting_roll_call|not_yet|on_leave|pending|approved)\b/

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  async function overflow(page) {
    return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  }

  async function fits(page, what) {
    const wider = await overflow(page)
    assert.ok(wider <= 0, `${what} is ${wider}px wider than the phone`)
  }

  /** Opens the menu drawer and taps an item. */
  async function tapMenu(page, name) {
    await byTest(page, 'menu-toggle').click()
    await page.locator('.menu-drawer [data-test="app-menu"]').waitFor()
    await page.locator('.menu-drawer').getByRole('menuitem', { name }).click()
    await page.locator('.menu-drawer').waitFor({ state: 'hidden' })
  }

  describe('the trainee on a phone', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('home → today\'s class → leave → hours against each rule → certificates and archive, by tapping', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await signIn(page, base, passwords, 'xueyuan')

      // Home: my classes today first, with where and when, and how sign-in stands.
      await byTest(page, 'trainee-home').waitFor()
      const klass = page.locator('[data-test="my-class"]').filter({ hasText: CLASS })
      await klass.waitFor()
      const card = await klass.innerText()
      assert.match(card, /示范县委党校报告厅/, 'the place')
      assert.match(card, /今天的课|下一节课/)
      const sessions = klass.locator('[data-test="my-session"]')
      assert.ok((await sessions.count()) >= 1, 'a session today or next')
      for (const status of await klass.locator('[data-test="my-session-status"]').allInnerTexts()) {
        assert.match(status, SIGN_IN_WORDS, `sign-in in words: ${status}`)
      }
      // Where sign-in is open, the phone says to scan the code on the room's screen.
      const open = klass.locator('[data-test="my-session"][data-sign-in="open"]')
      if ((await open.count()) > 0 && !/签到）|出勤|迟到/.test(await open.first().innerText())) {
        assert.match(await open.first().locator('[data-test="my-session-scan"]').innerText(), /扫描教室大屏上的二维码/)
      }
      // The hours and the certificates are on the same page, below.
      await page.locator('[data-test="my-hours-rule"]').first().waitFor()
      await byTest(page, 'my-archive-summary').waitFor()
      assert.doesNotMatch(await byTest(page, 'trainee-home').innerText(), CODES)
      await fits(page, 'the home page')
      await shot(page, shots, '120-trainee-phone-home')
      await page.screenshot({ path: `${shots}/121-trainee-phone-home-full.png`, fullPage: true })

      // Ask for leave from the class's card: the class's leave tab, a later session.
      await klass.locator('[data-test="my-class-leave"]').click()
      await byTest(page, 'my-leave').waitFor()
      await byTest(page, 'class-heading').filter({ hasText: CLASS }).waitFor()
      const before = await page.locator('[data-test="my-leave-item"]').count()
      await byTest(page, 'leave-first').click()
      const options = page.locator('.el-popper:visible .el-select-dropdown__item')
      await options.first().waitFor()
      // The last session of the class: clear of any leave asked for the next one.
      await options.last().click()
      await page.locator('textarea[data-test="leave-reason"]').fill('单位临时安排下乡督导，无法参加本节课')
      await byTest(page, 'leave-hours').waitFor()
      await fits(page, 'the leave form')
      await shot(page, shots, '122-trainee-phone-leave-form')
      await byTest(page, 'leave-submit').click()
      await page.waitForFunction((n) => document.querySelectorAll('[data-test="my-leave-item"]').length > n, before)
      const mine = page.locator('[data-test="my-leave-item"]').filter({ hasText: '下乡督导' })
      assert.match(await mine.innerText(), /待审批/)
      await shot(page, shots, '123-trainee-phone-leave-asked')

      // Back home by the menu; the hours against each rule, in words, with what is missing.
      await tapMenu(page, '工作台')
      await byTest(page, 'trainee-home').waitFor()
      const rules = page.locator('[data-test="my-hours-rule"]')
      await rules.first().waitFor()
      for (const rule of await rules.all()) {
        const text = await rule.innerText()
        assert.match(text, /已完成 .+，要求 /, text)
        assert.match(text, /统计期/, text)
        assert.match(text, /已达标|未达标|有风险/, text)
        if ((await rule.getAttribute('data-status')) !== 'met') assert.match(text, /还差/, text)
      }
      await byTest(page, 'my-hours').scrollIntoViewIfNeeded()
      await shot(page, shots, '124-trainee-phone-hours')
      await byTest(page, 'my-hours-more').click()
      await byTest(page, 'compliance-status').waitFor()
      await page.locator('[data-test="compliance-set"]').first().waitFor()
      await shot(page, shots, '125-trainee-phone-hours-detail')

      // Certificates and the archive, from the home page.
      await tapMenu(page, '工作台')
      await byTest(page, 'my-certificates').waitFor()
      assert.match(await byTest(page, 'my-archive-summary').innerText(), /档案编号 \S+/)
      await byTest(page, 'my-certificates').scrollIntoViewIfNeeded()
      await shot(page, shots, '126-trainee-phone-certificates')
      await byTest(page, 'my-archive-more').click()
      await byTest(page, 'archive-panel').waitFor()
      await byTest(page, 'archive-number').waitFor()
      await shot(page, shots, '127-trainee-phone-archive')

      // The menu is short: home, my record, my classes, my online learning.
      await byTest(page, 'menu-toggle').click()
      await page.locator('.menu-drawer [data-test="app-menu"]').waitFor()
      assert.deepEqual(await menuTexts(page), ['工作台', '我的信息', '我的班次', '我的网络学习'])
      await shot(page, shots, '128-trainee-phone-menu')
      await page.locator('.menu-drawer').getByRole('menuitem', { name: '我的班次' }).click()
      // My classes are cards to tap, not the managers' search form.
      const cards = page.locator('[data-test="my-class-card"]')
      await cards.first().waitFor()
      assert.equal(await page.locator('[data-test="class-search"], .el-table').count(), 0, 'no search form or table')
      await fits(page, 'my classes')
      await shot(page, shots, '129-trainee-phone-classes')
      await cards.filter({ hasText: CLASS }).first().click()
      await byTest(page, 'class-detail').waitFor()
      // The heading reads 班次详情 until the class has loaded.
      await byTest(page, 'class-heading').filter({ hasText: CLASS }).waitFor()

      assert.deepEqual(problems.errors, [], 'no script errors')
      assert.deepEqual(problems.csp, [], 'no CSP violations')
      await context.close()
    })

    test('the same home page reads on a desktop in two columns', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { viewport: { width: 1366, height: 900 } })
      await signIn(page, base, passwords, 'xueyuan')
      await byTest(page, 'trainee-home').waitFor()
      await page.locator('[data-test="my-class"]').first().waitFor()
      await page.locator('[data-test="my-hours-rule"]').first().waitFor()
      const [timetable, hours] = await Promise.all([byTest(page, 'my-timetable').boundingBox(), byTest(page, 'my-hours').boundingBox()])
      assert.ok(hours.x > timetable.x + timetable.width - 1, 'the hours sit beside the classes')
      await shot(page, shots, '130-trainee-desktop-home')
      assert.deepEqual(problems.errors, [])
      await context.close()
    })
  })
}
