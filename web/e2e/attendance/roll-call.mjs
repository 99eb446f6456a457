// Browser tests of roll call and leave (考勤、请假): the head teacher opens the roll call of a
// session about to start and puts the QR code on the projector; two trainees sign in from their
// own phones by opening the code's address (one after signing in on the way); the head teacher
// watches the list fill in, corrects one to late with a reason; a trainee asks for leave from a
// later session and it is approved; a request past the 1/7 cap is approved only with a
// withdrawal. Runs after run.mjs (imported at its end) or alone:
// `node --test-reporter=spec e2e/attendance/roll-call.mjs` with the same environment.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CHROMIUM, Passwords, byTest, config, input, launch, newPage, randomIdCard, shot, signIn, submitLogin } from '../lib.mjs'

const TIMEOUT = { timeout: 240_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }

/** Today's date and the minutes since midnight, China time (classes and sessions use it). */
function chinaNow() {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date())
  const get = (type) => parts.find((p) => p.type === type).value
  return { date: `${get('year')}-${get('month')}-${get('day')}`, minutes: Number(get('hour')) * 60 + Number(get('minute')) }
}

function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

const hhmm = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/**
 * The session of the roll call starts 10 to 15 minutes from now, so its sign-in window (open from
 * 30 minutes before the start) is open and a sign-in now counts as on time. It may not run past
 * midnight: late in the evening the test cannot be arranged and is skipped.
 */
const now = chinaNow()
const start = Math.ceil((now.minutes + 10) / 5) * 5
const end = Math.min(start + 60, 23 * 60 + 59)
const skip = end - start < 15 ? `China time is ${hhmm(now.minutes)}: no session of 15 minutes fits before midnight; run it again after 00:00` : false

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  if (skip) console.log(`SKIPPED: attendance browser tests: ${skip}`)
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  const stamp = Date.now().toString(36).toUpperCase()
  const today = now.date
  const day2 = addDays(today, 1)
  const day3 = addDays(today, 2)
  const SESSIONS = [
    { date: today, start_time: hhmm(start), end_time: hhmm(end), topic: '学习贯彻党的二十届三中全会精神' },
    { date: day2, start_time: '08:30', end_time: '11:30', topic: '基层治理能力专题' },
    { date: day2, start_time: '14:00', end_time: '15:00', topic: '廉政教育' },
    { date: day2, start_time: '15:00', end_time: '17:00', topic: '公文写作实务' },
    { date: day3, start_time: '08:30', end_time: '11:30', topic: '应急管理与舆情应对' },
  ]

  let run
  /** The head teacher (desktop), the projector window, two trainees (phones). */
  let teacher
  let projector
  let first
  let second
  const klass = { id: 0, title: `E2E考勤班${stamp}`, sessions: [] }
  /** The demo trainee `xueyuan` and a trainee made here, each with their person. */
  const trainees = {
    first: { user: 'xueyuan', name: '', personId: 0 },
    second: { user: `e2exy${stamp.toLowerCase()}`, name: `韩${'明丽华海燕文博'[Math.floor(Math.random() * 7)]}${'建国志远晓明春生'[Math.floor(Math.random() * 8)]}`, personId: 0 },
  }

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

  async function ok(page, method, path, body) {
    const answer = await api(page, method, path, body)
    assert.ok(answer.status >= 200 && answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body
  }

  async function confirmBox(page) {
    await page.locator('.el-message-box__btns .el-button--primary').click()
  }

  /** Picks the option containing `text` in an Element Plus select. */
  async function pick(page, name, text) {
    await page.locator(`[data-test="${name}"]`).first().click()
    await page.locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item').filter({ hasText: text }).first().click()
    await page.locator('.el-popper[aria-hidden="false"] .el-select-dropdown').waitFor({ state: 'detached', timeout: 2000 }).catch(() => {})
  }

  /** The address the QR code holds now, as a phone reads it. */
  async function codeUrl() {
    const url = await projector.page.locator('[data-test="screen-code"]').getAttribute('data-url')
    assert.match(url, /\/sign-in\?session=\d+&code=[\w-]+$/)
    return url
  }

  /**
   * Opens the code's address on a phone and waits for the answer; a code that expired on the
   * way (it lives 10 to 20 seconds) is scanned again once.
   */
  async function scan(phone, { login } = {}) {
    for (let attempt = 1; ; attempt++) {
      await phone.page.goto(await codeUrl())
      if (login) {
        await phone.page.waitForURL(/\/login\?redirect=/)
        await submitLogin(phone.page, base, login, passwords.get(login))
        await phone.page.waitForURL(/\/sign-in\?session=/)
      }
      const outcome = await Promise.race([
        byTest(phone.page, 'sign-in-success').waitFor().then(() => 'ok'),
        byTest(phone.page, 'sign-in-failure').waitFor().then(() => 'failed'),
      ])
      if (outcome === 'ok') return
      const message = await byTest(phone.page, 'sign-in-error').innerText()
      if (attempt >= 2 || !/过期/.test(message)) assert.fail(`sign-in refused: ${message}`)
      login = undefined
    }
  }

  describe('roll call and leave', { concurrency: 1, skip }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('set-up: a class with a session about to start, two trainees enrolled, the class started', TIMEOUT, async () => {
      // The demo trainee (linked to a person in 沙湖镇), signed in once so that the password is
      // changed; then signed out, to come back through the sign-in page when scanning.
      first = await newPage(run.browser, PHONE)
      await signIn(first.page, base, passwords, trainees.first.user)
      const me = await ok(first.page, 'GET', '/auth/me')
      trainees.first.personId = me.person_id
      trainees.first.name = (await ok(first.page, 'GET', `/people/${me.person_id}`)).name
      await first.context.clearCookies()

      // A second trainee in 沙湖镇 with an account of their own.
      const zzb = await newPage(run.browser)
      await signIn(zzb.page, base, passwords, 'zzb')
      const units = await ok(zzb.page, 'GET', '/org/units')
      const shahu = units.find((u) => u.name === '沙湖镇')
      const person = await ok(zzb.page, 'POST', '/people', {
        name: trainees.second.name,
        id_card: randomIdCard('female'),
        unit_id: shahu.id,
        rank: 'staff_1',
        position: '科员',
        categories: ['civil_servant'],
      })
      trainees.second.personId = person.id
      // 三员分立: the system administrator creates it without roles, the security administrator
      // gives the role, and confirms it once the trainee has chosen a password (ADR 0004).
      const admin = await newPage(run.browser)
      await signIn(admin.page, base, passwords, 'sysadmin')
      const account = await ok(admin.page, 'POST', '/accounts', {
        username: trainees.second.user,
        display_name: trainees.second.name,
        password: 'Temp-Pass-2026!',
        unit_id: shahu.id,
        person_id: person.id,
      })
      passwords.current[trainees.second.user] = 'Temp-Pass-2026!'
      await admin.context.close()
      const security = await newPage(run.browser)
      await signIn(security.page, base, passwords, 'secadmin')
      const held = await ok(security.page, 'PUT', `/accounts/${account.id}/grants`, { grants: [{ role: 'trainee' }] })
      assert.equal(held.roles_suspended, true)
      second = await newPage(run.browser, PHONE)
      await signIn(second.page, base, passwords, trainees.second.user)
      await byTest(second.page, 'roles-suspended').waitFor()
      await ok(security.page, 'POST', `/accounts/${account.id}/confirm-roles`)
      await security.context.close()

      // The county education bureau drafts the class with the party school's head teacher.
      const jyj = await newPage(run.browser)
      await signIn(jyj.page, base, passwords, 'jyj')
      const jyjMe = await ok(jyj.page, 'GET', '/auth/me')
      const heads = await ok(jyj.page, 'GET', '/classes/head-teachers')
      const head = heads.find((h) => h.display_name === '县委党校班主任')
      assert.ok(head, `head teachers: ${JSON.stringify(heads)}`)
      const made = await ok(jyj.page, 'POST', '/classes', {
        title: klass.title,
        kind: 'themed_class',
        organiser_unit_id: jyjMe.unit_id,
        host_name: '示范县委党校',
        starts_on: today,
        ends_on: day3,
        venue: '县委党校第二教室',
        target_trainees: '乡镇公务员',
        trainee_categories: ['civil_servant'],
        funding_source: 'budget',
        fee_fen: 0,
        capacity: 30,
        head_teacher_account_id: head.id,
        liaison_name: '李联络',
        liaison_phone: '13907281234',
      })
      klass.id = made.id
      const plan = await ok(jyj.page, 'GET', `/classes/${klass.id}/teaching-plan`)
      const saved = await ok(jyj.page, 'PUT', `/classes/${klass.id}/teaching-plan`, {
        version: plan.version,
        sessions: SESSIONS.map((s) => ({ ...s, instructor_id: null })),
      })
      klass.sessions = saved.sessions
      assert.equal(klass.sessions.length, SESSIONS.length, JSON.stringify(saved.problems))
      await ok(jyj.page, 'POST', `/classes/${klass.id}/actions`, { action: 'submit', reason: '' })

      // The training authority files or approves it, opens nothing else; the bureau opens
      // enrolment; the authority names the two trainees; the bureau starts the class.
      const detail = await ok(zzb.page, 'GET', `/classes/${klass.id}`)
      const decision = detail.actions.find((a) => a === 'file' || a === 'approve')
      assert.ok(decision, `actions: ${detail.actions}`)
      await ok(zzb.page, 'POST', `/classes/${klass.id}/actions`, { action: decision, reason: '' })
      await ok(jyj.page, 'POST', `/classes/${klass.id}/actions`, { action: 'open_enrolment', reason: '' })
      const enrolled = await ok(zzb.page, 'POST', `/classes/${klass.id}/enrolment`, {
        person_ids: [trainees.first.personId, trainees.second.personId],
        note: '',
      })
      assert.equal(enrolled.enrolled.length, 2, JSON.stringify(enrolled))
      await ok(jyj.page, 'POST', `/classes/${klass.id}/actions`, { action: 'start', reason: '' })
      await zzb.context.close()
      await jyj.context.close()
    })

    test('the head teacher opens the roll call and puts the QR code on the projector', TIMEOUT, async () => {
      teacher = await newPage(run.browser)
      const { page, context } = teacher
      await signIn(page, base, passwords, 'banzhuren')
      await page.goto(`${base}/classes/${klass.id}?tab=attendance`)
      await byTest(page, 'session-table').waitFor()
      // Today's session is marked; every session lists its counts once loaded.
      const rows = page.locator('[data-test="session-table"] .el-table__body tr')
      await rows.first().getByText('今天').waitFor()
      await rows.first().locator('[data-test="roll-call-counts"]').getByText('未签到 2').waitFor()
      await byTest(page, 'session-open-1').click()
      await page.waitForURL(/session=\d+/)
      await byTest(page, 'roll-call-table').waitFor()
      await byTest(page, 'roll-call-heading').filter({ hasText: '第 1 节' }).waitFor()
      await byTest(page, 'roll-call-open').click()
      await confirmBox(page)
      await byTest(page, 'roll-call-opened').waitFor()

      const [popup] = await Promise.all([context.waitForEvent('page'), byTest(page, 'roll-call-projector').click()])
      await popup.setViewportSize({ width: 1600, height: 900 })
      projector = { page: popup, problems: { errors: [], csp: [] } }
      popup.on('pageerror', (error) => projector.problems.errors.push(error.message))
      popup.on('console', (message) => {
        if (/Content[- ]Security[- ]Policy/i.test(message.text())) projector.problems.csp.push(message.text())
      })
      await popup.waitForURL(/\/sessions\/\d+\/screen$/)
      await byTest(popup, 'qr-code').waitFor()
      await byTest(popup, 'screen-class-title').filter({ hasText: klass.title }).waitFor()
      assert.match(await byTest(popup, 'screen-countdown').innerText(), /\d+ 秒后更新/)
      // The room sees when sign-in stops counting, in China time, within the session.
      const closes = /^签到截止 (\d{2}:\d{2})$/.exec(await byTest(popup, 'screen-closes').innerText())?.[1]
      assert.ok(closes && closes >= hhmm(start) && closes <= hhmm(end), `sign-in closes at ${closes}, session ${hhmm(start)}–${hhmm(end)}`)
      // The code changes every 10 seconds and the QR code follows it.
      const before = await byTest(popup, 'screen-code').innerText()
      await popup.waitForFunction(
        (old) => document.querySelector('[data-test="screen-code"]')?.textContent !== old,
        before,
        { timeout: 15_000 },
      )
      // The QR code holds the address shown with the code (both read at one moment).
      const [url, drawn] = await popup.evaluate(() => [
        document.querySelector('[data-test="screen-code"]').dataset.url,
        document.querySelector('[data-test="qr-code"]').dataset.text,
      ])
      assert.equal(drawn, url)
      assert.ok(url.startsWith(base), url)
    })

    test('two trainees sign in from their phones; the roll call fills in live', TIMEOUT, async () => {
      // Signed out: the scanned address leads through the sign-in page and back.
      await scan(first, { login: trainees.first.user })
      assert.equal(await byTest(first.page, 'sign-in-mark').innerText(), '出勤')
      assert.equal(await byTest(first.page, 'sign-in-class').innerText(), klass.title)
      const overflow = await first.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
      await shot(first.page, shots, '41-sign-in-phone')

      await scan(second)
      assert.equal(await byTest(second.page, 'sign-in-mark').innerText(), '出勤')
      // Scanning again says so, with the time of the first sign-in.
      await second.page.goto(await codeUrl())
      assert.match(await byTest(second.page, 'sign-in-error').innerText(), /已有考勤记录/)

      // The projector and the head teacher's page pick both up within a few seconds.
      const screen = projector.page
      await screen.locator('[data-test="screen-signed-in"] li').nth(1).waitFor()
      assert.equal(await byTest(screen, 'count-signed-in').innerText(), '2')
      await shot(screen, shots, '40-roll-call-projector')
      // Where zbar is installed, the picture itself is read back as a phone camera would.
      if (existsSync('/usr/bin/zbarimg')) {
        const read = execFileSync('zbarimg', ['-q', '--raw', join(shots, '40-roll-call-projector.png')], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        })
        assert.match(read.trim(), /\/sign-in\?session=\d+&code=[\w-]+$/)
      }

      const { page } = teacher
      await page.locator('[data-test="count-present"]').filter({ hasText: /^2$/ }).waitFor()
      assert.equal(await byTest(page, 'count-unmarked').innerText(), '0')
      await shot(page, shots, '42-roll-call-live')
    })

    test('the head teacher corrects one trainee to late, with the reason', TIMEOUT, async () => {
      const { page } = teacher
      const row = page.locator('[data-test="roll-call-table"] .el-table__body tr').filter({ hasText: trainees.second.name })
      await row.locator('[data-test="roll-call-mark"]').click()
      const dialog = page.locator('[data-test="mark-dialog"]')
      await dialog.waitFor()
      await dialog.locator('[data-test="mark-status-late"]').click()
      await input(page, 'mark-minutes-late').fill('8')
      await byTest(page, 'mark-save').click()
      // A correction without a reason is refused before it leaves the page.
      await dialog.locator('.el-form-item__error').filter({ hasText: '更正考勤须填写原因' }).waitFor()
      await page.locator('textarea[data-test="mark-reason"]').fill('开课后 8 分钟才进教室，经核实为迟到')
      await shot(page, shots, '43-mark-correction')
      await byTest(page, 'mark-save').click()
      await dialog.waitFor({ state: 'hidden' })
      await row.locator('[data-test="mark-late"]').filter({ hasText: '迟到 8 分钟' }).waitFor()
      assert.match(await row.innerText(), /经核实为迟到/)
      assert.match(await row.innerText(), /班主任登记/)
      await page.locator('[data-test="count-late"]').filter({ hasText: /^1$/ }).waitFor()
    })

    test('a trainee asks for leave from a later session on the phone; the head teacher approves it', TIMEOUT, async () => {
      const { page } = first
      await page.goto(`${base}/classes/${klass.id}?tab=leave`)
      await byTest(page, 'my-leave').waitFor()
      await pick(page, 'leave-first', '廉政教育')
      assert.match(await byTest(page, 'leave-hours').innerText(), /1 学时/)
      await page.locator('textarea[data-test="leave-reason"]').fill('参加镇防汛值班，无法到课')
      await byTest(page, 'leave-submit').click()
      await page.locator('.el-message').filter({ hasText: '请假申请已提交' }).waitFor()
      const item = byTest(page, 'my-leave-item')
      await item.locator('[data-test="leave-state-pending"]').waitFor()
      assert.match(await item.innerText(), /第 3 节/)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
      await shot(page, shots, '44-leave-request-phone')

      const head = teacher.page
      await head.goto(`${base}/classes/${klass.id}?tab=leave`)
      const row = head.locator('[data-test="leave-table"] .el-table__body tr').filter({ hasText: trainees.first.name })
      await row.locator('[data-test="leave-state-pending"]').waitFor()
      assert.match(await byTest(head, 'leave-pending').innerText(), /待审批 1 条/)
      await row.locator('[data-test="leave-approve"]').click()
      const dialog = head.locator('[data-test="reason-dialog"]:visible')
      await dialog.waitFor()
      assert.match(await dialog.innerText(), /廉政教育/)
      await head.locator('textarea[data-test="reason-input"]:visible').fill('同意，请自行补学')
      await head.locator('[data-test="reason-confirm"]:visible').click()
      await row.locator('[data-test="leave-state-approved"]').waitFor()
      assert.match(await row.innerText(), /同意，请自行补学/)
      await shot(head, shots, '45-leave-approval')

      // The trainee sees the decision; the session shows the leave in its counts.
      await page.reload()
      await byTest(page, 'my-leave-item').locator('[data-test="leave-state-approved"]').waitFor()
      await head.goto(`${base}/classes/${klass.id}?tab=attendance`)
      await head.locator('[data-test="session-table"] .el-table__body tr').nth(2).getByText('请假 1').waitFor()
    })

    test('leave past the 1/7 cap is approved only together with a withdrawal', TIMEOUT, async () => {
      // Three class hours of about ten: more than a seventh.
      const morning = klass.sessions.find((s) => s.topic === '基层治理能力专题')
      await ok(second.page, 'POST', `/classes/${klass.id}/leave`, {
        first_session_id: morning.id,
        last_session_id: morning.id,
        reason: '家中老人住院需陪护',
      })
      const head = teacher.page
      await head.goto(`${base}/classes/${klass.id}?tab=leave`)
      const row = head.locator('[data-test="leave-table"] .el-table__body tr').filter({ hasText: trainees.second.name })
      await row.locator('[data-test="leave-approve"]').click()
      await head.locator('[data-test="reason-confirm"]:visible').click()
      // The server refuses; the page offers the withdrawal with its reason.
      const cap = head.locator('[data-test="reason-dialog"]:visible').filter({ hasText: '超过请假上限' })
      await cap.waitFor()
      assert.match(await cap.innerText(), /退学/)
      await cap.locator('[data-test="reason-confirm"]').click()
      await cap.locator('.el-form-item__error').waitFor()
      await cap.locator('textarea[data-test="reason-input"]').fill('请假超过总学时七分之一，经研究作退学处理')
      await shot(head, shots, '46-leave-cap-withdrawal')
      await cap.locator('[data-test="reason-confirm"]').click()
      await row.locator('[data-test="leave-withdrawal"]').waitFor()
      await row.locator('[data-test="leave-state-approved"]').waitFor()
    })

    test('the attendance summary: by trainee and unit, and as Excel', TIMEOUT, async () => {
      const head = teacher.page
      await head.goto(`${base}/classes/${klass.id}?tab=attendance`)
      await byTest(head, 'attendance-view-report').click()
      await head.waitForURL(/view=report/)
      const rows = head.locator('[data-test="report-trainees"] .el-table__body tr')
      await rows.nth(1).waitFor()
      const withdrawn = rows.filter({ hasText: trainees.second.name })
      assert.match(await withdrawn.innerText(), /已退学/)
      // A withdrawn trainee counts no hours in the class; the other was present, then on leave.
      assert.ok(
        (await withdrawn.locator('[data-mark]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-mark')))).includes('withdrawn'),
      )
      const present = rows.filter({ hasText: trainees.first.name })
      assert.deepEqual(
        await present.locator('[data-mark]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-mark'))),
        ['present', 'unmarked', 'on_leave', 'unmarked', 'unmarked'],
      )
      await byTest(head, 'report-units').getByText('沙湖镇').waitFor()
      await shot(head, shots, '47-attendance-report')
      const [xlsx] = await Promise.all([head.waitForEvent('download'), byTest(head, 'report-xlsx').click()])
      assert.match(xlsx.suggestedFilename(), /\.xlsx$/)
    })

    test('no script errors and no CSP violations on any of these pages', TIMEOUT, async () => {
      for (const [who, session] of Object.entries({ teacher, projector, first, second })) {
        assert.deepEqual(session.problems.errors, [], `${who}: script errors`)
        assert.deepEqual(session.problems.csp, [], `${who}: CSP violations`)
      }
    })
  })
}
