//! A burst of sign-ins (issue 5): N trainees (default 5,000) sign in to one session within about
//! ten seconds over real HTTP against the real router, on SQLite (default, a temporary file) or
//! PostgreSQL. Reports p50/p99/max latency and throughput, then checks that every trainee has
//! exactly one mark and that retries were refused.
//!
//! ```text
//! cargo run --release -p ganxun --example bench_sign_in -- [TRAINEES] [CONCURRENCY] [DATABASE_URL]
//! ```
//!
//! Sign-ins are paced to spread over ten seconds (as people scan a code on a screen), with up to
//! CONCURRENCY requests in flight; every tenth trainee taps twice. The code rotates as in the
//! room: the "head teacher" fetches a fresh one every 5 s.

use chrono::{Duration, Timelike};
use ganxun::app::classes::{dossier, enrolment, teaching, workflow};
use ganxun::app::{App, Principal};
use ganxun::config::Settings;
use ganxun_domain::SystemClock;
use ganxun_domain::UnitId;
use ganxun_storage::accounts::sessions;
use ganxun_storage::accounts::{self, NewAccount};
use ganxun_storage::{AccessScope, Actor, DataKey, DatabaseUrl, Db, people};
use std::sync::Arc;
use std::time::Instant;

async fn principal(app: &App, username: &str) -> anyhow::Result<Principal> {
    Principal::of_username(app, username)
        .await
        .map_err(|e| anyhow::anyhow!("demo account {username}: {e:?}"))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or(0.0)
}

fn failed(what: &'static str) -> impl Fn(ganxun::app::AppError) -> anyhow::Error {
    move |e| anyhow::anyhow!("{what}: {e:?}")
}

/// A running class with one session that began five minutes ago and its roll call open.
async fn class_now(
    app: &App,
    people: &[ganxun_domain::PersonId],
) -> anyhow::Result<(ganxun_domain::ClassId, ganxun_domain::SessionId, Principal)> {
    let (zzb, jyj, teacher) = (
        principal(app, "zzb").await?,
        principal(app, "jyj").await?,
        principal(app, "banzhuren").await?,
    );
    let now_local = ganxun_domain::china_datetime(app.now());
    anyhow::ensure!(
        (1..21).contains(&now_local.hour()),
        "run between 01:00 and 21:00 China time: the session must fit in the day"
    );
    let start = (now_local - Duration::minutes(5)).time();
    let end = start + Duration::hours(2);
    let today = now_local.date();
    let input = dossier::ClassInput {
        title: "签到压力测试班".into(),
        kind: "themed_class".into(),
        organiser_unit_id: jyj.unit_id,
        host_unit_id: None,
        host_name: "县委党校".into(),
        target_trainees: String::new(),
        trainee_categories: vec![],
        starts_on: today,
        ends_on: today,
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
    let class = dossier::create(app, &jyj, &input)
        .await
        .map_err(failed("class"))?;
    let session = teaching::SessionInput {
        date: today,
        start_time: start.format("%H:%M").to_string(),
        end_time: end.format("%H:%M").to_string(),
        topic: "开班动员".into(),
        instructor_id: None,
        declared_hours: None,
    };
    let plan = teaching::TeachingPlanInput {
        version: class.version,
        sessions: vec![session],
    };
    let plan = teaching::set_plan(app, &jyj, class.id, &plan)
        .await
        .map_err(failed("plan"))?;
    let session_id = plan.sessions[0].id;
    for (who, action) in [(&jyj, "submit"), (&zzb, "file"), (&jyj, "open_enrolment")] {
        let input = workflow::ActionInput {
            action: action.into(),
            reason: String::new(),
        };
        workflow::act(app, who, class.id, &input)
            .await
            .map_err(failed("decision"))?;
    }
    for chunk in people.chunks(2000) {
        let input = enrolment::EnrolInput {
            person_ids: chunk.to_vec(),
            note: String::new(),
        };
        enrolment::enrol(app, &zzb, class.id, &input)
            .await
            .map_err(failed("enrol"))?;
    }
    let start_class = workflow::ActionInput {
        action: "start".into(),
        reason: String::new(),
    };
    workflow::act(app, &teacher, class.id, &start_class)
        .await
        .map_err(failed("start"))?;
    ganxun::app::attendance::open(app, &teacher, class.id, session_id)
        .await
        .map_err(failed("open"))?;
    Ok((class.id, session_id, teacher))
}

/// One trainee account and a signed-in session each. One password hash is shared: hashing
/// thousands of passwords would measure argon2, not sign-in.
async fn trainee_sessions(
    app: &App,
    unit_id: UnitId,
    people: &[ganxun_domain::PersonId],
) -> anyhow::Result<Vec<(String, String)>> {
    let hash = ganxun::app::accounts::auth::hash_password("Bench-Password-2026!")
        .map_err(failed("hash"))?;
    let actor = Actor::system("bench");
    let mut cookies = Vec::with_capacity(people.len());
    for (i, person) in people.iter().enumerate() {
        let grant = accounts::Grant {
            role: ganxun_domain::Role::Trainee,
            scope: ganxun_domain::Scope {
                kind: ganxun_domain::ScopeKind::SelfOnly,
                units: vec![],
            },
        };
        let new = NewAccount {
            username: format!("bench{i:05}"),
            display_name: format!("学员{i}"),
            password_hash: hash.clone(),
            unit_id,
            person_id: Some(*person),
            grants: vec![grant],
            must_change_password: false,
            roles_suspended: false,
        };
        let account = accounts::create(&app.db, &actor, app.now(), new).await?;
        let (token, csrf) = (
            ganxun::app::accounts::auth::random_token(),
            ganxun::app::accounts::auth::random_token(),
        );
        let now = app.now();
        let session = sessions::Session {
            id: ganxun::app::accounts::auth::session_id_of(&token),
            account_id: account.id,
            csrf_token: csrf.clone(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + Duration::hours(12),
            ended_at: None,
            ip: "bench".into(),
            user_agent: "bench".into(),
        };
        accounts::record_login(&app.db, &actor, now, account.id, session, None).await?;
        cookies.push((token, csrf));
    }
    Ok(cookies)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let trainees: usize = args.next().map_or(Ok(5000), |n| n.parse())?;
    let concurrency: usize = args.next().map_or(Ok(64), |n| n.parse())?;
    let dir = tempfile::tempdir()?;
    let url = args
        .next()
        .unwrap_or_else(|| dir.path().join("bench.db").to_string_lossy().into_owned());
    let db = Db::open(&DatabaseUrl::parse(&url)).await?;
    let key = DataKey::from_hex(&DataKey::generate_hex())?;
    let app = App::new(db, key, Arc::new(SystemClock), Settings::default());

    println!("seeding: the demo county with {trainees} cadres …");
    let started = Instant::now();
    ganxun::demo::generate(&app, trainees, |_| {}).await?;
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
    let (class_id, session_id, teacher) = class_now(&app, &people).await?;
    let cookies = trainee_sessions(&app, teacher.unit_id, &people).await?;
    println!(
        "seeded in {:.1?}: {} trainees enrolled, roll call open",
        started.elapsed(),
        cookies.len()
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let router = ganxun::http::router(app.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;

    let first = ganxun::app::attendance::code(&app, &teacher, class_id, session_id)
        .await
        .map_err(failed("code"))?;
    let code = Arc::new(tokio::sync::RwLock::new(first.code));
    let refresher = {
        let (app, teacher, code) = (app.clone(), teacher.clone(), code.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                if let Ok(fresh) =
                    ganxun::app::attendance::code(&app, &teacher, class_id, session_id).await
                {
                    *code.write().await = fresh.code;
                }
            }
        })
    };

    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let spread = 10.0 / cookies.len() as f64;
    let send = |i: usize, token: String, csrf: String| {
        let (client, code, gate) = (client.clone(), code.clone(), gate.clone());
        async move {
            let _permit = gate.acquire_owned().await.ok()?;
            let code = code.read().await.clone();
            let body = serde_json::json!({"session_id": session_id, "code": code, "device": format!("phone-{i}")});
            let sent = Instant::now();
            let response = client
                .post(format!("http://{address}/api/v1/attendance/sign-in"))
                .header("cookie", format!("ganxun_session={token}"))
                .header("x-csrf-token", csrf)
                .json(&body)
                .send()
                .await
                .ok()?;
            let status = response.status().as_u16();
            let text = response.text().await.unwrap_or_default();
            Some((sent.elapsed().as_secs_f64() * 1000.0, status, text))
        }
    };
    let burst = Instant::now();
    let mut tasks = Vec::with_capacity(cookies.len() * 11 / 10 + 1);
    for (i, (token, csrf)) in cookies.iter().enumerate() {
        let due = burst + std::time::Duration::from_secs_f64(spread * i as f64);
        tokio::time::sleep_until(due.into()).await;
        tasks.push(tokio::spawn(send(i, token.clone(), csrf.clone())));
        if i % 10 == 0 {
            tasks.push(tokio::spawn(send(i, token.clone(), csrf.clone())));
        }
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    let (mut ok, mut already, mut other) = (0usize, 0usize, Vec::new());
    for task in tasks {
        let Some((ms, status, text)) = task.await? else {
            other.push("transport error".to_owned());
            continue;
        };
        latencies.push(ms);
        match status {
            200 => ok += 1,
            409 if text.contains("ALREADY_SIGNED_IN") => already += 1,
            _ => other.push(format!("{status} {text}")),
        }
    }
    let elapsed = burst.elapsed().as_secs_f64();
    refresher.abort();
    latencies.sort_by(f64::total_cmp);
    let marks = ganxun_storage::attendance::marks_of_session(&app.db, session_id).await?;
    let mut marked: Vec<ganxun_domain::PersonId> = marks.iter().map(|m| m.person_id).collect();
    marked.sort_unstable();
    marked.dedup();
    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("database: {backend}");
    println!(
        "requests: {} ({} sign-ins, {} double taps), concurrency {concurrency}",
        latencies.len(),
        cookies.len(),
        latencies.len().saturating_sub(cookies.len())
    );
    println!(
        "accepted {ok}, refused as already signed in {already}, other {}",
        other.len()
    );
    for problem in other.iter().take(5) {
        println!("  {problem}");
    }
    println!(
        "latency ms: p50 {:.1}  p99 {:.1}  max {:.1}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(0.0)
    );
    println!(
        "throughput: {:.0} requests/s over {elapsed:.1} s",
        latencies.len() as f64 / elapsed
    );
    println!(
        "marks stored: {} rows for {} distinct trainees (expected {})",
        marks.len(),
        marked.len(),
        cookies.len()
    );
    anyhow::ensure!(
        marks.len() == cookies.len()
            && marked.len() == cookies.len()
            && ok == cookies.len()
            && other.is_empty(),
        "lost or doubled sign-ins"
    );
    Ok(())
}
