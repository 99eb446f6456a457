// Browser tests of 待办通知 as an inbox (issue 17 item 2) and of who may approve a class (item 9),
// on the demo: the training authority opens the notices from the menu (its badge counts the
// unread ones), sees kinds in words and a page of 20 with a pager, filters by kind, opens a
// notice (it turns read, the badge goes down), finds every end-of-class attendance rate equal to
// the class's own attendance report for the same unit, and marks a kind read. On a 390-px phone
// the page fits. A submitted class says who may approve it: the authority may, the unit that
// submitted it is told who will. Runs after run.mjs (imported at its end) or alone with the same
// environment: `node --test-reporter=spec e2e/notices.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, config, input, launch, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 180_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }
const KINDS = ['开班通知', '到位情况', '考勤情况']
const SUBMITTED = '妇女干部能力提升班'

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  async function noSideScroll(page) {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)
  }

  /** A JSON GET with the page's session (reads need no CSRF token). */
  async function api(page, path) {
    return page.evaluate(async (p) => {
      const response = await fetch(`/api/v1${p}`, { credentials: 'same-origin' })
      return { status: response.status, body: await response.json() }
    }, path)
  }

  async function badge(page) {
    const found = page.locator('[data-test="menu-badge-notices"]')
    return (await found.count()) === 0 ? 0 : Number((await found.innerText()).trim())
  }

  async function kindsInWords(page) {
    const kinds = await page.locator('[data-test="notice-kind"]').allInnerTexts()
    for (const kind of kinds) assert.ok(KINDS.includes(kind.trim()), `a kind in words, not a code: ${kind}`)
    return kinds.length
  }

  describe('notices: an inbox with correct figures', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the authority pages, filters and reads its notices; the badge follows', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'zzb')
      await page.locator('[data-test="menu-badge-notices"]').waitFor()
      const unreadBefore = await badge(page)
      assert.ok(unreadBefore > 0, 'the demo has unread notices')
      await page.getByRole('menuitem', { name: '待办通知' }).click()
      await page.waitForURL(/\/notices/)
      await page.locator('[data-test="notice"]').first().waitFor()
      const shown = await kindsInWords(page)
      for (const to of await page.locator('[data-test="notice-unit"]').allInnerTexts()) assert.match(to, /^致 \S+/, `each notice names its unit: ${to}`)
      const { body: all } = await api(page, '/notices?per_page=1')
      assert.ok(all.total > 20, `the demo has more notices than a page: ${all.total}`)
      assert.equal(shown, 20, 'one page of 20')
      await byTest(page, 'pager').waitFor()
      await shot(page, shots, '83-notices')

      // One kind: class openings are titled as such, not 到位情况.
      await byTest(page, 'notices-kind-class_started').click()
      await page.waitForURL(/kind=class_started/)
      await page.locator('[data-test="notice-kind"]').first().waitFor()
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test="notice-kind"]')].every((e) => e.textContent.trim() === '开班通知'))
      for (const title of await page.locator('[data-test="notice-title"]').allInnerTexts()) {
        assert.match(title, /开班通知$/, `a class opening's title: ${title}`)
      }

      // Attendance: open the newest unread one; it shows its text and turns read.
      await byTest(page, 'notices-kind-class_attendance').click()
      await page.waitForURL(/kind=class_attendance/)
      await page.waitForFunction(() => [...document.querySelectorAll('[data-test="notice-kind"]')].every((e) => e.textContent.trim() === '考勤情况'))
      const unread = page.locator('[data-test="notice"][data-read="unread"]').first()
      await unread.locator('[data-test="notice-open"]').click()
      const text = await page.locator('[data-test="notice-body"]').first().innerText()
      // A rate, or — for a class ended before any roll call — that none was taken; never a dash.
      assert.match(text, /出勤率 \d+(\.\d)?%|未记录考勤/, text)
      await page.locator('[data-test="notice"][data-read="read"]').first().waitFor()
      await page.waitForFunction((n) => {
        const b = document.querySelector('[data-test="menu-badge-notices"]')
        return (b ? Number(b.textContent.trim()) : 0) === n - 1
      }, unreadBefore)
      await shot(page, shots, '84-notices-opened')

      // Every attendance notice states the rate the class's own report gives its unit.
      const { body: told } = await api(page, '/notices?kind=class_attendance&per_page=100')
      assert.ok(told.items.length > 0)
      const reports = new Map()
      for (const notice of told.items) {
        const found = /出勤率 ([\d.]+)%/.exec(notice.body)
        const stated = found ? Number(found[1]) : null
        assert.ok(stated === null ? /未记录考勤/.test(notice.body) : stated <= 100, `a rate above 100 % or none stated: ${notice.body}`)
        if (!reports.has(notice.class_id)) reports.set(notice.class_id, (await api(page, `/classes/${notice.class_id}/attendance`)).body)
        const line = reports.get(notice.class_id).units.find((u) => u.unit_id === notice.unit_id)
        assert.ok(line || stated === null, `the report has the unit of ${notice.title}`)
        assert.equal(stated, line?.rate ?? null, `${notice.title} to unit ${notice.unit_id}: notice and report agree`)
      }

      // Mark this kind read: none of it is left unread, the rest still is.
      await byTest(page, 'notices-read-all').click()
      await page.locator('.el-message').filter({ hasText: '标为已读' }).waitFor()
      await byTest(page, 'notices-unread-only').click()
      await byTest(page, 'notices-empty').waitFor()
      const { body: after } = await api(page, '/notices?per_page=1')
      const attendance = after.kinds.find((k) => k.kind === 'class_attendance')
      assert.equal(attendance.unread, 0, 'the kind is read')
      assert.ok(after.unread > 0, 'other kinds stay unread')
      assert.equal(await badge(page), after.unread, 'the badge says what is left')
      assert.deepEqual(problems.csp, [], 'CSP violations')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('on a phone the inbox opens from the menu drawer and fits', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await signIn(page, base, passwords, 'zzb')
      await byTest(page, 'menu-toggle').click()
      await page.getByRole('menuitem', { name: '待办通知' }).click()
      await page.waitForURL(/\/notices/)
      await page.locator('[data-test="notice"]').first().waitFor()
      await kindsInWords(page)
      assert.ok(await noSideScroll(page), 'no sideways scrolling at 390 px')
      await shot(page, shots, '85-notices-phone')
      await page.locator('[data-test="notice-open"]').first().click()
      await page.locator('[data-test="notice-body"]').first().waitFor()
      assert.ok(await noSideScroll(page), 'no sideways scrolling with a notice open')
      await shot(page, shots, '85-notices-phone-opened')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('a submitted class says who may approve it, and why not the unit that submitted it', TIMEOUT, async () => {
      for (const [user, expected] of [
        ['zzb', /您可以审批此申报/],
        ['shahu', /可审批此申报的审批人：.*市委组织部[\s\S]*您的角色不审批班次/],
      ]) {
        const { context, page, problems } = await newPage(run.browser)
        await signIn(page, base, passwords, user)
        await page.getByRole('menuitem', { name: '班次列表' }).click()
        await page.waitForURL(/\/classes/)
        await input(page, 'class-search-q').fill(SUBMITTED)
        await byTest(page, 'class-search-submit').click()
        await page.locator('[data-test="class-link"]').filter({ hasText: SUBMITTED }).first().click()
        await page.waitForURL(/\/classes\/\d+/)
        const card = byTest(page, 'approval-card')
        await card.waitFor()
        assert.match(await card.innerText(), expected, `${user}: ${await card.innerText()}`)
        if (user === 'shahu') await shot(page, shots, '86-class-approval')
        assert.deepEqual(problems.errors, [], 'script errors')
        await context.close()
      }
    })
  })
}
