//! Signed-in callers kept in memory (issue 16): what ends or changes a session holds at once on
//! the server that made the change, and within seconds on another server sharing the database.

use crate::common::{self, TestApp};
use axum::Router;
use axum::http::StatusCode;
use std::time::{Duration, Instant};

/// Asks `router` for the caller until it is refused; how long that took. The other server
/// reads the changes every second, so a few seconds is a generous bound.
async fn refused_within(
    t: &TestApp,
    router: &Router,
    session: &common::Session,
) -> Option<Duration> {
    let asked = Instant::now();
    while asked.elapsed() < Duration::from_secs(10) {
        if t.call_on(router, Some(session), "GET", "/auth/me").await == StatusCode::UNAUTHORIZED {
            return Some(asked.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

both_backends!(
    a_logout_holds_here_at_once_and_on_another_server_within_seconds,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let other = t.second_server().await;
        let session = t.login("zzb").await;
        // Both servers now keep the session.
        for _ in 0..2 {
            assert_eq!(
                t.call(Some(&session), "GET", "/auth/me", None).await.0,
                StatusCode::OK
            );
            assert_eq!(
                t.call_on(&other, Some(&session), "GET", "/auth/me").await,
                StatusCode::OK
            );
        }
        let (status, _) = t.call(Some(&session), "POST", "/auth/logout", None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            t.call(Some(&session), "GET", "/auth/me", None).await.0,
            StatusCode::UNAUTHORIZED,
            "the server that ended the session refuses it at once"
        );
        let took = refused_within(&t, &other, &session).await;
        assert!(
            took.is_some(),
            "the other server still accepts the ended session"
        );
    }
);

both_backends!(
    a_deactivation_on_another_server_ends_the_kept_session,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let teacher_id = t
            .account("teacher", "head_teacher", t.units.county_x, None)
            .await;
        t.account("sysadmin", "system_admin", t.units.city, None)
            .await;
        let other = t.second_server().await;
        let teacher = t.login("teacher").await;
        assert_eq!(
            t.call_on(&other, Some(&teacher), "GET", "/auth/me").await,
            StatusCode::OK
        );
        assert_eq!(
            t.call(Some(&teacher), "GET", "/auth/me", None).await.0,
            StatusCode::OK
        );
        let admin = t.login("sysadmin").await;
        let (status, body) = t
            .call(
                Some(&admin),
                "POST",
                &format!("/accounts/{teacher_id}/deactivate"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        assert_eq!(
            t.call(Some(&teacher), "GET", "/auth/me", None).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert!(refused_within(&t, &other, &teacher).await.is_some());
    }
);
