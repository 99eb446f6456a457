// Browser tests of training compliance (培训合规): the demo trainee `xueyuan` reads their own
// status on 我的信息; the training authority opens the trainee's 培训合规 tab (each rule with its
// window, required / done / missing and a status tag, the classes behind it), then runs a promotion
// check (晋升资格核查) to 县处级副职 and reads the verdict with what is missing. Runs after run.mjs
// (imported at its end) or alone: `node --test-reporter=spec e2e/compliance/status.mjs` with the
// same environment.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, choose, config, input, launch, newPage, shot, signIn } from '../lib.mjs'

const TIMEOUT = { timeout: 180_000 }
const FIGURE = /\d+(\.\d+)? (天|学时|次)/

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run
  const trainee = { id: 0 }

  describe('compliance: a person’s status under the rules and the promotion check', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('a trainee reads their own 培训合规 on 我的信息', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'xueyuan')
      const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())
      assert.ok(me.person_id, 'xueyuan is linked to a person')
      trainee.id = me.person_id
      await page.goto(`${base}/me`)
      await page.getByRole('tab', { name: '培训合规' }).click()
      await page.waitForURL(/tab=compliance/)
      await byTest(page, 'compliance-set').waitFor()
      // No promotion check for the trainee.
      assert.equal(await page.locator('[data-test="promotion-check"]').count(), 0)
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the authority reads the rules, the evidence and checks a promotion', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'zzb')
      await page.goto(`${base}/people/${trainee.id}`)
      await byTest(page, 'person-name').waitFor()
      await page.getByRole('tab', { name: '培训合规' }).click()
      await page.waitForURL(/tab=compliance/)
      const sets = page.locator('[data-test="compliance-set"]')
      await sets.first().waitFor()
      // National, county and organisation-department rules, each with its version (内置 by default).
      assert.equal(await sets.count(), 3)
      assert.match(await sets.first().locator('[data-test="compliance-set-title"]').innerText(), /内置|第 \d+ 版/)
      // A rule row: a name, a required figure and a status tag.
      const row = page.locator('[data-test="compliance-rules"] .el-table__body tr.el-table__row').first()
      await row.waitFor()
      assert.ok((await row.locator('[data-test="rule-name"]').innerText()).trim().length > 0)
      assert.match(await row.locator('[data-test="rule-required"]').innerText(), FIGURE)
      assert.match((await row.locator('[data-test="compliance-state"]').innerText()).trim(), /^(已达标|未达标|有风险)$/)
      // The row opens onto its explanation.
      await row.locator('.el-table__expand-icon').click()
      const evidence = byTest(page, 'rule-evidence')
      await evidence.waitFor()
      assert.match(await evidence.innerText(), /说明：\S+/)
      await shot(page, shots, '70-compliance-status')

      // 晋升资格核查: 县处级副职 today.
      await page.locator('[data-test="promotion-check"]').scrollIntoViewIfNeeded()
      await choose(page, 'promotion-rank', '县处级副职')
      await byTest(page, 'promotion-submit').click()
      const verdict = byTest(page, 'promotion-verdict')
      await verdict.waitFor()
      const eligible = (await byTest(page, 'promotion-eligible').innerText()).trim()
      assert.match(eligible, /^(符合|不符合)$/)
      if (eligible === '不符合') {
        const missing = page.locator('[data-test="promotion-missing-item"]')
        await missing.first().waitFor()
        assert.match(await missing.first().innerText(), /尚差 .*(天|学时|次)/)
      }
      await verdict.scrollIntoViewIfNeeded()
      await shot(page, shots, '71-promotion-check')
      assert.deepEqual(problems.csp, [], 'CSP violations')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the authority records a theory certificate and revokes it with a reason', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'zzb')
      await page.goto(`${base}/people/${trainee.id}?tab=compliance`)
      const card = byTest(page, 'standings')
      await card.waitFor()
      await byTest(page, 'standing-add').click()
      const dialog = byTest(page, 'standing-dialog')
      await dialog.waitFor()
      // Nothing filled in: each field says what it needs.
      await byTest(page, 'standing-save').click()
      await dialog.getByText('请填写证明材料').waitFor()
      const number = `理资字 ${Date.now().toString(36).toUpperCase()} 号`
      await input(page, 'standing-title').fill(number)
      await input(page, 'standing-from').fill('2025-06-30')
      await input(page, 'standing-from').press('Enter')
      await input(page, 'standing-evidence').fill('县委党校颁发的证书')
      await byTest(page, 'standing-save').click()
      await dialog.waitFor({ state: 'hidden' })
      const row = byTest(page, 'standings-table').locator('tr').filter({ hasText: number })
      await row.waitFor()
      assert.match(await row.innerText(), /理论水平任职资格证书[\s\S]*有效/)
      await card.scrollIntoViewIfNeeded()
      await shot(page, shots, '77-standings')
      await row.getByRole('button', { name: '撤销' }).click()
      await page.locator('textarea[data-test="reason-input"]').fill('录入错误')
      await byTest(page, 'reason-confirm').click()
      await row.getByText('已撤销：录入错误').waitFor()
      assert.deepEqual(problems.csp, [], 'CSP violations')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })
  })
}
