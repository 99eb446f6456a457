//! The web application's API types are generated from `web/openapi.json`; this test fails when
//! the server's document has changed since, so the two cannot drift apart silently.

#[test]
fn the_web_app_was_generated_from_the_current_openapi_document() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/openapi.json");
    let current = ganxun::http::openapi_json();
    // `GANXUN_WRITE_OPENAPI=1 cargo test -p ganxun --test api openapi::` rewrites the file from
    // the test build (no separate build of the binary), then `npm run gen:api` in web/.
    if std::env::var_os("GANXUN_WRITE_OPENAPI").is_some() {
        std::fs::write(&path, format!("{current}\n")).expect("web/openapi.json is writable");
    }
    let Ok(saved) = std::fs::read_to_string(&path) else {
        panic!(
            "{} is missing: run `cargo run -p ganxun -- openapi > web/openapi.json && (cd web && npm run gen:api)`",
            path.display()
        );
    };
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("valid JSON");
    assert!(
        parse(&saved) == parse(&current),
        "the API changed: run `cargo run -p ganxun -- openapi > web/openapi.json && (cd web && npm run gen:api)` and fix the web app's type errors"
    );
}

#[test]
fn every_operation_documents_its_responses_and_errors_use_one_shape() {
    let doc: serde_json::Value = serde_json::from_str(&ganxun::http::openapi_json()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 20, "{} paths", paths.len());
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                !responses.is_empty(),
                "{method} {path} documents no response"
            );
        }
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

/// API tools refuse an operation whose `{param}` is not declared (issue 14 item 10): every
/// placeholder in a path is a declared path parameter of each of its operations, and nothing
/// else is declared as one.
#[test]
fn every_path_parameter_is_declared() {
    let doc: serde_json::Value = serde_json::from_str(&ganxun::http::openapi_json()).unwrap();
    let mut checked = 0;
    let mut missing = Vec::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        let mut placeholders: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        placeholders.sort_unstable();
        for (method, operation) in operations.as_object().unwrap() {
            let mut declared: Vec<&str> = operation["parameters"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter(|p| p["in"] == "path")
                        .filter_map(|p| p["name"].as_str())
                        .collect()
                })
                .unwrap_or_default();
            declared.sort_unstable();
            if declared != placeholders {
                missing.push(format!("{method} {path}: declares {declared:?}"));
            }
            checked += 1;
        }
    }
    assert!(checked >= 100, "{checked} operations");
    assert!(
        missing.is_empty(),
        "{} operations do not declare exactly their path parameters:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// The operations the web's API modules call (`web/src/api/*.ts`): each `http.<method>(path …)`
/// with a literal path, `${…}` standing for a path parameter. Query strings are cut off.
fn web_calls() -> Vec<(String, String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/src/api");
    let mut calls = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".ts") || name.ends_with(".d.ts") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for method in ["get", "post", "put", "patch", "delete"] {
            for (at, _) in text.match_indices(&format!("http.{method}")) {
                let rest = &text[at + 5 + method.len()..];
                // Past the type arguments, if any, to the opening parenthesis.
                let Some(open) = rest.find('(') else { continue };
                let argument = rest[open + 1..].trim_start();
                let Some(quote) = argument.chars().next().filter(|c| "'`\"".contains(*c)) else {
                    continue;
                };
                let Some(end) = argument[1..].find(quote) else {
                    continue;
                };
                let literal = &argument[1..1 + end];
                let mut shape = String::new();
                let mut rest = literal.split('?').next().unwrap_or_default();
                while let Some(start) = rest.find("${") {
                    shape.push_str(&rest[..start]);
                    shape.push_str("{}");
                    rest = rest[start..].split_once('}').map_or("", |(_, after)| after);
                }
                shape.push_str(rest);
                calls.push((name.clone(), method.to_owned(), shape));
            }
        }
    }
    calls
}

/// Every call the web client makes names an operation of the OpenAPI document, with its method
/// (issue 15 item 6): a renamed or removed endpoint fails here, not in an officer's browser.
#[test]
fn every_operation_the_web_calls_is_in_the_document() {
    let doc: serde_json::Value = serde_json::from_str(&ganxun::http::openapi_json()).unwrap();
    let mut operations = std::collections::BTreeSet::new();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        let mut shape = String::new();
        let mut rest = path.as_str();
        while let Some(start) = rest.find('{') {
            shape.push_str(&rest[..start]);
            shape.push_str("{}");
            rest = rest[start..].split_once('}').map_or("", |(_, after)| after);
        }
        shape.push_str(rest);
        for method in methods.as_object().unwrap().keys() {
            operations.insert((method.clone(), shape.clone()));
        }
    }
    let calls = web_calls();
    assert!(
        calls.len() > 100,
        "only {} calls read: the scan broke",
        calls.len()
    );
    let unknown: Vec<String> = calls
        .into_iter()
        .filter(|(_, method, shape)| !operations.contains(&(method.clone(), shape.clone())))
        .map(|(file, method, shape)| format!("{file}: {method} {shape}"))
        .collect();
    assert!(
        unknown.is_empty(),
        "the web calls operations the API does not have:\n{}",
        unknown.join("\n")
    );
}
