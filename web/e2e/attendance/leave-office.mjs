// Browser tests of the office that decides leave (请假审批科室): the county education bureau's
// classes name its 人事科, whose account `renshike` finds the demo's pending request of
// 学校安全管理专题培训 on its 请假审批 page (and not the requests of classes it has nothing to do
// with), approves it there — with a withdrawal when it is past the 1/7 cap — and sees it go; the
// class shows who decides its leave. Runs after run.mjs (imported at its end) or alone:
// `node --test-reporter=spec e2e/attendance/leave-office.mjs` with the same environment.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, config, launch, newPage, shot, signIn } from '../lib.mjs'

const TIMEOUT = { timeout: 180_000 }
const CLASS = '学校安全管理专题培训'
const OFFICE = '示范县教育局人事科'

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run
  let office
  /** The class's page, read from the request's link before the request leaves the list. */
  let classPath = ''

  describe('leave decided by the office a class names', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the office opens 请假审批 from the menu and finds the request of its class', TIMEOUT, async () => {
      office = await newPage(run.browser)
      const { page } = office
      await signIn(page, base, passwords, 'renshike')
      const entry = page.locator('[data-test="app-menu"] .el-menu-item').filter({ hasText: '请假审批' })
      // The menu counts what waits for this account.
      await entry.locator('[data-test="menu-badge-leave-inbox"]').waitFor()
      await entry.click()
      await page.waitForURL(/\/leave$/)
      const rows = page.locator('[data-test="leave-inbox-table"] .el-table__body tr')
      const row = rows.filter({ hasText: CLASS })
      await row.waitFor()
      // The shahu class names no office: its head teacher and organiser decide, not this office.
      assert.equal(await rows.filter({ hasText: '年轻干部理论学习班' }).count(), 0)
      const text = await row.innerText()
      assert.match(text, /\d{2}-\d{2} \d{2}:\d{2}/, 'the sessions of the request')
      assert.match(text, /\d+(\.\d+)? \/ \d+(\.\d+)?/, 'approved hours against the allowance')
      classPath = new URL(await row.locator('[data-test="leave-class"]').getAttribute('href'), base).pathname
      await shot(page, shots, '48-leave-inbox')
    })

    test('the office approves it; past the cap only with a withdrawal; the request leaves the list', TIMEOUT, async () => {
      const { page } = office
      const row = page.locator('[data-test="leave-inbox-table"] .el-table__body tr').filter({ hasText: CLASS })
      const name = (await row.locator('[data-test="leave-name"]').innerText()).trim()
      const overCap = (await row.locator('[data-test="leave-over-cap"]').count()) > 0
      await row.locator('[data-test="leave-approve"]').click()
      const dialog = page.locator('[data-test="reason-dialog"]:visible')
      await dialog.waitFor()
      assert.match(await dialog.innerText(), new RegExp(`批准${name}的请假`))
      await page.locator('textarea[data-test="reason-input"]:visible').fill('同意，请做好工作交接')
      await page.locator('[data-test="reason-confirm"]:visible').click()
      if (overCap) {
        // The page said so beforehand; the server refuses and the same dialogs offer the withdrawal.
        const cap = page.locator('[data-test="reason-dialog"]:visible').filter({ hasText: '超过请假上限' })
        await cap.waitFor()
        await cap.locator('textarea[data-test="reason-input"]').fill('请假超过总学时七分之一，经研究作退学处理')
        await shot(page, shots, '49-leave-inbox-cap')
        await cap.locator('[data-test="reason-confirm"]').click()
      }
      await row.waitFor({ state: 'detached' })
      await page.locator('[data-test="leave-inbox-table"] .el-table__empty-text').getByText('没有待审批的请假申请').waitFor()
      await byTest(page, 'menu-badge-leave-inbox').waitFor({ state: 'detached' })
    })

    test('the class names its office in its dossier and in its leave tab', TIMEOUT, async () => {
      const { page } = office
      await page.goto(`${base}${classPath}`)
      assert.equal(await byTest(page, 'class-leave-office-text').innerText(), OFFICE)
      await page.goto(`${base}${classPath}?tab=leave`)
      assert.equal(await byTest(page, 'leave-office').innerText(), `本班请假由${OFFICE}审批。`)
      await byTest(page, 'leave-table').locator('[data-test="leave-state-approved"]').first().waitFor()
      assert.deepEqual(office.problems.errors, [], 'script errors')
      assert.deepEqual(office.problems.csp, [], 'CSP violations')
      await office.context.close()
    })
  })
}
