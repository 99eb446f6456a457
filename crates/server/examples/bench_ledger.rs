//! The credit ledger at province scale (issue 6): the demo province of PEOPLE cadres, each given
//! YEARS years of credits (a class-hour entry and another, e.g. online learning, per year) posted
//! through the ledger in transactions of a class's size; then every total recomputed from the
//! entries (`ganxun rebuild-totals`), the whole chain and every total checked (`ganxun
//! verify-audit`), and one person's totals and entries read as the statement page does.
//!
//! ```text
//! cargo run --release -p ganxun --example bench_ledger -- [PEOPLE] [YEARS] [DATABASE_URL]
//! ```
//! Defaults: 1,000,000 people, 5 years, a temporary SQLite file.

use chrono::NaiveDate;
use ganxun::app::App;
use ganxun::config::Settings;
use ganxun_domain::FixedClock;
use ganxun_domain::credits::CreditCategory;
use ganxun_storage::credits::ledger::{self, NewEntry};
use ganxun_storage::{Actor, DataKey, DatabaseUrl, Db};
use sea_orm::{ConnectionTrait, Statement};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// People per posting transaction: about a large class.
const PEOPLE_PER_POSTING: usize = 400;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let size: usize = args.next().map_or(Ok(1_000_000), |n| n.parse())?;
    let years: i32 = args.next().map_or(Ok(5), |n| n.parse())?;
    let dir = tempfile::tempdir()?;
    let url = args
        .next()
        .unwrap_or_else(|| dir.path().join("bench.db").to_string_lossy().into_owned());
    let db = Db::open(&DatabaseUrl::parse(&url)).await?;
    let key = DataKey::from_hex(&DataKey::generate_hex())?;
    let clock = FixedClock::at(
        NaiveDate::from_ymd_opt(2026, 11, 1)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
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

    let t0 = Instant::now();
    ganxun::demo::generate(&app, size, |_| {}).await?;
    println!("demo of {size} people generated in {:.1?}", t0.elapsed());

    let conn = app.db.connection();
    let ids: Vec<ganxun_domain::PersonId> = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT id FROM person ORDER BY id",
        ))
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<ganxun_domain::PersonId>(0))
        .collect::<Result<_, _>>()?;
    let first_year = 2026 - years + 1;
    let actor = Actor::system("bench");
    let t0 = Instant::now();
    let mut posted = 0usize;
    for chunk in ids.chunks(PEOPLE_PER_POSTING) {
        let mut entries = Vec::with_capacity(chunk.len() * 2 * years as usize);
        for &person_id in chunk {
            for year in first_year..=2026 {
                let date = NaiveDate::from_ymd_opt(year, 6, 30).unwrap_or_default();
                let hours = 6 + (person_id.0 + i64::from(year)) % 40;
                entries.push(NewEntry {
                    person_id,
                    date,
                    category: CreditCategory::ClassHours,
                    amount: hours * 100,
                    rule: None,
                    rule_id: "class_hours".into(),
                    source_kind: "bench".into(),
                    source_id: i64::from(year),
                    explanation: format!("集中培训 {hours} 学时"),
                });
                entries.push(NewEntry {
                    person_id,
                    date,
                    category: CreditCategory::Other,
                    amount: 5000 - (person_id.0 % 7) * 25,
                    rule: None,
                    rule_id: "manual".into(),
                    source_kind: "bench".into(),
                    source_id: i64::from(year),
                    explanation: "网络学习".into(),
                });
            }
        }
        posted += entries.len();
        ledger::post(&app.db, &actor, app.now(), entries, "基准测试").await?;
    }
    let load = t0.elapsed();
    println!(
        "posted {posted} entries for {} people in {load:.1?} ({:.0} entries/s, {} per transaction)",
        ids.len(),
        posted as f64 / load.as_secs_f64(),
        PEOPLE_PER_POSTING * 2 * years as usize
    );
    app.db.analyze().await?;

    let t0 = Instant::now();
    let rebuilt = ledger::rebuild_totals(
        &app.db,
        &actor,
        app.now(),
        ledger::REBUILD_PEOPLE_PER_TRANSACTION,
        |_, _| {},
    )
    .await?;
    println!(
        "rebuild totals: {:.1?} ({} totals, {} corrected)",
        t0.elapsed(),
        rebuilt.totals,
        rebuilt.corrected
    );

    let t0 = Instant::now();
    let report = ledger::verify(&app.db).await?;
    println!(
        "verify chain and totals: {:.1?} ({} entries, {} totals, {} problems)",
        t0.elapsed(),
        report.entries,
        report.totals,
        report.problems.len()
    );

    // One person's totals and entries, as the statement reads them, warm, for 2,000 people.
    let mut times = Vec::new();
    for i in 0..2_000usize {
        let person = ids[(i * 7919) % ids.len()];
        let t0 = Instant::now();
        let totals = ledger::totals_of(&app.db, person).await?;
        let entries = ledger::entries_of(&app.db, person, None).await?;
        times.push(t0.elapsed());
        // The demo county's own people also have the demo's credits.
        anyhow::ensure!(totals.len() >= 2 && entries.len() >= 2 * years as usize);
    }
    times.sort();
    println!(
        "one person's totals and entries: p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        percentile(&times, 1.0)
    );
    Ok(())
}
