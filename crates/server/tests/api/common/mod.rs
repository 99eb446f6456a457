//! Test harness: each test gets its own database (a temporary SQLite file, or a fresh
//! PostgreSQL database), its own data key, a clock it can move, and the router called in-process.
//! `both_backends!` runs one story against SQLite and PostgreSQL.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]
#![allow(
    clippy::unwrap_used,
    reason = "test harness: a failed set-up should stop the test"
)]

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use chrono::{TimeZone, Utc};
use ganxun::app::App;
use ganxun::app::accounts::{AccountInput, GrantInput, create_unchecked};
use ganxun::config::Settings;
use ganxun_domain::{FixedClock, UnitCode, UnitType};
use ganxun_domain::{PersonId, UnitId};
use ganxun_storage::org::{NewUnit, create_unit};
use ganxun_storage::{AccessScope, Actor, DataKey, DatabaseUrl, Db};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;

pub mod running;
pub mod server;
mod templates;

/// The password every test account gets.
pub const PASSWORD: &str = "Test-Passw0rd";

/// Where the PostgreSQL server for tests is (`GANXUN_TEST_POSTGRES` overrides).
pub fn postgres_admin_url() -> String {
    std::env::var("GANXUN_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub enum Backend {
    Sqlite(tempfile::TempDir),
    Postgres { name: String },
}

/// One isolated application.
pub struct TestApp {
    pub app: App,
    pub router: Router,
    pub clock: FixedClock,
    pub backend: Backend,
    pub units: Units,
    /// The media folder the settings point at (online-learning videos).
    _media: tempfile::TempDir,
}

/// The units of the small test tree:
/// city ─┬─ county_x ─┬─ town_a
///       │            └─ town_b
///       └─ county_y
#[derive(Debug, Clone, Copy)]
pub struct Units {
    pub city: i64,
    pub county_x: i64,
    pub town_a: i64,
    pub town_b: i64,
    pub county_y: i64,
}

pub fn start_instant() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap()
}

/// The settings of the usual test app: the defaults with three guards turned off, explicitly,
/// each tested by its own stories with it on:
/// - sign-in throttling, because the stories sign in dozens of times from one address at one
///   instant of the fixed clock (`sign_in_limits.rs`);
/// - the second factor required of administrators and the training authority, because the
///   stories sign in as them without an authenticator app (`second_factor.rs`);
/// - password expiry, because some stories move the clock by months (`second_factor.rs`,
///   with the password profiles).
pub fn settings() -> Settings {
    let mut settings = Settings::default();
    settings.security.throttle.enabled = false;
    settings.security.second_factor.required_roles = Vec::new();
    settings.security.password.max_age_days = Some(0);
    settings
}

impl TestApp {
    /// The first column of the first row a raw query answers: what a story reads straight
    /// from the database.
    pub async fn stored<T: sea_orm::TryGetable>(&self, sql: &str) -> Option<T> {
        use sea_orm::ConnectionTrait;
        let row = self
            .app
            .db
            .connection()
            .query_one_raw(sea_orm::Statement::from_string(
                self.app.db.backend(),
                sql.to_owned(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))?;
        Some(row.try_get_by_index(0).unwrap())
    }

    pub async fn sqlite() -> TestApp {
        Self::sqlite_with(settings()).await
    }

    /// A SQLite app with non-default settings (timeouts, proxies, password rules).
    pub async fn sqlite_with(settings: Settings) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.db");
        std::fs::copy(templates::sqlite().await, &path).unwrap();
        let path = path.to_string_lossy().into_owned();
        let db = Db::open(&DatabaseUrl::Sqlite(path)).await.unwrap();
        Self::build(db, Backend::Sqlite(dir), settings).await
    }

    /// A fresh PostgreSQL database, or `None` (with a clear message) when no server answers.
    /// With `GANXUN_REQUIRE_POSTGRES=1` (CI) a missing server fails the test instead.
    pub async fn postgres() -> Option<TestApp> {
        Self::postgres_with(settings()).await
    }

    /// A PostgreSQL app with non-default settings (e.g. the national crypto suite).
    pub async fn postgres_with(settings: Settings) -> Option<TestApp> {
        let url = migrated_postgres_database().await?;
        let name = url.rsplit('/').next().unwrap_or_default().to_owned();
        let db = Db::open(&DatabaseUrl::Postgres(url)).await.unwrap();
        Some(Self::build(db, Backend::Postgres { name }, settings).await)
    }

    async fn build(db: Db, backend: Backend, mut settings: Settings) -> TestApp {
        // Each app its own media folder, removed with it.
        let media = tempfile::tempdir().unwrap();
        settings
            .media
            .dir
            .get_or_insert_with(|| media.path().to_path_buf());
        let clock = FixedClock::at(start_instant());
        let key = DataKey::from_hex(&DataKey::generate_hex())
            .unwrap()
            .in_suite(settings.crypto_suite);
        let app = App::new(db, key, Arc::new(clock.clone()), settings);
        let units = seed_tree(&app).await;
        let router = ganxun::http::router(app.clone());
        TestApp {
            app,
            router,
            clock,
            backend,
            units,
            _media: media,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres { .. })
    }

    /// Creates an account with one role (and optional scope) that needs no password change.
    pub async fn account(
        &self,
        username: &str,
        role: &str,
        unit_id: i64,
        person_id: Option<i64>,
    ) -> i64 {
        self.account_with_scope(username, role, unit_id, person_id, None, vec![])
            .await
    }

    /// A unit administrator over their unit and the units below it (most stories' second
    /// officer).
    pub async fn unit_admin(&self, username: &str, unit_id: i64) -> i64 {
        self.account_with_scope(
            username,
            "unit_admin",
            unit_id,
            None,
            Some("own_unit_and_below"),
            vec![],
        )
        .await
    }

    pub async fn account_with_scope(
        &self,
        username: &str,
        role: &str,
        unit_id: i64,
        person_id: Option<i64>,
        scope: Option<&str>,
        units: Vec<i64>,
    ) -> i64 {
        self.account_called(username, username, role, unit_id, person_id, scope, units)
            .await
    }

    /// An account whose name differs from its username (what reports should show).
    #[allow(clippy::too_many_arguments)]
    pub async fn account_called(
        &self,
        username: &str,
        display_name: &str,
        role: &str,
        unit_id: i64,
        person_id: Option<i64>,
        scope: Option<&str>,
        units: Vec<i64>,
    ) -> i64 {
        let input = AccountInput {
            username: username.to_owned(),
            display_name: display_name.to_owned(),
            password: PASSWORD.to_owned(),
            unit_id: UnitId(unit_id),
            person_id: person_id.map(PersonId),
            grants: vec![GrantInput {
                role: role.to_owned(),
                scope: scope.map(str::to_owned),
                units: units.into_iter().map(UnitId).collect(),
            }],
        };
        create_unchecked(&self.app, &Actor::system("test"), &input, false)
            .await
            .unwrap()
            .id
            .0
    }

    /// Sends a request as `session` (or anonymously) and returns status and JSON body.
    pub async fn call(
        &self,
        session: Option<&Session>,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let (status, _, bytes) = self
            .call_raw(
                session,
                method,
                path,
                body.map(|b| ("application/json", b.to_string().into_bytes())),
            )
            .await;
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        (status, value)
    }

    pub async fn call_raw(
        &self,
        session: Option<&Session>,
        method: &str,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        send(&self.router, session, method, path, body).await
    }

    /// A request through another server's router (see `second_server`); the status only.
    pub async fn call_on(
        &self,
        router: &Router,
        session: Option<&Session>,
        method: &str,
        path: &str,
    ) -> StatusCode {
        send(router, session, method, path, None).await.0
    }

    /// A second server over the same database: its own connection pool, application and router,
    /// as another machine of a cluster (nothing in memory is shared with this one).
    pub async fn second_server(&self) -> Router {
        let url = match &self.backend {
            Backend::Sqlite(dir) => {
                DatabaseUrl::Sqlite(dir.path().join("test.db").to_string_lossy().into_owned())
            }
            Backend::Postgres { name } => {
                DatabaseUrl::Postgres(replace_database(&postgres_admin_url(), name))
            }
        };
        let db = Db::open(&url).await.unwrap();
        let app = App::new(
            db,
            self.app.key.clone(),
            Arc::new(self.clock.clone()),
            (*self.app.settings).clone(),
        );
        ganxun::http::router(app)
    }

    /// Signs in and returns the session, panicking with the body when it fails.
    pub async fn login(&self, username: &str) -> Session {
        self.try_login(username, PASSWORD)
            .await
            .unwrap_or_else(|(status, body)| panic!("login {username}: {status} {body}"))
    }

    pub async fn try_login(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Session, (StatusCode, Value)> {
        self.try_login_with_code(username, password, None).await
    }

    /// Signs in with a second-factor code as well (`None`: the password alone).
    pub async fn try_login_with_code(
        &self,
        username: &str,
        password: &str,
        one_time_code: Option<&str>,
    ) -> Result<Session, (StatusCode, Value)> {
        let body =
            json!({ "username": username, "password": password, "one_time_code": one_time_code });
        let (status, headers, bytes) = self
            .call_raw(
                None,
                "POST",
                "/auth/login",
                Some(("application/json", body.to_string().into_bytes())),
            )
            .await;
        let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if status != StatusCode::OK {
            return Err((status, value));
        }
        let cookies: Vec<String> = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let token = cookies
            .iter()
            .find_map(|c| c.strip_prefix("ganxun_session="))
            .map(|c| c.split(';').next().unwrap().to_owned())
            .expect("session cookie");
        Ok(Session {
            token,
            csrf: value["csrf_token"].as_str().unwrap().to_owned(),
            cookies,
        })
    }

    /// Adds a department (an office such as 人事科) under `parent`, outside the API; returns the id.
    pub async fn office(&self, parent: i64, code: &str, name: &str) -> i64 {
        create_unit(
            &self.app.db,
            &Actor::system("test"),
            self.app.now(),
            &AccessScope::everything(),
            NewUnit {
                code: UnitCode::parse(code).unwrap(),
                name: name.to_owned(),
                unit_type: UnitType::Department,
                parent_id: Some(UnitId(parent)),
                sort_order: 0,
            },
        )
        .await
        .unwrap()
        .id
        .0
    }

    /// Adds a person through the API as `session`; returns the id.
    pub async fn person(&self, session: &Session, name: &str, id_card: &str, unit_id: i64) -> i64 {
        let (status, body) = self
            .call(Some(session), "POST", "/people", Some(json!({ "name": name, "id_card": id_card, "unit_id": unit_id, "rank": "section_chief", "phone": "13912345678", "categories": ["section_leader"] })))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_i64().unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Backend::Postgres { name } = &self.backend {
            let name = name.clone();
            // Best effort, and not waited for: the story is over. A database left when the
            // process ends is dropped by the next test process (`templates`).
            std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    let _ = rt.block_on(admin_exec(
                        &postgres_admin_url(),
                        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    ));
                }
            });
        }
    }
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub csrf: String,
    pub cookies: Vec<String>,
}

/// One request to `router` as `session` (or anonymously).
pub async fn send(
    router: &Router,
    session: Option<&Session>,
    method: &str,
    path: &str,
    body: Option<(&str, Vec<u8>)>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"));
    if let Some(session) = session {
        request = request
            .header(header::COOKIE, format!("ganxun_session={}", session.token))
            .header("x-csrf-token", &session.csrf);
    }
    let body = match body {
        Some((content_type, bytes)) => {
            request = request.header(header::CONTENT_TYPE, content_type);
            Body::from(bytes)
        }
        None => Body::empty(),
    };
    let mut request = request.body(body).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 7], 40000))));
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, bytes)
}

/// The text of a PDF as `pdftotext` extracts it, whitespace removed.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed to read printed documents");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&output.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn rand_suffix() -> String {
    use rand::Rng;
    rand::thread_rng().gen_range(0..u32::MAX).to_string()
}

fn replace_database(url: &str, name: &str) -> String {
    match url.rfind('/') {
        Some(slash) => format!("{}/{name}", &url[..slash]),
        None => url.to_owned(),
    }
}

async fn admin_exec(admin_url: &str, sql: &str) -> Result<(), String> {
    use sea_orm::sqlx::{Connection, Executor, PgConnection};
    let connect = PgConnection::connect(admin_url);
    let mut conn = tokio::time::timeout(std::time::Duration::from_secs(5), connect)
        .await
        .map_err(|_| "timed out".to_owned())?
        .map_err(|e| e.to_string())?;
    conn.execute(sea_orm::sqlx::raw_sql(sea_orm::sqlx::AssertSqlSafe(
        sql.to_owned(),
    )))
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}

async fn seed_tree(app: &App) -> Units {
    let actor = Actor::system("test");
    let make = async |parent: Option<i64>, code: &str, name: &str, kind: UnitType| {
        create_unit(
            &app.db,
            &actor,
            app.now(),
            &AccessScope::everything(),
            NewUnit {
                code: UnitCode::parse(code).unwrap(),
                name: name.to_owned(),
                unit_type: kind,
                parent_id: parent.map(UnitId),
                sort_order: 0,
            },
        )
        .await
        .unwrap()
        .id
        .0
    };
    let city = make(None, "C", "示范市", UnitType::City).await;
    let county_x = make(Some(city), "X", "甲县", UnitType::County).await;
    let town_a = make(Some(county_x), "XA", "甲县一镇", UnitType::Town).await;
    let town_b = make(Some(county_x), "XB", "甲县二镇", UnitType::Town).await;
    let county_y = make(Some(city), "Y", "乙县", UnitType::County).await;
    Units {
        city,
        county_x,
        town_a,
        town_b,
        county_y,
    }
}

/// Runs one story against SQLite and against PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, |$t:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $t = common::TestApp::sqlite().await;
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some($t) = common::TestApp::postgres().await else {
                    return;
                };
                $body
            }
        }
    };
}

/// A valid ID number: region 110105, the given birth date (YYYYMMDD), a serial 0–999.
pub fn id_card(birth: &str, serial: u32) -> String {
    let first17 = format!("110105{birth}{serial:03}");
    let check = ganxun_domain::people::idcard::check_digit(&first17).unwrap();
    format!("{first17}{check}")
}

/// A fresh PostgreSQL database with the schema in place: a copy of this process's migrated
/// template. Without a server, as `fresh_postgres_database`.
pub async fn migrated_postgres_database() -> Option<String> {
    let Some(template) = templates::postgres().await else {
        return fresh_postgres_database().await;
    };
    let admin = postgres_admin_url();
    let name = format!(
        "ganxun_t{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        rand_suffix()
    );
    admin_exec(
        &admin,
        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
    )
    .await
    .unwrap();
    Some(replace_database(&admin, &name))
}

/// A fresh, empty PostgreSQL database for tests that run the binary; `None` (with a message)
/// when no server answers and PostgreSQL is not required.
pub async fn fresh_postgres_database() -> Option<String> {
    let admin = postgres_admin_url();
    let name = format!(
        "ganxun_t{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        rand_suffix()
    );
    if let Err(e) = admin_exec(&admin, &format!("CREATE DATABASE {name}")).await {
        assert!(
            std::env::var("GANXUN_REQUIRE_POSTGRES").is_err(),
            "PostgreSQL is required (GANXUN_REQUIRE_POSTGRES) but not reachable at {admin}: {e}"
        );
        eprintln!(
            "SKIPPED: PostgreSQL not reachable at {admin} ({e}); the PostgreSQL half of this test did not run"
        );
        return None;
    }
    Some(replace_database(&admin, &name))
}

pub async fn drop_postgres_database(url: &str) {
    if let Some(name) = url.rsplit('/').next() {
        let _ = admin_exec(
            &postgres_admin_url(),
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )
        .await;
    }
}
