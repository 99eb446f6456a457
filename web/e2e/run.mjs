// Browser tests of the ganxun web app in Debian's headless Chromium (playwright-core, no browser
// download). Run: `npm run e2e` with
//   GANXUN_BASE_URL   a running server, e.g. http://127.0.0.1:8091 (or the Vite preview/dev server)
//   GANXUN_ACCOUNTS   JSON {"zzb": "<first-login password>", "jyj": …} as `ganxun demo` prints them
//   GANXUN_SCREENSHOTS  directory for the PNGs (default web/e2e/out)
//   GANXUN_E2E_PART   1 to 4: only that part of the scenarios (default: all, one after another)
// The demo accounts must be fresh (first-login passwords); each is changed to Ui-Test-2026!.
// Without /usr/bin/chromium the run says so and exits 0.
//
// Every scenario also runs alone against a fresh demo, so the parts can run side by side,
// each against its own server and demo county (`crates/server/tests/api/browser.rs` does): the
// browser run is the longest step of the test suite and mostly waits on the browser and the
// clock. The parts are balanced by their running time (the seconds each took in one run on a
// 2-core machine, beside it); a new scenario goes into the shortest one. The cheating suite alone is a
// quarter: it waits on real heartbeats.
const PARTS = [
  [
    './learning_cheats.mjs', // 248
    './attendance/leave-office.mjs', // 8
    './follow_ups.mjs', // 7
    './roster-import.mjs', // 19
    './notices.mjs', // 19
  ],
  [
    './foundation.mjs', // 129
    './classes.mjs', // 95
    './credits.mjs', // 25
    './compliance/status.mjs', // 22
    './compliance/board.mjs', // 14
  ],
  [
    './attendance/roll-call.mjs', // 69
    './learning.mjs', // 67
    './year-walks.mjs', // 64
    './grades.mjs', // 53
    './archive.mjs', // 26
  ],
  [
    './second_factor.mjs', // 58
    './enrolment.mjs', // 47
    './trainee-accounts.mjs', // 45
    './workbench.mjs', // 25
    './pool.mjs', // 22
    './rules.mjs', // 21
    './trainee-phone.mjs', // 20
  ],
]

const part = process.env.GANXUN_E2E_PART
const names = PARTS.map((_, i) => String(i + 1))
if (part !== undefined && !names.includes(part)) {
  console.error(`GANXUN_E2E_PART must be one of ${names.join(', ')}, not ${part}`)
  process.exit(2)
}
const scenarios = part ? PARTS[Number(part) - 1] : PARTS.flat()
for (const scenario of scenarios) {
  await import(scenario)
}
