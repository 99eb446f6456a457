//! The caller, from the session cookie: authentication, CSRF protection for every
//! state-changing request, the password-change, second-factor and suspended-roles gates. Over TLS
//! the cookies carry the `__Host-` prefix, which browsers accept only from this very host,
//! over TLS, for the whole site: no neighbour or plain-HTTP page can plant a session.

use crate::app::accounts::auth;
use crate::app::accounts::refusal::Refusal as SignInRefusal;
use crate::app::second_factor::refusal::Refusal as SecondFactorRefusal;
use crate::app::{AppError, Principal};
use crate::http::error::ApiError;
use crate::http::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use std::net::SocketAddr;

pub const SESSION_COOKIE: &str = "ganxun_session";
pub const CSRF_COOKIE: &str = "ganxun_csrf";
/// The names over TLS (issue 14 item 8).
pub const HOST_SESSION_COOKIE: &str = "__Host-ganxun_session";
pub const HOST_CSRF_COOKIE: &str = "__Host-ganxun_csrf";

/// The session and CSRF cookie names for a request over TLS or not. Each request reads only
/// the name of its own kind, so a plain-named cookie is never taken over TLS.
pub fn cookie_names(over_tls: bool) -> (&'static str, &'static str) {
    if over_tls {
        (HOST_SESSION_COOKIE, HOST_CSRF_COOKIE)
    } else {
        (SESSION_COOKIE, CSRF_COOKIE)
    }
}
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in caller who has no pending password change or second-factor set-up and whose
/// roles are in force.
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

/// A signed-in caller who may still have to change their password or set up a second factor
/// (`/auth/me`, `/auth/password`, `/auth/logout`, `/auth/second-factor/…`).
#[derive(Debug, Clone)]
pub struct AnyCaller(pub Principal);

/// The client's address: the socket's, or the proxy's `X-Forwarded-For` when trusted.
pub fn client_ip(parts: &Parts, trust_proxy: bool) -> String {
    let forwarded = parts
        .headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    if let Some(first) = forwarded
        .filter(|_| trust_proxy)
        .and_then(|f| f.split(',').next())
    {
        return first.trim().to_owned();
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Double-submit check: the header must carry the session's own CSRF token. Together with
/// `SameSite=Strict` cookies this stops cross-site forms and scripts.
fn check_csrf(method: &Method, headers: &HeaderMap, principal: &Principal) -> Result<(), AppError> {
    if is_safe(method) {
        return Ok(());
    }
    let sent = headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let expected = principal.csrf_token.as_bytes();
    let matches = sent.len() == expected.len()
        && sent
            .bytes()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if matches { Ok(()) } else { Err(AppError::Csrf) }
}

/// The value of the named cookie, read off the `Cookie` headers as they are: every request of
/// a signed-in caller needs one cookie, not a parsed jar of all of them (a few percent of a
/// heartbeat's time went into that jar). Our own cookies' values are plain tokens: no quotes,
/// no percent-encoding.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key.trim() == name).then(|| value.trim())
        })
        .filter(|value| !value.is_empty())
}

async fn principal_of(parts: &mut Parts, state: &AppState) -> Result<Principal, ApiError> {
    let security = &state.app.settings.security;
    let (session_cookie, _) = cookie_names(crate::http::edge::over_tls(&parts.headers, security));
    let token = cookie(&parts.headers, session_cookie).ok_or(AppError::Unauthenticated)?;
    let ip = client_ip(parts, state.app.settings.security.trust_proxy);
    let principal = auth::authenticate(&state.app, token, &ip).await?;
    check_csrf(&parts.method, &parts.headers, &principal)?;
    Ok(principal)
}

impl FromRequestParts<AppState> for AnyCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(AnyCaller(principal_of(parts, state).await?))
    }
}

/// A signed-in caller whose password is settled but who may still have to set up a second
/// factor, or whose roles may wait for confirmation (`/auth/second-factor/…`): the password
/// comes first, since it may be one an administrator chose.
#[derive(Debug, Clone)]
pub struct SettledCaller(pub Principal);

impl FromRequestParts<AppState> for SettledCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let principal = principal_of(parts, state).await?;
        if principal.must_change_password {
            return Err(AppError::refused(SignInRefusal::PasswordChangeRequired).into());
        }
        Ok(SettledCaller(principal))
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let SettledCaller(principal) = SettledCaller::from_request_parts(parts, state).await?;
        if principal.second_factor_pending {
            return Err(AppError::refused(SecondFactorRefusal::SetupRequired).into());
        }
        if principal.roles_suspended {
            return Err(AppError::refused(SignInRefusal::RolesSuspended).into());
        }
        Ok(Caller(principal))
    }
}

/// The caller's address and browser, for sign-in (no session yet).
#[derive(Debug, Clone)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
    pub over_tls: bool,
}

impl FromRequestParts<AppState> for ClientInfo {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let security = &state.app.settings.security;
        Ok(ClientInfo {
            ip: client_ip(parts, security.trust_proxy),
            user_agent: parts
                .headers
                .get(axum::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
            over_tls: crate::http::edge::over_tls(&parts.headers, security),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_by_its_exact_name_in_any_cookie_header() {
        let mut headers = HeaderMap::new();
        headers.append(
            "cookie",
            "theme=dark; ganxun_session_old=x".parse().unwrap(),
        );
        headers.append(
            "cookie",
            "a=1;ganxun_csrf=c2 ; ganxun_session=t0k3n "
                .parse()
                .unwrap(),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("t0k3n"));
        assert_eq!(cookie(&headers, CSRF_COOKIE), Some("c2"));
        assert_eq!(cookie(&headers, HOST_SESSION_COOKIE), None);
        headers.insert("cookie", "ganxun_session=".parse().unwrap());
        assert_eq!(cookie(&headers, SESSION_COOKIE), None);
    }
}
