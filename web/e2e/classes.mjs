// Browser tests of training classes (培训班次): a one-day class from draft to certificates, a
// rejected and resubmitted class with its history, an annual plan with a temporary addition,
// the rule editor, and the public certificate check. Runs after run.mjs (imported at its end) or
// alone: `node --test-reporter=spec e2e/classes.mjs` with the same environment.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CHROMIUM, Passwords, byTest, choose, config, input, launch, newPage, randomIdCard, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 240_000 }

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  const stamp = Date.now().toString(36).toUpperCase()
  /** Today in China: classes, sessions and the server's rules all read China dates. */
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' })

  let run
  /** The county education bureau's administrator (单位培训管理员) and the training authority. */
  let jyj
  let zzb
  /** Names of this run's trainees (a surname and two characters, so runs do not collide). */
  const GIVEN = '建国志远晓明丽华海燕文博子涵思雨俊杰玉兰春生永强秀英'
  const pick = () => GIVEN[Math.floor(Math.random() * GIVEN.length)]
  const trainees = ['周', '吴', '郑', '冯'].map((surname) => `${surname}${pick()}${pick()}`)
  /** The one-day class of the first scenario. */
  const oneDay = { id: 0, title: `E2E一日培训班${stamp}`, certificate: '' }

  /** A JSON request in the page's own session (with its CSRF token), for test set-up only. */
  async function api(page, method, path, body) {
    return page.evaluate(
      async ({ method, path, body }) => {
        const me = await (await fetch('/api/v1/auth/me')).json()
        const response = await fetch(`/api/v1${path}`, {
          method,
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
        return { status: response.status, body: await response.json().catch(() => null) }
      },
      { method, path, body },
    )
  }

  /** An <input> by its data-test name inside `scope` (a page or a table row). */
  function field(scope, name) {
    return scope.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
  }

  /** A textarea by its data-test name (Element Plus puts the attribute on the textarea). */
  function area(page, name) {
    return page.locator(`textarea[data-test="${name}"], [data-test="${name}"] textarea`).first()
  }

  async function confirmBox(page) {
    await page.locator('.el-message-box__btns .el-button--primary').click()
  }

  async function act(page, action, reason) {
    await byTest(page, `action-${action}`).click()
    if (reason === undefined) {
      await confirmBox(page)
    } else {
      await page.locator('textarea[data-test="reason-input"]:visible').fill(reason)
      await page.locator('[data-test="reason-confirm"]:visible').click()
    }
  }

  async function state(page, code) {
    await page.locator(`.class-heading [data-test="state-${code}"]`).waitFor()
  }

  async function openTab(page, name) {
    await page.locator(`#tab-${name}`).click()
    await page.waitForURL((url) => name === 'info' || url.searchParams.get('tab') === name)
  }

  async function fillDate(page, name, value) {
    await input(page, name).fill(value)
    await input(page, name).press('Enter')
  }

  /** Fills the dossier form of a new class and saves it; returns the class id. */
  async function draftClass(page, { title, categories = '公务员', eligibleRank }) {
    await page.goto(`${base}/classes`)
    await byTest(page, 'class-create').click()
    await byTest(page, 'class-form').waitFor()
    await input(page, 'class-title').fill(title)
    await choose(page, 'class-kind', '专题培训班')
    // The organiser defaults to the administrator's own unit.
    await page.locator('[data-test="class-organiser"]:not(.el-tree)').filter({ hasText: '示范县教育局' }).waitFor()
    await input(page, 'class-host-name').fill('示范县委党校')
    await fillDate(page, 'class-starts-on', today)
    await fillDate(page, 'class-ends-on', today)
    await input(page, 'class-venue').fill('县委党校第一教室')
    await area(page, 'class-target').fill('县直教育系统公务员')
    await choose(page, 'class-categories', categories)
    await choose(page, 'class-funding', '财政预算安排')
    await input(page, 'class-fee').fill('120.5')
    await input(page, 'class-capacity').fill('30')
    await choose(page, 'class-head-teacher', '县委党校班主任（示范县委党校）')
    await input(page, 'class-liaison-name').fill('李联络')
    await input(page, 'class-liaison-phone').fill('13907281234')
    // The bureau's own office decides its trainees' leave.
    await choose(page, 'class-leave-office', '示范县教育局人事科')
    if (eligibleRank) await choose(page, 'class-ranks-any', eligibleRank)
    await shot(page, shots, '20-class-form')
    await byTest(page, 'class-save').click()
    await page.waitForURL(/\/classes\/\d+\?tab=plan/)
    return Number(/\/classes\/(\d+)/.exec(new URL(page.url()).pathname)[1])
  }

  /** One session per [start, end, topic]; the first gets a new instructor from the dialog. */
  async function fillPlan(page, sessions, instructor) {
    await byTest(page, 'teaching-plan').waitFor()
    const rows = page.locator('[data-test="plan-table"] .el-table__body tr.el-table__row')
    for (const [i, [start, end, topic]] of sessions.entries()) {
      await byTest(page, 'plan-add').click()
      const row = rows.nth(i)
      await choose(page, row.locator('[data-test="plan-start"]'), start)
      await choose(page, row.locator('[data-test="plan-end"]'), end)
      await field(row, 'plan-topic').fill(topic)
    }
    if (instructor) {
      await rows.first().locator('[data-test="plan-instructor"]').click()
      await page.locator('.el-popper[aria-hidden="false"] [data-test="plan-row-new-instructor"]').click()
      await input(page, 'instructor-name').fill(instructor)
      await input(page, 'instructor-title').fill('副教授')
      await input(page, 'instructor-affiliation').fill('示范县委党校')
      await byTest(page, 'instructor-save').click()
      await byTest(page, 'instructor-dialog').waitFor({ state: 'hidden' })
    }
    await byTest(page, 'plan-save').click()
    await page.locator('.el-message').filter({ hasText: '教学计划已保存' }).waitFor()
  }

  describe('training classes', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
      jyj = await newPage(run.browser)
      zzb = await newPage(run.browser)
      // Vue reports errors in watchers and handlers on the console, not as page errors.
      for (const session of [jyj, zzb]) {
        session.page.on('console', (message) => {
          const text = message.text()
          if ((message.type() === 'error' || text.startsWith('[Vue warn]')) && !text.startsWith('Failed to load resource')) {
            session.problems.errors.push(text)
          }
        })
      }
      await signIn(jyj.page, base, passwords, 'jyj')
      await signIn(zzb.page, base, passwords, 'zzb')
    })
    after(async () => {
      await run?.close()
    })

    test('a unit drafts a one-day class, fills its teaching plan and submits it late', TIMEOUT, async () => {
      const { page } = jyj
      // The bureau has nobody in the register yet: three eligible people and one of another rank.
      const unitId = (await api(page, 'GET', '/auth/me')).body.unit_id
      const people = [
        [trainees[0], 'staff_1', 'female'],
        [trainees[1], 'staff_1', 'male'],
        [trainees[2], 'staff_1', 'male'],
        [trainees[3], 'staff_2', 'male'],
      ]
      for (const [name, rank, sex] of people) {
        const made = await api(page, 'POST', '/people', {
          name,
          id_card: randomIdCard(sex),
          unit_id: unitId,
          rank,
          position: '科员',
          categories: ['civil_servant'],
        })
        assert.equal(made.status, 201, JSON.stringify(made.body))
      }

      oneDay.id = await draftClass(page, { title: oneDay.title, eligibleRank: '一级科员' })
      await openTab(page, 'info')
      assert.equal(await byTest(page, 'class-leave-office-text').innerText(), '示范县教育局人事科')
      await openTab(page, 'plan')
      await fillPlan(
        page,
        [
          ['09:00', '12:00', '习近平新时代中国特色社会主义思想专题辅导'],
          ['14:00', '17:00', '依法行政与公文写作'],
        ],
        `王教授${stamp.slice(-3)}`,
      )
      assert.match(await byTest(page, 'plan-total').innerText(), /6 学时/)
      assert.deepEqual(await page.locator('[data-test="plan-hours"]').allInnerTexts(), ['3', '3'])
      await shot(page, shots, '21-teaching-plan')

      // Declared hours that do not match the session, and a day over six hours: both refused,
      // the first next to its row.
      await byTest(page, 'plan-add').click()
      const third = page.locator('[data-test="plan-table"] .el-table__body tr.el-table__row').nth(2)
      await choose(page, third.locator('[data-test="plan-start"]'), '18:00')
      await choose(page, third.locator('[data-test="plan-end"]'), '19:00')
      await field(third, 'plan-topic').fill('晚间研讨')
      await field(third, 'plan-declared').fill('2')
      await byTest(page, 'plan-save').click()
      assert.match(await byTest(page, 'plan-row-error-2').innerText(), /2 学时/)
      assert.match(await byTest(page, 'plan-problems').innerText(), /学时/)
      await shot(page, shots, '22-teaching-plan-error')
      await third.locator('[data-test="plan-remove"]').click()
      await byTest(page, 'plan-save').click()
      await page.locator('.el-message').filter({ hasText: '教学计划已保存' }).waitFor()

      await act(page, 'submit')
      await state(page, 'submitted')
      // Fewer than 15 working days before the start: flagged, not refused.
      await page.locator('.class-heading [data-test="flag-LATE_APPLICATION"]').waitFor()
      await openTab(page, 'info')
      assert.match(await byTest(page, 'route-flag').innerText(), /申报晚于规定时限/)
      assert.match(await byTest(page, 'class-hours').innerText(), /^6$/)
    })

    test('the training authority sees the late flag and files the class', TIMEOUT, async () => {
      const { page } = zzb
      await page.goto(`${base}/classes?q=${encodeURIComponent(oneDay.title)}`)
      const row = page.locator('[data-test="class-table"] .el-table__body tr').filter({ hasText: oneDay.title })
      await row.locator('[data-test="flag-LATE_APPLICATION"]').filter({ hasText: '逾期申报' }).waitFor()
      await shot(page, shots, '23-class-list-flags')
      await row.locator('[data-test="class-link"]').click()
      await byTest(page, 'route-card').waitFor()
      assert.match(await byTest(page, 'route-flag').innerText(), /申报晚于规定时限/)
      await shot(page, shots, '24-class-approver')
      const decide = page.locator('[data-test="action-file"], [data-test="action-approve"]').first()
      const action = (await decide.getAttribute('data-test')).replace('action-', '')
      await act(page, action)
      await state(page, action === 'file' ? 'filed' : 'approved')
    })

    test('the unit opens enrolment; an ineligible person is refused with the reason', TIMEOUT, async () => {
      const { page } = jyj
      await page.goto(`${base}/classes/${oneDay.id}`)
      await act(page, 'open_enrolment')
      await state(page, 'enrolling')
      await openTab(page, 'roster')
      await byTest(page, 'enrol-open').click()
      const results = page.locator('[data-test="enrol-people"] .el-table__body tr')
      await results.first().waitFor()
      // One search per name: the selection is kept across searches.
      for (const name of trainees) {
        await input(page, 'enrol-q').fill(name)
        await byTest(page, 'enrol-search').click()
        await page.waitForFunction(
          (n) => [...document.querySelectorAll('[data-test="enrol-people"] .el-table__body tr')].every((tr) => tr.textContent.includes(n)),
          name,
        )
        await results.filter({ hasText: name }).first().locator('.el-checkbox').click()
      }
      assert.match(await byTest(page, 'enrol-selected').innerText(), /已选 4 人/)
      await byTest(page, 'enrol-submit').click()
      const refused = byTest(page, 'enrol-refused')
      await refused.waitFor()
      assert.match(await refused.innerText(), new RegExp(`${trainees[3]}：.*职级`))
      assert.match(await byTest(page, 'enrol-outcome').innerText(), /已报名 3 人/)
      await shot(page, shots, '25-enrol-refused')
      await page.locator('[data-test="enrol-dialog"] .el-dialog__headerbtn').click()
      const enrolled = page.locator('[data-test="roster-enrolled"] .el-table__body tr')
      await page.waitForFunction(() => document.querySelectorAll('[data-test="roster-enrolled"] .el-table__body tr').length === 3)
      assert.equal(await enrolled.count(), 3)
      await shot(page, shots, '26-roster')
      // The roster as Excel, and the sign-in sheet of the first session as PDF.
      await byTest(page, 'roster-downloads').click()
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="download-roster-xlsx"]:visible').click()])
      assert.match(xlsx.suggestedFilename(), /\.xlsx$/)
      await byTest(page, 'roster-downloads').click()
      await page.locator('[data-test="download-sign-in"]:visible').click()
      await page.locator('[data-test="sign-in-session"]').filter({ hasText: '第 1 节' }).waitFor()
      const [sheet] = await Promise.all([page.waitForEvent('download'), byTest(page, 'sign-in-pdf').click()])
      assert.match(sheet.suggestedFilename(), /\.pdf$/)
      await sheet.saveAs(join(shots, 'sign-in.pdf'))
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', join(shots, 'sign-in.pdf'), join(shots, '26b-sign-in-pdf')])
      await page.locator('[data-test="sign-in-dialog"] .el-dialog__headerbtn').click()
    })

    test('the class starts, arrivals are recorded and sent, the class ends', TIMEOUT, async () => {
      const { page } = jyj
      await act(page, 'start')
      await state(page, 'in_progress')
      await openTab(page, 'arrival')
      await byTest(page, 'arrival-marks').waitFor()
      await page.locator('[data-test="arrival-all"]').first().click()
      await byTest(page, 'arrival-save').click()
      await page.locator('[data-test="arrival-units"]').getByText('全部到位').waitFor()
      await byTest(page, 'arrival-send').click()
      await confirmBox(page)
      await page.locator('.el-message').filter({ hasText: '到位情况通知' }).waitFor()
      await shot(page, shots, '27-arrival')
      await page.goto(`${base}/notices`)
      // The newest arrival report is this class's; opening it shows its text.
      await page.locator('[data-test="notices-kind-arrival_report"]').click()
      await page.waitForURL(/kind=arrival_report/)
      await page.locator('[data-test="notice"]').filter({ hasText: oneDay.title }).first().locator('[data-test="notice-open"]').click()
      await page.locator('[data-test="notice-body"]').filter({ hasText: '全部到位' }).first().waitFor()
      await page.goto(`${base}/classes/${oneDay.id}`)
      // The class ends on its last day: no reason needed.
      await act(page, 'end')
      await state(page, 'ended')
    })

    test('the performance report is written and submitted; certificates are issued and printed', TIMEOUT, async () => {
      const { page } = jyj
      await openTab(page, 'report')
      await byTest(page, 'report-figures').waitFor()
      assert.match(await byTest(page, 'report-figures').innerText(), /应到 3 人，实到 3 人/)
      await area(page, 'report-effects').fill('学员普遍反映专题辅导针对性强，公文写作能力明显提升。')
      await area(page, 'report-problems').fill('培训时间较紧，研讨交流不够充分。')
      await area(page, 'report-suggestions').fill('下期增加半天分组研讨。')
      await byTest(page, 'report-save').click()
      await page.locator('.el-message').filter({ hasText: '报告草稿已保存' }).waitFor()
      await byTest(page, 'report-submit').click()
      await confirmBox(page)
      await state(page, 'reported')
      await byTest(page, 'report-state').filter({ hasText: '已报送' }).waitFor()
      await shot(page, shots, '28-report')

      await openTab(page, 'certificates')
      await byTest(page, 'certificates-issue').click()
      await confirmBox(page)
      await page.waitForFunction(() => document.querySelectorAll('[data-test="certificate-number"]').length === 3)
      oneDay.certificate = (await page.locator('[data-test="certificate-number"]').first().innerText()).trim()
      await shot(page, shots, '29-certificates')
      const [pdf] = await Promise.all([page.waitForEvent('download'), byTest(page, 'certificates-pdf').click()])
      assert.match(pdf.suggestedFilename(), /\.pdf$/)
      const file = join(shots, 'certificates.pdf')
      await pdf.saveAs(file)
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, join(shots, '30-certificate-pdf')])
      assert.ok(
        existsSync(join(shots, '30-certificate-pdf-1.png')) || existsSync(join(shots, '30-certificate-pdf-01.png')),
        'the certificate PDF renders',
      )
    })

    test('anyone can verify the certificate without signing in', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await page.goto(`${base}/login`)
      await byTest(page, 'verify-link').click()
      await page.waitForURL(/\/verify/)
      await input(page, 'verify-number').fill(oneDay.certificate)
      await byTest(page, 'verify-submit').click()
      assert.match(await byTest(page, 'verify-verdict').innerText(), /证书有效/)
      const text = await byTest(page, 'verify-result').innerText()
      assert.match(text, new RegExp(oneDay.title))
      assert.match(text, /6 学时/)
      assert.match(await byTest(page, 'verify-name').innerText(), /^\S\*+$/)
      await shot(page, shots, '31-verify')
      await input(page, 'verify-number').fill('2026-99999-999-NONE')
      await byTest(page, 'verify-submit').click()
      assert.match(await byTest(page, 'verify-error').innerText(), /没有找到/)
      assert.deepEqual(problems.errors, [])
      await context.close()
    })

    test('a rejected class is revised and submitted again; the history keeps every step', TIMEOUT, async () => {
      const title = `E2E退回重报班${stamp}`
      const { page } = jyj
      const id = await draftClass(page, { title })
      await fillPlan(page, [['08:30', '11:30', '基层治理能力专题']])
      await act(page, 'submit')
      await state(page, 'submitted')

      const approver = zzb.page
      await approver.goto(`${base}/classes/${id}`)
      await act(approver, 'reject', '培训对象表述不明确，请补充参训人员范围后重新申报')
      await state(approver, 'rejected')

      await page.goto(`${base}/classes/${id}?tab=history`)
      await byTest(page, 'decision-reject').waitFor()
      assert.match(await byTest(page, 'decision-reason').innerText(), /培训对象表述不明确/)
      await act(page, 'revise')
      await state(page, 'draft')
      await byTest(page, 'class-edit').click()
      await area(page, 'class-target').fill('县直教育系统在职公务员（含参公单位）')
      // The phone is not sent back to the form: type it again to keep it.
      await input(page, 'class-liaison-phone').fill('13907281234')
      await byTest(page, 'class-save').click()
      await page.waitForURL(new RegExp(`/classes/${id}$`))
      await act(page, 'submit')
      await state(page, 'submitted')
      await openTab(page, 'history')
      await page.locator('[data-test="decision-submit"]').nth(1).waitFor()
      const steps = await page.locator('[data-test^="decision-"]:not([data-test="decision-reason"])').evaluateAll((nodes) =>
        nodes.map((n) => n.getAttribute('data-test')),
      )
      assert.deepEqual(steps, ['decision-submit', 'decision-reject', 'decision-revise', 'decision-submit'])
      await shot(page, shots, '32-decision-history')
    })

    test('an annual plan is submitted and approved; a later addition waits for approval', TIMEOUT, async () => {
      const { page } = jyj
      await page.goto(`${base}/plans`)
      await byTest(page, 'plan-create').click()
      // One plan per unit and year: a year of its own, so the demo's plans and earlier runs do not clash.
      const year = 2040 + Math.floor(Math.random() * 60)
      await input(page, 'plan-year').fill(String(year))
      await input(page, 'plan-title').fill(`示范县教育局${year}年度培训计划`)
      await input(page, 'plan-budget').fill('85000')
      await byTest(page, 'plan-save').click()
      await page.waitForURL(/\/plans\/\d+$/)
      const planUrl = page.url()
      await byTest(page, 'plan-add-item').click()
      await input(page, 'item-title').fill('中小学校长能力提升班')
      await choose(page, 'item-kind', '专题培训班')
      await input(page, 'item-budget').fill('30000')
      await byTest(page, 'item-save').click()
      await page.locator('[data-test="plan-items"]').getByText('中小学校长能力提升班').waitFor()
      await byTest(page, 'plan-submit').click()
      await confirmBox(page)
      await byTest(page, 'plan-state-submitted').waitFor()

      await zzb.page.goto(planUrl)
      await byTest(zzb.page, 'plan-approve').click()
      await confirmBox(zzb.page)
      await byTest(zzb.page, 'plan-state-approved').waitFor()

      await page.reload()
      await byTest(page, 'plan-add-item').click()
      await input(page, 'item-title').fill('新任班主任培训')
      await choose(page, 'item-kind', '专题培训班')
      await byTest(page, 'item-save').click()
      await page.locator('[data-test="plan-item-dialog"] .el-form-item__error').filter({ hasText: '原因' }).waitFor()
      await area(page, 'item-reason').fill('上级临时部署')
      await byTest(page, 'item-save').click()
      await byTest(page, 'addition-pending').waitFor()

      await zzb.page.reload()
      await byTest(zzb.page, 'addition-approve').click()
      await byTest(zzb.page, 'addition-approved').waitFor()
      await shot(zzb.page, shots, '33-plan')

      // Approved, the plan shows how it is carried out: both classes (the addition included),
      // none held yet, and prints as a document and a workbook.
      await page.reload()
      const execution = byTest(page, 'plan-execution')
      await execution.getByText('新任班主任培训').waitFor()
      assert.match(await byTest(page, 'plan-execution-summary').innerText(), /计划班次 2 个/)
      assert.equal(await execution.locator('[data-test="progress-not_started"]').count(), 2)
      assert.match(await byTest(page, 'plan-info').innerText(), /85,000\.00/)
      const [pdf] = await Promise.all([page.waitForEvent('download'), byTest(page, 'plan-print').click()])
      assert.match(pdf.suggestedFilename(), /年度培训计划\.pdf$/)
      const [xlsx] = await Promise.all([page.waitForEvent('download'), byTest(page, 'plan-xlsx').click()])
      assert.match(xlsx.suggestedFilename(), /\.xlsx$/)
      await shot(page, shots, '33-plan-execution')
      // The trail leads back: 工作台 › 年度计划 › 计划详情.
      assert.match(await byTest(page, 'page-trail').innerText(), /工作台\s*›\s*年度计划\s*›\s*计划详情/)
      await byTest(page, 'trail-list').click()
      await page.waitForURL(/\/plans$/)
    })

    test('rule settings: a syntax error names its line; the built-in text can be restored', TIMEOUT, async () => {
      const { page, problems } = zzb
      await page.goto(`${base}/rules?kind=hour_conversion`)
      await byTest(page, 'rules-mode-text').click()
      const text = area(page, 'rules-text')
      // The saved text arrives after the page: typing before it would be overwritten or mixed in.
      await page.waitForFunction(
        (el) => el && /hours_per_day/.test(el.value),
        await text.elementHandle(),
      )
      await text.fill('hours_per_day = 六\n')
      await byTest(page, 'rules-save').click()
      assert.match(await byTest(page, 'rules-error').innerText(), /第 1 行/)
      await shot(page, shots, '34-rules-error')
      await byTest(page, 'rules-restore').click()
      assert.match(await text.inputValue(), /hours_per_day = 6/)
      await page.goto(`${base}/reports/overdue`)
      await byTest(page, 'overdue-table').waitFor()
      assert.deepEqual(problems.errors, [], 'script errors')
      assert.deepEqual(problems.csp, [], 'CSP violations')
      assert.deepEqual(jyj.problems.errors, [], 'script errors')
    })
  })
}
