//! No internal code where a person reads (issue 17 item 5 and its "Tests" paragraph): the demo
//! county is walked as its main roles — every GET of the OpenAPI document that needs no path
//! parameter, and the detail pages, Excel exports and PDFs of a few real objects — and what a
//! person reads is scanned for a rule id (`R-REG-10`), `system:`, `种子`/`seed`, a raw key
//! (`class_hours.earned`), an audit target (`training_class 20`), a snake_case word, or a
//! lowercase code of one of the domain's vocabularies (`code_enum!`).
//!
//! What a person reads: every text cell of every workbook and the whole text of every PDF; in
//! JSON only the values of the keys in [`READ_KEYS`] (codes travel in the other keys on purpose,
//! for the web to translate).
//!
//! One story on SQLite only: what is scanned is text the application composes, the same on both
//! backends (the stories of each feature run on both); the demo county takes most of the time.

use super::error_codes::{collect_rust_files, read, repository};
use crate::common::{self, Session, settings, start_instant};
use axum::Router;
use axum::http::StatusCode;
use calamine::Reader;
use ganxun::app::App;
use ganxun_domain::FixedClock;
use ganxun_storage::{DataKey, DatabaseUrl, Db};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The keys whose values a person reads, as the web shows them: a key is read when it is one of
/// these or ends with `_` and one of these (`state_label`, `head_teacher_name`, `review_note`,
/// `decision_reason`, `category_labels`). Every other key carries a code, an id, a number, a
/// date or a username for the web to translate or link (`state`, `kind`, `entity_type`,
/// `entered_by`), and is not scanned.
const READ_KEYS: &[&str] = &[
    "zh",
    "label",
    "labels",
    "title",
    "name",
    "explanation",
    "reason",
    "reasons",
    "note",
    "notes",
    "message",
    "basis",
    "summary",
    "description",
    "text",
    "detail",
    "topic",
    "narrative",
    "intro",
    "comment",
    "why_not_me",
    "venue",
    "help",
    "problem",
];

/// Keys that end like a read key but hold an identifier, not words: the sign-in name
/// (`username`, shown as such on the accounts page; the audit log's `actor_name`, what the
/// auditor searches by, read as `actor_label`) and an uploaded file's own name.
const NOT_READ_KEYS: &[&str] = &["username", "actor_name", "filename", "original_name"];

/// Fewer operations than this means the walk broke (the OpenAPI document has ~100 GETs).
const FEWEST_OPERATIONS: usize = 150;

fn is_read_key(key: &str) -> bool {
    !NOT_READ_KEYS.contains(&key)
        && READ_KEYS
            .iter()
            .any(|read| key == *read || key.ends_with(&format!("_{read}")))
}

/// Every code of every `code_enum!` vocabulary, read from the sources (`Variant => ("code", …)`)
/// so a new vocabulary is covered without a list kept by hand.
fn vocabulary_codes() -> BTreeSet<String> {
    let mut files = Vec::new();
    for krate in ["domain", "storage"] {
        collect_rust_files(
            &repository().join("crates").join(krate).join("src"),
            &mut files,
        );
    }
    let mut codes = BTreeSet::new();
    for file in files {
        let source = read(&file);
        for block in source.split("code_enum! {").skip(1) {
            let block = block.split("\n}").next().unwrap_or_default();
            for line in block.lines() {
                if let Some((_, rest)) = line.split_once("=> (\"")
                    && let Some((code, _)) = rest.split_once('"')
                {
                    codes.insert(code.to_owned());
                }
            }
        }
    }
    assert!(codes.len() > 200, "only {} codes read", codes.len());
    codes
}

/// What a person must not read in `text`: each offending piece.
fn offences(text: &str, codes: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for word in ["system:", "种子"] {
        if text.contains(word) {
            found.push(word.to_owned());
        }
    }
    // ASCII words with their dots and hyphens: `R-REG-10`, `class_hours.earned`, `draft`.
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ':');
    let words = text.split(|c: char| !is_word(c)).filter(|w| !w.is_empty());
    let mut previous: Option<&str> = None;
    for raw in words {
        let word = raw.trim_matches(|c| matches!(c, '.' | '-' | ':'));
        let rule_id = word.split('-').collect::<Vec<_>>();
        let is_rule_id = rule_id.len() >= 3
            && rule_id[0] == "R"
            && rule_id[1].chars().all(|c| c.is_ascii_uppercase())
            && rule_id[2].chars().all(|c| c.is_ascii_digit());
        if is_rule_id || word.to_ascii_lowercase().contains("seed") {
            found.push(word.to_owned());
        } else if word.starts_with(|c: char| c.is_ascii_lowercase())
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
        {
            // A raw key (`class_hours.earned`), a snake_case word, or a vocabulary's code.
            let pieces: Vec<&str> = word.split('.').collect();
            if word.contains('_') || pieces.iter().any(|p| codes.contains(*p)) {
                found.push(word.to_owned());
            }
        } else if word.chars().all(|c| c.is_ascii_digit())
            && previous.is_some_and(|p| p.contains('_'))
        {
            // An audit target: `training_class 20` (the code itself is reported above).
            found.push(format!("{} {word}", previous.unwrap_or_default()));
        }
        previous = Some(word);
    }
    found
}

/// One hit: where, what key, the text.
struct Scan<'a> {
    codes: &'a BTreeSet<String>,
    hits: Vec<String>,
    strings: usize,
}

impl Scan<'_> {
    fn text(&mut self, place: &str, text: &str) {
        self.strings += 1;
        for offence in offences(text, self.codes) {
            let shown: String = text.chars().take(160).collect();
            self.hits.push(format!("{place}: «{offence}» in «{shown}»"));
        }
    }

    fn json(&mut self, place: &str, path: &str, value: &Value, read: bool) {
        match value {
            Value::String(text) if read => self.text(&format!("{place} {path}"), text),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.json(place, &format!("{path}[{i}]"), item, read);
                }
            }
            Value::Object(fields) => {
                for (key, item) in fields {
                    self.json(place, &format!("{path}.{key}"), item, is_read_key(key));
                }
            }
            _ => {}
        }
    }
}

/// The demo county in process: an empty database, the same generator as `ganxun demo`.
struct Demo {
    router: Router,
    passwords: BTreeMap<String, String>,
    _dir: tempfile::TempDir,
}

impl Demo {
    async fn call(&self, session: Option<&Session>, path: &str) -> (StatusCode, String, Vec<u8>) {
        let (status, headers, body) = common::send(&self.router, session, "GET", path, None).await;
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (status, content_type, body)
    }

    /// Signs in with the printed first password and changes it, as a first sign-in does.
    async fn sign_in(&self, username: &str) -> Session {
        let password = &self.passwords[username];
        let body = json!({ "username": username, "password": password });
        let (status, headers, bytes) = common::send(
            &self.router,
            None,
            "POST",
            "/auth/login",
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{username}");
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        let token = headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|c| c.to_str().ok())
            .find_map(|c| c.strip_prefix("ganxun_session="))
            .map(|c| c.split(';').next().unwrap().to_owned())
            .unwrap();
        let session = Session {
            token,
            csrf: value["csrf_token"].as_str().unwrap().to_owned(),
            cookies: vec![],
        };
        let change = json!({ "old_password": password, "new_password": "Own-Choice-2026#x" });
        let (status, _, body) = common::send(
            &self.router,
            Some(&session),
            "POST",
            "/auth/password",
            Some(("application/json", change.to_string().into_bytes())),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NO_CONTENT,
            "{}",
            String::from_utf8_lossy(&body)
        );
        session
    }
}

async fn demo_county() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db").to_string_lossy().into_owned();
    let db = Db::open(&DatabaseUrl::Sqlite(path)).await.unwrap();
    let mut settings = settings();
    settings.media.dir = Some(dir.path().join("media"));
    let clock = FixedClock::at(start_instant());
    let key = DataKey::from_hex(&DataKey::generate_hex()).unwrap();
    let app = App::new(db, key, Arc::new(clock), settings);
    let summary = ganxun::demo::generate(&app, 300, |_| {}).await.unwrap();
    let passwords = summary
        .accounts
        .into_iter()
        .map(|(username, _, password)| (username, password))
        .collect();
    Demo {
        router: ganxun::http::router(app),
        passwords,
        _dir: dir,
    }
}

/// The first id in a list's answer (`items` of a page, or the list itself).
fn first_id(value: &Value, wanted: impl Fn(&Value) -> bool) -> Option<i64> {
    let items = value["items"].as_array().or(value.as_array())?;
    items.iter().find(|i| wanted(i))?["id"].as_i64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_response_export_or_pdf_of_the_demo_shows_an_internal_code() {
    let codes = vocabulary_codes();
    let demo = demo_county().await;
    let doc: Value = serde_json::from_str(&ganxun::http::openapi_json()).unwrap();

    // Real objects, found as the authority finds them.
    let zzb = demo.sign_in("zzb").await;
    let list = async |path: &str| {
        let (_, _, body) = demo.call(Some(&zzb), path).await;
        serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null)
    };
    let classes = list("/classes?per_page=100").await;
    let ended = first_id(&classes, |c| {
        matches!(c["state"].as_str(), Some("ended" | "reported" | "archived"))
    });
    let running = first_id(&classes, |c| c["state"] == "in_progress");
    let people = list("/people").await;
    let person = first_id(&people, |_| true);
    let plan = first_id(&list("/plans").await, |_| true);
    let course = first_id(&list("/learning/courses").await, |_| true);
    let publication = first_id(&list("/credits/publications").await, |_| true);
    let briefing = first_id(&list("/learning/briefings").await, |_| true);
    let pool = first_id(&list("/reserve-pools").await, |_| true);
    let objects: Vec<(&str, Vec<i64>)> = vec![
        ("/classes/{id}", ended.into_iter().chain(running).collect()),
        ("/people/{id}", person.into_iter().collect()),
        ("/plans/{id}", plan.into_iter().collect()),
        ("/learning/courses/{id}", course.into_iter().collect()),
        (
            "/credits/publications/{id}",
            publication.into_iter().collect(),
        ),
        ("/learning/briefings/{id}", briefing.into_iter().collect()),
        ("/reserve-pools/{id}", pool.into_iter().collect()),
    ];
    // A class, a person, a plan and a course are what the scan must reach; the others are
    // walked when the demo has them.
    for (prefix, ids) in &objects[..4] {
        assert!(!ids.is_empty(), "the demo has no object for {prefix}");
    }

    // The GETs to walk: no path parameter, or only the `{id}` of one of the objects above.
    let mut paths = Vec::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        let Some(get) = operations.get("get") else {
            continue;
        };
        let needs_query = get["parameters"].as_array().is_some_and(|ps| {
            ps.iter()
                .any(|p| p["in"] == "query" && p["required"] == true)
        });
        if needs_query {
            // `/learning/requirements?year=` and `/people/{id}/as-of?date=`: given below.
            continue;
        }
        if !path.contains('{') {
            paths.push(path.clone());
            continue;
        }
        for (prefix, ids) in &objects {
            let stem = prefix.trim_end_matches("{id}");
            if let Some(rest) = path.strip_prefix(stem)
                && let Some(rest) = rest.strip_prefix("{id}")
                && !rest.contains('{')
            {
                for id in ids {
                    paths.push(format!("{stem}{id}{rest}"));
                }
            }
        }
    }
    paths.push("/learning/requirements?year=2026".to_owned());

    let mut scan = Scan {
        codes: &codes,
        hits: Vec::new(),
        strings: 0,
    };
    let (mut operations, mut workbooks, mut pdfs) = (0, 0, 0);
    let mut sessions = vec![("zzb", zzb.clone())];
    for username in ["jyj", "banzhuren", "xueyuan", "shenji"] {
        sessions.push((username, demo.sign_in(username).await));
    }
    for (username, session) in &sessions {
        for path in &paths {
            let (status, content_type, body) = demo.call(Some(session), path).await;
            operations += 1;
            let place = format!("{username} GET {path} ({status})");
            if content_type.starts_with("application/json") {
                let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                scan.json(&place, "", &value, false);
            } else if content_type.contains("spreadsheetml") && status.is_success() {
                workbooks += 1;
                let mut book: calamine::Xlsx<_> =
                    calamine::open_workbook_from_rs(std::io::Cursor::new(body)).unwrap();
                for sheet in book.sheet_names() {
                    let range = book.worksheet_range(&sheet).unwrap();
                    for (row, column, cell) in range.cells() {
                        if let calamine::Data::String(text) = cell {
                            scan.text(&format!("{place} «{sheet}» R{row}C{column}"), text);
                        }
                    }
                }
            } else if content_type.starts_with("application/pdf") && status.is_success() {
                pdfs += 1;
                scan.text(&place, &pdf_words(&body));
            }
        }
    }
    eprintln!(
        "scanned {operations} operations, {workbooks} workbooks, {pdfs} PDFs, {} strings",
        scan.strings
    );
    assert!(operations >= FEWEST_OPERATIONS, "{operations} operations");
    assert!(
        workbooks >= 10 && pdfs >= 5,
        "{workbooks} workbooks, {pdfs} PDFs"
    );
    assert!(
        scan.hits.is_empty(),
        "{} internal codes where a person reads:\n{}",
        scan.hits.len(),
        scan.hits.join("\n")
    );
}

/// A PDF's text with its words apart (`common::pdf_text` drops the spaces, which would glue a
/// code to its neighbours).
fn pdf_words(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed to read printed documents");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_scan_finds_each_kind_of_code() {
    let codes: BTreeSet<String> = ["draft", "section_leader"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    for (text, expected) in [
        ("依据 R-REG-10 办理", "R-REG-10"),
        ("登记人 system:demo", "system:"),
        ("种子 003（…）", "种子"),
        ("seed 000", "seed"),
        ("学时 class_hours.earned", "class_hours.earned"),
        ("修改 training_class 20", "training_class 20"),
        ("状态：draft", "draft"),
    ] {
        assert!(
            offences(text, &codes).iter().any(|o| o == expected),
            "{text}: {:?}",
            offences(text, &codes)
        );
    }
    for text in [
        "沙湖镇 2026 年第 3 期",
        "课件.pdf",
        "Gx 9 页",
        "王芳（组织部干部科）",
    ] {
        assert!(offences(text, &codes).is_empty(), "{text}");
    }
}
