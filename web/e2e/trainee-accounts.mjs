// Browser tests of trainees getting in (issue 17 item 6): the town's training officer opens
// trainee accounts for a whole unit in bulk on 开通学员账号 (preview, then open), downloads the
// slips as PDF and Excel; the projector says when sign-in opens instead of showing a code too
// early; a trainee on a 390-px phone scans the room's code before ever signing in, signs in
// with the slip's first password, replaces it, and the sign-in is recorded at the time of the
// scan although the code expired meanwhile. The demo trainee has a seat in a running class.
// Runs after run.mjs (imported at its end) or alone:
// `node --test-reporter=spec e2e/trainee-accounts.mjs` with the same environment.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { CHROMIUM, Passwords, byTest, changePassword, choose, config, launch, newPage, randomIdCard, shot, signIn, submitLogin } from './lib.mjs'

const TIMEOUT = { timeout: 240_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const FIRST_OWN_PASSWORD = 'Mein-Eigenes-2026'

/** Today's date and the minutes since midnight, China time. */
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

/** The texts of an .xlsx's shared strings, in order (a minimal ZIP reader: no dependency). */
function xlsxStrings(bytes) {
  const buf = Buffer.from(bytes)
  let end = buf.length - 22
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--
  const count = buf.readUInt16LE(end + 10)
  let at = buf.readUInt32LE(end + 16)
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10)
    const size = buf.readUInt32LE(at + 20)
    const nameLength = buf.readUInt16LE(at + 28)
    const extra = buf.readUInt16LE(at + 30)
    const comment = buf.readUInt16LE(at + 32)
    const offset = buf.readUInt32LE(at + 42)
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength)
    if (name === 'xl/sharedStrings.xml') {
      const local = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28)
      const data = buf.subarray(local, local + size)
      const xml = (method === 8 ? inflateRawSync(data) : data).toString('utf8')
      return [...xml.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1])
    }
    at += 46 + nameLength + extra + comment
  }
  throw new Error('no shared strings in the workbook')
}

// Imported at the start of the whole suite but run near its end: the session's time is chosen
// when the set-up runs (10 to 15 minutes ahead, so its sign-in window is open and a sign-in
// then is on time); the suite is skipped when even the suite's length would not fit before
// midnight.
const now = chinaNow()
const skip =
  now.minutes + 45 + 15 > 23 * 60 + 59 ? `China time is ${hhmm(now.minutes)}: no session fits before midnight; run it again after 00:00` : false
let start = 0
let end = 0

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  if (skip) console.log(`SKIPPED: trainee accounts browser tests: ${skip}`)
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  const stamp = Date.now().toString(36).toUpperCase()
  let today = now.date
  let tomorrow = addDays(today, 1)
  const unitName = `E2E开户村${stamp}`
  const NAMES = ['柳青', '石磊', '江帆']
  const klass = { id: 0, title: `E2E开户签到班${stamp}`, sessions: [] }
  /** First sign-in credentials read from the Excel slips, by name. */
  const slips = new Map()

  let run
  let officer
  let phone

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

  describe('trainees get in: accounts opened in bulk, a sign-in carried through the first password change', { concurrency: 1, skip }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('set-up: a village under 沙湖镇 with three cadres, a class running today with them enrolled', TIMEOUT, async () => {
      const at = chinaNow()
      today = at.date
      tomorrow = addDays(today, 1)
      start = Math.ceil((at.minutes + 10) / 5) * 5
      end = Math.min(start + 60, 23 * 60 + 59)
      assert.ok(end - start >= 15, `China time is ${hhmm(at.minutes)}: no session fits before midnight`)
      const zzb = await newPage(run.browser)
      await signIn(zzb.page, base, passwords, 'zzb')
      const units = await ok(zzb.page, 'GET', '/org/units')
      const shahu = units.find((u) => u.name === '沙湖镇')
      const village = await ok(zzb.page, 'POST', '/org/units', {
        code: `E2E${stamp}`.slice(0, 20),
        name: unitName,
        unit_type: 'village',
        parent_id: shahu.id,
      })
      const people = []
      for (const [i, name] of NAMES.entries()) {
        const person = await ok(zzb.page, 'POST', '/people', {
          name,
          id_card: randomIdCard(i % 2 ? 'female' : 'male'),
          unit_id: village.id,
          rank: 'staff_1',
          position: '村干部',
          categories: ['village_committee'],
        })
        people.push(person.id)
      }

      const jyj = await newPage(run.browser)
      await signIn(jyj.page, base, passwords, 'jyj')
      const jyjMe = await ok(jyj.page, 'GET', '/auth/me')
      const heads = await ok(jyj.page, 'GET', '/classes/head-teachers')
      const head = heads.find((h) => h.display_name === '县委党校班主任')
      const made = await ok(jyj.page, 'POST', '/classes', {
        title: klass.title,
        kind: 'themed_class',
        organiser_unit_id: jyjMe.unit_id,
        host_name: '示范县委党校',
        starts_on: today,
        ends_on: tomorrow,
        venue: '县委党校第三教室',
        target_trainees: '村干部',
        trainee_categories: ['village_committee'],
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
        sessions: [
          { date: today, start_time: hhmm(start), end_time: hhmm(end), topic: '村级组织建设', instructor_id: null },
          { date: tomorrow, start_time: '09:00', end_time: '11:30', topic: '乡村振兴政策解读', instructor_id: null },
        ],
      })
      klass.sessions = saved.sessions
      await ok(jyj.page, 'POST', `/classes/${klass.id}/actions`, { action: 'submit', reason: '' })
      const detail = await ok(zzb.page, 'GET', `/classes/${klass.id}`)
      const decision = detail.actions.find((a) => a === 'file' || a === 'approve')
      await ok(zzb.page, 'POST', `/classes/${klass.id}/actions`, { action: decision, reason: '' })
      await ok(jyj.page, 'POST', `/classes/${klass.id}/actions`, { action: 'open_enrolment', reason: '' })
      const enrolled = await ok(zzb.page, 'POST', `/classes/${klass.id}/enrolment`, { person_ids: people, note: '' })
      assert.equal(enrolled.enrolled.length, 3, JSON.stringify(enrolled))
      await ok(jyj.page, 'POST', `/classes/${klass.id}/actions`, { action: 'start', reason: '' })
      await zzb.context.close()
      await jyj.context.close()
    })

    test('the town officer opens accounts for the village in bulk and downloads the slips', TIMEOUT, async () => {
      officer = await newPage(run.browser)
      const { page } = officer
      await signIn(page, base, passwords, 'shahu')
      await page.locator('[data-test="app-menu"] .el-menu-item').filter({ hasText: '开通学员账号' }).click()
      await byTest(page, 'open-accounts-page').waitFor()
      await choose(page, 'open-unit', unitName)
      await byTest(page, 'open-preview').click()
      await byTest(page, 'open-result-title').filter({ hasText: '将开通 3 个账号，跳过 0 人' }).waitFor()
      await byTest(page, 'open-submit').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await byTest(page, 'open-result-title').filter({ hasText: '已开通 3 个账号' }).waitFor()
      await byTest(page, 'open-slips').waitFor()
      await shot(page, shots, '90-open-accounts')

      const [pdf] = await Promise.all([page.waitForEvent('download'), byTest(page, 'slips-pdf').click()])
      assert.match(pdf.suggestedFilename(), /学员账号开通单\.pdf$/)
      assert.equal(readFileSync(await pdf.path()).subarray(0, 4).toString(), '%PDF')
      await pdf.saveAs(join(shots, '90-account-slips.pdf'))
      const [xlsx] = await Promise.all([page.waitForEvent('download'), byTest(page, 'slips-xlsx').click()])
      const strings = xlsxStrings(readFileSync(await xlsx.path()))
      // Row by row: 姓名, 单位, 用户名, 初始密码 — the first password follows its username.
      for (const name of NAMES) {
        const at = strings.indexOf(name)
        assert.ok(at >= 0, `${name} on the slips: ${strings.join(' | ')}`)
        const rest = strings.slice(at + 1)
        const username = rest.find((s) => /^[a-z]+\d{4,}[a-z]?$/.test(s))
        const password = rest.find((s) => /^[A-Za-z2-9]{12}$/.test(s))
        slips.set(name, { username, password })
      }
      assert.ok(strings.some((s) => s.includes('首次登录须修改初始密码')), 'the slip says to change the password')

      // Opening again gives nobody a second account.
      await byTest(page, 'open-preview').click()
      await byTest(page, 'open-result-title').filter({ hasText: '将开通 0 个账号，跳过 3 人' }).waitFor()
      assert.match(await byTest(page, 'open-skipped').innerText(), /已有账号/)
    })

    test('the projector says when sign-in opens before it does; then shows the code', TIMEOUT, async () => {
      const teacher = await newPage(run.browser, { viewport: { width: 1600, height: 900 } })
      await signIn(teacher.page, base, passwords, 'banzhuren')
      const [first, later] = klass.sessions
      await ok(teacher.page, 'POST', `/classes/${klass.id}/sessions/${later.id}/roll-call/open`)
      await teacher.page.goto(`${base}/classes/${klass.id}/sessions/${later.id}/screen`)
      const waiting = byTest(teacher.page, 'screen-not-yet-open')
      await waiting.waitFor()
      assert.match(await waiting.innerText(), /签到将于 \d{2}-\d{2} 08:30 开始/)
      assert.equal(await teacher.page.locator('[data-test="qr-code"]').count(), 0, 'no code to scan yet')
      assert.doesNotMatch(await teacher.page.locator('body').innerText(), /请用手机扫码签到/)
      await shot(teacher.page, shots, '91-projector-not-yet-open')

      await ok(teacher.page, 'POST', `/classes/${klass.id}/sessions/${first.id}/roll-call/open`)
      await teacher.page.goto(`${base}/classes/${klass.id}/sessions/${first.id}/screen`)
      await byTest(teacher.page, 'qr-code').waitFor()
      phone = { teacher }
    })

    test('a trainee scans on a phone before the first password change; the sign-in survives the change', TIMEOUT, async () => {
      const screen = phone.teacher.page
      const url = await byTest(screen, 'screen-code').getAttribute('data-url')
      assert.match(url, /\/sign-in\?session=\d+&code=[\w-]+$/)
      const trainee = await newPage(run.browser, PHONE)
      const { page } = trainee
      await page.goto(url)
      // Not signed in: the scan is held by the server and the phone goes to sign in.
      await page.waitForURL(/\/login\?redirect=/)
      const held = byTest(page, 'login-held-scan')
      await held.waitFor()
      assert.match(await held.innerText(), /已记下您 \d{2}:\d{2} 的扫码/)
      await shot(page, shots, '92-phone-scan-held')
      // Longer than a code lives (10 to 20 seconds) before the trainee is through.
      await page.waitForTimeout(21_000)
      const { username, password } = slips.get(NAMES[0])
      await submitLogin(page, base, username, password)
      await page.waitForURL(/\/change-password\?redirect=/)
      await byTest(page, 'password-held-scan').waitFor()
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
      await shot(page, shots, '93-phone-first-password')
      await changePassword(page, password, FIRST_OWN_PASSWORD)
      await page.waitForURL(/\/sign-in\?session=\d+$/)
      await byTest(page, 'sign-in-success').waitFor()
      assert.equal(await byTest(page, 'sign-in-mark').innerText(), '出勤')
      assert.match(await byTest(page, 'sign-in-held-at').innerText(), /扫码时间 \d{2}:\d{2}:\d{2}/)
      await shot(page, shots, '94-phone-signed-in-after-change')

      // The roll call has it, by the trainee's name.
      const session = klass.sessions[0]
      const roll = await ok(screen, 'GET', `/classes/${klass.id}/sessions/${session.id}/roll-call`)
      const row = roll.rows.find((r) => r.name === NAMES[0])
      assert.equal(row?.mark?.status, 'present', JSON.stringify(roll.rows))
      await screen.locator('[data-test="screen-signed-in"] li').filter({ hasText: NAMES[0] }).waitFor()
      await shot(screen, shots, '95-projector-after-held-sign-in')
      for (const { problems } of [officer, phone.teacher, trainee]) {
        assert.deepEqual(problems.errors, [], 'no script errors')
        assert.deepEqual(problems.csp, [], 'no CSP violations')
      }
      await trainee.context.close()
      await phone.teacher.context.close()
      await officer.context.close()
    })

    test('the demo trainee has a seat in a class running today', TIMEOUT, async () => {
      const learner = await newPage(run.browser, PHONE)
      await signIn(learner.page, base, passwords, 'xueyuan')
      const page = await ok(learner.page, 'GET', '/classes?state=in_progress&page=1&per_page=20')
      assert.ok(
        page.items.some((c) => c.title === '年轻干部理论学习班'),
        `running classes of the demo trainee: ${page.items.map((c) => c.title)}`,
      )
      await learner.context.close()
    })
  })
}
