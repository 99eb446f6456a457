//! The deployment's attendance settings (R-ATT-1, R-REG-5), kept as a document the training
//! authority edits like the other rule documents: when the sign-in window opens and closes, how
//! lateness is counted, the leave cap, and how long a rotating sign-in code stays valid.
//!
//! ```toml
//! opens_before_minutes = 30     # 开课前多少分钟开放签到
//! closes_after_minutes = 30     # 开课后多少分钟停止签到
//! late_grace_minutes = 0        # 迟到宽限分钟数
//! rounding = "whole_minute"     # 不足一分钟按一分钟计
//! leave_cap = "1/7"             # 请假不得超过总学时的比例（R-REG-5）
//! token_step_seconds = 10       # 签到码更新间隔（秒）
//! token_previous_steps = 1      # 仍接受前几个签到码
//! ```
//!
//! Absent keys keep their defaults, so a county that only changes the window writes one line.

use super::leave::LeaveCap;
use crate::code_enum;
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

/// The built-in settings, the same values as [`AttendanceSettings::default`].
pub const DEFAULT_ATTENDANCE_TOML: &str = "\
# 开课前多少分钟开放签到
opens_before_minutes = 30
# 开课后多少分钟停止签到；之后只能由班主任补登
closes_after_minutes = 30
# 迟到宽限分钟数：0 表示晚到一分钟即为迟到
late_grace_minutes = 0
# 迟到、早退分钟数的取整方式：不足一分钟按一分钟计，或只计满一分钟
rounding = \"whole_minute\"
# 请假累计不得超过本班总学时的比例，超过须作退学处理（《干部教育培训工作条例》第十五条）
leave_cap = \"1/7\"
# 签到二维码每隔多少秒更新一次
token_step_seconds = 10
# 考虑网络延迟，仍接受前几个签到码（1 表示一个签到码有效 10 至 20 秒）
token_previous_steps = 1
";

/// The longest a sign-in window may open before, or stay open after, a session starts.
const MAX_WINDOW_MINUTES: u32 = 240;
/// Bounds of the sign-in code's step: shorter than 5 s is unreadable on a projector, longer
/// than 2 minutes leaves a photographed code usable for too long.
const TOKEN_STEP_SECONDS: std::ops::RangeInclusive<u32> = 5..=120;
/// At most this many earlier codes are still accepted.
const MAX_PREVIOUS_STEPS: u32 = 6;

code_enum! {
    /// How a span of time converts into the whole minutes of lateness or early leave written in
    /// the ledger.
    pub enum MinuteRounding {
        /// Any started minute counts: signing in at 08:30:01 for an 08:30 session is one minute
        /// late.
        WholeMinute => ("whole_minute", "不足一分钟按一分钟计", "Any started minute counts"),
        /// Only completed minutes count: 08:30:59 is still on time, 08:31:00 is one minute late.
        CompletedMinute => ("completed_minute", "只计满一分钟", "Only completed minutes count"),
    }
}

impl MinuteRounding {
    /// Whole minutes in `span` under this rounding; nothing for a span that is zero or negative.
    /// Resolution is the millisecond, finer than any clock a phone reports.
    pub fn minutes(self, span: TimeDelta) -> u32 {
        let Ok(millis) = u64::try_from(span.num_milliseconds()) else {
            return 0;
        };
        let minutes = match self {
            MinuteRounding::WholeMinute => millis.div_ceil(60_000),
            MinuteRounding::CompletedMinute => millis / 60_000,
        };
        u32::try_from(minutes).unwrap_or(u32::MAX)
    }
}

/// The attendance settings of a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AttendanceSettings {
    /// Sign-in opens this many minutes before a session starts.
    pub opens_before_minutes: u32,
    /// Sign-in closes this many minutes after a session starts (and never after it ends);
    /// later, only the head teacher can mark a trainee.
    pub closes_after_minutes: u32,
    /// A trainee this many minutes late or less is on time. Past the grace, lateness counts from
    /// the start: with 5 minutes' grace, 6 minutes late is 6 minutes late, not 1.
    pub late_grace_minutes: u32,
    /// How lateness and early leave are rounded to whole minutes.
    pub rounding: MinuteRounding,
    /// Leave may not exceed this fraction of the class's total hours (R-REG-5).
    pub leave_cap: LeaveCap,
    /// The sign-in code shown in the room changes every this many seconds.
    pub token_step_seconds: u32,
    /// How many codes before the current one are still accepted, for a phone on a slow network:
    /// with 10-second steps and 1, a code is accepted for 10 to 20 seconds after it appeared.
    pub token_previous_steps: u32,
}

impl Default for AttendanceSettings {
    fn default() -> Self {
        Self {
            opens_before_minutes: 30,
            closes_after_minutes: 30,
            late_grace_minutes: 0,
            rounding: MinuteRounding::WholeMinute,
            leave_cap: LeaveCap::ONE_SEVENTH,
            token_step_seconds: 10,
            token_previous_steps: 1,
        }
    }
}

/// Why an attendance settings document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttendanceSettingsError {
    #[error("考勤设置格式错误：{0}")]
    Syntax(String),
    #[error("开课前开放签到的分钟数须在 0 至 240 之间，实为 {0}")]
    OpensBefore(u32),
    #[error("开课后停止签到的分钟数须在 0 至 240 之间，实为 {0}")]
    ClosesAfter(u32),
    #[error("签到时段为空：开课前开放和开课后停止的分钟数不能都为 0")]
    EmptyWindow,
    #[error(
        "迟到宽限 {grace} 分钟不能超过开课后停止签到的 {closes_after} 分钟，否则签到的人都不算迟到"
    )]
    LateGrace { grace: u32, closes_after: u32 },
    #[error("签到码更新间隔须在 5 至 120 秒之间，实为 {0} 秒")]
    TokenStep(u32),
    #[error("仍接受的前几个签到码须在 0 至 6 之间，实为 {0}")]
    TokenPreviousSteps(u32),
}

impl AttendanceSettingsError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            AttendanceSettingsError::Syntax(_) => "ATTENDANCE_SETTINGS_SYNTAX",
            AttendanceSettingsError::OpensBefore(_) => "ATTENDANCE_OPENS_BEFORE",
            AttendanceSettingsError::ClosesAfter(_) => "ATTENDANCE_CLOSES_AFTER",
            AttendanceSettingsError::EmptyWindow => "ATTENDANCE_EMPTY_WINDOW",
            AttendanceSettingsError::LateGrace { .. } => "ATTENDANCE_LATE_GRACE",
            AttendanceSettingsError::TokenStep(_) => "ATTENDANCE_TOKEN_STEP",
            AttendanceSettingsError::TokenPreviousSteps(_) => "ATTENDANCE_TOKEN_PREVIOUS_STEPS",
        }
    }
}

impl AttendanceSettings {
    /// Parses and checks a TOML document; a syntax error or an unreadable value (a leave cap
    /// of `"1/0"`, a rounding of `"nearest"`) names its line.
    pub fn from_toml(text: &str) -> Result<Self, AttendanceSettingsError> {
        let settings: AttendanceSettings =
            crate::document::from_toml(text).map_err(AttendanceSettingsError::Syntax)?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks the settings before they are saved.
    pub fn validate(&self) -> Result<(), AttendanceSettingsError> {
        if self.opens_before_minutes > MAX_WINDOW_MINUTES {
            return Err(AttendanceSettingsError::OpensBefore(
                self.opens_before_minutes,
            ));
        }
        if self.closes_after_minutes > MAX_WINDOW_MINUTES {
            return Err(AttendanceSettingsError::ClosesAfter(
                self.closes_after_minutes,
            ));
        }
        if self.opens_before_minutes == 0 && self.closes_after_minutes == 0 {
            return Err(AttendanceSettingsError::EmptyWindow);
        }
        if self.late_grace_minutes > self.closes_after_minutes {
            return Err(AttendanceSettingsError::LateGrace {
                grace: self.late_grace_minutes,
                closes_after: self.closes_after_minutes,
            });
        }
        if !TOKEN_STEP_SECONDS.contains(&self.token_step_seconds) {
            return Err(AttendanceSettingsError::TokenStep(self.token_step_seconds));
        }
        if self.token_previous_steps > MAX_PREVIOUS_STEPS {
            return Err(AttendanceSettingsError::TokenPreviousSteps(
                self.token_previous_steps,
            ));
        }
        Ok(())
    }

    /// The longest a sign-in code is accepted after it first appeared on the screen.
    pub fn token_lifetime(&self) -> TimeDelta {
        TimeDelta::seconds(
            i64::from(self.token_step_seconds) * (i64::from(self.token_previous_steps) + 1),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_document_is_the_default() {
        assert_eq!(
            AttendanceSettings::from_toml(DEFAULT_ATTENDANCE_TOML).unwrap(),
            AttendanceSettings::default()
        );
        AttendanceSettings::default().validate().unwrap();
    }

    #[test]
    fn absent_keys_keep_their_defaults() {
        let settings = AttendanceSettings::from_toml("closes_after_minutes = 15\n").unwrap();
        assert_eq!(settings.closes_after_minutes, 15);
        assert_eq!(settings.opens_before_minutes, 30);
        assert_eq!(settings.leave_cap, LeaveCap::ONE_SEVENTH);
    }

    #[test]
    fn the_leave_cap_and_the_rounding_are_configurable() {
        let settings = AttendanceSettings::from_toml(
            "leave_cap = \"1/10\"\nrounding = \"completed_minute\"\n",
        )
        .unwrap();
        assert_eq!(settings.leave_cap.to_string(), "1/10");
        assert_eq!(settings.rounding, MinuteRounding::CompletedMinute);
    }

    #[test]
    fn a_default_code_lives_ten_to_twenty_seconds() {
        assert_eq!(
            AttendanceSettings::default().token_lifetime(),
            TimeDelta::seconds(20)
        );
    }

    #[test]
    fn any_started_minute_counts_by_default_and_only_completed_ones_otherwise() {
        let whole = MinuteRounding::WholeMinute;
        let completed = MinuteRounding::CompletedMinute;
        assert_eq!(whole.minutes(TimeDelta::zero()), 0);
        assert_eq!(whole.minutes(TimeDelta::seconds(-5)), 0);
        assert_eq!(whole.minutes(TimeDelta::milliseconds(1)), 1);
        assert_eq!(whole.minutes(TimeDelta::seconds(60)), 1);
        assert_eq!(whole.minutes(TimeDelta::seconds(61)), 2);
        assert_eq!(completed.minutes(TimeDelta::seconds(59)), 0);
        assert_eq!(completed.minutes(TimeDelta::seconds(60)), 1);
        assert_eq!(completed.minutes(TimeDelta::seconds(119)), 1);
    }

    #[test]
    fn bad_values_are_refused_with_a_code_and_a_chinese_message() {
        let cases = [
            ("opens_before_minutes = 300", "ATTENDANCE_OPENS_BEFORE"),
            ("closes_after_minutes = 241", "ATTENDANCE_CLOSES_AFTER"),
            (
                "opens_before_minutes = 0\ncloses_after_minutes = 0\nlate_grace_minutes = 0",
                "ATTENDANCE_EMPTY_WINDOW",
            ),
            (
                "closes_after_minutes = 10\nlate_grace_minutes = 11",
                "ATTENDANCE_LATE_GRACE",
            ),
            ("token_step_seconds = 4", "ATTENDANCE_TOKEN_STEP"),
            ("token_step_seconds = 121", "ATTENDANCE_TOKEN_STEP"),
            (
                "token_previous_steps = 7",
                "ATTENDANCE_TOKEN_PREVIOUS_STEPS",
            ),
        ];
        for (text, code) in cases {
            let error = AttendanceSettings::from_toml(text).unwrap_err();
            assert_eq!(error.code(), code, "{text}");
        }
        let error =
            AttendanceSettings::from_toml("closes_after_minutes = 10\nlate_grace_minutes = 11")
                .unwrap_err();
        assert_eq!(
            error.to_string(),
            "迟到宽限 11 分钟不能超过开课后停止签到的 10 分钟，否则签到的人都不算迟到"
        );
        assert_eq!(
            AttendanceSettings::from_toml("token_step_seconds = 4")
                .unwrap_err()
                .to_string(),
            "签到码更新间隔须在 5 至 120 秒之间，实为 4 秒"
        );
    }

    #[test]
    fn syntax_errors_and_unreadable_values_name_the_line() {
        let error = AttendanceSettings::from_toml("opens_before_minutes = 30\nopens_befor = 5\n")
            .unwrap_err();
        assert_eq!(error.code(), "ATTENDANCE_SETTINGS_SYNTAX");
        assert!(
            error.to_string().starts_with("考勤设置格式错误：第 2 行"),
            "{error}"
        );

        let error = AttendanceSettings::from_toml("\n\nleave_cap = \"1/0\"\n").unwrap_err();
        assert!(error.to_string().contains("第 3 行"), "{error}");
        assert!(error.to_string().contains("1/0"), "{error}");

        let error = AttendanceSettings::from_toml("rounding = \"nearest\"\n").unwrap_err();
        assert!(error.to_string().contains("第 1 行"), "{error}");
    }
}
