//! The web application in a real browser: Debian Chromium driven by `web/e2e/run.mjs`
//! (playwright-core), against the real binary with a small demo county. The scenarios run in four
//! parts side by side, each against its own server and demo county: the browser run is the
//! longest part of the suite and mostly waits, so the test harness runs these four tests beside
//! the API stories (six test threads, `.cargo/config.toml`).
//! Skipped, with a clear message, on a machine without Chromium or without the web's node
//! modules; with `GANXUN_REQUIRE_BROWSER=1` (CI) a missing piece fails instead.

#![allow(
    clippy::unwrap_used,
    reason = "test set-up: a failure should stop the test"
)]

use crate::common;

use common::server::{Server, ganxun};
use std::path::{Path, PathBuf};
use std::process::Command;

fn skip_or_fail(reason: &str) {
    assert!(
        std::env::var("GANXUN_REQUIRE_BROWSER").is_err(),
        "browser tests required but {reason}"
    );
    eprintln!("SKIPPED: browser tests not run: {reason}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_part_of_the_scenarios_passes_in_headless_chromium() -> Result<(), Failed> {
    scenarios_pass("1").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_second_part_of_the_scenarios_passes_in_headless_chromium() -> Result<(), Failed> {
    scenarios_pass("2").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_third_part_of_the_scenarios_passes_in_headless_chromium() -> Result<(), Failed> {
    scenarios_pass("3").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fourth_part_of_the_scenarios_passes_in_headless_chromium() -> Result<(), Failed> {
    scenarios_pass("4").await
}

/// A failed part: its failing scenarios with their errors, printed as they are (a test that
/// returns an error prints it after the captured output and without a backtrace, so the
/// reason is the last thing a truncated CI log shows).
pub struct Failed(String);

impl std::fmt::Debug for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The failing scenarios of a TAP report, each with its error and where it stopped; a suite
/// that failed only because a scenario in it did is left out.
fn failures_of(report: &str) -> String {
    let mut out = String::new();
    let mut lines = report.lines();
    while let Some(line) = lines.next() {
        if !line.trim_start().starts_with("not ok ") {
            continue;
        }
        let block: Vec<&str> = lines
            .by_ref()
            .take_while(|l| l.trim() != "...")
            .filter(|l| !l.trim_start().starts_with("duration_ms:") && l.trim() != "---")
            .collect();
        if block.iter().any(|l| l.contains("subtestsFailed")) {
            continue;
        }
        out.push_str(line.trim());
        out.push('\n');
        // Long call logs are cut: the first lines of each say what failed.
        for l in block.iter().take(24) {
            out.extend(l.chars().take(240));
            out.push('\n');
        }
    }
    out
}

/// Runs one part of `web/e2e/run.mjs` against a fresh demo county on a server of its own.
async fn scenarios_pass(part: &str) -> Result<(), Failed> {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web");
    if !Path::new("/usr/bin/chromium").exists() {
        skip_or_fail(
            "/usr/bin/chromium is not installed (apt-get install -y chromium fonts-noto-cjk)",
        );
        return Ok(());
    }
    if !web.join("node_modules/playwright-core").exists() || !web.join("e2e/run.mjs").exists() {
        skip_or_fail("web/node_modules is missing (cd web && npm ci)");
        return Ok(());
    }
    if !web.join("dist/index.html").exists() {
        skip_or_fail("web/dist is missing (cd web && npm run build)");
        return Ok(());
    }
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("browser.db").to_string_lossy().into_owned();
    let demo = ganxun(&database, &["demo", "--size", "300"]);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    // The demo prints "  username  role  password" for each account.
    let accounts: serde_json::Map<String, serde_json::Value> =
        String::from_utf8_lossy(&demo.stdout)
            .lines()
            .filter(|line| line.starts_with("  "))
            .filter_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                (fields.len() == 3).then(|| {
                    (
                        fields[0].to_owned(),
                        serde_json::Value::String(fields[2].to_owned()),
                    )
                })
            })
            .collect();
    assert!(accounts.contains_key("zzb"), "demo accounts: {accounts:?}");
    let server = Server::start(&database).await;
    let screenshots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("screenshots")
        .join(format!("part-{part}"));
    std::fs::create_dir_all(&screenshots).unwrap();
    let output = Command::new("node")
        .arg("e2e/run.mjs")
        .current_dir(&web)
        .env("GANXUN_BASE_URL", &server.origin)
        .env(
            "GANXUN_ACCOUNTS",
            serde_json::Value::Object(accounts).to_string(),
        )
        .env("GANXUN_SCREENSHOTS", &screenshots)
        .env("GANXUN_E2E_PART", part)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "part {part} of the browser scenarios:\n{report}\nscreenshots: {}",
        screenshots.display()
    );
    if output.status.success() {
        return Ok(());
    }
    Err(Failed(format!(
        "browser tests failed (part {part}); the failing scenarios:\n{}",
        failures_of(&report)
    )))
}

#[test]
fn a_failed_part_names_each_failing_scenario_with_its_error() {
    let report = "\
# Subtest: rule settings
    # Subtest: the authority saves
    not ok 1 - the authority saves
      ---
      duration_ms: 22598.1
      location: '/web/e2e/rules.mjs:41:5'
      error: |-
        locator.waitFor: Timeout 15000ms exceeded.
      ...
    # Subtest: the phone
    ok 2 - the phone
      ---
      duration_ms: 100.0
      ...
not ok 1 - rule settings
  ---
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  ...
";
    let failures = failures_of(report);
    assert!(
        failures.starts_with("not ok 1 - the authority saves\n"),
        "{failures}"
    );
    assert!(failures.contains("Timeout 15000ms exceeded"), "{failures}");
    assert!(failures.contains("rules.mjs:41:5"), "{failures}");
    assert!(!failures.contains("duration_ms"), "{failures}");
    assert!(!failures.contains("the phone"), "{failures}");
    assert!(!failures.contains("subtest failed"), "{failures}");
}
