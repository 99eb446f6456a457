// Browser tests of the compliance overview (培训合规总览): the training authority opens it from the
// menu once the server's first recomputation has run, reads the counts by rule, the stacked bars
// per unit and the one-fifth coverage, opens the people behind a number and one person's
// 培训合规 tab, downloads the Excel and starts a recomputation; a town's unit administrator sees
// only their own town. Runs after run.mjs (imported at its end) or alone with the same
// environment: `node --test-reporter=spec e2e/compliance/board.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, config, launch, newPage, shot, signIn } from '../lib.mjs'

const TIMEOUT = { timeout: 180_000 }

/** Opens the overview, reloading until the server's first recomputation has filled it. */
async function openBoard(page, base) {
  for (let i = 0; i < 30; i++) {
    await page.goto(`${base}/compliance`)
    await byTest(page, 'board-freshness').waitFor()
    if ((await page.locator('[data-test="board-rule-name"]').count()) > 0) return
    await page.waitForTimeout(1000)
  }
  throw new Error('the overview stayed empty: no recomputation ran')
}

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  describe('compliance overview: counts by rule and unit, coverage, lists, Excel, recomputation', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the authority reads the overview and the people behind a number', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { acceptDownloads: true })
      await signIn(page, base, passwords, 'zzb')
      await page.getByRole('menuitem', { name: '合规总览' }).click()
      await page.waitForURL(/\/compliance$/)
      await openBoard(page, base)
      assert.match(await byTest(page, 'board-freshness').innerText(), /统计截至 \d{4}-\d{2}-\d{2}/)
      // The national rules are there for everyone: R-REG-4's fifty online hours a year.
      const names = await page.locator('[data-test="board-rule-name"]').allInnerTexts()
      assert.ok(names.some((n) => n.includes('网络')), names.join(' | '))
      // Stacked bars per unit on a canvas, and the coverage table of the organisation cadres.
      await byTest(page, 'unit-status-chart').locator('canvas').waitFor()
      await byTest(page, 'board-coverage').waitFor()
      await shot(page, shots, '72-compliance-board')

      // The people behind the first non-zero "not met" count, each linked to their page.
      const counts = page.locator('[data-test="board-not_met"]')
      let opened = false
      for (let i = 0; i < (await counts.count()); i++) {
        if ((await counts.nth(i).innerText()).trim() !== '0') {
          await counts.nth(i).click()
          opened = true
          break
        }
      }
      assert.ok(opened, 'some rule has people not meeting it')
      const drawer = byTest(page, 'board-people')
      const person = drawer.locator('[data-test="board-person"]').first()
      await person.waitFor()
      assert.match(await drawer.innerText(), /未达标/)
      await shot(page, shots, '73-compliance-board-people')
      await person.click()
      await page.waitForURL(/\/people\/\d+\?tab=compliance/)
      await byTest(page, 'compliance-set').first().waitFor()

      // The suggestion list for 点名调学 from the coverage table.
      await openBoard(page, base)
      const suggest = page.locator('[data-test="coverage-suggest"]').first()
      if ((await suggest.count()) > 0) {
        await suggest.click()
        await byTest(page, 'board-people').locator('.el-table__row').first().waitFor()
        assert.match(await byTest(page, 'board-people').innerText(), /点名调学建议名单/)
        await page.keyboard.press('Escape')
      }

      // Excel of the same numbers.
      const [download] = await Promise.all([page.waitForEvent('download'), byTest(page, 'board-excel').click()])
      assert.match(download.suggestedFilename(), /培训达标情况\.xlsx$/)

      // A recomputation on request: it runs in the background and the page says when it is done.
      await byTest(page, 'board-recompute').click()
      await page.getByText(/已开始重新计算|已有重新计算任务在运行/).first().waitFor()
      await page.getByText(/重新计算完成/).first().waitFor({ timeout: 60_000 })
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('a town administrator sees only their own town', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'shahu')
      await openBoard(page, base)
      const trail = await byTest(page, 'board-trail').innerText()
      assert.match(trail, /沙湖/)
      // No recomputation for a unit administrator.
      assert.equal(await page.locator('[data-test="board-recompute"]').count(), 0)
      const me = await page.evaluate(async () => (await fetch('/api/v1/compliance/dashboard')).json())
      assert.match(me.unit_name, /沙湖/)
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })
  })
}
