//! What every response carries (issue 14 item 8): the security headers, HSTS and `__Host-`
//! cookies only over TLS, and the `{code, message}` body with the right status for requests
//! refused before any handler runs (broken JSON 400, wrong type 415, too large 413, unknown
//! route 404, wrong method 405, unparseable path or query).

use crate::common::{self, PASSWORD, TestApp};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

async fn send(t: &TestApp, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = t.router.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes.to_vec())
}

fn get(uri: &str) -> Request<Body> {
    Request::builder().uri(uri).body(Body::empty()).unwrap()
}

/// The body must be our error shape: a stable code and a Chinese message.
fn error_body(bytes: &[u8]) -> Value {
    let body: Value = serde_json::from_slice(bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(bytes)));
    let code = body["code"].as_str().unwrap_or_default();
    assert!(
        !code.is_empty() && code.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
        "{body}"
    );
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers_and_hsts_only_over_tls() {
    let t = TestApp::sqlite().await;
    for uri in ["/api/v1/health", "/", "/people/12", "/api/v1/nope"] {
        let (_, headers, _) = send(&t, get(uri)).await;
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{uri}: {csp}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(headers["x-frame-options"], "DENY", "{uri}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{uri}");
        assert!(
            headers.get("strict-transport-security").is_none(),
            "{uri}: HSTS over plain HTTP"
        );
    }
    // A proxy that is not trusted cannot switch HSTS on.
    let forwarded = Request::builder()
        .uri("/api/v1/health")
        .header("x-forwarded-proto", "https")
        .body(Body::empty())
        .unwrap();
    assert!(
        send(&t, forwarded)
            .await
            .1
            .get("strict-transport-security")
            .is_none()
    );

    let mut settings = common::settings();
    settings.security.trust_proxy = true;
    let t = TestApp::sqlite_with(settings).await;
    let forwarded = |uri: &str| {
        Request::builder()
            .uri(uri)
            .header("x-forwarded-proto", "https")
            .body(Body::empty())
            .unwrap()
    };
    for uri in ["/api/v1/health", "/"] {
        let (_, headers, _) = send(&t, forwarded(uri)).await;
        assert_eq!(
            headers["strict-transport-security"], "max-age=31536000",
            "{uri}"
        );
    }
    let mut settings = common::settings();
    settings.security.secure_cookies = Some(true);
    let t = TestApp::sqlite_with(settings).await;
    let (_, headers, _) = send(&t, get("/api/v1/health")).await;
    assert!(
        headers.get("strict-transport-security").is_some(),
        "TLS declared in the settings"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_tls_the_cookies_are_host_prefixed_and_only_those_are_taken() {
    let mut settings = common::settings();
    settings.security.secure_cookies = Some(true);
    let t = TestApp::sqlite_with(settings).await;
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let login = Request::builder()
        .method("POST")
        .uri("/api/v1/auth/login")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"username": "zzb", "password": PASSWORD}).to_string(),
        ))
        .unwrap();
    let (status, headers, body) = send(&t, login).await;
    assert_eq!(status, StatusCode::OK);
    let cookies: Vec<&str> = headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(cookies.len(), 2, "{cookies:?}");
    for cookie in &cookies {
        assert!(cookie.starts_with("__Host-ganxun_"), "{cookie}");
        assert!(
            cookie.contains("Secure") && cookie.contains("Path=/"),
            "{cookie}"
        );
        assert!(!cookie.to_ascii_lowercase().contains("domain="), "{cookie}");
    }
    let token = cookies
        .iter()
        .find_map(|c| c.strip_prefix("__Host-ganxun_session="))
        .and_then(|c| c.split(';').next())
        .unwrap();
    let me = |name: &str| {
        Request::builder()
            .uri("/api/v1/auth/me")
            .header("cookie", format!("{name}={token}"))
            .body(Body::empty())
            .unwrap()
    };
    let (status, _, _) = send(&t, me("__Host-ganxun_session")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, bytes) = send(&t, me("ganxun_session")).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a plain-named cookie is not taken over TLS"
    );
    assert_eq!(error_body(&bytes)["code"], "UNAUTHENTICATED");
    let csrf: Value = serde_json::from_slice(&body).unwrap();
    let logout = Request::builder()
        .method("POST")
        .uri("/api/v1/auth/logout")
        .header("cookie", format!("__Host-ganxun_session={token}"))
        .header("x-csrf-token", csrf["csrf_token"].as_str().unwrap())
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send(&t, logout).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(
        headers
            .get_all("set-cookie")
            .iter()
            .all(|c| c.to_str().unwrap().starts_with("__Host-")
                && c.to_str().unwrap().contains("Secure")),
        "removal cookies must carry the prefix and Secure to be accepted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_refused_at_the_door_get_the_right_status_and_our_body() {
    let t = TestApp::sqlite().await;
    let login = |content_type: Option<&str>, body: Vec<u8>| {
        let mut request = Request::builder().method("POST").uri("/api/v1/auth/login");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        request.body(Body::from(body)).unwrap()
    };
    let cases: Vec<(&str, Request<Body>, StatusCode, &str)> = vec![
        (
            "broken JSON",
            login(Some("application/json"), b"{\"username\": ".to_vec()),
            StatusCode::BAD_REQUEST,
            "MALFORMED_REQUEST",
        ),
        (
            "no content type",
            login(None, br#"{"username":"a","password":"b"}"#.to_vec()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            "a form instead of JSON",
            login(
                Some("application/x-www-form-urlencoded"),
                b"username=a".to_vec(),
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            "a body over the limit",
            login(Some("application/json"), vec![b' '; 33 * 1024 * 1024]),
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
        ),
        (
            "JSON of the wrong shape",
            login(Some("application/json"), br#"{"username": 5}"#.to_vec()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "BAD_REQUEST",
        ),
        (
            "an unknown route",
            get("/api/v1/nope"),
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        (
            "outside v1",
            get("/api/v2/people"),
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
        ("bare /api", get("/api"), StatusCode::NOT_FOUND, "NOT_FOUND"),
        (
            "a method the path lacks",
            Request::builder()
                .method("DELETE")
                .uri("/api/v1/auth/login")
                .body(Body::empty())
                .unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
        ),
    ];
    for (what, request, status, code) in cases {
        let (got, headers, bytes) = send(&t, request).await;
        assert_eq!(got, status, "{what}: {}", String::from_utf8_lossy(&bytes));
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{what}"
        );
        assert_eq!(error_body(&bytes)["code"], code, "{what}");
    }
    // Path and query values that do not parse, for a signed-in caller.
    t.account("sysadmin", "system_admin", t.units.city, None)
        .await;
    let session = t.login("sysadmin").await;
    for path in ["/accounts/abc", "/accounts?page=abc"] {
        let (status, headers, bytes) = t.call_raw(Some(&session), "GET", path, None).await;
        assert!(status.is_client_error(), "{path}: {status}");
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        error_body(&bytes);
    }
}
