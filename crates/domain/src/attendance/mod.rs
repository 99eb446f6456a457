//! Roll call and leave (考勤与请销假, SPEC §4, issue 5): the pure rules, with `now` passed in.
//!
//! - **Sign-in window** (R-ATT-1, [`window`]): a trainee signs in to a session from
//!   `opens_before_minutes` before its start until `closes_after_minutes` after it (never after
//!   its end); at or before the start is on time, after it late by the started minutes (or only
//!   the completed ones, a setting) beyond a grace period. Outside the window the sign-in is
//!   refused and the head teacher marks the trainee.
//! - **Rotating codes** (R-ATT-1, [`token`]): the QR code on the room's screen changes every
//!   10 seconds and is bound to the session and the time by an HMAC, so a forwarded photo expires
//!   within 20 seconds and a code of another session is refused.
//! - **Marks** (R-ATT-1, [`marks`]): present, late, left early, late and left early (with
//!   minutes), on approved leave, absent without leave, withdrawn; a correction carries a
//!   reason. Each mark yields the facts the credit ledger needs (R-CRD-1): hours attended pro
//!   rata, rounded down to the hundredth; minutes late and early; unexcused absence; leave.
//! - **Leave cap** (R-ATT-2, R-REG-5, [`leave`]): approved leave may not exceed 1/7 of the class's
//!   total hours (configurable), rounded down to the hundredth; approving past it needs a
//!   withdrawal (退学) decision, after which the trainee earns no hours and no certificate.
//! - **Settings** ([`settings`]): one TOML document per deployment holds the window, grace,
//!   rounding, leave cap and code timing, with built-in defaults.
//!
//! Who may sign in (their own enrolment, once per session, the same device for two trainees
//! flagged), the leave request's life (asked, approved or refused, cancelled on return 销假) and
//! the reports of R-ATT-3 are use cases over storage; they call these rules.

pub mod leave;
pub mod marks;
pub mod settings;
pub mod token;
pub mod window;

pub use leave::{
    LEAVE_CAP_EXCEEDED, LeaveCap, LeaveCapError, LeaveCapExceeded, LeaveState, requested_hours,
};
pub use marks::{AttendanceStatus, Mark, MarkError, MarkSource, SessionFacts, session_facts};
pub use settings::{
    AttendanceSettings, AttendanceSettingsError, DEFAULT_ATTENDANCE_TOML, MinuteRounding,
};
pub use token::{SignInToken, TokenError};
pub use window::{
    SessionPhase, SessionTimes, SessionTimesError, SignInRefused, SignInTiming, minutes_early,
    sign_in_timing,
};

use crate::rules::{FieldHint, RuleKind, checked, choices_of};

/// The kind name of the attendance and leave settings document.
pub const ATTENDANCE_SETTINGS: &str = "attendance_settings";

/// Attendance's rule document: sign-in windows, late and early margins, the leave cap.
pub const RULE_KINDS: &[RuleKind] = &[RuleKind {
    kind: ATTENDANCE_SETTINGS,
    title: "考勤与请假",
    built_in: DEFAULT_ATTENDANCE_TOML,
    check: |text| {
        checked(
            AttendanceSettings::from_toml(text),
            AttendanceSettingsError::code,
        )
    },
    fields: &[
        FieldHint::plain(
            "opens_before_minutes",
            "开课前几分钟开放签到",
            "Sign-in opens (minutes before)",
        ),
        FieldHint::plain(
            "closes_after_minutes",
            "开课后几分钟停止签到",
            "Sign-in closes (minutes after)",
        ),
        FieldHint::plain(
            "late_grace_minutes",
            "迟到宽限（分钟）",
            "Grace before late (minutes)",
        ),
        FieldHint::chosen(
            "rounding",
            "迟到早退分钟的取整",
            "Rounding of minutes",
            choices_of::<MinuteRounding>,
        ),
        FieldHint::plain(
            "leave_cap",
            "请假累计上限（占总学时）",
            "Leave cap (share of hours)",
        ),
        FieldHint::plain(
            "token_step_seconds",
            "签到码更新间隔（秒）",
            "Sign-in code changes every (seconds)",
        ),
        FieldHint::plain(
            "token_previous_steps",
            "仍接受的前几个签到码",
            "Earlier codes still accepted",
        ),
    ],
}];
