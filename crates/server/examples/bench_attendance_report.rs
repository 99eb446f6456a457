//! The attendance report of a large class (issue 5; ILIAS took ten minutes at this size): 400
//! trainees × 700 sessions (280,000 marks), built in-process and as JSON over the same code the
//! API uses, on SQLite (default) or PostgreSQL. Then the class ends and its credits are posted to
//! the ledger (issue 6): the end (notices and the first posting), a second posting that finds
//! nothing changed, and a check of the whole ledger chain and its totals.
//!
//! ```text
//! cargo run --release -p ganxun --example bench_attendance_report -- [TRAINEES] [SESSIONS] [DATABASE_URL]
//! ```

use chrono::{Duration, NaiveDate};
use ganxun::app::classes::{dossier, enrolment, teaching, workflow};
use ganxun::app::{App, Principal};
use ganxun::config::Settings;
use ganxun_domain::FixedClock;
use ganxun_domain::attendance::{AttendanceStatus, MarkSource};
use ganxun_storage::attendance::MarkChange;
use ganxun_storage::{AccessScope, Actor, DataKey, DatabaseUrl, Db, people};
use std::sync::Arc;
use std::time::Instant;

async fn principal(app: &App, username: &str) -> anyhow::Result<Principal> {
    Principal::of_username(app, username)
        .await
        .map_err(|e| anyhow::anyhow!("demo account {username}: {e:?}"))
}

fn failed(what: &'static str) -> impl Fn(ganxun::app::AppError) -> anyhow::Error {
    move |e| anyhow::anyhow!("{what}: {e:?}")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let trainees: usize = args.next().map_or(Ok(400), |n| n.parse())?;
    let sessions: usize = args.next().map_or(Ok(700), |n| n.parse())?;
    let dir = tempfile::tempdir()?;
    let url = args
        .next()
        .unwrap_or_else(|| dir.path().join("bench.db").to_string_lossy().into_owned());
    let db = Db::open(&DatabaseUrl::parse(&url)).await?;
    let key = DataKey::from_hex(&DataKey::generate_hex())?;
    // A class of a year: it starts on 5 January 2026; the report is read at the end.
    let first_day = NaiveDate::from_ymd_opt(2026, 1, 5).ok_or_else(|| anyhow::anyhow!("date"))?;
    let days = sessions.div_ceil(2);
    let last_day = first_day + Duration::days(i64::try_from(days).unwrap_or(0) - 1);
    let clock = FixedClock::at(
        first_day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - Duration::days(60),
    );
    let app = App::new(db, key, Arc::new(clock.clone()), Settings::default());

    let started = Instant::now();
    ganxun::demo::generate(&app, trainees.max(300), |_| {}).await?;
    let (zzb, jyj, teacher) = (
        principal(&app, "zzb").await?,
        principal(&app, "jyj").await?,
        principal(&app, "banzhuren").await?,
    );
    let people: Vec<ganxun_domain::PersonId> = people::search(
        &app.db,
        &app.key,
        &AccessScope::everything(),
        &Default::default(),
        1,
        trainees as u64,
    )
    .await?
    .items
    .into_iter()
    .map(|p| p.id)
    .collect();
    let input = dossier::ClassInput {
        title: "年度长班".into(),
        kind: "themed_class".into(),
        organiser_unit_id: jyj.unit_id,
        host_unit_id: None,
        host_name: "县委党校".into(),
        target_trainees: String::new(),
        trainee_categories: vec![],
        starts_on: first_day,
        ends_on: last_day,
        venue: String::new(),
        funding_source: "budget".into(),
        fee_fen: 0,
        capacity: None,
        head_teacher_account_id: Some(teacher.account_id),
        monitor_person_id: None,
        liaison_name: String::new(),
        liaison_phone: None,
        eligibility: Default::default(),
        plan_item_id: None,
        leave_office_unit_id: None,
        version: None,
    };
    let class = dossier::create(&app, &jyj, &input)
        .await
        .map_err(failed("class"))?;
    let plan_sessions = (0..sessions)
        .map(|i| teaching::SessionInput {
            date: first_day + Duration::days(i64::try_from(i / 2).unwrap_or(0)),
            start_time: if i % 2 == 0 { "09:00" } else { "14:30" }.into(),
            end_time: if i % 2 == 0 { "12:00" } else { "17:30" }.into(),
            topic: format!("第{}讲", i + 1),
            instructor_id: None,
            declared_hours: None,
        })
        .collect();
    let plan = teaching::TeachingPlanInput {
        version: class.version,
        sessions: plan_sessions,
    };
    let plan = teaching::set_plan(&app, &jyj, class.id, &plan)
        .await
        .map_err(failed("plan"))?;
    for (who, action) in [(&jyj, "submit"), (&zzb, "file"), (&jyj, "open_enrolment")] {
        let input = workflow::ActionInput {
            action: action.into(),
            reason: String::new(),
        };
        workflow::act(&app, who, class.id, &input)
            .await
            .map_err(failed("decision"))?;
    }
    let enrol = enrolment::EnrolInput {
        person_ids: people.clone(),
        note: String::new(),
    };
    enrolment::enrol(&app, &zzb, class.id, &enrol)
        .await
        .map_err(failed("enrol"))?;
    let mut marks = Vec::with_capacity(people.len() * plan.sessions.len());
    for (s, session) in plan.sessions.iter().enumerate() {
        for (p, person) in people.iter().enumerate() {
            let (status, late) = match (s * 31 + p * 17) % 50 {
                0 => (AttendanceStatus::Absent, 0),
                1 | 2 => (AttendanceStatus::Late, 7),
                3 => (AttendanceStatus::OnLeave, 0),
                _ => (AttendanceStatus::Present, 0),
            };
            let change = MarkChange {
                status,
                minutes_late: late,
                minutes_early: 0,
                source: MarkSource::SignIn,
                reason: String::new(),
                follow_up: None,
            };
            marks.push((session.id, *person, change));
        }
    }
    let count = marks.len();
    ganxun_storage::attendance::insert_marks(
        &app.db,
        &Actor::system("bench"),
        app.now(),
        class.id,
        marks,
    )
    .await?;
    clock.set(last_day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc());
    println!(
        "seeded in {:.1?}: {} trainees × {} sessions = {count} marks",
        started.elapsed(),
        people.len(),
        plan.sessions.len()
    );

    let mut runs = Vec::new();
    for _ in 0..5 {
        let t0 = Instant::now();
        let report = ganxun::app::attendance::report::report(&app, &teacher, class.id)
            .await
            .map_err(failed("report"))?;
        let json = serde_json::to_vec(&report)?;
        runs.push((t0.elapsed(), json.len(), report.rate));
    }
    let t0 = Instant::now();
    let (_, xlsx) = ganxun::app::attendance::report::report_xlsx(&app, &teacher, class.id)
        .await
        .map_err(failed("xlsx"))?;
    let excel = t0.elapsed();
    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("database: {backend}");
    for (i, (elapsed, bytes, rate)) in runs.iter().enumerate() {
        println!(
            "report run {}: {elapsed:.1?} ({} KB JSON, class rate {rate:?}%)",
            i + 1,
            bytes / 1024
        );
    }
    println!("Excel workbook: {excel:.1?} ({} KB)", xlsx.len() / 1024);

    for action in ["start", "end"] {
        let input = workflow::ActionInput {
            action: action.into(),
            reason: String::new(),
        };
        let t0 = Instant::now();
        workflow::act(&app, &teacher, class.id, &input)
            .await
            .map_err(failed("class action"))?;
        if action == "end" {
            println!("end of class with credits posted: {:.1?}", t0.elapsed());
        }
    }
    let t0 = Instant::now();
    let again = ganxun::app::credits::follow_class(
        &app,
        &teacher.actor(),
        &ganxun_storage::classes::get(
            &app.db,
            &ganxun_storage::classes::ClassVisibility::everything(),
            class.id,
        )
        .await?,
    )
    .await
    .map_err(failed("repost"))?;
    println!(
        "second posting: {:.1?} ({} unchanged, {} posted, {} reversed)",
        t0.elapsed(),
        again.unchanged,
        again.posted,
        again.reversed
    );
    let t0 = Instant::now();
    let ledger = ganxun_storage::credits::ledger::verify(&app.db).await?;
    println!(
        "ledger check: {:.1?} ({} entries, {} totals, {} problems)",
        t0.elapsed(),
        ledger.entries,
        ledger.totals,
        ledger.problems.len()
    );
    Ok(())
}
