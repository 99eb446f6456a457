// Browser tests of the workbench (工作台, issue 17 item 1): every role lands on it after signing
// in and reaches its work from it alone — each kind in words with its count, never a code, and
// each "去处理" opens the page where that work is done. The authority and the head teacher on a
// desktop, the trainee on a 390-px phone. Runs after run.mjs (imported at its end) or alone with
// the same environment: `node --test-reporter=spec e2e/workbench.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, config, launch, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 180_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
/** Where each kind's link must lead (the path; the query is the page's own filter). */
const LANDS_ON = {
  reports_overdue: '/reports/overdue',
  classes_to_decide: '/classes',
  plans_to_decide: '/plans',
  leave_to_decide: '/leave',
  records_to_review: '/credits',
  training_records_to_review: '/credits',
  objections_to_answer: '/credits/publications',
  follow_ups_failed: '/follow-ups',
  people_at_risk: '/compliance',
  learning_flags: '/learning/flags',
  notices_unread: '/notices',
  my_lessons: '/learning',
}

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  /** The tasks shown: kind, count and the words a person reads. */
  async function tasks(page) {
    await page.locator('[data-test="workbench-task"], [data-test="workbench-empty"]').first().waitFor()
    return page.locator('[data-test="workbench-task"]').evaluateAll((rows) =>
      rows.map((row) => ({ kind: row.dataset.kind, count: Number(row.dataset.count), text: row.innerText })),
    )
  }

  /** Follows every task's link from the workbench and comes back the way a person would. */
  async function walk(page, shown) {
    for (const task of shown) {
      assert.doesNotMatch(task.text, /\b[a-z]+_[a-z_]+\b/, `a code on the workbench: ${task.text}`)
      const row = page.locator(`[data-test="workbench-task"][data-kind="${task.kind}"]`)
      await row.locator('[data-test="workbench-go"]').click()
      await page.waitForURL((url) => url.pathname === LANDS_ON[task.kind], { timeout: 15_000 })
      await page.goBack()
      await page.locator('[data-test="workbench-page"]').waitFor()
    }
  }

  describe('the workbench is every role\'s home page', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the training authority sees what waits across the county and reaches each from there', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { viewport: { width: 1366, height: 900 } })
      await signIn(page, base, passwords, 'zzb')
      await page.locator('[data-test="workbench-page"]').waitFor()
      const shown = await tasks(page)
      await shot(page, shots, '110-workbench-authority')
      // The demo county always has people behind on a rule and a class waiting for a decision.
      assert.ok(shown.some((t) => t.kind === 'people_at_risk' && t.count > 0), JSON.stringify(shown))
      // Overdue work comes first.
      const overdue = shown.findIndex((t) => t.kind === 'reports_overdue')
      if (overdue >= 0) assert.equal(overdue, 0, 'an overdue report is not first')
      await walk(page, shown)
      assert.deepEqual(problems.errors, [])
      await context.close()
    })

    test('the head teacher reaches the leave requests waiting for them', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { viewport: { width: 1366, height: 900 } })
      await signIn(page, base, passwords, 'banzhuren')
      await page.locator('[data-test="workbench-page"]').waitFor()
      const shown = await tasks(page)
      await shot(page, shots, '111-workbench-head-teacher')
      assert.ok(!shown.some((t) => t.kind === 'classes_to_decide'), 'a head teacher does not approve classes')
      await walk(page, shown)
      assert.deepEqual(problems.errors, [])
      await context.close()
    })

    test('the trainee on a phone sees the required lessons left and opens them', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await signIn(page, base, passwords, 'xueyuan')
      await page.locator('[data-test="workbench-page"]').waitFor()
      const shown = await tasks(page)
      // Nothing of the managers' work reaches a trainee.
      assert.deepEqual(shown.map((t) => t.kind).filter((k) => k !== 'notices_unread'), ['my_lessons'])
      assert.match(shown.find((t) => t.kind === 'my_lessons').text, /必修/)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `the workbench is ${overflow}px wider than the phone`)
      await shot(page, shots, '112-workbench-trainee-phone')
      await page.locator('[data-test="workbench-task"][data-kind="my_lessons"] [data-test="workbench-go"]').click()
      await page.locator('[data-test="my-course"]').first().waitFor()
      assert.deepEqual(problems.errors, [])
      await context.close()
    })
  })
}
