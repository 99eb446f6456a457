//! Every operation of the OpenAPI document, present and future, in the role matrix: each has a
//! row in [`ACCESS`] (a new operation without one fails `every_operation_has_a_row`), and every
//! role holding none of a row's permissions is refused it — 403, or 404 where the record is
//! looked up first — while an anonymous caller gets 401. Requests carry bodies and queries made
//! from the operation's own schema, so a refusal comes from authorisation, not from a missing
//! field. The finer grid of scope (own record, same unit, same county, another county) is in
//! `matrix::people_and_units` and `classes::matrix`.

use super::access::{ACCESS, Access};
use crate::common;

use axum::http::StatusCode;
use common::TestApp;
use ganxun_domain::{Permission, Role};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

fn document() -> Value {
    serde_json::from_str(&ganxun::http::openapi_json()).expect("the OpenAPI document is JSON")
}

/// "METHOD /path" of every operation in the document.
fn operations(doc: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            found.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    found
}

#[test]
fn every_operation_has_a_row() {
    let doc = document();
    let documented = operations(&doc);
    let mut rows = BTreeSet::new();
    let twice: Vec<&str> = ACCESS
        .iter()
        .filter(|(key, _)| !rows.insert(key.to_string()))
        .map(|(key, _)| *key)
        .collect();
    let missing: Vec<&String> = documented.difference(&rows).collect();
    let stale: Vec<&String> = rows.difference(&documented).collect();
    assert!(
        missing.is_empty() && stale.is_empty() && twice.is_empty(),
        "tests/api/matrix/access.rs must have one row per operation.\n\
         operations without a row (add one, saying who may call it): {missing:#?}\n\
         rows naming no operation: {stale:#?}\nrows twice: {twice:#?}"
    );
}

/// A value of `schema` that deserialises: required fields only, first enum value, plain
/// strings, dates where a date is asked for.
fn sample(doc: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 12 {
        return Value::Null;
    }
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return sample(doc, &doc["components"]["schemas"][name], depth + 1);
    }
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = Map::new();
        for part in parts {
            match sample(doc, part, depth + 1) {
                Value::Object(fields) => merged.extend(fields),
                other => return other,
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(choices) = schema[key].as_array() {
            let choice = choices
                .iter()
                .find(|c| c["type"] != "null")
                .unwrap_or(&choices[0]);
            return sample(doc, choice, depth + 1);
        }
    }
    if let Some(values) = schema["enum"].as_array() {
        return values.first().cloned().unwrap_or(Value::Null);
    }
    let kind = match &schema["type"] {
        Value::String(kind) => kind.as_str(),
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|k| *k != "null")
            .unwrap_or("null"),
        _ if schema["properties"].is_object() => "object",
        _ => "null",
    };
    match kind {
        "object" => {
            let mut fields = Map::new();
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().expect("a field name");
                let field = &schema["properties"][name];
                fields.insert(name.to_owned(), sample(doc, field, depth + 1));
            }
            Value::Object(fields)
        }
        "array" => {
            let wanted = schema["minItems"].as_u64().unwrap_or(0);
            Value::Array(
                (0..wanted)
                    .map(|_| sample(doc, &schema["items"], depth + 1))
                    .collect(),
            )
        }
        // A year-like number: the guard refuses years outside 1900–2200 for every operation.
        "integer" | "number" => json!(schema["minimum"].as_i64().unwrap_or(2026).max(2026)),
        "boolean" => json!(false),
        "string" => match schema["format"].as_str() {
            Some("date") => json!("2026-03-02"),
            Some("date-time") => json!("2026-03-02T08:00:00Z"),
            _ => json!("矩阵"),
        },
        _ => Value::Null,
    }
}

/// The request for an operation: path parameters filled, required query parameters from their
/// schemas, a body of the declared content type.
fn request_for(doc: &Value, method: &str, path: &str) -> (String, Option<(String, Vec<u8>)>) {
    let operation = &doc["paths"][path][method.to_lowercase()];
    let mut url = path.to_owned();
    let mut query = Vec::new();
    for parameter in operation["parameters"].as_array().into_iter().flatten() {
        let name = parameter["name"].as_str().unwrap_or_default();
        let value = match sample(doc, &parameter["schema"], 0) {
            Value::String(text) => text,
            other => other.to_string(),
        };
        match parameter["in"].as_str() {
            Some("path") => url = url.replace(&format!("{{{name}}}"), &value),
            Some("query") if parameter["required"] == true => {
                query.push(format!("{name}={}", percent_encoded(&value)));
            }
            _ => {}
        }
    }
    if !query.is_empty() {
        url = format!("{url}?{}", query.join("&"));
    }
    let content = &operation["requestBody"]["content"];
    let body = if let Some(schema) = content.get("application/json") {
        let value = sample(doc, &schema["schema"], 0);
        Some((
            "application/json".to_owned(),
            value.to_string().into_bytes(),
        ))
    } else if content.get("multipart/form-data").is_some() {
        let boundary = "matrixboundary";
        let part = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--{boundary}--\r\n"
        );
        Some((
            format!("multipart/form-data; boundary={boundary}"),
            part.into_bytes(),
        ))
    } else if let Some((kind, _)) = content.as_object().and_then(|c| c.iter().next()) {
        Some((kind.clone(), b"matrix".to_vec()))
    } else {
        None
    };
    (url, body)
}

fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One account per role, at the unit and with the link a real account of the role has.
async fn accounts(t: &TestApp) -> Vec<(Role, common::Session)> {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let zzb = t.login("zzb").await;
    let own = t
        .person(
            &zzb,
            "赵敏",
            &common::id_card("19850505", 11),
            t.units.town_a,
        )
        .await;
    let mut sessions = Vec::new();
    for &role in Role::ALL {
        let username = format!("m_{}", role.code());
        let person = matches!(role, Role::Trainee | Role::Instructor).then_some(own);
        t.account(&username, role.code(), t.units.town_a, person)
            .await;
        sessions.push((role, t.login(&username).await));
    }
    sessions
}

both_backends!(
    a_role_holding_none_of_an_operations_permissions_is_refused_it,
    |t| {
        let doc = document();
        let sessions = accounts(&t).await;
        let mut failures = Vec::new();
        let mut calls = 0;
        for (key, access) in ACCESS {
            let (method, path) = key.split_once(' ').expect("METHOD /path");
            let needed: &[Permission] = match access {
                Access::Public => continue,
                Access::SignedIn => &[],
                Access::Needs(permissions) => permissions,
            };
            let (url, body) = request_for(&doc, method, path);
            let as_bytes = || {
                body.as_ref()
                    .map(|(kind, bytes)| (kind.as_str(), bytes.clone()))
            };
            let (status, _, _) = t.call_raw(None, method, &url, as_bytes()).await;
            calls += 1;
            if status != StatusCode::UNAUTHORIZED {
                failures.push(format!("{key} anonymous: {status} (expected 401)"));
            }
            for (role, session) in &sessions {
                if needed.is_empty() || needed.iter().any(|p| role.permits(*p)) {
                    continue;
                }
                let (status, _, bytes) = t.call_raw(Some(session), method, &url, as_bytes()).await;
                calls += 1;
                if status != StatusCode::FORBIDDEN && status != StatusCode::NOT_FOUND {
                    failures.push(format!(
                        "{key} as {}: {status} {} (expected 403 or 404)",
                        role.code(),
                        String::from_utf8_lossy(&bytes)
                            .chars()
                            .take(160)
                            .collect::<String>()
                    ));
                }
            }
        }
        assert!(calls > ACCESS.len(), "{calls} calls");
        assert!(
            failures.is_empty(),
            "{} of {calls} calls were not refused:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
);
