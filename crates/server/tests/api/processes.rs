//! Tests that run the real `ganxun` binary: a crash (kill -9) while writes are acknowledged,
//! and two server processes sharing one PostgreSQL database and its sessions.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failed set-up should stop the test"
)]

use crate::common;

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::Command;
use std::time::Duration;

use common::server::{BIN, KEY, Server, ganxun};

const ADMIN_PASSWORD: &str = "Crash-Test-2026";

struct Client {
    http: reqwest::Client,
    csrf: String,
    base: String,
}

impl Client {
    async fn login(base: &str) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let response = http
            .post(format!("{base}/auth/login"))
            .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let me: Value = response.json().await.unwrap();
        Client {
            http,
            csrf: me["csrf_token"].as_str().unwrap().to_owned(),
            base: base.to_owned(),
        }
    }

    /// Uses this client's cookies against another server.
    fn against(&self, base: &str) -> Client {
        Client {
            http: self.http.clone(),
            csrf: self.csrf.clone(),
            base: base.to_owned(),
        }
    }

    async fn post(&self, path: &str, body: Value) -> Result<(StatusCode, Value), reqwest::Error> {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await?;
        let status = response.status();
        Ok((status, response.json().await.unwrap_or(Value::Null)))
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

fn prepare(database: &str) {
    let out = ganxun(
        database,
        &[
            "user",
            "create",
            "--username",
            "admin",
            "--password",
            ADMIN_PASSWORD,
            "--role",
            "training_authority",
            "--no-change-required",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_write_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("crash.db").to_string_lossy().into_owned();
    prepare(&database);
    let mut server = Server::start(&database).await;
    let client = Client::login(&server.base).await;
    let (_, units) = client.get("/org/units").await;
    let root = units[0]["id"].as_i64().unwrap();

    // Four writers add people as fast as they can; each remembers what was acknowledged.
    let mut writers = Vec::new();
    for writer in 0..4u32 {
        let client = client.against(&server.base);
        writers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for serial in 0..250u32 {
                let id_card = common::id_card("19800101", writer * 250 + serial);
                let body =
                    json!({"name": "测试", "id_card": id_card, "unit_id": root, "rank": "staff_1"});
                match client.post("/people", body).await {
                    Ok((StatusCode::CREATED, person)) => {
                        acknowledged.push(person["id"].as_i64().unwrap())
                    }
                    _ => break,
                }
            }
            acknowledged
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill();
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.extend(writer.await.unwrap());
    }
    assert!(
        acknowledged.len() > 10,
        "the writers should have made progress before the kill"
    );

    let server = Server::start(&database).await;
    let client = Client::login(&server.base).await;
    for id in &acknowledged {
        let (status, _) = client.get(&format!("/people/{id}")).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "acknowledged person {id} lost after kill -9"
        );
    }
    drop(server);
    let db = ganxun_storage::Db::open(&ganxun_storage::DatabaseUrl::Sqlite(database.clone()))
        .await
        .unwrap();
    db.attach_key(&ganxun_storage::DataKey::from_hex(KEY).unwrap());
    assert_eq!(db.integrity_check().await.unwrap(), "ok");
    let chain = ganxun_storage::audit::verify(&db).await.unwrap();
    assert!(chain.is_intact(), "{:?}", chain.problems);
    eprintln!(
        "kill -9 test: {} acknowledged writes, all present; integrity_check ok",
        acknowledged.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_postgres_share_data_and_sessions() {
    let Some(database) = common::fresh_postgres_database().await else {
        return;
    };
    prepare(&database);
    let a = Server::start(&database).await;
    let b = Server::start(&database).await;
    let on_a = Client::login(&a.base).await;
    let on_b = on_a.against(&b.base);
    // The session made on A is valid on B.
    let (status, me) = on_b.get("/auth/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["username"], "admin");
    // Data written through A is read through B.
    let (_, units) = on_a.get("/org/units").await;
    let root = units[0]["id"].as_i64().unwrap();
    let (status, person) = on_a
        .post("/people", json!({"name": "钟伟", "id_card": common::id_card("19790909", 1), "unit_id": root, "rank": "staff_1"}))
        .await
        .unwrap();
    assert_eq!(status, StatusCode::CREATED);
    let (status, seen) = on_b.get(&format!("/people/{}", person["id"])).await;
    assert_eq!(
        (status, seen["name"].as_str()),
        (StatusCode::OK, Some("钟伟"))
    );
    // Logging out on B ends the session on A as well.
    let (status, _) = on_b.post("/auth/logout", json!({})).await.unwrap();
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = on_a.get("/auth/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    common::drop_postgres_database(&database).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_audit_backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("cli.db").to_string_lossy().into_owned();
    prepare(&database);
    let verify = ganxun(&database, &["verify-audit"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    assert!(String::from_utf8_lossy(&verify.stdout).contains("校验通过"));

    let backup = dir.path().join("backup.db");
    let out = ganxun(&database, &["backup", &backup.to_string_lossy()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Tamper with the live database: verify-audit must fail and name the entry.
    {
        let db = ganxun_storage::Db::open(&ganxun_storage::DatabaseUrl::Sqlite(database.clone()))
            .await
            .unwrap();
        use sea_orm::ConnectionTrait;
        db.connection()
            .execute_unprepared("UPDATE audit_log SET actor_name = 'someone else' WHERE id = 1")
            .await
            .unwrap();
        db.close().await.unwrap();
    }
    let verify = ganxun(&database, &["verify-audit"]);
    assert!(!verify.status.success());
    assert!(
        String::from_utf8_lossy(&verify.stdout).contains("\"kind\":\"edited\",\"id\":1"),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );

    // Restoring the backup brings back an intact chain.
    let out = ganxun(&database, &["restore", &backup.to_string_lossy()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verify = ganxun(&database, &["verify-audit"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );

    // A wrong key is refused rather than producing unreadable data.
    let wrong = Command::new(BIN)
        .args(["verify-audit", "--database", &database])
        .env("GANXUN_DATA_KEY", "ff".repeat(32))
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("数据密钥与数据库不符"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_start_creates_the_key_and_a_database_with_data_refuses_to_start_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("fresh.db").to_string_lossy().into_owned();
    let out = Command::new(BIN)
        .args(["demo", "--size", "50", "--database", &database])
        .env_remove("GANXUN_DATA_KEY")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = dir.path().join("ganxun.key");
    assert!(key.exists(), "the key is created beside the database");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("另行备份"),
        "the first start warns to back the key up"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("xueyuan"),
        "demo accounts are printed"
    );
    std::fs::rename(&key, dir.path().join("elsewhere.key")).unwrap();
    let out = Command::new(BIN)
        .args(["verify-audit", "--database", &database])
        .env_remove("GANXUN_DATA_KEY")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("找不到数据密钥"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !key.exists(),
        "no new key is made for a database that already has sealed data"
    );
}
