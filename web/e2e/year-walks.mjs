// Each main role walks its year through the workbench only (issue 17, "Tests"): signed in, it
// reaches its work by clicking the workbench's items (去处理), the links and buttons they lead to
// and the menu — never a typed URL other than the sign-in page. At each step the page reached is
// checked by its heading, and where the role acts, the workbench's count falls afterwards.
// The authority, a unit administrator and the head teacher on a desktop, the trainee on a phone.
// Runs after run.mjs (second half) or alone: `node --test-reporter=spec e2e/year-walks.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, config, launch, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 240_000 }
const DESKTOP = { viewport: { width: 1366, height: 900 } }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
/** The class the demo trainee and head teacher have, running today. */
const CLASS = '年轻干部理论学习班'

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  /** The workbench's counts by kind (a kind not shown counts 0). */
  async function counts(page) {
    await byTest(page, 'workbench-page').waitFor()
    await page.locator('[data-test="workbench-task"], [data-test="workbench-empty"]').first().waitFor()
    const rows = await page
      .locator('[data-test="workbench-task"]')
      .evaluateAll((list) => list.map((row) => [row.dataset.kind, Number(row.dataset.count)]))
    return Object.fromEntries(rows)
  }

  /** Clicks a kind's 去处理 on the workbench and waits for the page it leads to. */
  async function go(page, kind, path) {
    await page.locator(`[data-test="workbench-task"][data-kind="${kind}"] [data-test="workbench-go"]`).click()
    await page.waitForURL((url) => url.pathname === path)
  }

  /** The page's heading (the h2 of its title bar). */
  async function heading(page, text) {
    await page.locator('.page-title h2').filter({ hasText: text }).first().waitFor()
  }

  /** Back to the workbench by the menu (on a phone, through the menu drawer). */
  async function home(page, phone = false) {
    if (phone) {
      await byTest(page, 'menu-toggle').click()
      await page.locator('.menu-drawer [data-test="app-menu"]').waitFor()
      await page.locator('.menu-drawer').getByRole('menuitem', { name: '工作台' }).click()
      await page.locator('.menu-drawer').waitFor({ state: 'hidden' })
    } else {
      await menu(page, '工作台')
    }
    await page.waitForURL((url) => url.pathname === '/workbench')
    return counts(page)
  }

  async function menu(page, name) {
    await page.locator('[data-test="app-menu"] .el-menu-item').filter({ hasText: name }).first().click()
  }

  /** Answers the reason dialog a decision opens. */
  async function reason(page, text) {
    await page.locator('[data-test="reason-dialog"]:visible').waitFor()
    await page.locator('textarea[data-test="reason-input"]:visible').fill(text)
    await page.locator('[data-test="reason-confirm"]:visible').click()
  }

  /** Approves the first leave request in the inbox (past the cap, with the withdrawal asked). */
  async function approveFirstLeave(page) {
    const rows = page.locator('[data-test="leave-inbox-table"] .el-table__body tr')
    await rows.first().waitFor()
    const before = await rows.count()
    const row = rows.first()
    const overCap = (await row.locator('[data-test="leave-over-cap"]').count()) > 0
    await row.locator('[data-test="leave-approve"]').click()
    await reason(page, '同意，请做好工作交接')
    if (overCap) {
      const cap = page.locator('[data-test="reason-dialog"]:visible').filter({ hasText: '超过请假上限' })
      await cap.waitFor()
      await cap.locator('textarea[data-test="reason-input"]').fill('请假超过总学时七分之一，经研究作退学处理')
      await cap.locator('[data-test="reason-confirm"]').click()
    }
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-test="leave-inbox-table"] .el-table__body tr').length < n,
      before,
    )
  }

  function fell(after, before, kind) {
    assert.ok((after[kind] ?? 0) < before[kind], `${kind}: ${before[kind]} → ${after[kind] ?? 0}`)
  }

  describe('each role walks its year through the workbench', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the training authority: a class to decide, a record to review, leave, the at-risk, overdue reports', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, DESKTOP)
      await signIn(page, base, passwords, 'zzb')
      let now = await counts(page)
      await shot(page, shots, '200-walk-authority-workbench')
      assert.ok(now.classes_to_decide > 0, JSON.stringify(now))

      // The class waiting for approval: from the workbench to the list of submitted ones, to it.
      await go(page, 'classes_to_decide', '/classes')
      await heading(page, '培训班次')
      const rows = page.locator('[data-test="class-table"] .el-table__body tr')
      await rows.first().waitFor()
      await shot(page, shots, '201-walk-authority-classes-submitted')
      const title = (await rows.first().locator('[data-test="class-link"]').innerText()).trim()
      await rows.first().locator('[data-test="class-link"]').click()
      await byTest(page, 'class-heading').filter({ hasText: title }).waitFor()
      const decide = page.locator('[data-test="action-file"], [data-test="action-approve"]').first()
      const action = (await decide.getAttribute('data-test')).replace('action-', '')
      await shot(page, shots, '202-walk-authority-class')
      await decide.click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await page.locator(`.class-heading [data-test="state-${action === 'file' ? 'filed' : 'approved'}"]`).waitFor()
      await shot(page, shots, '203-walk-authority-class-decided')
      let next = await home(page)
      fell(next, now, 'classes_to_decide')
      now = next

      // A record waiting for review.
      if (now.records_to_review > 0) {
        await go(page, 'records_to_review', '/credits')
        await heading(page, '学分登记')
        const row = page.locator('[data-test="credits-pending-table"] .el-table__body tr').first()
        await row.locator('[data-test="credits-approve"]').waitFor()
        await shot(page, shots, '204-walk-authority-records')
        await row.locator('[data-test="credits-approve"]').click()
        await reason(page, '材料齐全，同意计入')
        await page.locator('.el-message--success').first().waitFor()
        next = await home(page)
        fell(next, now, 'records_to_review')
        now = next
      }

      // Leave waiting for the authority.
      if (now.leave_to_decide > 0) {
        await go(page, 'leave_to_decide', '/leave')
        await heading(page, '请假审批')
        await shot(page, shots, '205-walk-authority-leave')
        await approveFirstLeave(page)
        next = await home(page)
        fell(next, now, 'leave_to_decide')
        now = next
      }

      // Who is behind on a rule: the compliance board.
      await go(page, 'people_at_risk', '/compliance')
      await heading(page, '培训合规总览')
      await shot(page, shots, '206-walk-authority-compliance')

      // Overdue reports, each a link to its class's report.
      await home(page)
      if (now.reports_overdue > 0) {
        await go(page, 'reports_overdue', '/reports/overdue')
        await heading(page, '绩效报告逾期')
        await page.locator('[data-test="overdue-table"] .el-table__body tr').first().waitFor()
        await shot(page, shots, '207-walk-authority-overdue')
      }
      await shot(page, shots, '208-walk-authority-end')
      assert.deepEqual(problems.errors, [], 'no script errors')
      await context.close()
    })

    test('the unit administrator: the overdue report written and submitted from the workbench', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, DESKTOP)
      await signIn(page, base, passwords, 'jyj')
      const now = await counts(page)
      await shot(page, shots, '210-walk-unit-workbench')
      assert.ok(now.reports_overdue > 0, JSON.stringify(now))

      await go(page, 'reports_overdue', '/reports/overdue')
      await heading(page, '绩效报告逾期')
      const row = page.locator('[data-test="overdue-table"] .el-table__body tr').first()
      const title = (await row.locator('a').first().innerText()).trim()
      await shot(page, shots, '211-walk-unit-overdue')
      await row.locator('a').first().click()
      await byTest(page, 'class-heading').filter({ hasText: title }).waitFor()
      await byTest(page, 'report-figures').waitFor()
      const area = (name) => page.locator(`textarea[data-test="${name}"], [data-test="${name}"] textarea`).first()
      await area('report-effects').fill('学员普遍反映专题辅导针对性强。')
      await area('report-problems').fill('培训时间较紧，研讨交流不够充分。')
      await area('report-suggestions').fill('下期增加半天分组研讨。')
      await shot(page, shots, '212-walk-unit-report')
      await byTest(page, 'report-submit').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await byTest(page, 'report-state').filter({ hasText: '已报送' }).waitFor()
      await shot(page, shots, '213-walk-unit-report-submitted')
      const next = await home(page)
      fell(next, now, 'reports_overdue')

      // The unit's own people behind on a rule.
      await go(page, 'people_at_risk', '/compliance')
      await heading(page, '培训合规总览')
      await shot(page, shots, '214-walk-unit-compliance')
      assert.deepEqual(problems.errors, [], 'no script errors')
      await context.close()
    })

    test('the head teacher: leave of the class, today\'s class, its roll call and its grades', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, DESKTOP)
      await signIn(page, base, passwords, 'banzhuren')
      const now = await counts(page)
      await shot(page, shots, '220-walk-head-teacher-workbench')
      assert.ok(!('classes_to_decide' in now), 'a head teacher does not approve classes')

      if (now.leave_to_decide > 0) {
        await go(page, 'leave_to_decide', '/leave')
        await heading(page, '请假审批')
        await shot(page, shots, '221-walk-head-teacher-leave')
        await approveFirstLeave(page)
        fell(await home(page), now, 'leave_to_decide')
      }

      // Today's class, by the menu: its sessions and roll call, then its grades.
      await menu(page, '班次列表')
      await page.waitForURL((url) => url.pathname === '/classes')
      await heading(page, '培训班次')
      const link = page.locator('[data-test="class-table"] [data-test="class-link"]').filter({ hasText: CLASS }).first()
      await link.waitFor()
      await shot(page, shots, '222-walk-head-teacher-classes')
      await link.click()
      await byTest(page, 'class-heading').filter({ hasText: CLASS }).waitFor()
      await page.locator('#tab-attendance').click()
      await byTest(page, 'session-table').waitFor()
      await page.locator('[data-test^="session-open-"]').first().click()
      await byTest(page, 'roll-call-table').waitFor()
      await byTest(page, 'roll-call-heading').waitFor()
      await shot(page, shots, '223-walk-head-teacher-roll-call')
      await page.locator('#tab-grades').click()
      await byTest(page, 'grades-scheme').waitFor()
      await byTest(page, 'grade-sheet').waitFor()
      await shot(page, shots, '224-walk-head-teacher-grades')
      assert.deepEqual(problems.errors, [], 'no script errors')
      await context.close()
    })

    test('the trainee on a phone: my classes, leave, hours against the rules, the archive, lessons', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await signIn(page, base, passwords, 'xueyuan')
      await byTest(page, 'trainee-home').waitFor()
      const now = await counts(page)
      assert.ok(now.my_lessons > 0, JSON.stringify(now))
      const klass = page.locator('[data-test="my-class"]').filter({ hasText: CLASS })
      await klass.waitFor()
      await shot(page, shots, '230-walk-trainee-home')

      // Leave for the class's last session.
      await klass.locator('[data-test="my-class-leave"]').click()
      await byTest(page, 'my-leave').waitFor()
      await byTest(page, 'class-heading').filter({ hasText: CLASS }).waitFor()
      const before = await page.locator('[data-test="my-leave-item"]').count()
      await byTest(page, 'leave-first').click()
      const options = page.locator('.el-popper:visible .el-select-dropdown__item')
      await options.first().waitFor()
      await options.last().click()
      // A reason of its own: other scenarios on the same server ask this trainee for leave too.
      const leaveReason = `年度走查：单位临时安排下乡调研 ${Date.now().toString(36).toUpperCase()}`
      await page.locator('textarea[data-test="leave-reason"]').fill(leaveReason)
      await byTest(page, 'leave-hours').waitFor()
      await byTest(page, 'leave-submit').click()
      await page.waitForFunction((n) => document.querySelectorAll('[data-test="my-leave-item"]').length > n, before)
      assert.match(await page.locator('[data-test="my-leave-item"]').filter({ hasText: leaveReason }).innerText(), /待审批/)
      await shot(page, shots, '231-walk-trainee-leave')

      // Hours against each rule, then the detail.
      await home(page, true)
      await page.locator('[data-test="my-hours-rule"]').first().waitFor()
      await byTest(page, 'my-hours').scrollIntoViewIfNeeded()
      await shot(page, shots, '232-walk-trainee-hours')
      await byTest(page, 'my-hours-more').click()
      await byTest(page, 'compliance-status').waitFor()
      await shot(page, shots, '233-walk-trainee-hours-detail')

      // The archive.
      await home(page, true)
      await byTest(page, 'my-certificates').scrollIntoViewIfNeeded()
      await byTest(page, 'my-archive-more').click()
      await byTest(page, 'archive-panel').waitFor()
      await byTest(page, 'archive-number').waitFor()
      await shot(page, shots, '234-walk-trainee-archive')

      // The required lessons, from the workbench item.
      await home(page, true)
      await go(page, 'my_lessons', '/learning')
      await heading(page, '我的网络学习')
      await page.locator('[data-test="my-course"][data-required="yes"]').first().waitFor()
      await shot(page, shots, '235-walk-trainee-lessons')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`)
      assert.deepEqual(problems.errors, [], 'no script errors')
      await context.close()
    })
  })
}
