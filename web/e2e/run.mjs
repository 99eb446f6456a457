// Browser tests of the ganxun web app in Debian's headless Chromium (playwright-core, no browser
// download). Run: `npm run e2e` with
//   GANXUN_BASE_URL   a running server, e.g. http://127.0.0.1:8091 (or the Vite preview/dev server)
//   GANXUN_ACCOUNTS   JSON {"zzb": "<first-login password>", "jyj": …} as `ganxun demo` prints them
//   GANXUN_SCREENSHOTS  directory for the PNGs (default web/e2e/out)
//   GANXUN_E2E_HALF   1 or 2: only that half of the scenarios (default: all, one after another)
// The demo accounts must be fresh (first-login passwords); each is changed to Ui-Test-2026!.
// Without /usr/bin/chromium the run says so and exits 0.
//
// Every scenario also runs alone against a fresh demo, so the two halves can run side by side,
// each against its own server and demo county (`crates/server/tests/api/browser.rs` does): the
// browser run is the longest step of the test suite. The halves are balanced by their running
// time; a new scenario goes into the shorter one.
const HALVES = [
  [
    './foundation.mjs',
    './classes.mjs',
    './attendance/roll-call.mjs',
    './attendance/leave-office.mjs',
    './credits.mjs',
    './grades.mjs',
    './second_factor.mjs',
    './enrolment.mjs',
  ],
  [
    './compliance/status.mjs',
    './archive.mjs',
    './compliance/board.mjs',
    './pool.mjs',
    './follow_ups.mjs',
    './notices.mjs',
    './learning.mjs',
    './learning_cheats.mjs',
    './workbench.mjs',
    './rules.mjs',
    './trainee-accounts.mjs',
    './trainee-phone.mjs',
    './roster-import.mjs',
    './year-walks.mjs',
  ],
]

const half = process.env.GANXUN_E2E_HALF
if (half !== undefined && !['1', '2'].includes(half)) {
  console.error(`GANXUN_E2E_HALF must be 1 or 2, not ${half}`)
  process.exit(2)
}
const scenarios = half ? HALVES[Number(half) - 1] : HALVES.flat()
for (const scenario of scenarios) {
  await import(scenario)
}
