// Browser tests of final grades and the yearly credit publication (成绩、学分公示): the head
// teacher opens an ended demo class's 成绩 tab (no scheme yet: completion reads attendance, in
// words), changes the grading scheme (a wrong weight total is stopped; 作业 entered by hand),
// enters 研修成果 and sees every verdict wait — 待定（成绩未录全）, never a 0 — then enters 作业 and
// reads the weighted totals, ranks, 优秀学员 and each trainee's 结业/未结业 with the reason, and on
// the certificates tab who got no certificate and why (ADR 0023); the
// training authority recalculates the class's credits, re-evaluates the year, previews a draft
// credit rule on a person, and publishes 沙湖镇's credits; the demo trainee objects to their own
// line from 我的信息 on a phone; the authority answers. Runs after run.mjs (imported at its end) or
// alone: `node --test-reporter=spec e2e/grades.mjs` with the same environment.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, choose, config, input, launch, menuTexts, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 180_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  const stamp = Date.now().toString(36).toUpperCase()
  const OBJECTION = `第二季度党校专题班的学时未计入，请核实（E2E ${stamp}）`
  const ANSWER = `经核实，该班次学时已计入，维持公示结果（E2E ${stamp}）`
  let run
  let zzb
  /** The ended class the grades are about, and the publication made here. */
  const klass = { id: 0, title: '' }
  const publication = { id: 0, title: '' }

  /** A JSON request in the page's own session (with its CSRF token), for test set-up only. */
  async function api(page, method, path, body) {
    const answer = await page.evaluate(
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
    assert.ok(answer.status >= 200 && answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body
  }

  async function confirmBox(page) {
    await page.locator('.el-message-box__btns .el-button--primary').click()
  }

  /** The grade sheet's rows. */
  function sheetRows(page) {
    return page.locator('[data-test="grade-sheet"] .el-table__body tr')
  }

  /** "84.5" → 8450 (hundredths), "未录入" → 0. */
  function hundredths(text) {
    const n = Number(text.trim())
    return Number.isNaN(n) ? 0 : Math.round(n * 100)
  }

  describe('grades and the credit publication', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the head teacher changes an ended class’s grading scheme on its 成绩 tab', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'banzhuren')
      // An ended demo class with trainees (the head teacher leads every demo class).
      const list = await api(page, 'GET', '/classes?state=ended&page=1&per_page=20')
      for (const c of list.items) {
        const sheet = await api(page, 'GET', `/classes/${c.id}/grades`)
        if (sheet.lines.length >= 3) {
          klass.id = c.id
          klass.title = c.title
          break
        }
      }
      assert.ok(klass.id, 'an ended demo class with at least three trainees')
      await page.goto(`${base}/classes/${klass.id}`)
      await byTest(page, 'class-heading').filter({ hasText: klass.title }).waitFor()
      await page.getByRole('tab', { name: '成绩' }).click()
      await page.waitForURL(/tab=grades/)
      const scheme = byTest(page, 'grades-scheme')
      await scheme.waitFor()
      // The Xiantao default is offered, but the class has no grading until it saves one:
      // completion reads arrival and attendance, said in words on every line.
      assert.match(await scheme.innerText(), /课程与学时 40%、作业 30%、研修成果 30%；60 分合格；优秀学员：合格者前 10%/)
      assert.match(await byTest(page, 'grades-ungraded').innerText(), /本班尚未设定考核方案，结业只看出勤/)
      assert.match(await byTest(page, 'grades-rule').innerText(), /有点名记录的，出勤不少于总学时的 85\.72%（总学时扣除请假上限 1\/7）/)
      assert.ok((await sheetRows(page).count()) >= 3)
      const verdicts = await page.locator('[data-test="grade-sheet"] [data-test="grade-completion-verdict"]').allInnerTexts()
      assert.ok(verdicts.length >= 3 && verdicts.every((v) => ['结业', '未结业'].includes(v.trim())), `verdicts in words: ${verdicts}`)
      for (const reason of await page.locator('[data-test="grade-sheet"] [data-test="grade-completion-reason"]').allInnerTexts()) {
        assert.match(reason, /出勤 [\d.]+ 学时，不足 [\d.]+ 学时|开班时未到位/)
      }
      assert.equal(await page.locator('[data-test="grade-sheet"] [data-test="grade-failed"]').count(), 0, 'nobody fails a scheme nobody chose')
      await shot(page, shots, '59-grades-ungraded')
      // The head teacher does not post credits: no recalculation button.
      assert.equal(await page.locator('[data-test="class-credits"]').count(), 0)

      await byTest(page, 'grades-edit-scheme').click()
      const dialog = page.locator('[data-test="grading-dialog"]:visible')
      await dialog.waitFor()
      const weights = dialog.locator('[data-test="grading-weight"] input')
      await weights.nth(0).fill('50')
      await weights.nth(0).press('Tab')
      assert.equal((await dialog.locator('[data-test="grading-sum"]').innerText()).trim(), '权重合计 110%')
      await dialog.locator('[data-test="grading-save"]').click()
      await dialog.getByText('各项权重之和须为 100%，现为 110%').waitFor()
      await weights.nth(1).fill('20')
      await weights.nth(1).press('Tab')
      assert.equal((await dialog.locator('[data-test="grading-sum"]').innerText()).trim(), '权重合计 100%')
      // 作业 is marked on paper here: entered by hand on the sheet.
      await dialog.locator('[data-test="grading-source"]').nth(1).click()
      await page.locator('.el-popper[aria-hidden="false"]').filter({ hasText: '手工录入' }).last().getByText('手工录入', { exact: true }).click()
      // Excellent trainees: the best two of those who passed.
      await dialog.locator('[data-test="grading-excellent-kind"]').getByText('合格者前几名').click()
      const places = dialog.locator('[data-test="grading-excellent-value"] input')
      await places.fill('2')
      await places.press('Tab')
      await shot(page, shots, '60-grading-scheme')
      await dialog.locator('[data-test="grading-save"]').click()
      await dialog.waitFor({ state: 'hidden' })
      await scheme.filter({ hasText: '课程与学时 50%、作业 20%、研修成果 30%' }).waitFor()
      assert.match(await scheme.innerText(), /优秀学员：合格者前 2 名/)
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    /** Enters one hand-scored component for every trainee on the sheet. */
    async function enterAll(page, code, label, typed) {
      await byTest(page, `grades-enter-${code}`).click()
      const dialog = page.locator('[data-test="component-dialog"]:visible')
      await dialog.waitFor()
      assert.match(await dialog.innerText(), new RegExp(`录入“${label}”成绩`))
      const scores = dialog.locator('input[data-test="component-score"], [data-test="component-score"] input')
      const count = await scores.count()
      for (let i = 0; i < count; i++) await scores.nth(i).fill(typed[i % typed.length])
      await dialog.locator('[data-test="component-save"]').click()
      await dialog.waitFor({ state: 'hidden' })
      await page.locator('.el-message').filter({ hasText: `已保存 ${count} 名学员的“${label}”成绩` }).waitFor()
      return count
    }

    test('the head teacher enters 研修成果 and every verdict waits for 作业: 待定, not a 0', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'banzhuren')
      await page.goto(`${base}/classes/${klass.id}?tab=grades`)
      await byTest(page, 'grades-scheme').waitFor()
      await byTest(page, 'grades-enter-research').click()
      const dialog = page.locator('[data-test="component-dialog"]:visible')
      await dialog.waitFor()
      const scores = dialog.locator('input[data-test="component-score"], [data-test="component-score"] input')
      // A score out of range is stopped beside its row.
      await scores.nth(0).fill('101')
      await dialog.locator('[data-test="component-save"]').click()
      assert.match(await dialog.locator('[data-test="component-row-error"]').innerText(), /0 至 100/)
      await dialog.locator('.el-dialog__footer').getByText('取消').click()
      await dialog.waitFor({ state: 'hidden' })
      await enterAll(page, 'research', '研修成果', ['96', '88.5', '72', '90', '65'])
      const rows = sheetRows(page)
      await rows.first().locator('[data-test="grade-score-research"]').filter({ hasText: /^\d/ }).waitFor()
      const n = await rows.count()
      // 作业 is not entered: no total, no rank, the verdict 待定 in words — nobody fails on a 0.
      for (let i = 0; i < n; i++) {
        const row = rows.nth(i)
        assert.equal((await row.locator('[data-test="grade-score-assignments"]').innerText()).trim(), '未录入')
        assert.equal((await row.locator('[data-test="grade-total"]').innerText()).trim(), '—')
        assert.equal((await row.locator('[data-test="grade-pending"]').innerText()).trim(), '待定（成绩未录全）')
        const verdict = (await row.locator('[data-test="grade-completion-verdict"]').innerText()).trim()
        const reason = (await row.locator('[data-test="grade-completion-reason"]').innerText()).trim()
        assert.ok(['待定（成绩未录全）', '未结业'].includes(verdict), `row ${i}: ${verdict}`)
        assert.match(reason, /作业未录入/)
      }
      assert.equal(await page.locator('[data-test="grade-sheet"] [data-test="grade-failed"]').count(), 0)
      assert.match(await byTest(page, 'grades-counts').innerText(), new RegExp(`共 ${n} 人，合格 0 人，不合格 0 人，待定 ${n} 人`))
      await shot(page, shots, '61-grade-sheet-pending')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the head teacher enters 作业 and reads the totals, ranks, 优秀学员 and who completed', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'banzhuren')
      await page.goto(`${base}/classes/${klass.id}?tab=grades`)
      await byTest(page, 'grades-scheme').waitFor()
      await enterAll(page, 'assignments', '作业', ['92', '58', '80', '85', '40'])
      // Every trainee has every score now; each total is the weighted sum of the parts.
      const rows = sheetRows(page)
      await rows.first().locator('[data-test="grade-score-assignments"]').filter({ hasText: /^\d/ }).waitFor()
      const n = await rows.count()
      let previous = Infinity
      for (let i = 0; i < n; i++) {
        const row = rows.nth(i)
        const hours = hundredths(await row.locator('[data-test="grade-score-hours"]').innerText())
        const assignments = hundredths(await row.locator('[data-test="grade-score-assignments"]').innerText())
        const research = hundredths(await row.locator('[data-test="grade-score-research"]').innerText())
        const total = hundredths(await row.locator('[data-test="grade-total"]').innerText())
        assert.ok(research > 0 && assignments > 0, `row ${i} has its scores`)
        const expected = Math.floor((hours * 50 + assignments * 20 + research * 30 + 50) / 100)
        assert.equal(total, expected, `row ${i}: total ${total} = 50% × ${hours} + 20% × ${assignments} + 30% × ${research}`)
        assert.ok(total <= previous, 'best first')
        previous = total
        const passed = (await row.locator('[data-test="grade-passed"]').count()) === 1
        assert.equal(passed, total >= 6000, `row ${i} pass at 60`)
        // 结业 only with a pass (and the attendance); otherwise 未结业 with the reason in words.
        const verdict = (await row.locator('[data-test="grade-completion-verdict"]').innerText()).trim()
        if (verdict === '结业') {
          assert.ok(passed, `row ${i} completed without a pass`)
        } else {
          assert.equal(verdict, '未结业', `row ${i}`)
          assert.match(await row.locator('[data-test="grade-completion-reason"]').innerText(), /总评 [\d.]+ 分，低于合格分 60 分|出勤 [\d.]+ 学时|开班时未到位/)
          if (!passed) assert.match(await row.locator('[data-test="grade-completion-reason"]').innerText(), /低于合格分 60 分/)
        }
        // A certificate issued before the scheme, to someone who does not complete now, is flagged.
        const certificate = (await row.locator('[data-test="grade-certificate"]').count()) === 1
        const flagged = (await row.locator('[data-test="grade-certificate-against-rule"]').count()) === 1
        assert.equal(flagged, certificate && verdict !== '结业', `row ${i}: certificate ${certificate}, ${verdict}`)
      }
      // The best two who passed are 优秀学员 (more only on a shared rank).
      const excellent = await page.locator('[data-test="grade-sheet"] [data-test="grade-excellent"]').count()
      assert.ok(excellent >= 1 && excellent <= n, `excellent trainees: ${excellent}`)
      assert.match(await byTest(page, 'grades-counts').innerText(), new RegExp(`共 ${n} 人，合格 \\d+ 人，不合格 \\d+ 人，待定 0 人，优秀学员 ${excellent} 人`))
      await shot(page, shots, '61-grade-sheet')
      const [xlsx] = await Promise.all([page.waitForEvent('download'), byTest(page, 'grades-xlsx').click()])
      assert.match(xlsx.suggestedFilename(), /\.xlsx$/)

      // The certificates tab: issuing again adds nobody who did not complete; those without a
      // certificate are listed with their verdict and reason.
      await page.getByRole('tab', { name: '结业证书' }).click()
      await byTest(page, 'certificates').waitFor()
      const unissued = page.locator('[data-test="certificates-unissued"] .el-table__body tr')
      if ((await unissued.count()) > 0) {
        for (const reason of await page.locator('[data-test="certificates-unissued"] [data-test="unissued-reason"]').allInnerTexts()) {
          assert.match(reason, /低于合格分|出勤 [\d.]+ 学时|开班时未到位/)
        }
        assert.match(await byTest(page, 'certificates-unissued-summary').innerText(), /有 \d+ 名学员未发证（未结业或成绩未录全）/)
        await byTest(page, 'certificates-unissued').scrollIntoViewIfNeeded()
        await shot(page, shots, '61-certificates-unissued')
      }
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the authority recalculates the class’s credits and re-evaluates the year', TIMEOUT, async () => {
      zzb = await newPage(run.browser)
      const { page } = zzb
      await signIn(page, base, passwords, 'zzb')
      await page.goto(`${base}/classes/${klass.id}`)
      await byTest(page, 'class-credits').click()
      await confirmBox(page)
      await page.locator('.el-message').filter({ hasText: /学时学分已重新计算：新记入 \d+ 笔，冲销 \d+ 笔，\d+ 笔不变/ }).waitFor()

      await page.goto(`${base}/credits`)
      await byTest(page, 'credits-reevaluate').click()
      const dialog = page.locator('[data-test="reevaluate-dialog"]:visible')
      await dialog.waitFor()
      await dialog.locator('[data-test="reevaluate-run"]').click()
      await page.locator('.el-message-box').getByText(/确定按现行规则重新核算 \d{4} 年的学分吗/).waitFor()
      await confirmBox(page)
      const result = dialog.locator('[data-test="reevaluate-result"]')
      await result.waitFor()
      assert.match(await result.innerText(), /\d{4} 年已重新核算：班次 [1-9]\d* 个、登记记录 \d+ 条；新记入 \d+ 笔，冲销 \d+ 笔，\d+ 笔不变/)
      await shot(page, shots, '62-credits-reevaluate')
      await dialog.locator('.el-dialog__footer').getByText('关闭').click()
    })

    test('the authority previews a draft credit rule on the demo trainee', TIMEOUT, async () => {
      const { page } = zzb
      // A trainee of the class graded above (ended this year: class-hour credits).
      const sheet = await api(page, 'GET', `/classes/${klass.id}/grades`)
      const person = sheet.lines[0]
      await page.goto(`${base}/rules?kind=credit_rules`)
      await byTest(page, 'rules-mode-text').click()
      const text = page.locator('textarea[data-test="rules-text"]')
      await text.waitFor()
      await page.waitForFunction(() => (document.querySelector('textarea[data-test="rules-text"]')?.value ?? '').length > 0)
      const body = await text.inputValue()
      // A first syntax error is named with its line.
      await text.fill(`${body}\n[[broken`)
      await byTest(page, 'rules-preview').click()
      const dialog = page.locator('[data-test="rule-preview-dialog"]:visible')
      await dialog.waitFor()
      await dialog.locator('[data-test="rule-preview-person"] input').fill(person.name)
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: person.name }).first().click()
      await dialog.locator('[data-test="rule-preview-run"]').click()
      await dialog.locator('[data-test="rule-preview-error"]').waitFor()
      await dialog.locator('.el-dialog__footer').getByText('关闭').click()
      await dialog.waitFor({ state: 'hidden' })
      // The text as saved gives the same credits as now.
      await text.fill(body)
      await byTest(page, 'rules-preview').click()
      await dialog.waitFor()
      await dialog.locator('[data-test="rule-preview-run"]').click()
      const totals = dialog.locator('[data-test="rule-preview-totals"]')
      await totals.waitFor()
      assert.match(await totals.innerText(), /0 项有变化/)
      assert.ok((await dialog.locator('[data-test="rule-preview-lines"] .el-table__body tr').count()) >= 1)
      await shot(page, shots, '63-rule-preview')
      await dialog.locator('.el-dialog__footer').getByText('关闭').click()
      assert.deepEqual(zzb.problems.errors, [], 'script errors')
    })

    test('the authority publishes 沙湖镇’s credits for the year', TIMEOUT, async () => {
      const { page } = zzb
      assert.ok((await menuTexts(page)).includes('学分公示'))
      await page.locator('[data-test="app-menu"] .el-menu-item').filter({ hasText: '学分公示' }).click()
      await byTest(page, 'publications-page').waitFor()
      await page.getByRole('tab', { name: '发布公示' }).click()
      await byTest(page, 'publish-form').waitFor()
      // The unit is required.
      await byTest(page, 'publish-submit').click()
      await byTest(page, 'publish-form').getByText('请选择公示单位').waitFor()
      await choose(page, 'publish-unit', '沙湖镇')
      await shot(page, shots, '64-publish-form')
      await byTest(page, 'publish-submit').click()
      await page.locator('.el-message-box').getByText(/发布 沙湖镇 \d{4} 年度学分公示/).waitFor()
      await confirmBox(page)
      await page.waitForURL(/\/credits\/publications\/\d+$/)
      await byTest(page, 'publication-title').filter({ hasText: '年度学时学分公示' }).waitFor()
      publication.id = Number(/(\d+)$/.exec(new URL(page.url()).pathname)[1])
      publication.title = (await byTest(page, 'publication-title').innerText()).trim()
      assert.match(publication.title, /^沙湖镇\d{4}年度学时学分公示$/)
      await byTest(page, 'publication-open').waitFor()
      // Names arrive a moment after the page: wait for the publisher's name, not the username.
      await page.locator('[data-test="publication-meta"]', { hasText: /沙湖镇 · \d{4} 年度 · 共 \d+ 人 · 组织部干部科 于/ }).waitFor()
      assert.ok((await page.locator('[data-test="published-table"] .el-table__body tr').count()) >= 1)
      await byTest(page, 'objections-empty').waitFor()
      // The authority is not in the list: no objection from here.
      assert.equal(await page.locator('[data-test="publication-object-mine"]').count(), 0)
    })

    test('the trainee finds the publication on 我的信息 and objects to their own line, on a phone', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, PHONE)
      await signIn(page, base, passwords, 'xueyuan')
      await page.goto(`${base}/me`)
      await page.getByRole('tab', { name: '学分公示' }).click()
      await page.waitForURL(/tab=publications/)
      const link = page.locator('[data-test="publication-link"]').filter({ hasText: publication.title }).first()
      await link.waitFor()
      await link.click()
      await page.waitForURL(new RegExp(`/credits/publications/${publication.id}$`))
      const mine = byTest(page, 'publication-mine')
      await mine.waitFor()
      assert.match(await mine.innerText(), /您在公示中的学分合计 [\d.]+。如有异议，请在 \d{4}-\d{2}-\d{2} 前提出。/)
      // Their own line comes first, marked 本人.
      await page.locator('[data-test="published-table"] .el-table__body tr').first().getByText('本人').waitFor()
      await byTest(page, 'publication-object-mine').click()
      const dialog = page.locator('[data-test="reason-dialog"]:visible')
      await dialog.waitFor()
      assert.match(await dialog.innerText(), /对本人公示学分提出异议/)
      await dialog.locator('textarea[data-test="reason-input"]').fill(OBJECTION)
      await dialog.locator('[data-test="reason-confirm"]').click()
      await dialog.waitFor({ state: 'hidden' })
      const objection = byTest(page, 'objection-open')
      await objection.waitFor()
      assert.equal((await objection.locator('[data-test="objection-text"]').innerText()).trim(), OBJECTION)
      assert.match(await objection.locator('[data-test="objection-state"]').innerText(), /待答复/)
      // A trainee does not answer.
      assert.equal(await page.locator('[data-test="objection-dismiss"]').count(), 0)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
      await shot(page, shots, '65-publication-objection-phone')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the authority dismisses the objection with an answer, once', TIMEOUT, async () => {
      const { page } = zzb
      // The authority finds the publication again from its list.
      await page.goto(`${base}/credits/publications`)
      await page.locator('[data-test="publication-link"]', { hasText: publication.title }).first().click()
      await page.waitForURL(new RegExp(`/credits/publications/${publication.id}$`))
      const objection = byTest(page, 'objection-open')
      await objection.waitFor()
      await objection.locator('[data-test="objection-dismiss"]').click()
      const dialog = page.locator('[data-test="reason-dialog"]:visible')
      await dialog.waitFor()
      assert.match(await dialog.innerText(), /驳回 .+ 的异议/)
      // The answer is required.
      await dialog.locator('[data-test="reason-confirm"]').click()
      await dialog.getByText('请填写原因').waitFor()
      await dialog.locator('textarea[data-test="reason-input"]').fill(ANSWER)
      await dialog.locator('[data-test="reason-confirm"]').click()
      await dialog.waitFor({ state: 'hidden' })
      const answered = byTest(page, 'objection-dismissed')
      await answered.waitFor()
      const [xlsx] = await Promise.all([page.waitForEvent('download'), byTest(page, 'publication-xlsx').click()])
      assert.match(xlsx.suggestedFilename(), /\.xlsx$/)
      await answered.locator('[data-test="objection-answer"]', { hasText: new RegExp(`组织部干部科 于 .+ 答复：\\s*${ANSWER.replace(/[()（）]/g, '.')}`) }).waitFor()
      assert.equal(await answered.locator('[data-test="objection-uphold"], [data-test="objection-dismiss"]').count(), 0)
      await shot(page, shots, '66-publication-answered')
      assert.deepEqual(zzb.problems.errors, [], 'script errors')
      assert.deepEqual(zzb.problems.csp, [], 'CSP violations')
      await zzb.context.close()
    })
  })
}
