// Browser tests of the reserve-cadre pool (后备干部资源库, R-POOL-1): the training authority opens
// the demo pool from the menu, reads each member's progress per training phase and compliance,
// adds a phase, promotes a member (the promotion check of that day is kept in the history),
// creates a new pool and puts a person in it; a bureau's administrator does not see the county's
// pool. Runs after run.mjs (imported at its end) or alone with the same environment:
// `node --test-reporter=spec e2e/pool.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, choose, config, input, launch, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 180_000 }
const STAMP = Date.now().toString(36).toUpperCase()
/** The member promoted in the first test, put into a new pool in the second. */
const promotedMember = { name: '', unit: '' }

async function fillDate(page, name, day) {
  await input(page, name).fill(day)
  await input(page, name).press('Enter')
}

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  describe('reserve pool: phases, members, promotion with its verdict, scope', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the authority follows the demo pool, adds a phase and promotes a member', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'zzb')
      await page.getByRole('menuitem', { name: '后备干部库' }).click()
      await page.waitForURL(/\/reserve-pools$/)
      const link = page.locator('[data-test="pool-link"]').filter({ hasText: '教育后备干部资源库' }).first()
      await link.waitFor()
      await shot(page, shots, '74-reserve-pools')
      await link.click()
      await page.waitForURL(/\/reserve-pools\/\d+$/)
      await byTest(page, 'pool-members').waitFor()
      assert.match(await byTest(page, 'pool-title').innerText(), /教育后备干部资源库/)
      // The demo's reserves, less the one promoted and the one who left (history).
      const active = Number(await byTest(page, 'pool-active').innerText())
      assert.ok(active > 0, 'the demo pool has members')
      const rows = page.locator('[data-test="pool-members"] .el-table__body-wrapper tr')
      assert.equal(await rows.count(), active)
      // Each member has a state in each phase (the demo plans two), and a compliance summary.
      const phases = await page.locator('[data-test="pool-phases"] .el-table__body-wrapper tr').count()
      assert.ok(phases >= 2, `${phases} phases`)
      assert.equal(await rows.first().locator('[data-test="phase-progress"]').count(), phases)
      assert.match(await rows.first().locator('[data-test="member-compliance"]').innerText(), /\d|尚未计算/)
      await shot(page, shots, '75-reserve-pool')

      // A third phase with a target in class hours.
      await byTest(page, 'phase-add').click()
      const phaseDialog = byTest(page, 'phase-dialog')
      await input(page, 'phase-name').fill(`第三阶段 ${STAMP}`)
      await fillDate(page, 'phase-starts', '2027-01-01')
      await fillDate(page, 'phase-ends', '2027-06-30')
      await input(page, 'phase-hours').fill('40')
      await byTest(page, 'phase-save').click()
      await phaseDialog.waitFor({ state: 'hidden' })
      await byTest(page, 'pool-phases').getByText(`第三阶段 ${STAMP}`).waitFor()
      assert.equal(await rows.first().locator('[data-test="phase-progress"]').count(), phases + 1)

      // Promote the first member to a county-level deputy post: the post is required.
      const name = (await rows.first().locator('[data-test="member-name"]').innerText()).trim()
      promotedMember.name = name
      promotedMember.unit = (await rows.first().locator('td').nth(1).innerText()).trim()
      await rows.first().locator('[data-test="member-promote"]').click()
      const endDialog = byTest(page, 'end-dialog')
      await endDialog.waitFor()
      await input(page, 'end-reason').fill('经考察提拔任用')
      await byTest(page, 'end-save').click()
      await endDialog.getByText('提拔使用须填写新任职务').or(endDialog.getByText('请填写新任职务')).first().waitFor()
      await input(page, 'end-post').fill('示范县第2中学校长')
      await choose(page, 'end-rank', '县处级副职')
      await byTest(page, 'end-save').click()
      await endDialog.waitFor({ state: 'hidden' })
      // The count is read again after the dialog closes: wait for it, then compare.
      await byTest(page, 'pool-active').filter({ hasText: new RegExp(`^\\s*${active - 1}\\s*$`) }).waitFor()
      assert.equal((await byTest(page, 'pool-active').innerText()).trim(), String(active - 1))
      await page.getByRole('tab', { name: /出库与提拔记录/ }).click()
      const history = byTest(page, 'pool-history')
      const promoted = history.locator('tr').filter({ hasText: name }).filter({ hasText: '示范县第2中学校长' })
      await promoted.waitFor()
      // The verdict of that day is kept: checked (符合 or 不符合, with what was missing).
      assert.match(await promoted.innerText(), /符合/)
      await shot(page, shots, '76-reserve-pool-history')
      assert.deepEqual(problems.csp, [], 'CSP violations')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('a new pool is created and a person put in; another bureau does not see it', TIMEOUT, async () => {
      const { context, page } = await newPage(run.browser)
      await signIn(page, base, passwords, 'zzb')
      await page.goto(`${base}/reserve-pools`)
      await byTest(page, 'pool-create').click()
      const dialog = byTest(page, 'pool-dialog')
      await dialog.waitFor()
      await byTest(page, 'pool-save').click()
      await dialog.getByText('请填写名称').waitFor()
      await input(page, 'pool-name').fill(`示范县优秀年轻干部 ${STAMP}`)
      await choose(page, 'pool-unit', '示范县')
      await byTest(page, 'pool-save').click()
      await page.waitForURL(/\/reserve-pools\/\d+$/)
      await byTest(page, 'pool-members').waitFor()
      assert.match(await byTest(page, 'pool-title').innerText(), new RegExp(STAMP))

      // The reserve promoted from the demo pool, found in the register by name.
      assert.ok(promotedMember.name, 'the first test promoted someone')
      await byTest(page, 'member-add').click()
      const memberDialog = byTest(page, 'member-dialog')
      await memberDialog.waitFor()
      await byTest(page, 'member-save').click()
      await memberDialog.getByText('请选择人员').waitFor()
      await input(page, 'member-reason').fill('民主推荐')
      await page.locator('[data-test="member-person"] input').fill(promotedMember.name)
      const option = page
        .locator('.el-select-dropdown__item:visible')
        .filter({ hasText: `${promotedMember.name}（${promotedMember.unit}）` })
        .first()
      await option.waitFor()
      await option.click()
      await byTest(page, 'member-save').click()
      await memberDialog.waitFor({ state: 'hidden' })
      // The count is reloaded after the dialog closes: wait for it rather than read it at once.
      await page.waitForFunction(() => document.querySelector('[data-test="pool-active"]')?.textContent.trim() === '1')
      await context.close()

      // The county bureau's administrator keeps no pool and sees neither.
      const other = await newPage(run.browser)
      await signIn(other.page, base, passwords, 'jyj')
      await other.page.goto(`${base}/reserve-pools`)
      await byTest(other.page, 'pool-table').getByText('还没有后备干部库').waitFor()
      await other.context.close()
    })
  })
}
