// Browser tests of the follow-ups page (后续处理, the outbox): the training authority opens it
// from the menu and sees what the system still has to do after a change (a finished class's
// credits posted …): waiting, being retried or failed, each in words and never as a code, or the
// empty state (the demo normally has none). On the desktop and on a 390-px phone. Runs after
// run.mjs (imported at its end) or alone with the same environment:
// `node --test-reporter=spec e2e/follow_ups.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, config, launch, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 180_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const STATES = ['等待处理', '重试中', '失败']
const EMPTY = '没有待处理或失败的后续工作'

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  /** Waits for the list to arrive and checks it: rows in words, or the empty state. */
  async function checkList(page) {
    await page.locator('h2').filter({ hasText: '后续处理' }).waitFor()
    await page.locator('[data-test="follow-ups-empty"], [data-test="follow-up-kind"]').first().waitFor()
    const kinds = await page.locator('[data-test="follow-up-kind"]').allInnerTexts()
    if (kinds.length === 0) {
      assert.match(await byTest(page, 'follow-ups-empty').innerText(), new RegExp(EMPTY))
      return 0
    }
    for (const kind of kinds) assert.doesNotMatch(kind.trim(), /^[a-z_]+$/, `a kind shown as a code: ${kind}`)
    for (const state of await page.locator('[data-test="follow-up-state"]').allInnerTexts()) {
      assert.ok(STATES.includes(state.trim()), `state in words: ${state}`)
    }
    assert.equal(await page.locator('[data-test="follow-up-retry"]').count(), kinds.length, 'each row can be retried')
    return kinds.length
  }

  async function noSideScroll(page) {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)
  }

  describe('follow-ups: what is still to be done after a change', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the authority opens 后续处理 from the menu and sees rows or the empty state', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'zzb')
      await page.getByRole('menuitem', { name: '后续处理' }).click()
      await page.waitForURL(/\/follow-ups$/)
      await checkList(page)
      assert.match(await page.locator('[data-test="follow-ups"]').innerText(), /班次结业后系统自动过账学时学分/)
      await byTest(page, 'list-refresh').click()
      await checkList(page)
      await shot(page, shots, '78-follow-ups')
      assert.deepEqual(problems.csp, [], 'CSP violations')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('on a phone the page opens from the menu drawer and fits', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await signIn(page, base, passwords, 'zzb')
      await byTest(page, 'menu-toggle').click()
      await page.getByRole('menuitem', { name: '后续处理' }).click()
      await page.waitForURL(/\/follow-ups$/)
      const rows = await checkList(page)
      // Cards instead of a table on a phone.
      assert.equal(await page.locator('[data-test="follow-ups-table"]').count(), 0, 'no table on a phone')
      if (rows > 0) assert.equal(await page.locator('[data-test="follow-up-row"]').count(), rows)
      assert.ok(await noSideScroll(page), 'no sideways scrolling at 390 px')
      await shot(page, shots, '79-follow-ups-phone')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })
  })
}
