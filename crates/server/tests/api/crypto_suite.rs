//! The crypto suites and audit retention (issue 14 item 9, ADR 0014), on both databases: under
//! each suite people are sealed, revealed and found by ID number, passwords verify, the audit
//! and ledger chains verify and name a tampered entry; old audit entries move to a sealed file
//! that still verifies and links to the online chain, a tampered archive line is found, nothing
//! younger than the retention leaves; a server configured with the other suite refuses to start.

use crate::common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{TestApp, id_card};
use ganxun::app::audit::retention;
use ganxun::app::keys::load_key;
use ganxun::config::Settings;
use ganxun_domain::CreditEntryId;
use ganxun_storage::audit::archive::{self, ArchiveProblem};
use ganxun_storage::credits::ledger::{self, LedgerProblem};
use ganxun_storage::crypto::CryptoSuite;
use ganxun_storage::{DatabaseUrl, Db, audit};
use sea_orm::ConnectionTrait;
use serde_json::json;

fn settings(suite: CryptoSuite) -> Settings {
    let mut settings = Settings {
        crypto_suite: suite,
        ..crate::common::settings()
    };
    settings.audit.retention_months = 6;
    settings
}

async fn sql(t: &TestApp, statement: &str) {
    t.app
        .db
        .connection()
        .execute_unprepared(statement)
        .await
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

/// The sealed ID number as stored.
async fn stored_cipher(t: &TestApp, person: i64) -> Vec<u8> {
    t.stored(&format!(
        "SELECT id_card_cipher FROM person WHERE id = {person}"
    ))
    .await
    .expect("the person's row")
}

/// The whole story under one suite.
async fn story(t: TestApp, suite: CryptoSuite) {
    assert_eq!(t.app.key.suite(), suite);
    // Passwords: the account's hash verifies, a wrong password does not.
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    assert!(t.try_login("zzb", "Wrong-Passw0rd").await.is_err());
    let zzb = t.login("zzb").await;

    // Sealed with the suite's algorithm (its tag byte), revealed, found by exact ID number.
    let id = id_card("19800101", 11);
    let person = t.person(&zzb, "钟伟", &id, t.units.town_a).await;
    let tag = match suite {
        CryptoSuite::International => 0x01,
        CryptoSuite::National => 0x02,
    };
    assert_eq!(stored_cipher(&t, person).await[0], tag);
    let (status, body) = t
        .call(
            Some(&zzb),
            "POST",
            &format!("/people/{person}/reveal"),
            Some(json!({"fields": ["id_card", "phone"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id_card"], id.as_str(), "{body}");
    assert_eq!(body["phone"], "13912345678", "{body}");
    let (status, body) = t
        .call(Some(&zzb), "GET", &format!("/people?q={id}"), None)
        .await;
    assert_eq!(
        (status, &body["total"]),
        (StatusCode::OK, &json!(1)),
        "{body}"
    );
    let other = id_card("19800101", 12);
    let (_, body) = t
        .call(Some(&zzb), "GET", &format!("/people?q={other}"), None)
        .await;
    assert_eq!(body["total"], 0, "{body}");

    // The credit ledger's chain.
    let mut entries = Vec::new();
    for amount in ["1", "2"] {
        let (status, entry) = t
            .call(
                Some(&zzb),
                "POST",
                "/credits/awards",
                Some(
                    json!({"person_id": person, "date": "2026-03-01", "category": "other",
                            "amount": amount, "reason": "集中学习"}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{entry}");
        entries.push(CreditEntryId(entry["id"].as_i64().unwrap()));
    }
    assert!(ledger::verify(&t.app.db).await.unwrap().problems.is_empty());
    assert!(audit::verify(&t.app.db).await.unwrap().is_intact());
    let old_head = audit::verify(&t.app.db).await.unwrap().head_id;

    // Eight months on, one more change: young. Everything before it may be archived.
    t.clock.advance(Duration::days(240));
    let zzb = t.login("zzb").await;
    t.person(&zzb, "李明", &id_card("19810202", 22), t.units.town_b)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let inside = Some(ganxun_domain::china_date(t.app.now() - Duration::days(30)));
    let path = dir.path().join("too-young.jsonl");
    let refused = retention::archive(&t.app, inside, &path).await;
    assert!(refused.is_err(), "a date inside the retention is refused");
    assert!(!path.exists());

    let first = dir.path().join("first.jsonl");
    let done = retention::archive(&t.app, None, &first)
        .await
        .unwrap()
        .expect("the old entries are archived");
    assert_eq!((done.first_id, done.last_id), (1, old_head));
    assert_eq!(done.entries, old_head as u64);
    // Only the young entries and the archive's own entry stay online, and they verify.
    let online = audit::verify(&t.app.db).await.unwrap();
    assert!(online.is_intact(), "{:?}", online.problems);
    assert!(
        (2..=3).contains(&online.entries),
        "the young sign-in and change, audit.archive: {online:?}"
    );
    let checked = archive::verify_files(&t.app.db, std::slice::from_ref(&first))
        .await
        .unwrap();
    assert_eq!(checked.problem_count(), 0, "{checked:?}");
    assert_eq!(checked.files[0].entries, old_head as u64);
    // Nothing left that is older than six months: a second run archives nothing.
    let again = retention::archive(&t.app, None, &dir.path().join("again.jsonl"))
        .await
        .unwrap();
    assert_eq!(again, None);

    // Without the file, the archives do not reach the online chain.
    let none = archive::verify_files(&t.app.db, &[]).await.unwrap();
    assert!(matches!(
        none.problems[..],
        [ArchiveProblem::NotLinked { .. }]
    ));
    // An edited line: its entry and the file's MAC no longer verify.
    let text = std::fs::read_to_string(&first).unwrap();
    let edited = dir.path().join("edited.jsonl");
    std::fs::write(
        &edited,
        text.replacen("\"system:test\"", "\"system:tset\"", 1),
    )
    .unwrap();
    let checked = archive::verify_files(&t.app.db, std::slice::from_ref(&edited))
        .await
        .unwrap();
    let problems = &checked.files[0].problems;
    assert!(
        problems.contains(&ArchiveProblem::MacMismatch),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, ArchiveProblem::Edited { .. })),
        "{problems:?}"
    );
    // A line removed: the gap is named.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(1);
    let cut = dir.path().join("cut.jsonl");
    std::fs::write(&cut, lines.join("\n") + "\n").unwrap();
    let checked = archive::verify_files(&t.app.db, &[cut]).await.unwrap();
    assert!(
        checked.files[0]
            .problems
            .contains(&ArchiveProblem::Gap { after: 1, next: 3 }),
        "{checked:?}"
    );

    // Tampering online is still found, in both chains.
    let head = online.head_id;
    sql(
        &t,
        &format!("UPDATE audit_log SET actor_name = 'x' WHERE id = {head}"),
    )
    .await;
    let report = audit::verify(&t.app.db).await.unwrap();
    assert_eq!(
        report.problems,
        vec![audit::ChainProblem::Edited { id: head }]
    );
    sql(
        &t,
        &format!(
            "UPDATE credit_entry SET amount = 900 WHERE id = {}",
            entries[0]
        ),
    )
    .await;
    let report = ledger::verify(&t.app.db).await.unwrap();
    assert!(
        report
            .problems
            .contains(&LedgerProblem::Tampered { id: entries[0] }),
        "{:?}",
        report.problems
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn international_suite_on_sqlite() {
    let suite = CryptoSuite::International;
    story(TestApp::sqlite_with(settings(suite)).await, suite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn national_suite_on_sqlite() {
    let suite = CryptoSuite::National;
    story(TestApp::sqlite_with(settings(suite)).await, suite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn international_suite_on_postgres() {
    let suite = CryptoSuite::International;
    if let Some(t) = TestApp::postgres_with(settings(suite)).await {
        story(t, suite).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn national_suite_on_postgres() {
    let suite = CryptoSuite::National;
    if let Some(t) = TestApp::postgres_with(settings(suite)).await {
        story(t, suite).await;
    }
}

/// Set-up with one suite, then a start with the other: refused with a message naming both,
/// never a silent switch. A database from before suites existed counts as international.
async fn the_other_suite_is_refused(url: DatabaseUrl) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&url).await.unwrap();
    let with = |suite| Settings {
        key_file: Some(dir.path().join("ganxun.key")),
        ..settings(suite)
    };
    let (key, _) = load_key(&db, &with(CryptoSuite::National)).await.unwrap();
    assert_eq!(key.suite(), CryptoSuite::National);
    let refused = load_key(&db, &with(CryptoSuite::International))
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("密码算法套件与数据库不符"), "{refused}");
    assert!(refused.contains("national"), "{refused}");
    assert!(load_key(&db, &with(CryptoSuite::National)).await.is_ok());

    // A database set up before suites were recorded holds a key fingerprint and no suite.
    db.connection()
        .execute_unprepared("DELETE FROM meta")
        .await
        .unwrap();
    let (key, _) = load_key(&db, &with(CryptoSuite::International))
        .await
        .unwrap();
    assert_eq!(key.suite(), CryptoSuite::International);
    db.connection()
        .execute_unprepared("DELETE FROM meta WHERE key = 'crypto_suite'")
        .await
        .unwrap();
    let refused = load_key(&db, &with(CryptoSuite::National))
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("international"), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_other_suite_is_refused_at_start_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("suite.db").to_string_lossy().into_owned();
    the_other_suite_is_refused(DatabaseUrl::Sqlite(path)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_other_suite_is_refused_at_start_on_postgres() {
    if let Some(url) = common::fresh_postgres_database().await {
        the_other_suite_is_refused(DatabaseUrl::Postgres(url)).await;
    }
}
