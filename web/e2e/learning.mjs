// Browser tests of online learning (网络学习, issue 16): the training authority uploads the demo
// video (a refused file shows the server's own message), builds a course from it and publishes
// it; the trainee on a 390-px phone finds it in 我的网络学习, plays the lesson, and watches the
// time the server credits grow with the heartbeats. Runs after run.mjs (imported at its end) or
// alone with the same environment: `node --test-reporter=spec e2e/learning.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CHROMIUM, Passwords, byTest, choose, config, input, launch, menuTexts, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 120_000 }
const STAMP = Date.now().toString(36).toUpperCase()
const COURSE = `网络学习示范课 ${STAMP}`
const LESSON = `第一讲 ${STAMP}`
/** The small H.264 lecture the demo library is made of. */
const VIDEO = fileURLToPath(new URL('../../crates/server/src/demo/lesson.mp4', import.meta.url))
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }

/** An Element Plus textarea by its data-test (the attribute lands on the textarea itself). */
function textarea(scope, name) {
  return scope.locator(`textarea[data-test="${name}"], [data-test="${name}"] textarea`).first()
}

/** How much wider than the window the page is (0 when it fits). */
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  describe('online learning: the library, my learning on a phone, time counted by the server', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the authority uploads a video, builds a course from it and publishes it', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { viewport: { width: 1280, height: 800 } })
      await signIn(page, base, passwords, 'zzb')
      assert.ok((await menuTexts(page)).includes('课程库'))
      await page.getByRole('menuitem', { name: '课程库' }).click()
      await page.waitForURL(/\/learning\/library$/)
      await byTest(page, 'learning-library').waitFor()

      // Not a video: refused, in the server's own words.
      await page.setInputFiles('input[data-test="media-file"]', {
        name: 'notes.mp4',
        mimeType: 'video/mp4',
        buffer: Buffer.from('这不是视频，只是一段文字。'.repeat(20), 'utf8'),
      })
      const refused = byTest(page, 'media-refused')
      await refused.waitFor()
      const why = await refused.innerText()
      assert.match(why, /notes\.mp4/)
      assert.match(why, /[\u4e00-\u9fa5]{4,}/, why)
      assert.doesNotMatch(why, /[{}]|MEDIA_/, 'a message, not a code')

      // The demo lecture: its length and picture measured by the server. The demo library may
      // hold the same file already: it is kept once, under the name it came with first.
      await page.setInputFiles('input[data-test="media-file"]', VIDEO)
      const uploaded = byTest(page, 'media-uploaded')
      await uploaded.waitFor()
      const stored = await uploaded.getAttribute('data-name')
      assert.match(stored, /\.mp4$/)
      assert.match(await byTest(page, 'media-duration').innerText(), /^\d+:\d\d$/)
      assert.match(await byTest(page, 'media-picture').innerText(), /^\d+×\d+$/)
      assert.match(await byTest(page, 'media-size').innerText(), /\d+(\.\d)? (B|KB|MB)$/)
      await byTest(page, 'media-table').getByText(stored, { exact: true }).first().waitFor()
      await shot(page, shots, '90-learning-library')

      // A course: title and category are required, then lessons, then publishing.
      await byTest(page, 'course-create').click()
      const dialog = byTest(page, 'course-dialog')
      await dialog.waitFor()
      await byTest(page, 'course-save').click()
      await dialog.getByText('请填写课程名称').waitFor()
      await input(page, 'course-title').fill(COURSE)
      await choose(page, 'course-category', '政策法规')
      await page.locator('textarea[data-test="course-summary"], [data-test="course-summary"] textarea').first().fill('学习贯彻新修订的干部教育培训工作条例。')
      await byTest(page, 'course-save').click()
      await page.waitForURL(/\/learning\/library\/courses\/\d+$/)
      await page.locator('[data-test="course-heading"]', { hasText: COURSE }).waitFor()
      await byTest(page, 'course-state-draft').waitFor()
      assert.ok(await byTest(page, 'course-publish').isDisabled(), 'no lessons, nothing to publish')

      await byTest(page, 'lesson-add').click()
      await byTest(page, 'lesson-dialog').waitFor()
      await byTest(page, 'lesson-media').click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: `${stored} · ` }).first().click()
      // The video's name is offered as the title; the keeper writes a better one.
      assert.equal(await input(page, 'lesson-title').inputValue(), stored.replace(/\.mp4$/i, ''))
      await input(page, 'lesson-title').fill(LESSON)
      await byTest(page, 'lesson-save').click()
      await byTest(page, 'lesson-dialog').waitFor({ state: 'hidden' })
      await byTest(page, 'lesson-table').getByText(LESSON).waitFor()

      await byTest(page, 'course-publish').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await byTest(page, 'course-state-published').waitFor()
      assert.match(await byTest(page, 'course-state-published').innerText(), /已发布/)
      assert.equal(await byTest(page, 'lesson-add').count(), 0, 'a published course keeps its lessons')
      await byTest(page, 'course-retire').waitFor()

      // Required of everyone this year (必修): listed in words, and withdrawable.
      await byTest(page, 'course-requirements').waitFor()
      assert.match(await byTest(page, 'requirement-table').innerText(), /尚未指定必修对象/)
      await byTest(page, 'requirement-add').click()
      await byTest(page, 'requirement-whom').filter({ hasText: '全体学员' }).waitFor()
      await page.getByText('已指定为必修').first().waitFor()
      await shot(page, shots, '91-learning-course')

      await page.goto(`${base}/learning/library`)
      const row = page.locator('[data-test="course-table"] tr').filter({ hasText: COURSE })
      await row.getByText('已发布').waitFor()
      assert.match(await row.innerText(), /政策法规/)

      // The flags the server raised while counting are one click away, for review.
      await byTest(page, 'learning-flags-link').click()
      await byTest(page, 'learning-flags').waitFor()
      assert.match(await byTest(page, 'learning-flags').locator('h2').innerText(), /学习异常复核/)
      assert.match(await byTest(page, 'learning-flags').innerText(), /不扣学时/)
      await byTest(page, 'flag-table').waitFor()
      await shot(page, shots, '96-learning-flags')
      assert.deepEqual(problems.csp, [], 'CSP violations')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the trainee plays the lesson on a phone and the credited time grows', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await signIn(page, base, passwords, 'xueyuan')
      await byTest(page, 'menu-toggle').click()
      await page.locator('.menu-drawer [data-test="app-menu"]').waitFor()
      assert.ok((await menuTexts(page)).includes('我的网络学习'))
      assert.ok(!(await menuTexts(page)).includes('课程库'), 'the library is for its keepers')
      await page.getByRole('menuitem', { name: '我的网络学习' }).click()
      await page.waitForURL(/\/learning$/)
      const card = page.locator('[data-test="my-course"]').filter({ hasText: COURSE })
      await card.waitFor()
      assert.match(await card.innerText(), /共 1 节/)
      // Required this year: among the required courses, with the year's hours above them.
      assert.equal(await card.getAttribute('data-required'), 'yes')
      assert.match(await card.locator('[data-test="course-kind"]').innerText(), /必修/)
      const year = byTest(page, 'my-year')
      assert.match(await year.innerText(), /必修学时/)
      assert.match(await year.innerText(), /拓展学时/)
      assert.match(await byTest(page, 'required-hours').innerText(), /\/ 50 学时/)
      assert.match(await card.locator('[data-test="lesson-credited"]').innerText(), /已计 0 \//)
      assert.ok((await overflow(page)) <= 0, `my learning is ${await overflow(page)}px wider than the phone`)
      await shot(page, shots, '92-my-learning-phone')

      await card.locator('[data-test="course-continue"]').click()
      await page.waitForURL(/\/learning\/courses\/\d+\/lessons\/\d+$/)
      await page.locator('[data-test="lesson-heading"]', { hasText: LESSON }).waitFor()
      const player = byTest(page, 'lesson-player')
      // The video fills the phone's width and has no speed menu to offer.
      const video = byTest(page, 'lesson-video')
      await page.waitForFunction(() => document.querySelector('[data-test="lesson-video"]')?.readyState >= 1)
      const box = await video.boundingBox()
      assert.ok(box && box.width >= 388, `video is ${box?.width}px wide`)
      assert.match((await video.getAttribute('controlslist')) ?? '', /noplaybackrate/)
      assert.equal(await video.getAttribute('disablepictureinpicture'), '')

      // Headless Chromium does not start on its own: play it, muted, as a tap would.
      await page.evaluate(async () => {
        const v = document.querySelector('[data-test="lesson-video"]')
        v.muted = true
        await v.play()
      })
      const beatsAtPlay = Number(await player.getAttribute('data-beats'))
      // The play heartbeat, then a regular one every heartbeat_seconds (15 by default).
      await page.waitForFunction(
        (at) => {
          const el = document.querySelector('[data-test="lesson-player"]')
          return Number(el.dataset.beats) >= at + 2 && Number(el.dataset.watchedMs) > 0
        },
        beatsAtPlay,
        { timeout: 45_000 },
      )
      const credited = Number(await byTest(page, 'credited').getAttribute('data-ms'))
      assert.ok(credited >= 5_000, `credited ${credited} ms after a heartbeat period`)
      assert.match(await byTest(page, 'credited').innerText(), /^0:\d\d \/ \d+:\d\d$/)
      assert.match(await byTest(page, 'today').innerText(), /分钟/)
      await byTest(page, 'counting').waitFor()
      assert.ok((await overflow(page)) <= 0, `the player is ${await overflow(page)}px wider than the phone`)
      await shot(page, shots, '93-lesson-phone')

      // A note at this point of the lecture and a reflection on it (有笔记、有心得).
      const notes = byTest(page, 'lesson-notes')
      await notes.scrollIntoViewIfNeeded()
      await textarea(page, 'note-body').fill(`要点 ${STAMP}：坚持问题导向。`)
      await byTest(page, 'note-save').click()
      await notes.locator('[data-test="my-note"][data-kind="note"]').filter({ hasText: STAMP }).waitFor()
      assert.match(await notes.locator('[data-test="note-position"]').first().innerText(), /记于 \d+:\d\d/)
      await notes.getByText('学习心得', { exact: true }).click()
      await textarea(page, 'note-body').fill(`心得 ${STAMP}：学以致用，推动工作。`)
      await byTest(page, 'note-save').click()
      await notes.locator('[data-test="my-note"][data-kind="reflection"]').filter({ hasText: STAMP }).waitFor()
      assert.ok((await overflow(page)) <= 0, `the notes are ${await overflow(page)}px wider than the phone`)
      await notes.screenshot({ path: `${shots}/97-lesson-notes-phone.png` })

      // The same learner opens the lesson on a computer: that playback takes over, and the phone
      // is told at its next heartbeat (a pause sends one at once) and offers to go on there.
      const desk = await newPage(run.browser, { viewport: { width: 1280, height: 800 } })
      await signIn(desk.page, base, passwords, 'xueyuan')
      await desk.page.goto(page.url())
      await byTest(desk.page, 'took-over').waitFor()
      await desk.page.waitForFunction(() => document.querySelector('[data-test="lesson-video"]')?.readyState >= 1)
      await page.evaluate(() => document.querySelector('[data-test="lesson-video"]').pause())
      await byTest(page, 'playback-ended').waitFor()
      await shot(desk.page, shots, '95-lesson-desktop')
      await byTest(page, 'resume-here').click()
      await byTest(page, 'took-over').waitFor()
      await byTest(page, 'playback-ended').waitFor({ state: 'detached' })
      assert.deepEqual(desk.problems.errors, [], 'script errors on the computer')
      await desk.context.close()

      // Back to the list: the playback stops, and the card shows what the server credited.
      await page.getByText('返回我的网络学习').click()
      await page.waitForURL(/\/learning$/)
      const after = page.locator('[data-test="my-course"]').filter({ hasText: COURSE })
      await after.waitFor()
      const shown = Number(await after.locator('[data-test="lesson-credited"]').getAttribute('data-ms'))
      assert.ok(shown >= credited, `the list shows ${shown} ms, the player said ${credited}`)
      assert.match(await after.locator('[data-test="course-continue"]').innerText(), /继续学习/)
      await shot(page, shots, '94-my-learning-progress-phone')
      assert.deepEqual(problems.csp, [], 'CSP violations')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the training office reads the reflection and answers it; the learner sees the answer', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { viewport: { width: 1280, height: 800 } })
      await signIn(page, base, passwords, 'zzb')
      await page.getByRole('menuitem', { name: '学习笔记与心得' }).click()
      await page.waitForURL(/\/learning\/notes$/)
      const card = page.locator('[data-test="note-card"]').filter({ hasText: `心得 ${STAMP}` })
      await card.waitFor()
      assert.match(await card.innerText(), new RegExp(COURSE))
      await textarea(card, 'comment-body').fill('体会真切，望在工作中落实。')
      await card.locator('[data-test="comment-save"]').click()
      await card.locator('[data-test="note-comment"]').waitFor()
      await shot(page, shots, '98-learning-notes')
      // Answered, it leaves the list of those waiting.
      await page.reload()
      await page.locator('[data-test="note-card"]').filter({ hasText: `要点 ${STAMP}` }).waitFor()
      assert.equal(await page.locator('[data-test="note-card"]').filter({ hasText: `心得 ${STAMP}` }).count(), 0)
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()

      const phone = await newPage(run.browser, PHONE)
      await signIn(phone.page, base, passwords, 'xueyuan')
      await phone.page.goto(`${base}/learning`)
      await phone.page.locator('[data-test="my-course"]').filter({ hasText: COURSE }).locator('[data-test="lesson-play"]').click()
      const reflection = phone.page.locator('[data-test="my-note"][data-kind="reflection"]').filter({ hasText: STAMP })
      await reflection.locator('[data-test="note-comment"]').waitFor()
      assert.match(await reflection.innerText(), /体会真切/)
      assert.deepEqual(phone.problems.errors, [], 'script errors on the phone')
      await phone.context.close()
    })
    test('a trainee on a phone sits the course quiz: graded by the server, passed, hours earned', TIMEOUT, async () => {
      const phone = await newPage(run.browser, PHONE)
      await signIn(phone.page, base, passwords, 'xueyuan')
      await phone.page.goto(`${base}/learning`)
      const quizLesson = phone.page.locator('[data-test="my-lesson"]').filter({ has: phone.page.locator('[data-test="lesson-quiz"]') }).first()
      await quizLesson.waitFor()
      await quizLesson.locator('[data-test="lesson-play"]').click()
      await phone.page.waitForURL(/\/lessons\/\d+\/quiz$/)
      await byTest(phone.page, 'quiz-heading').waitFor()
      const questions = phone.page.locator('[data-test="quiz-sheet-question"]')
      assert.equal(await questions.count(), 3)
      // The demo quiz: A; A and B; A (the page is never told which are right).
      await questions.nth(0).locator('[data-test="quiz-choice"]').nth(0).click()
      await questions.nth(1).locator('[data-test="quiz-choice"]').nth(0).click()
      await questions.nth(1).locator('[data-test="quiz-choice"]').nth(1).click()
      await questions.nth(2).locator('[data-test="quiz-choice"]').nth(0).click()
      assert.ok((await overflow(phone.page)) <= 0, `the quiz is ${await overflow(phone.page)}px wider than the phone`)
      await shot(phone.page, shots, '96-quiz-phone')
      await byTest(phone.page, 'quiz-submit').click()
      const passed = byTest(phone.page, 'quiz-passed')
      await passed.waitFor()
      assert.match(await passed.innerText(), /已通过测验，计 0.5 学时/)
      await phone.page.goto(`${base}/learning`)
      await quizLesson.locator('[data-test="lesson-completed"]').waitFor()
      assert.deepEqual(phone.problems.errors, [], 'script errors on the phone')
      await phone.context.close()
    })

    test('the training office watches learning as it happens and downloads the briefings; on a phone too', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { viewport: { width: 1280, height: 800 } })
      await signIn(page, base, passwords, 'zzb')
      await page.getByRole('menuitem', { name: '网络学习动态' }).click()
      await page.waitForURL(/\/learning\/watch$/)
      await byTest(page, 'watch-figures').waitFor()
      assert.match(await byTest(page, 'watch-target').innerText(), /年度网络学习目标 50 学时/)
      assert.ok(Number((await byTest(page, 'watch-learners').innerText()).replace(/,/g, '')) > 0, 'nobody measured')
      // The laggards are named, each with whom to tell.
      const follow = page.locator('[data-test="laggard-escalation"]').first()
      await follow.waitFor()
      assert.match(await follow.innerText(), /提醒本人|告知所在单位|报区县（分中心）督办/)
      // Down to the county, and its towns below it.
      await page.locator('[data-test="watch-drill"]').filter({ hasText: '示范县' }).first().click()
      await byTest(page, 'watch-trail').filter({ hasText: '示范县' }).waitFor()
      await page.locator('[data-test="watch-drill"]').filter({ hasText: '沙湖镇' }).first().waitFor()
      await shot(page, shots, '99-learning-watch')

      await page.getByRole('menuitem', { name: '学习统计与通报' }).click()
      await page.waitForURL(/\/learning\/briefings$/)
      const row = page.locator('[data-test="briefing-table"] .el-table__body tr').filter({ hasText: '网络学习情况通报' }).first()
      await row.waitFor()
      await row.locator('[data-test="briefing-view"]').click()
      const summary = byTest(page, 'briefing-summary')
      await summary.waitFor()
      assert.match(await summary.innerText(), /应参加网络学习 [\d,]+ 人/)
      await shot(page, shots, '100-learning-briefing')
      await page.keyboard.press('Escape')
      await summary.waitFor({ state: 'hidden' })
      for (const [button, ending] of [['briefing-xlsx', /\.xlsx$/], ['briefing-pdf', /\.pdf$/]]) {
        const [download] = await Promise.all([page.waitForEvent('download'), row.locator(`[data-test="${button}"]`).click()])
        assert.match(download.suggestedFilename(), /网络学习情况通报/)
        assert.match(download.suggestedFilename(), ending)
      }
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()

      const phone = await newPage(run.browser, PHONE)
      await signIn(phone.page, base, passwords, 'zzb')
      await phone.page.goto(`${base}/learning/watch`)
      await byTest(phone.page, 'watch-figures').waitFor()
      await phone.page.locator('[data-test="laggard-escalation"]').first().waitFor()
      assert.ok((await overflow(phone.page)) <= 0, `the live view is ${await overflow(phone.page)}px wider than the phone`)
      await shot(phone.page, shots, '101-learning-watch-phone')
      assert.deepEqual(phone.problems.errors, [], 'script errors on the phone')
      await phone.context.close()
    })
  })
}
