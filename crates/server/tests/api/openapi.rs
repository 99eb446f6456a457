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
