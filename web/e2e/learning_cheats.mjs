// The cheating suite of online learning (issue 16): a real Chromium session does what 刷课脚本
// do — plays at 4×, seeks to the end, opens the lesson in a second tab and on a second device,
// hides the tab and calls play() again, clicks the presence check's button without its code,
// and calls the page's own reporting on a timer with a forged "finished" position — and each
// earns nothing beyond honest real time; the anomaly list shows the forger for review. Last, a
// PDF lesson read on a phone: only time in front counts, and only once every page was shown.
//
// The timing rules are shortened for the run (heartbeats every 5 s, a presence check after a
// minute) through the rules page's API and put back afterwards. Runs after learning.mjs
// (imported at its end) or alone with the same environment:
// `node --test-reporter=spec e2e/learning_cheats.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, config, launch, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 240_000 }
/** Heartbeats every 5 s, counted up to 12 s apart; a presence check after one minute. */
const FAST_RULES = `heartbeat_seconds = 5
max_gap_seconds = 12
rate_percent = 100
tolerance_ms = 2000
daily_cap_minutes = 480
presence_min_minutes = 1
presence_max_minutes = 1
presence_answer_seconds = 15
superhuman_answer_ms = 1200
second_playback = "take_over"
`
/** What one heartbeat may add beyond the wall clock (the rules' tolerance), with a beat's slack. */
const SLACK_MS = 2_000 + 5_000

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run
  let office
  let learner
  let savedRules = null
  /** The demo's published lessons the cheats use, one each, so each is measured apart. */
  let lessons = []

  /** A JSON request in the page's own session (with its CSRF token). */
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

  /** What the server credited on a lesson so far (ms) and whether it counts it finished. */
  async function credited(page, lessonId) {
    const { body } = await api(page, 'GET', '/learning/my/courses')
    for (const course of body.courses) {
      const lesson = course.lessons.find((l) => l.id === lessonId)
      if (lesson) return { ms: lesson.watched_ms ?? 0, done: lesson.completed_at != null }
    }
    throw new Error(`lesson ${lessonId} not offered`)
  }

  /** Opens a lesson's player and starts the video muted, as a tap would; the playback's id. */
  async function play(page, { course, lesson }) {
    // The player opens its playback as the page loads: listen before going there.
    const opened = page.waitForResponse((r) => r.url().includes(`/learning/lessons/${lesson}/playbacks`) && r.request().method() === 'POST')
    await page.goto(`${base}/learning/courses/${course}/lessons/${lesson}`)
    await page.waitForFunction(() => document.querySelector('[data-test="lesson-video"]')?.readyState >= 1)
    await page.evaluate(async () => {
      const v = document.querySelector('[data-test="lesson-video"]')
      v.muted = true
      await v.play()
    })
    const started = await (await opened.catch(() => null))?.json().catch(() => null)
    await waitBeats(page, 1)
    return started?.playback_id
  }

  /** Waits until the page has sent `n` more heartbeats. */
  async function waitBeats(page, n) {
    const at = Number(await page.locator('[data-test="lesson-player"]').getAttribute('data-beats'))
    await page.waitForFunction(
      (target) => Number(document.querySelector('[data-test="lesson-player"]')?.dataset.beats) >= target,
      at + n,
      { timeout: 60_000 },
    )
  }

  /** Leaves the player (its last heartbeat and stop go out) for the learner's list. */
  async function leave(page) {
    await page.goto(`${base}/learning`)
    await page.locator('[data-test="my-course"]').first().waitFor()
  }

  describe('online learning cannot be gamed from the browser', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
      office = await newPage(run.browser, { viewport: { width: 1280, height: 800 } })
      await signIn(office.page, base, passwords, 'zzb')
      const current = await api(office.page, 'GET', '/rules/learning_settings')
      assert.equal(current.status, 200, JSON.stringify(current.body))
      savedRules = current.body.body
      const saved = await api(office.page, 'PUT', '/rules/learning_settings', { body: FAST_RULES })
      assert.equal(saved.status, 200, JSON.stringify(saved.body))

      learner = await newPage(run.browser, { viewport: { width: 1280, height: 800 } })
      await signIn(learner.page, base, passwords, 'xueyuan')
      const { body } = await api(learner.page, 'GET', '/learning/my/courses')
      lessons = body.courses.flatMap((c) => c.lessons.filter((l) => l.kind === 'video' && !l.completed_at && (l.watched_ms ?? 0) === 0).map((l) => ({ course: c.id, lesson: l.id, duration: l.duration_ms })))
      assert.ok(lessons.length >= 5, `only ${lessons.length} unstudied lessons for the cheats`)
    })
    after(async () => {
      if (office && savedRules != null) await api(office.page, 'PUT', '/rules/learning_settings', { body: savedRules }).catch(() => {})
      await learner?.context.close()
      await office?.context.close()
      await run?.close()
    })

    test('playing at 4× earns no more than the wall clock', TIMEOUT, async () => {
      const target = lessons[0]
      const { page } = learner
      const started = Date.now()
      await play(page, target)
      await page.evaluate(() => {
        document.querySelector('[data-test="lesson-video"]').playbackRate = 4
      })
      await waitBeats(page, 4)
      const position = await page.evaluate(() => document.querySelector('[data-test="lesson-video"]').currentTime * 1000)
      await leave(page)
      const wall = Date.now() - started
      const earned = await credited(page, target.lesson)
      assert.ok(position > wall * 2, `the video ran ahead (${position} ms in ${wall} ms)`)
      assert.ok(earned.ms <= wall + SLACK_MS, `credited ${earned.ms} ms in ${wall} ms of wall clock at 4×`)
    })

    test('seeking to the end does not finish the lesson', TIMEOUT, async () => {
      const target = lessons[1]
      const { page } = learner
      // The wall clock runs from opening the player to leaving it.
      const started = Date.now()
      await play(page, target)
      await page.evaluate(() => {
        const v = document.querySelector('[data-test="lesson-video"]')
        v.currentTime = v.duration - 0.5
      })
      await waitBeats(page, 2)
      await leave(page)
      const wall = Date.now() - started
      const earned = await credited(page, target.lesson)
      assert.equal(earned.done, false, 'a seek to the end finished the lesson')
      assert.ok(earned.ms <= wall + SLACK_MS, `credited ${earned.ms} ms in ${wall} ms`)
      assert.ok(earned.ms < target.duration / 2, `credited ${earned.ms} of ${target.duration} ms`)
    })

    test('a second tab and a second device take the lesson over: one clock, never two', TIMEOUT, async () => {
      const target = lessons[2]
      const first = learner.page
      const started = Date.now()
      await play(first, target)
      const tab = await learner.context.newPage()
      await play(tab, target)
      await first.locator('[data-test="playback-ended"]').waitFor({ timeout: 30_000 })
      // The second device: another browser signed in as the same learner.
      const device = await newPage(run.browser, { viewport: { width: 390, height: 844 }, isMobile: true })
      await signIn(device.page, base, passwords, 'xueyuan')
      await play(device.page, target)
      await tab.locator('[data-test="playback-ended"]').waitFor({ timeout: 30_000 })
      await waitBeats(device.page, 2)
      await shot(first, shots, '102-cheat-two-tabs')
      await leave(device.page)
      await device.context.close()
      await tab.close()
      const wall = Date.now() - started
      const earned = await credited(first, target.lesson)
      assert.ok(earned.ms <= wall + SLACK_MS, `three players credited ${earned.ms} ms in ${wall} ms`)
      await leave(first)
    })

    test('a hidden tab that calls play() again earns nothing while hidden', TIMEOUT, async () => {
      const target = lessons[3]
      const { page } = learner
      await play(page, target)
      await waitBeats(page, 1)
      // The script: pretend the tab is hidden and unfocused, and re-play whenever it changes.
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })
        document.hasFocus = () => false
        const v = document.querySelector('[data-test="lesson-video"]')
        document.addEventListener('visibilitychange', () => void v.play())
        document.dispatchEvent(new Event('visibilitychange'))
      })
      await waitBeats(page, 1)
      const before = (await credited(page, target.lesson)).ms
      const hiddenFrom = Date.now()
      await waitBeats(page, 3)
      const playing = await page.evaluate(() => !document.querySelector('[data-test="lesson-video"]').paused)
      const after = (await credited(page, target.lesson)).ms
      assert.ok(playing, 'the script kept the video playing')
      assert.ok(after - before <= SLACK_MS, `earned ${after - before} ms in ${Date.now() - hiddenFrom} ms hidden`)
      await leave(page)
    })

    test('clicking the presence check without its code holds the time', TIMEOUT, async () => {
      const target = lessons[4]
      const { page } = learner
      await play(page, target)
      const overlay = page.locator('[data-test="presence-overlay"]')
      await overlay.waitFor({ timeout: 120_000 })
      const atCheck = (await credited(page, target.lesson)).ms
      // The auto-clicker: the submit button every second, never a code.
      await page.evaluate(() => {
        window.__clicker = setInterval(() => document.querySelector('[data-test="presence-submit"]')?.click(), 1000)
      })
      await waitBeats(page, 4)
      await shot(page, shots, '103-cheat-presence')
      assert.ok(await overlay.isVisible(), 'clicks without the code closed the check')
      const held = (await credited(page, target.lesson)).ms
      assert.ok(held - atCheck <= SLACK_MS, `earned ${held - atCheck} ms while the check waited`)
      await page.evaluate(() => clearInterval(window.__clicker))
      await leave(page)
    })

    test('forged "finished" reports on a timer earn nothing and are flagged for review', TIMEOUT, async () => {
      const target = lessons[0]
      const { page } = learner
      const playback = await play(page, target)
      assert.ok(playback, 'no playback id')
      await page.evaluate(() => document.querySelector('[data-test="lesson-video"]').pause())
      const before = await credited(page, target.lesson)
      // The page's own reporting, called on a timer: the end of the lesson, then ever further.
      const answers = await page.evaluate(
        async ({ playback, duration }) => {
          const me = await (await fetch('/api/v1/auth/me')).json()
          const codes = []
          for (let n = 0; n < 22; n++) {
            const response = await fetch(`/api/v1/learning/playbacks/${playback}/beats`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
              // First "finished", then ten more minutes each time, as a fast-forwarding script claims.
              body: JSON.stringify({ position_ms: duration + n * 600_000, playing: true, visible: true }),
            })
            const body = await response.json().catch(() => ({}))
            codes.push(body.refused ?? body.code ?? response.status)
            await new Promise((resolve) => setTimeout(resolve, 150))
          }
          return codes
        },
        { playback, duration: target.duration },
      )
      await leave(page)
      const after = await credited(page, target.lesson)
      assert.equal(after.done, false, `forged reports finished the lesson: ${answers.join(',')}`)
      assert.ok(after.ms - before.ms <= SLACK_MS, `forged reports earned ${after.ms - before.ms} ms`)
      // No endpoint takes "finished" from the browser.
      const forged = await api(page, 'POST', `/learning/lessons/${target.lesson}/complete`, {})
      assert.ok([404, 405].includes(forged.status), `a "complete" call answered ${forged.status}`)

      // The training office sees it on the anomaly list, with the evidence.
      const me = await learner.page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())
      const flags = await api(office.page, 'GET', '/learning/flags?open=true')
      const flag = flags.body.find((f) => f.person_id === me.person_id && f.kind === 'many_refused')
      assert.ok(flag, `no flag for ${me.person_id}: ${JSON.stringify(flags.body)}`)
      await office.page.goto(`${base}/learning/flags`)
      const row = office.page.locator('[data-test="flag-table"] .el-table__body tr').filter({ hasText: flag.person_name }).filter({ hasText: '大量心跳未被计时' })
      await row.first().waitFor()
      await shot(office.page, shots, '104-cheat-flagged')
      assert.deepEqual(learner.problems.errors, [], 'script errors on the learner page')
      assert.deepEqual(office.problems.errors, [], 'script errors on the office page')
    })

    test('a document is read page by page on a phone: time in front only, and every page', TIMEOUT, async () => {
      // No presence check within this reading (the checks have their own test above).
      const rules = FAST_RULES.replace('presence_min_minutes = 1', 'presence_min_minutes = 30').replace('presence_max_minutes = 1', 'presence_max_minutes = 30')
      const set = await api(office.page, 'PUT', '/rules/learning_settings', { body: rules })
      assert.equal(set.status, 200, JSON.stringify(set.body))
      // The office puts a two-page PDF of one minute's reading into a new published course.
      const media = await office.page.evaluate(async (bytes) => {
        const me = await (await fetch('/api/v1/auth/me')).json()
        const response = await fetch('/api/v1/learning/media?filename=' + encodeURIComponent('阅读材料.pdf'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': me.csrf_token },
          body: new Uint8Array(bytes),
        })
        return { status: response.status, body: await response.json() }
      }, [...tinyPdf(2)])
      assert.equal(media.status, 201, JSON.stringify(media.body))
      assert.equal(media.body.pages, 2)
      const course = await api(office.page, 'POST', '/learning/courses', { title: '文档阅读示例', category: 'policy', summary: '' })
      const withLesson = await api(office.page, 'POST', `/learning/courses/${course.body.id}/lessons`, { title: '阅读材料', media_id: media.body.id, reading_minutes: 1 })
      assert.equal(withLesson.status, 201, JSON.stringify(withLesson.body))
      await api(office.page, 'POST', `/learning/courses/${course.body.id}/state`, { action: 'publish' })
      const lesson = withLesson.body.lessons[0].id

      const phone = await newPage(run.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
      await signIn(phone.page, base, passwords, 'xueyuan')
      const { page } = phone
      const started = Date.now()
      await page.goto(`${base}/learning/courses/${course.body.id}/lessons/${lesson}`)
      await page.locator('[data-test="lesson-document"][data-page="1"]').waitFor()
      // The page is drawn from the PDF in the page itself (a canvas with pixels on it).
      await page.waitForFunction(() => {
        const canvas = document.querySelector('[data-test="document-page"]')
        return canvas && canvas.width > 0 && canvas.getContext('2d').getImageData(canvas.width / 2, canvas.height / 4, 1, 1).data[3] > 0
      })
      await waitBeats(page, 3)
      await shot(page, shots, '105-document-phone')
      // Hidden for a while: that stretch earns nothing.
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
        document.dispatchEvent(new Event('visibilitychange'))
      })
      const hiddenFrom = Date.now()
      await waitBeats(page, 3)
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' })
        document.dispatchEvent(new Event('visibilitychange'))
      })
      const hiddenMs = Date.now() - hiddenFrom
      await page.locator('[data-test="page-next"]').click()
      await page.locator('[data-test="lesson-document"][data-page="2"]').waitFor()
      await page.locator('[data-test="lesson-done"]').waitFor({ timeout: 150_000 })
      const wall = Date.now() - started
      assert.equal(await page.locator('[data-test="pages-read"]').getAttribute('data-read'), '2')
      await shot(page, shots, '106-document-read')
      // One minute of reading took at least the minute plus the hidden stretch (less a beat).
      assert.ok(wall >= 60_000 + hiddenMs - SLACK_MS, `finished after ${wall} ms with ${hiddenMs} ms hidden`)
      await leave(page)
      const done = await credited(page, lesson)
      assert.equal(done.ms, 60_000)
      assert.deepEqual(phone.problems.errors, [], 'script errors on the phone')
      assert.deepEqual(phone.problems.csp, [], 'the PDF viewer broke the content policy')
      await phone.context.close()
    })
  })
}

/** A PDF of `pages` pages, each with one coloured block, written out by hand (offsets and all). */
function tinyPdf(pages) {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>']
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i * 2} 0 R`)
  objects.push(`<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`)
  for (let i = 0; i < pages; i++) {
    const content = `0.${i + 2} 0.3 0.6 rg 72 ${420 - i * 60} 450 300 re f`
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${4 + i * 2} 0 R >>`)
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`)
  }
  let out = '%PDF-1.4\n'
  const offsets = objects.map((body, n) => {
    const at = out.length
    out += `${n + 1} 0 obj\n${body}\nendobj\n`
    return at
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  out += offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('')
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}
