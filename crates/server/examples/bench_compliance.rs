//! Compliance at province scale (issue 7): the demo province of PEOPLE cadres, each enrolled in
//! one of the demo's finished classes and given five years of approved external training
//! (online study every year, concentrated training every other year for half of them); then
//!
//! 1. every status recomputed (the background job's work, here in the foreground), with its
//!    time and peak memory;
//! 2. the dashboard summary of the province and of one county, read from the maintained
//!    counts (p50 / p99 of 30 reads each);
//! 3. one person's status with its evidence, judged live as the person page does (p50 / p99 of
//!    1,000 people, warm);
//! 4. the first page of the province's at-risk list;
//! 5. a refresh of 2,000 people marked as changed (what the worker does after a big class ends).
//!
//! ```text
//! cargo run --release -p ganxun --example bench_compliance -- [PEOPLE] [DATABASE_URL]
//! ```
//! Defaults: 1,000,000 people, a temporary SQLite file. The clock is fixed at 2026-11-01. Given a
//! database that already holds people (a file kept from an earlier run), it skips the generation.

use chrono::NaiveDate;
use ganxun::app::compliance::board;
use ganxun::app::compliance::dashboard::{self, ComplianceDashboardQuery, CompliancePeopleQuery};
use ganxun::app::{App, Principal, compliance};
use ganxun::config::Settings;
use ganxun_domain::{FixedClock, Role, Scope, ScopeKind};
use ganxun_storage::accounts::Grant;
use ganxun_storage::{Actor, DataKey, DatabaseUrl, Db};
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, Statement};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// The process's peak resident memory so far (Linux), in MB.
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn authority() -> Principal {
    Principal {
        account_id: ganxun_domain::AccountId(0),
        username: "bench".to_owned(),
        display_name: "bench".to_owned(),
        unit_id: ganxun_domain::UnitId(0),
        person_id: None,
        grants: vec![Grant {
            role: Role::TrainingAuthority,
            scope: Scope::of(ScopeKind::All),
        }],
        must_change_password: false,
        password_expired: false,
        second_factor_pending: false,
        roles_suspended: false,
        session_id: String::new(),
        csrf_token: String::new(),
        ip: "local".to_owned(),
    }
}

async fn sql(app: &App, text: String) -> anyhow::Result<()> {
    let conn = app.db.connection();
    conn.execute_raw(Statement::from_string(conn.get_database_backend(), text))
        .await?;
    Ok(())
}

/// Five years of training for everyone, written with INSERT … SELECT (numbers and dates only).
async fn give_training(app: &App) -> anyhow::Result<()> {
    let at = "'2026-02-16T01:00:00+00:00'";
    let finished: Vec<i64> = app
        .db
        .connection()
        .query_all_raw(Statement::from_string(
            app.db.backend(),
            "SELECT id FROM training_class WHERE state IN ('ended','reported','archived') ORDER BY id",
        ))
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<i64>(0))
        .collect::<Result<_, _>>()?;
    let classes = finished.len().max(1);
    for (k, class) in finished.iter().enumerate() {
        sql(app, format!(
            "INSERT INTO class_enrolment (class_id, person_id, unit_id, unit_path, status, source, note, created_by, created_at, updated_at) \
             SELECT {class}, id, unit_id, unit_path, 'enrolled', 'bench', '', 'bench', {at}, {at} FROM person \
             WHERE id % {classes} = {k} AND id NOT IN (SELECT person_id FROM class_enrolment WHERE class_id = {class})"
        ))
        .await?;
    }
    for year in 2022..=2026 {
        // Online study: 15 to 54 hours a year, so some meet R-REG-4's 50 and most do not.
        sql(app, format!(
            "INSERT INTO training_record (person_id, kind, title, institution_name, institution_type, starts_on, ends_on, days, hours, privately_arranged, evidence, state, entered_by, entered_at) \
             SELECT id, 'online', '网络学院学习 {year}', '干部网络学院', NULL, '{year}-03-01', '{year}-06-30', 0, 1500 + (id % 40) * 100, FALSE, '学习记录', 'approved', 'bench', {at} FROM person"
        ))
        .await?;
        if year % 2 == 0 {
            // Half of them, every other year: 3 to 17 days at a party school elsewhere.
            sql(app, format!(
                "INSERT INTO training_record (person_id, kind, title, institution_name, institution_type, starts_on, ends_on, days, hours, privately_arranged, evidence, state, entered_by, entered_at) \
                 SELECT id, 'party_school_elsewhere', '外地党校学习 {year}', '某市委党校', 'party_school', '{year}-09-01', '{year}-09-20', 300 + (id % 15) * 100, 0, FALSE, '结业证书', 'approved', 'bench', {at} FROM person WHERE id % 2 = 0"
            ))
            .await?;
        }
    }
    app.db.analyze().await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let size: usize = args.next().map_or(Ok(1_000_000), |n| n.parse())?;
    let dir = tempfile::tempdir()?;
    let url = args
        .next()
        .unwrap_or_else(|| dir.path().join("bench.db").to_string_lossy().into_owned());
    let db = Db::open(&DatabaseUrl::parse(&url)).await?;
    let key = DataKey::from_hex(&DataKey::generate_hex())?;
    let clock = FixedClock::at(
        NaiveDate::from_ymd_opt(2026, 11, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default()
            .and_utc(),
    );
    let app = App::new(db, key, Arc::new(clock), Settings::default());
    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("database: {backend}");

    // A database left by an earlier run (same file given again) is measured as it is.
    let existing = ganxun_storage::compliance::board::people_count(&app.db).await?;
    if existing > 0 {
        println!("measuring the existing database of {existing} people");
    } else {
        let t0 = Instant::now();
        ganxun::demo::generate(&app, size, |_| {}).await?;
        println!("demo of {size} people generated in {:.1?}", t0.elapsed());
        let t0 = Instant::now();
        give_training(&app).await?;
        println!("five years of training written in {:.1?}", t0.elapsed());
    }
    let rss_before = peak_rss_mb();

    // 1. Everything judged again.
    let t0 = Instant::now();
    let job = board::recompute_now(&app, &Actor::system("bench"), |_, _| {})
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let took = t0.elapsed();
    println!(
        "recomputation: {} people, {} status rows in {took:.1?} ({:.0} people/s); peak memory {} MB (before: {rss_before} MB)",
        job.done,
        job.result.unwrap_or(0),
        job.done as f64 / took.as_secs_f64(),
        peak_rss_mb()
    );

    let principal = authority();
    // 2. The dashboard: the province, then its first county.
    let mut times = Vec::new();
    let mut county = None;
    for _ in 0..30 {
        let t0 = Instant::now();
        let board = dashboard::dashboard(
            &app,
            &principal,
            &ComplianceDashboardQuery { unit_id: None },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        times.push(t0.elapsed());
        county = board.units.iter().find(|u| !u.own).map(|u| u.unit_id);
    }
    times.sort();
    println!(
        "dashboard (province): p50 {:.1?}, p99 {:.1?}",
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );
    let mut times = Vec::new();
    for _ in 0..30 {
        let t0 = Instant::now();
        dashboard::dashboard(
            &app,
            &principal,
            &ComplianceDashboardQuery { unit_id: county },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        times.push(t0.elapsed());
    }
    times.sort();
    println!(
        "dashboard (one county): p50 {:.1?}, p99 {:.1?}",
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );

    // 3. One person's status with its evidence, judged live.
    let today = app.today();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let people = ganxun_storage::compliance::board::people_after(
        &app.db,
        ganxun_domain::PersonId(0),
        size as u64,
    )
    .await?;
    for _ in 0..50 {
        let id = people[rng.gen_range(0..people.len())];
        compliance::status(&app, &principal, id, today)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    let mut times = Vec::new();
    for _ in 0..1000 {
        let id = people[rng.gen_range(0..people.len())];
        let t0 = Instant::now();
        compliance::status(&app, &principal, id, today)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        times.push(t0.elapsed());
    }
    times.sort();
    println!(
        "one person's status with evidence: p50 {:.2?}, p99 {:.2?}",
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );

    // 4. The province's at-risk list, first page.
    let query = CompliancePeopleQuery {
        unit_id: None,
        kind: Some("compliance_national".to_owned()),
        rule_id: Some("reg_4".to_owned()),
        status: Some("at_risk,not_met".to_owned()),
        order: None,
        page: Some(1),
        per_page: Some(20),
    };
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..10 {
        let t0 = Instant::now();
        total = dashboard::people(&app, &principal, &query)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
            .total;
        times.push(t0.elapsed());
    }
    times.sort();
    println!(
        "at-risk list (R-REG-4, province, page 1 of {total}): p50 {:.1?}, max {:.1?}",
        percentile(&times, 0.5),
        times[times.len() - 1]
    );

    // 5. 2,000 people marked, refreshed as the worker does.
    let marked: Vec<ganxun_domain::PersonId> = (0..2000)
        .map(|_| people[rng.gen_range(0..people.len())])
        .collect();
    ganxun_storage::compliance::board::mark(&app.db, app.now(), &marked).await?;
    let t0 = Instant::now();
    let refreshed = board::refresh_all_marked(&app)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    println!("refresh of {refreshed} marked people: {:.1?}", t0.elapsed());
    println!("peak memory: {} MB", peak_rss_mb());
    Ok(())
}
