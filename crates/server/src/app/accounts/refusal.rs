//! What signing in and keeping a session refuse, in the words the sign-in page shows.

use chrono::{DateTime, Utc};
use ganxun_domain::problem::{Problem, Status};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Wrong username or password (never says which).
    InvalidCredentials,
    /// Too many wrong passwords: locked until the given time.
    AccountLocked { until: DateTime<Utc> },
    /// The session passed its idle or its absolute limit.
    SessionExpired { idle: bool },
    /// The password was set or reset by an administrator and must be replaced first.
    PasswordChangeRequired,
    /// The account's roles wait for the security administrator's confirmation after an
    /// administrator chose its password (ADR 0004).
    RolesSuspended,
    /// Too many sign-in attempts from one address or for one account (issue 14 item 6).
    Throttled { retry_after_seconds: i64 },
}

impl Problem for Refusal {
    fn status(&self) -> Status {
        match self {
            Refusal::InvalidCredentials | Refusal::SessionExpired { .. } => Status::Unauthorized,
            Refusal::AccountLocked { .. }
            | Refusal::PasswordChangeRequired
            | Refusal::RolesSuspended => Status::Forbidden,
            Refusal::Throttled { .. } => Status::TooManyRequests,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Refusal::InvalidCredentials => "INVALID_CREDENTIALS",
            Refusal::AccountLocked { .. } => "ACCOUNT_LOCKED",
            Refusal::SessionExpired { idle: true } => "SESSION_IDLE_TIMEOUT",
            Refusal::SessionExpired { idle: false } => "SESSION_EXPIRED",
            Refusal::PasswordChangeRequired => "PASSWORD_CHANGE_REQUIRED",
            Refusal::RolesSuspended => "ROLES_SUSPENDED",
            Refusal::Throttled { .. } => "SIGN_IN_THROTTLED",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::InvalidCredentials => "用户名或密码错误".into(),
            Refusal::AccountLocked { until } => format!(
                "密码错误次数过多，账号已锁定，请于 {} 后再试或联系安全管理员解锁",
                ganxun_domain::china_datetime(*until).format("%H:%M")
            ),
            Refusal::SessionExpired { idle: true } => "长时间未操作，已自动退出，请重新登录".into(),
            Refusal::SessionExpired { idle: false } => "登录已超过最长有效期，请重新登录".into(),
            Refusal::PasswordChangeRequired => "首次登录或密码已被重置，请先修改密码".into(),
            Refusal::RolesSuspended => {
                "您的密码曾由管理员设置或重置，账号角色已暂停，待安全管理员确认后恢复".into()
            }
            Refusal::Throttled {
                retry_after_seconds,
            } => format!("登录尝试过于频繁，请 {retry_after_seconds} 秒后再试"),
        }
    }

    fn retry_after(&self) -> Option<i64> {
        match self {
            Refusal::Throttled {
                retry_after_seconds,
            } => Some(*retry_after_seconds),
            _ => None,
        }
    }
}
