// Browser tests of the training archive (培训档案, R-ARC-1): the town's unit administrator
// `shahu` enters an external training record (外地党校学习, 35 days) with its evidence on the
// trainee's 培训档案 tab; the training authority `zzb` approves it under 学分登记 → 待审核培训;
// the archive then lists it, marked 装入本人档案, and the authority downloads the printed archive
// (PDF) and the GB/T 38860 data; the trainee reads their own archive on 我的信息. Runs after
// run.mjs (imported at its end) or alone: `node --test-reporter=spec e2e/archive.mjs` with the
// same environment.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, choose, config, input, launch, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 180_000 }

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run
  const trainee = { id: 0 }
  // A title of its own, so a second run against the same demo finds this run's record.
  const title = `省委党校中青年干部培训班（${Date.now() % 100000}）`

  describe('archive: external training entered, approved, counted and printed', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the unit administrator enters an external record with its evidence', TIMEOUT, async () => {
      const trainer = await newPage(run.browser)
      await signIn(trainer.page, base, passwords, 'xueyuan')
      const me = await trainer.page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())
      assert.ok(me.person_id, 'xueyuan is linked to a person')
      trainee.id = me.person_id
      await trainer.context.close()

      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'shahu')
      await page.goto(`${base}/people/${trainee.id}?tab=archive`)
      await byTest(page, 'archive-panel').waitFor()
      await byTest(page, 'training-record-add').click()
      const dialog = byTest(page, 'training-record-dialog')
      await dialog.waitFor()
      // Submitting empty names the missing fields.
      await byTest(page, 'training-record-submit').click()
      await dialog.getByText('请填写证明材料').waitFor()
      await choose(page, 'training-record-kind', '外地党校学习')
      await input(page, 'training-record-title').fill(title)
      await input(page, 'training-record-institution').fill('某省委党校')
      for (const [name, day] of [['training-record-starts', '2025-09-01'], ['training-record-ends', '2025-10-05']]) {
        await input(page, name).fill(day)
        await input(page, name).press('Enter')
      }
      await input(page, 'training-record-days').fill('35')
      await input(page, 'training-record-hours').fill('180')
      await page.locator('textarea[data-test="training-record-evidence"], [data-test="training-record-evidence"] textarea').first().fill('结业证书 2025-118 号')
      await byTest(page, 'training-record-submit').click()
      await dialog.waitFor({ state: 'hidden' })
      const row = page.locator('[data-test="training-records-table"] tr.el-table__row').filter({ hasText: title })
      await row.waitFor()
      assert.equal((await row.locator('[data-test="training-record-state"]').innerText()).trim(), '待审核')
      // Pending: not in the archive yet.
      assert.equal(await page.locator('[data-test="archive-trainings"] tr.el-table__row').filter({ hasText: title }).count(), 0)
      await shot(page, shots, '80-archive-record-entered')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the authority approves it, sees it in the archive and downloads the form and the data', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'zzb')
      await page.goto(`${base}/credits?tab=pending-training`)
      const pending = page.locator('[data-test="training-records-pending-table"] tr.el-table__row').filter({ hasText: title })
      await pending.waitFor()
      await shot(page, shots, '81-archive-pending')
      await pending.locator('[data-test="training-record-approve"]').click()
      await byTest(page, 'reason-dialog').waitFor()
      await byTest(page, 'reason-confirm').click()
      await pending.waitFor({ state: 'detached' })

      await page.goto(`${base}/people/${trainee.id}?tab=archive`)
      const counted = page.locator('[data-test="archive-trainings"] tr.el-table__row').filter({ hasText: title })
      await counted.waitFor()
      // 35 days: more than a month, so it goes into the personal file.
      assert.equal((await counted.locator('[data-test="archive-personal-file"]').innerText()).trim(), '装入')
      assert.match(await byTest(page, 'archive-number').innerText(), /^DA-/)
      const state = page.locator('[data-test="training-records-table"] tr.el-table__row').filter({ hasText: title })
      assert.equal((await state.locator('[data-test="training-record-state"]').innerText()).trim(), '已认可')
      await shot(page, shots, '82-archive')

      const [pdf] = await Promise.all([page.waitForEvent('download'), byTest(page, 'archive-print').click()])
      assert.match(pdf.suggestedFilename(), /干部教育培训档案\.pdf$/)
      const bytes = readFileSync(await pdf.path())
      assert.equal(bytes.subarray(0, 4).toString(), '%PDF')
      const [data] = await Promise.all([page.waitForEvent('download'), byTest(page, 'archive-export').click()])
      const exported = JSON.parse(readFileSync(await data.path(), 'utf8'))
      assert.equal(exported.metadata.specification_version, 'GB/T 38860-2020')
      assert.ok(exported.components.learning_records.some((r) => r.title === title && r.personal_file))
      assert.deepEqual(problems.csp, [], 'CSP violations')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the trainee reads their own archive on 我的信息', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'xueyuan')
      await page.goto(`${base}/me`)
      await page.getByRole('tab', { name: '培训档案' }).click()
      await page.waitForURL(/tab=archive/)
      await page.locator('[data-test="archive-trainings"] tr.el-table__row').filter({ hasText: title }).waitFor()
      // A trainee may not enter records.
      assert.equal(await page.locator('[data-test="training-record-add"]').count(), 0)
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })
  })
}
