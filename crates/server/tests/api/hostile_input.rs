//! The bad-input corpus (issue 14 item 3): every operation of the served OpenAPI document gets
//! hostile values in each path parameter, each query parameter and each JSON field (and a few
//! hostile whole bodies), as a signed-in officer or administrator, on SQLite and PostgreSQL. No
//! answer may be a 5xx, and every error must have the `{code, message}` shape. A smaller run
//! sends the path and query corpus to a real server over TCP and fails on any dropped
//! connection. The counts printed go into docs/RELIABILITY.md.

use crate::common::running::running_class;
use crate::common::server::Server;
use crate::common::{self, Session};
use axum::http::StatusCode;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::time::Instant;

/// Hostile texts for a path segment or a query value, already percent-encoded where needed.
fn text_corpus() -> Vec<String> {
    let mut corpus: Vec<String> = [
        "0",
        "-1",
        "2147483647",
        "2147483648",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999",
        "1.5",
        "1e308",
        "262143",
        "%00",
        "a%00b",
        "%FF%FE",
        "%C0%80",
        "%E7%94%B2",
        "+262143-01-01",
        "0000-00-00",
        "1899-12-31",
        "2201-01-01",
        "null",
        "true",
        "%5B%5D",
        "%27%20OR%201%3D1--",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    corpus.push("x".repeat(5_000));
    corpus
}

/// Hostile JSON values for one field.
fn value_corpus() -> Vec<Value> {
    vec![
        json!(i64::MAX),
        json!(u64::MAX),
        json!(-9.3e18),
        json!(i64::MIN),
        json!(-1),
        json!(0),
        json!(2_147_483_648_i64),
        json!(1e308),
        json!(1.5),
        json!(262_143),
        json!("\u{0}"),
        json!("a\u{0}b"),
        json!("x".repeat(100_000)),
        json!(""),
        json!("+262143-01-01"),
        json!("0000-00-00"),
        json!("1899-12-31"),
        json!("2201-01-01T00:00:00Z"),
        json!("\u{202e}\u{feff}甲"),
        Value::Null,
        json!(true),
        json!([]),
        json!({}),
        json!([[[[[[[[[[1]]]]]]]]]]),
    ]
}

/// Hostile whole bodies sent as JSON.
fn body_corpus() -> Vec<Vec<u8>> {
    let deep = 100_000;
    vec![
        Vec::new(),
        b"null".to_vec(),
        b"[]".to_vec(),
        b"{".to_vec(),
        b"1e999999".to_vec(),
        vec![0xff, 0xfe, 0x7b, 0x7d],
        br#"{"a\u0000":1}"#.to_vec(),
        format!("{}{}", "[".repeat(deep), "]".repeat(deep)).into_bytes(),
        format!("{}1{}", "{\"a\":".repeat(deep), "}".repeat(deep)).into_bytes(),
    ]
}

/// One operation of the document.
struct Operation {
    method: String,
    path: String,
    tag: String,
    /// (name, in, schema)
    params: Vec<(String, String, Value)>,
    /// The JSON body's schema, when it takes one.
    json_body: Option<Value>,
    /// Another body type (uploads): hostile bytes are sent with it.
    other_body: Option<String>,
}

fn operations(doc: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let params = op["parameters"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .map(|p| {
                            (
                                p["name"].as_str().unwrap().to_owned(),
                                p["in"].as_str().unwrap().to_owned(),
                                p["schema"].clone(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let content = op["requestBody"]["content"].as_object();
            let json_body =
                content.and_then(|c| c.get("application/json").map(|m| m["schema"].clone()));
            let other_body = content
                .filter(|_| json_body.is_none())
                .and_then(|c| c.keys().next().cloned());
            out.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                tag: op["tags"][0].as_str().unwrap_or_default().to_owned(),
                params,
                json_body,
                other_body,
            });
        }
    }
    // Signing out and changing passwords last, so they cannot cut the other operations short.
    out.sort_by_key(|op| op.tag == "auth");
    out
}

/// A plausible value for a schema: enough for the request to reach the code behind it.
fn sample(doc: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 6 {
        return Value::Null;
    }
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap();
        return sample(doc, &doc["components"]["schemas"][name], depth + 1);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(options) = schema[key].as_array()
            && let Some(first) = options.iter().find(|o| o["type"] != "null")
        {
            return sample(doc, first, depth + 1);
        }
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds
            .iter()
            .find(|k| *k != "null")
            .and_then(Value::as_str)
            .unwrap_or("null"),
        other => other.as_str().unwrap_or("object"),
    };
    match (kind, schema["format"].as_str()) {
        ("string", Some("date")) => json!("2026-03-02"),
        ("string", Some("date-time")) => json!("2026-03-02T01:00:00Z"),
        ("string", _) => json!("甲"),
        ("integer", _) => json!(1),
        ("number", _) => json!(1),
        ("boolean", _) => json!(false),
        ("array", _) => json!([sample(doc, &schema["items"], depth + 1)]),
        ("null", _) => Value::Null,
        _ => {
            let mut object = Map::new();
            if let Some(properties) = schema["properties"].as_object() {
                for (name, property) in properties {
                    object.insert(name.clone(), sample(doc, property, depth + 1));
                }
            }
            Value::Object(object)
        }
    }
}

/// JSON pointers to every field of a sample (inside objects and the first array element), so
/// each can be replaced by a hostile value.
fn field_pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (name, item) in fields {
                let here = format!("{at}/{name}");
                out.push(here.clone());
                field_pointers(item, &here, out);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                let here = format!("{at}/0");
                out.push(here.clone());
                field_pointers(first, &here, out);
            }
        }
        _ => {}
    }
}

/// A real id for a path parameter that is not being varied, so the varied one reaches as deep
/// as it can.
struct Ids {
    class: i64,
    session: i64,
    person: i64,
    unit: i64,
    /// An account of its own for the account operations, so a reset password or a changed
    /// role cannot sign out the callers.
    account: i64,
}

fn default_for(ids: &Ids, path: &str, name: &str, schema: &Value) -> String {
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.as_str().unwrap_or("1").to_owned();
    }
    let id = match name {
        "session_id" => ids.session,
        "person_id" => ids.person,
        "id" if path.starts_with("/classes/") => ids.class,
        "id" if path.starts_with("/people/") => ids.person,
        "id" if path.starts_with("/org/units/") => ids.unit,
        "id" if path.starts_with("/accounts/") => ids.account,
        "kind" => return "credit".to_owned(),
        _ => 1,
    };
    id.to_string()
}

/// One request of the corpus.
struct Probe {
    method: String,
    uri: String,
    body: Option<(String, Vec<u8>)>,
    tag: String,
}

/// Every request of the corpus for the document's operations.
fn probes(doc: &Value, ids: &Ids, with_bodies: bool) -> Vec<Probe> {
    let mut out = Vec::new();
    for op in operations(doc) {
        let path_of = |varied: Option<(&str, &str)>| {
            let mut path = op.path.clone();
            for (name, place, schema) in &op.params {
                if place != "path" {
                    continue;
                }
                let value = match varied {
                    Some((n, v)) if n == name => v.to_owned(),
                    _ => default_for(ids, &op.path, name, schema),
                };
                path = path.replace(&format!("{{{name}}}"), &value);
            }
            path
        };
        let base_query: Vec<(String, String)> = op
            .params
            .iter()
            .filter(|(name, place, _)| place == "query" && name == "year")
            .map(|(name, _, _)| (name.clone(), "2026".to_owned()))
            .collect();
        let query_of = |varied: Option<(&str, &str)>| {
            let mut pairs = base_query.clone();
            if let Some((name, value)) = varied {
                pairs.retain(|(n, _)| n != name);
                pairs.push((name.to_owned(), value.to_owned()));
            }
            pairs
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        };
        let body_sample = op.json_body.as_ref().map(|schema| sample(doc, schema, 0));
        let json = |value: &Value| {
            Some((
                "application/json".to_owned(),
                value.to_string().into_bytes(),
            ))
        };
        let uri = |path: String, query: String| {
            if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            }
        };
        let probe = |uri: String, body: Option<(String, Vec<u8>)>| Probe {
            method: op.method.clone(),
            uri,
            body,
            tag: op.tag.clone(),
        };
        let plain_body = body_sample.as_ref().and_then(&json);
        for (name, place, _) in &op.params {
            for value in text_corpus() {
                match place.as_str() {
                    "path" => out.push(probe(
                        uri(path_of(Some((name, &value))), query_of(None)),
                        plain_body.clone(),
                    )),
                    "query" => out.push(probe(
                        uri(path_of(None), query_of(Some((name, &value)))),
                        plain_body.clone(),
                    )),
                    _ => {}
                }
            }
        }
        if !with_bodies {
            continue;
        }
        let target = uri(path_of(None), query_of(None));
        if let Some(sample) = &body_sample {
            let mut pointers = Vec::new();
            field_pointers(sample, "", &mut pointers);
            for pointer in pointers {
                for hostile in value_corpus() {
                    let mut body = sample.clone();
                    *body.pointer_mut(&pointer).unwrap() = hostile;
                    out.push(probe(target.clone(), json(&body)));
                }
            }
        }
        if op.json_body.is_some() || op.method != "GET" {
            for bytes in body_corpus() {
                out.push(probe(
                    target.clone(),
                    Some(("application/json".to_owned(), bytes)),
                ));
            }
        }
        // A valid body under a wrong content type.
        if let Some(sample) = &body_sample {
            for content_type in [
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
            ] {
                let bytes = sample.to_string().into_bytes();
                out.push(probe(
                    target.clone(),
                    Some((content_type.to_owned(), bytes)),
                ));
            }
        }
        if let Some(content_type) = &op.other_body {
            for bytes in [Vec::new(), vec![0u8; 64], b"PK\x03\x04garbage".to_vec()] {
                out.push(probe(target.clone(), Some((content_type.clone(), bytes))));
            }
        }
    }
    out
}

/// What one run saw.
#[derive(Default)]
struct Tally {
    operations: usize,
    requests: usize,
    server_errors: usize,
    by_status: BTreeMap<u16, usize>,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, probe: &Probe, status: StatusCode, body: &[u8]) {
        self.requests += 1;
        *self.by_status.entry(status.as_u16()).or_default() += 1;
        let shown =
            |body: &[u8]| String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
        if status.is_server_error() {
            self.server_errors += 1;
            self.failures.push(format!(
                "{} {} -> {status} {}",
                probe.method,
                short(&probe.uri),
                shown(body)
            ));
        } else if status.is_client_error() {
            let parsed: Option<Value> = serde_json::from_slice(body).ok();
            let shaped = parsed
                .as_ref()
                .is_some_and(|v| v["code"].is_string() && v["message"].is_string());
            if !shaped {
                self.failures.push(format!(
                    "{} {} -> {status} without {{code, message}}: {}",
                    probe.method,
                    short(&probe.uri),
                    shown(body)
                ));
            }
        }
    }

    fn report(&self, what: &str, started: Instant) -> String {
        format!(
            "hostile input ({what}): {} operations, {} requests, {} 5xx, {} failures, {:.1} s, statuses {:?}",
            self.operations,
            self.requests,
            self.server_errors,
            self.failures.len(),
            started.elapsed().as_secs_f64(),
            self.by_status
        )
    }

    fn assert_clean(&self, summary: &str) {
        assert!(
            self.failures.is_empty(),
            "{summary}\n{}",
            self.failures
                .iter()
                .take(60)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

fn short(uri: &str) -> String {
    if uri.len() > 160 {
        format!(
            "{}…({} bytes)",
            &uri[..uri.floor_char_boundary(160)],
            uri.len()
        )
    } else {
        uri.to_owned()
    }
}

/// The signed-in people the corpus is sent as: the training authority for business operations,
/// the system administrator for accounts, the auditor for the audit log, and a trainee for
/// sign-in and passwords (so a hostile password change cannot lock the others out).
struct Callers {
    sessions: BTreeMap<&'static str, Session>,
}

impl Callers {
    fn username(tag: &str) -> &'static str {
        match tag {
            "accounts" => "sysadmin",
            "audit" => "auditor",
            "auth" => "guest",
            _ => "zzb",
        }
    }
}

both_backends!(the_issues_examples_get_clear_refusals, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.account("sysadmin", "system_admin", t.units.city, None)
        .await;
    t.account("auditor", "auditor", t.units.city, None).await;
    let mut sessions = BTreeMap::new();
    t.account("guest", "trainee", t.units.town_a, None).await;
    for name in ["zzb", "sysadmin", "auditor", "guest"] {
        sessions.insert(name, t.login(name).await);
    }
    let cases = [
        (
            "GET",
            "/classes?page=9223372036854775808",
            None,
            "PAGE_OUT_OF_RANGE",
        ),
        ("GET", "/classes?page=0", None, "PAGE_OUT_OF_RANGE"),
        (
            "GET",
            "/compliance/people?page=9223372036854775807",
            None,
            "PAGE_OUT_OF_RANGE",
        ),
        ("GET", "/people?page_size=201", None, "PAGE_OUT_OF_RANGE"),
        ("GET", "/audit?page=1000001", None, "PAGE_OUT_OF_RANGE"),
        (
            "GET",
            "/accounts?page=18446744073709551615",
            None,
            "PAGE_OUT_OF_RANGE",
        ),
        ("GET", "/public/certificates/a%00b", None, "NUL_CHARACTER"),
        ("GET", "/people?q=%00", None, "NUL_CHARACTER"),
        ("GET", "/classes?year=262143", None, "YEAR_OUT_OF_RANGE"),
        (
            "POST",
            "/credits/reevaluate?year=2147483647",
            None,
            "YEAR_OUT_OF_RANGE",
        ),
        ("GET", "/classes?year=1899", None, "YEAR_OUT_OF_RANGE"),
        (
            "GET",
            "/people/1/compliance?as_of=%2B262143-01-01",
            None,
            "DATE_OUT_OF_RANGE",
        ),
        (
            "POST",
            "/org/units",
            Some(
                json!({"code": "Z1", "name": "单\u{0}位", "unit_type": "town", "parent_id": t.units.city}),
            ),
            "NUL_CHARACTER",
        ),
        (
            "POST",
            "/auth/login",
            Some(json!({"username": "zzb\u{0}", "password": "x"})),
            "NUL_CHARACTER",
        ),
    ];
    let caller = |uri: &str| {
        let tag = uri
            .trim_start_matches('/')
            .split(['/', '?'])
            .next()
            .unwrap();
        &sessions[Callers::username(tag)]
    };
    for (method, uri, body, code) in cases {
        let (status, answer) = t.call(Some(caller(uri)), method, uri, body).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{method} {uri}: {answer}"
        );
        assert_eq!(answer["code"], code, "{method} {uri}: {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(
            message.contains("超出范围") || message.contains("空字符"),
            "{answer}"
        );
    }
    // In range, the same lists still answer.
    for uri in [
        "/classes?page=1000000&year=2200",
        "/people?page_size=200",
        "/audit?page_size=500",
    ] {
        let (status, answer) = t.call(Some(caller(uri)), "GET", uri, None).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {answer}");
    }
});

both_backends!(
    every_operation_answers_the_corpus_without_a_server_error,
    |t| {
        let started = Instant::now();
        let running = running_class(&t, 2).await;
        t.account("sysadmin", "system_admin", t.units.city, None)
            .await;
        t.account("auditor", "auditor", t.units.city, None).await;
        t.account("guest", "trainee", t.units.town_a, None).await;
        let account = t
            .account("target", "unit_admin", t.units.town_b, None)
            .await;
        let mut callers = Callers {
            sessions: BTreeMap::new(),
        };
        for name in ["zzb", "sysadmin", "auditor", "guest"] {
            callers.sessions.insert(name, t.login(name).await);
        }
        let ids = Ids {
            class: running.class,
            session: running.sessions[0],
            person: running.people[0],
            unit: t.units.county_x,
            account,
        };
        let doc: Value = serde_json::from_str(&ganxun::http::openapi_json()).unwrap();
        let mut tally = Tally {
            operations: operations(&doc).len(),
            ..Tally::default()
        };
        let mut relogins = 0;
        for probe in probes(&doc, &ids, true) {
            let who = Callers::username(&probe.tag);
            let body = probe.body.as_ref().map(|(t, b)| (t.as_str(), b.clone()));
            let (status, _, bytes) = t
                .call_raw(callers.sessions.get(who), &probe.method, &probe.uri, body)
                .await;
            tally.record(&probe, status, &bytes);
            // A hostile request may end the session (sign-out); sign in again for the next one.
            if status == StatusCode::UNAUTHORIZED
                && let Ok(session) = t.try_login(who, crate::common::PASSWORD).await
            {
                relogins += 1;
                callers.sessions.insert(who, session);
            }
        }
        let backend = if t.is_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        let summary = format!(
            "{}, {relogins} sign-ins again",
            tally.report(backend, started)
        );
        eprintln!("{summary}");
        assert!(tally.operations >= 140, "{summary}");
        assert!(tally.requests >= 5_000, "{summary}");
        tally.assert_clean(&summary);
    }
);

/// The path and query corpus against the real binary over TCP: every request gets an answer
/// (no dropped connection), none a 5xx, the issue's own examples included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_server_answers_the_corpus_over_tcp_without_dropping_a_connection() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("hostile.db").to_string_lossy().into_owned();
    crate::processes::prepare(&database);
    let server = Server::start(&database).await;
    let client = crate::processes::Client::login(&server.base).await;
    let ids = Ids {
        class: 1,
        session: 1,
        person: 1,
        unit: 1,
        account: 2,
    };
    let doc: Value = serde_json::from_str(&ganxun::http::openapi_json()).unwrap();
    let mut probes = probes(&doc, &ids, false);
    for uri in [
        "/classes?page=9223372036854775808",
        "/compliance/people?page=9223372036854775807",
        "/public/certificates/a%00b",
        "/people?q=%00",
        "/classes?year=262143",
    ] {
        probes.push(Probe {
            method: "GET".to_owned(),
            uri: uri.to_owned(),
            body: None,
            tag: String::new(),
        });
    }
    probes.push(Probe {
        method: "POST".to_owned(),
        uri: "/credits/reevaluate?year=2147483647".to_owned(),
        body: None,
        tag: String::new(),
    });
    let mut tally = Tally {
        operations: operations(&doc).len(),
        ..Tally::default()
    };
    let mut dropped = Vec::new();
    for probe in &probes {
        match client.send_raw(&probe.method, &probe.uri).await {
            Ok((status, bytes)) => tally.record(probe, status, &bytes),
            Err(e) => dropped.push(format!("{} {}: {e}", probe.method, short(&probe.uri))),
        }
    }
    let summary = format!(
        "{}, {} dropped connections",
        tally.report("TCP, SQLite, path and query corpus", started),
        dropped.len()
    );
    eprintln!("{summary}");
    assert!(dropped.is_empty(), "{summary}\n{}", dropped.join("\n"));
    tally.assert_clean(&summary);
}

// A CSV whose NUL characters come after the first 4,096 characters (where the reader looks for
// binary content) still reaches row validation: every column with a NUL must be refused as a
// row problem, never stored, and never answer 500 on PostgreSQL.
both_backends!(
    an_import_with_nul_characters_past_the_binary_check_is_refused_cleanly,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let zzb = t.login("zzb").await;
        let mut lines = vec!["姓名,身份证号,单位代码,职级,职务".to_owned()];
        // Rows with a wrong ID number: refused, and long enough to push the rest past 4,096.
        for n in 0..120 {
            lines.push(format!("填充{n},110105198001010000,XA,一级科员,科员"));
        }
        let id = |n: u32| common::id_card("19800101", n);
        lines.push(format!("李\u{0}明,{},XA,乡科级正职,镇长", id(1)));
        lines.push(format!("李明,{}\u{0},XA,乡科级正职,镇长", id(2)));
        lines.push(format!("李明,{},X\u{0}A,乡科级正职,镇长", id(3)));
        lines.push(format!("李明,{},XA,乡科\u{0}级正职,镇长", id(4)));
        lines.push(format!("李明,{},XA,乡科级正职,镇\u{0}长", id(5)));
        let csv = (lines.join("\r\n") + "\r\n").into_bytes();
        assert!(!csv[..4096].contains(&0), "the NULs come after the head");
        let (status, _, bytes) = t
            .call_raw(
                Some(&zzb),
                "POST",
                "/people/import",
                Some(("application/octet-stream", csv)),
            )
            .await;
        let report: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 0, "{report}");
        let rows = report["rows"].as_array().unwrap();
        let expected = [
            "NAME_UNREADABLE",
            "ID_CARD_LENGTH",
            "UNIT_CODE_INVALID",
            "UNKNOWN_RANK",
            "TEXT_CONTROL_CHARACTER",
        ];
        for (row, code) in rows[rows.len() - 5..].iter().zip(expected) {
            assert_eq!(row["outcome"], "rejected", "{row}");
            assert_eq!(row["problems"][0]["code"], code, "{row}");
        }
        let (_, found) = t.call(Some(&zzb), "GET", "/people?name=李", None).await;
        assert_eq!(found["total"], 0, "{found}");
    }
);
