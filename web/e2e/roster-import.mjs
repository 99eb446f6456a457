// Browser test of a real roster imported (issue 17 item 10): the county's training officer
// (zzb) adds the unit the roster names that the tree lacks with 导入单位 (dry run, a bad row
// reported, import), then uploads a roster shaped like seed 000's list — a title row, 序号,
// 单位 by name, names with inner spaces, no 职级 — maps the one column the server could not
// guess, confirms the near unit offered for “沙湖镇人民政府”, checks again and imports. On a
// 390-px phone the next upload starts with the unit's remembered mapping.
// Runs after run.mjs (imported at its end) or alone:
// `node --test-reporter=spec e2e/roster-import.mjs` with the same environment.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, choose, config, launch, newPage, randomIdCard, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 180_000 }
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true }

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  const people = [
    ['示范县第1中学', '游 传桂', '校长'],
    ['示范县第 2 中学', '王锦蓉', '副校长'],
    ['沙湖镇人民政府', '钟 伟', ''],
    ['彭场高中', '李 华', '教师'],
  ].map(([unit, name, position]) => ({ unit, name, position, id: randomIdCard() }))
  // The list as an officer types it from the printed one: a title row, then 序号, 单位, the
  // names under a header the template does not use, and ID numbers; no rank.
  const roster = [
    '国家教育行政学院中小学校长国家级远程培训参训人员名单',
    '序号,单 位,参训人员,身份证号码,职务',
    ...people.map((p, i) => `${i + 1},${p.unit},${p.name},${p.id},${p.position}`),
  ].join('\r\n')
  const units = ['单位名称,上级单位,单位类型', '彭场高中,彭场镇,学校', '无名学校,不存在的镇,学校'].join('\r\n')
  const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`, 'utf8') })

  let run

  async function api(page, path) {
    return page.evaluate(async (path) => (await fetch(`/api/v1${path}`)).json(), path)
  }

  describe('a real roster: units added in bulk, columns mapped, a near unit confirmed', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the missing unit is added with 导入单位, its bad row reported', TIMEOUT, async () => {
      const zzb = await newPage(run.browser)
      const { page } = zzb
      await signIn(page, base, passwords, 'zzb')
      await page.goto(`${base}/org`)
      await byTest(page, 'units-import').click()
      const dialog = byTest(page, 'unit-import-dialog')
      await page.setInputFiles('input[data-test="unit-import-file"]', file('units.csv', units))
      await byTest(page, 'unit-import-dry-run').click()
      const summary = byTest(page, 'unit-import-summary')
      await summary.waitFor()
      assert.match(await summary.innerText(), /有问题 1 行/)
      assert.match(await dialog.innerText(), /上级单位“不存在的镇”不存在或不在您的管理范围内/)
      if (shots) await shot(page, shots, 'roster-import-units-dry-run')
      await byTest(page, 'unit-import-run').click()
      await page.getByText(/导入结果：共 2 行/).waitFor()
      const tree = await api(page, '/org/units')
      const high = tree.find((u) => u.name === '彭场高中')
      assert.ok(high, 'the unit was added')
      assert.equal(tree.find((u) => u.id === high.parent_id)?.name, '彭场镇')
      assert.deepEqual(zzb.problems.errors, [], 'script errors')
      await zzb.context.close()
    })

    test('the roster is mapped, its near unit confirmed, and imported', TIMEOUT, async () => {
      const zzb = await newPage(run.browser)
      const { page } = zzb
      await signIn(page, base, passwords, 'zzb')
      await page.goto(`${base}/people`)
      await byTest(page, 'people-import').click()
      await page.setInputFiles('input[data-test="import-file"]', file('参训人员名单.csv', roster))
      // The header below the title is found; 单位 and 身份证号码 are guessed, the names are not.
      const mapping = byTest(page, 'import-mapping')
      await mapping.waitFor()
      assert.match(await mapping.innerText(), /表头在第 2 行/)
      assert.match(await byTest(page, 'mapping-missing').innerText(), /姓名/)
      assert.ok(await byTest(page, 'import-dry-run').isDisabled(), 'no check before the names are mapped')
      await choose(page, 'mapping-field-2', '姓名 *')
      await byTest(page, 'mapping-missing').waitFor({ state: 'detached' })
      if (shots) await shot(page, shots, 'roster-import-mapping')

      await byTest(page, 'import-dry-run').click()
      await byTest(page, 'import-summary').waitFor()
      assert.match(await byTest(page, 'import-summary').innerText(), /将新增 3 行.*有问题 1 行/)
      const waiting = byTest(page, 'unit-name-沙湖镇人民政府')
      await waiting.waitFor()
      assert.match(await byTest(page, 'import-report').innerText(), /姓名中的空格已去除/)
      await choose(page, waiting.locator('[data-test="unit-choice"]'), '沙湖镇（示范县）')
      if (shots) await shot(page, shots, 'roster-import-confirm')
      assert.ok(await byTest(page, 'import-run').isDisabled(), 'a new choice is checked before it is imported')

      await byTest(page, 'import-dry-run').click()
      await page.getByText(/将新增 4 行/).waitFor()
      await byTest(page, 'import-run').click()
      await page.getByText(/导入结果：共 4 行，新增 4 行/).waitFor()
      const report = await byTest(page, 'import-report').innerText()
      assert.match(report, /按您的确认记为“沙湖镇”/)
      assert.match(report, /未填职级，按“无职级”登记/)
      if (shots) await shot(page, shots, 'roster-import-done')

      const found = await api(page, `/people?name=${encodeURIComponent('钟伟')}`)
      const zhong = found.items.find((p) => p.name === '钟伟')
      assert.equal(zhong?.unit_name, '沙湖镇', JSON.stringify(found.items))
      assert.equal(zhong.rank, 'unranked')
      assert.deepEqual(zzb.problems.errors, [], 'script errors')
      await zzb.context.close()
    })

    test('on a phone the next upload starts with the unit’s remembered mapping', TIMEOUT, async () => {
      const zzb = await newPage(run.browser, PHONE)
      const { page } = zzb
      await signIn(page, base, passwords, 'zzb')
      await page.goto(`${base}/people`)
      await byTest(page, 'people-import').click()
      await page.setInputFiles('input[data-test="import-file"]', file('参训人员名单.csv', roster))
      await byTest(page, 'mapping-remembered').waitFor()
      assert.equal(await byTest(page, 'mapping-missing').count(), 0)
      if (shots) await shot(page, shots, 'roster-import-phone')
      await byTest(page, 'import-dry-run').click()
      await byTest(page, 'import-summary').waitFor()
      // Already imported: each row is reported as a duplicate, nothing silently changed.
      assert.match(await byTest(page, 'import-summary').innerText(), /有问题 4 行/)
      if (shots) await shot(page, shots, 'roster-import-phone-report')
      assert.deepEqual(zzb.problems.errors, [], 'script errors')
      await zzb.context.close()
    })
  })
}
