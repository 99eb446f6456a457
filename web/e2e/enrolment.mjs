// Browser tests of 点名调学 (issue 17 item 8): the county's training officer (zzb) finds people
// for an enrolling class by category, training this year and compliance, enrols them, imports a
// name list (a match, namesakes to choose from, a name nobody has), and enrols people straight
// from the compliance overview's list; a township's administrator (shahu) names the county
// party school as host of a new class and nominates from the same dialog on a phone. Runs after
// run.mjs (imported at its end) or alone: `node --test-reporter=spec e2e/enrolment.mjs`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { CHROMIUM, Passwords, byTest, choose, config, input, launch, newPage, shot, signIn } from './lib.mjs'

const TIMEOUT = { timeout: 240_000 }

/** An API call from the page, with the page's session. */
async function api(page, path) {
  return page.evaluate(async (p) => (await fetch(`/api/v1${p}`)).json(), path)
}

/** The enrolling classes, the one starting latest first (the most seats left). */
async function openClasses(page) {
  const classes = await api(page, '/classes/open')
  assert.ok(classes.length > 0, 'the demo has a class enrolling')
  return classes.sort((a, b) => b.starts_on.localeCompare(a.starts_on))
}

async function openEnrolDialog(page, base, classId) {
  await page.goto(`${base}/classes/${classId}?tab=roster`)
  await byTest(page, 'enrol-open').click()
  await byTest(page, 'enrol-dialog').waitFor()
  await page.locator('[data-test="enrol-people"] .el-table__body tr').first().waitFor()
}

/** Waits for the dialog's table to settle after a search. */
async function searched(page) {
  await page.waitForTimeout(300)
  await page.locator('[data-test="enrol-people"] .el-loading-mask').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {})
}

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: chromium not installed (${CHROMIUM})`)
} else {
  const { chromium } = await import('playwright-core')
  const { base, accounts, shots } = config()
  const passwords = new Passwords(accounts)
  let run

  describe('点名调学: filters, name lists, enrolling from the overview, hosts', { concurrency: 1 }, () => {
    before(async () => {
      run = await launch(chromium)
    })
    after(async () => {
      await run?.close()
    })

    test('the county officer finds people by category, training this year and compliance', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { viewport: { width: 1440, height: 900 } })
      await signIn(page, base, passwords, 'zzb')
      const [klass] = await openClasses(page)
      await openEnrolDialog(page, base, klass.id)

      // Section leaders with no training this year who fall short of a rule.
      await choose(page, 'enrol-category', '科级领导干部')
      await choose(page, 'enrol-compliance', '有风险或未达标')
      await byTest(page, 'enrol-untrained').click()
      await byTest(page, 'enrol-search').click()
      await searched(page)
      const rows = page.locator('[data-test="enrol-people"] .el-table__body tr')
      await rows.first().waitFor()
      const thisYear = await page.locator('[data-test="enrol-this-year"]').allInnerTexts()
      assert.ok(thisYear.length > 0 && thisYear.every((s) => s.includes('未参训')), thisYear.join(' | '))
      const short = await page.locator('[data-test="enrol-short"]').allInnerTexts()
      assert.ok(short.length > 0 && short.every((s) => /有风险|未达标|补训/.test(s)), short.join(' | '))
      // The same filters over the API agree with what the table shows.
      const page1 = await api(page, `/classes/${klass.id}/candidates?category=section_leader&compliance=short&untrained=true`)
      assert.ok(page1.items.every((p) => p.categories.includes('section_leader') && p.trained_this_year === 0 && p.short.length > 0))
      assert.match(await page.locator('[data-test="enrol-dialog"] [data-test="pager"]').innerText(), new RegExp(String(page1.total)))
      await shot(page, shots, '90-enrol-filters')

      // Enrol the first two.
      const before = page1.items.filter((p) => !p.listed).slice(0, 2)
      for (const person of before) {
        await rows.filter({ hasText: person.name }).first().locator('.el-checkbox').click()
      }
      await byTest(page, 'enrol-submit').click()
      await Promise.race([
        page.locator('[data-test="enrol-dialog"] [data-test="enrol-outcome"]').waitFor(),
        page.locator('[data-test="enrol-dialog"]').waitFor({ state: 'hidden' }),
      ])
      const roster = await api(page, `/classes/${klass.id}/enrolment`)
      for (const person of before) {
        assert.ok(roster.some((r) => r.person_id === person.person_id && r.status !== 'removed'), `${person.name} is on the roster`)
      }
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the county officer imports a name list: a match, namesakes, a name nobody has', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { viewport: { width: 1440, height: 900 } })
      await signIn(page, base, passwords, 'zzb')
      const [klass] = await openClasses(page)
      // Two people not yet listed, and a name the county has twice if there is one.
      const people = (await api(page, `/classes/${klass.id}/candidates?page_size=200`)).items.filter((p) => !p.listed)
      const counts = new Map()
      for (const p of people) counts.set(p.name, (counts.get(p.name) ?? 0) + 1)
      const single = people.filter((p) => counts.get(p.name) === 1).slice(0, 2)
      const namesake = [...counts].find(([, n]) => n > 1)?.[0]
      const lines = [`姓名\t单位`, `${single[0].name}\t${single[0].unit_name}`, `${[...single[1].name].join(' ')}`, '查无此人']
      if (namesake) lines.push(namesake)

      await openEnrolDialog(page, base, klass.id)
      await byTest(page, 'enrol-name-list').click()
      await byTest(page, 'name-list-dialog').waitFor()
      await page.locator('textarea[data-test="name-list-text"], [data-test="name-list-text"] textarea').first().fill(lines.join('\n'))
      await byTest(page, 'name-list-check').click()
      const summary = byTest(page, 'name-list-summary')
      await summary.waitFor()
      assert.match(await summary.innerText(), /匹配 2 人/)
      const outcomes = await page.locator('[data-test="name-list-outcome"]').allInnerTexts()
      assert.deepEqual(outcomes.slice(0, 3), ['匹配', '匹配', '未找到'])
      const reasons = await page.locator('[data-test="name-list-reason"]').allInnerTexts()
      assert.ok(reasons.some((r) => r.includes('空格已去除')), reasons.join(' | '))
      assert.ok(reasons.some((r) => r.includes('没有这个姓名')), reasons.join(' | '))
      if (namesake) {
        assert.equal(outcomes[3], '同名待选')
        // The officer picks the first namesake.
        const select = page.locator('[data-test="name-list-choose"]').first()
        await select.click()
        await page.locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item').nth(1).click()
      }
      await shot(page, shots, '91-enrol-name-list-check')
      await byTest(page, 'name-list-enrol').click()
      const outcome = page.locator('[data-test="name-list-dialog"] [data-test="enrol-outcome"]')
      await outcome.waitFor()
      assert.match(await outcome.innerText(), /已报名|列入候补/)
      assert.match(await byTest(page, 'name-list-rejected').innerText(), /查无此人/)
      await shot(page, shots, '92-enrol-name-list-done')
      const roster = await api(page, `/classes/${klass.id}/enrolment`)
      for (const person of single) assert.ok(roster.some((r) => r.person_id === person.person_id), `${person.name} listed`)
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('the county officer enrols people straight from the compliance overview', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { viewport: { width: 1440, height: 900 } })
      await signIn(page, base, passwords, 'zzb')
      const classes = await openClasses(page)
      const target = classes[classes.length - 1]
      await page.getByRole('menuitem', { name: '合规总览' }).click()
      await page.waitForURL(/\/compliance$/)
      for (let i = 0; i < 30 && (await page.locator('[data-test="board-rule-name"]').count()) === 0; i++) {
        await page.waitForTimeout(1000)
        await page.reload()
        await byTest(page, 'board-freshness').waitFor()
      }
      const counts = page.locator('[data-test="board-not_met"]')
      for (let i = 0; i < (await counts.count()); i++) {
        if ((await counts.nth(i).innerText()).trim() !== '0') {
          await counts.nth(i).click()
          break
        }
      }
      const drawer = byTest(page, 'board-people')
      const rows = drawer.locator('.el-table__body tr')
      await rows.first().waitFor()
      const names = []
      for (let i = 0; i < 3; i++) {
        names.push((await rows.nth(i).locator('[data-test="board-person"]').innerText()).trim())
        await rows.nth(i).locator('.el-checkbox').click()
      }
      assert.match(await byTest(page, 'board-enrol-these').innerText(), /点名调学（\d 人）/)
      await byTest(page, 'board-enrol-these').click()
      const dialog = byTest(page, 'enrol-these-dialog')
      await dialog.waitFor()
      // The classes load when the dialog opens; a click on the field while they load lands on
      // the loading mask and opens nothing.
      await dialog.locator('.el-loading-mask').waitFor({ state: 'hidden' })
      await byTest(page, 'enrol-these-class').click()
      await page
        .locator('.el-popper[aria-hidden="false"] .el-select-dropdown__item')
        .filter({ hasText: target.title })
        .filter({ hasText: target.starts_on })
        .first()
        .click()
      assert.match(await byTest(page, 'enrol-these-class').innerText(), new RegExp(target.title))
      await shot(page, shots, '93-enrol-these-choose')
      await byTest(page, 'enrol-these-submit').click()
      const outcome = dialog.locator('[data-test="enrol-outcome"]')
      await outcome.waitFor()
      assert.match(await outcome.innerText(), /已报名 \d 人/)
      await shot(page, shots, '94-enrol-these-done')
      const roster = await api(page, `/classes/${target.id}/enrolment`)
      const listed = new Set(roster.map((r) => r.name))
      const text = await outcome.innerText()
      for (const name of new Set(names)) assert.ok(listed.has(name) || text.includes(name), `${name} enrolled or reported`)
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('a township administrator names the county party school as host', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser)
      await signIn(page, base, passwords, 'shahu')
      const hosts = await api(page, '/classes/hosts')
      const school = hosts.find((h) => h.unit_type === 'party_school' && !h.in_scope && h.name.includes('县委党校'))
      assert.ok(school, `the county party school is offered: ${JSON.stringify(hosts)}`)
      await page.goto(`${base}/classes`)
      await byTest(page, 'class-create').click()
      await byTest(page, 'class-form').waitFor()
      await input(page, 'class-title').fill('沙湖镇村干部履职能力培训班')
      await choose(page, 'class-kind', '专题培训班')
      await page.locator('[data-test="class-host-unit"]').first().click()
      const popper = page.locator('.el-popper[aria-hidden="false"]').filter({ hasText: school.name }).last()
      await popper.waitFor()
      assert.match(await popper.innerText(), /上级单位所属/)
      await shot(page, shots, '95-host-choices')
      await popper.getByText(school.name, { exact: true }).first().click()
      await input(page, 'class-starts-on').fill('2026-11-16')
      await input(page, 'class-starts-on').press('Enter')
      await input(page, 'class-ends-on').fill('2026-11-17')
      await input(page, 'class-ends-on').press('Enter')
      await choose(page, 'class-funding', '财政预算安排')
      await byTest(page, 'class-save').click()
      await page.waitForURL(/\/classes\/\d+/)
      await page.getByText(school.name).first().waitFor({ state: 'attached' })
      await shot(page, shots, '96-host-saved')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })

    test('a township administrator nominates from the dialog on a phone', TIMEOUT, async () => {
      const { context, page, problems } = await newPage(run.browser, { viewport: { width: 390, height: 844 }, isMobile: true })
      await signIn(page, base, passwords, 'shahu')
      const [klass] = await openClasses(page)
      await openEnrolDialog(page, base, klass.id)
      await byTest(page, 'enrol-untrained').click()
      await byTest(page, 'enrol-search').click()
      await searched(page)
      const units = await page.locator('[data-test="enrol-people"] .el-table__body tr td:nth-child(5)').allInnerTexts()
      assert.ok(units.every((u) => u.includes('沙湖')), `only 沙湖's own people: ${units.join(' | ')}`)
      await shot(page, shots, '97-enrol-phone')
      assert.deepEqual(problems.errors, [], 'script errors')
      await context.close()
    })
  })
}
