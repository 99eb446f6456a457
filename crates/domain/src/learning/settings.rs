//! The deployment's online-learning timing rules (R-ONL-2), a rule document like the others:
//! how often the page reports, how long a silence ends a stretch, the allowed playback rate,
//! the daily limit and the presence checks. No official figures exist for most of them
//! (REGULATIONS OL-03), so they are settings with defaults taken from practice.

use crate::code_enum;
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

/// The built-in settings, the same values as [`LearningSettings::default`].
pub const DEFAULT_LEARNING_TOML: &str = "\
# 播放页每隔多少秒报告一次进度
heartbeat_seconds = 15
# 两次报告间隔超过多少秒，这段时间不计（合上电脑、断网、挂机）
max_gap_seconds = 45
# 计时允许的播放倍速（百分比）：100 表示倍速播放不增加学时
rate_percent = 100
# 每次报告允许的网络误差（毫秒）
tolerance_ms = 2000
# 每人每天最多计入的学习分钟数
daily_cap_minutes = 480
# 在线确认：播放中每隔多少分钟（在此范围内随机）弹出一次
presence_min_minutes = 8
presence_max_minutes = 15
# 在线确认须在多少秒内回答，超时的这段时间不计
presence_answer_seconds = 60
# 快于多少毫秒的回答记为异常（供人工复核，不自动处罚）
superhuman_answer_ms = 1200
# 同一人在另一处开始播放时：由新的接替（原处停止计时），或拒绝新的
second_playback = \"take_over\"
# 文档课节：每页至少在前台停留多少秒才算读过（阅读时长很短的文档按比例减少）
document_page_seconds = 10
";

code_enum! {
    /// What happens when a person starts playing while another playback of theirs is active.
    pub enum SecondPlayback {
        TakeOver => ("take_over", "新的播放接替，原处停止计时", "The new playback takes over"),
        Refuse => ("refuse", "拒绝新的播放", "The new playback is refused"),
    }
}

/// The timing rules of online learning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LearningSettings {
    pub heartbeat_seconds: u32,
    pub max_gap_seconds: u32,
    pub rate_percent: u32,
    pub tolerance_ms: u32,
    pub daily_cap_minutes: u32,
    pub presence_min_minutes: u32,
    pub presence_max_minutes: u32,
    pub presence_answer_seconds: u32,
    pub superhuman_answer_ms: u32,
    pub second_playback: SecondPlayback,
    pub document_page_seconds: u32,
}

impl Default for LearningSettings {
    fn default() -> Self {
        Self {
            heartbeat_seconds: 15,
            max_gap_seconds: 45,
            rate_percent: 100,
            tolerance_ms: 2000,
            daily_cap_minutes: 480,
            presence_min_minutes: 8,
            presence_max_minutes: 15,
            presence_answer_seconds: 60,
            superhuman_answer_ms: 1200,
            second_playback: SecondPlayback::TakeOver,
            document_page_seconds: 10,
        }
    }
}

/// Why a settings text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LearningSettingsError {
    #[error("{0}")]
    Syntax(String),
    #[error(
        "heartbeat_seconds 应在 5 至 60 之间，max_gap_seconds 应大于它且不超过 300（现为 {heartbeat} 和 {max_gap}）"
    )]
    Heartbeat { heartbeat: u32, max_gap: u32 },
    #[error("rate_percent 应在 50 至 200 之间（现为 {0}）")]
    Rate(u32),
    #[error("tolerance_ms 不能超过 10000（现为 {0}）")]
    Tolerance(u32),
    #[error("daily_cap_minutes 应在 30 至 1440 之间（现为 {0}）")]
    DailyCap(u32),
    #[error("在线确认间隔应为 1 至 120 分钟且下限不大于上限（现为 {min} 至 {max}）")]
    Presence { min: u32, max: u32 },
    #[error("presence_answer_seconds 应在 15 至 600 之间（现为 {0}）")]
    Answer(u32),
    #[error("document_page_seconds 应在 1 至 300 之间（现为 {0}）")]
    PageSeconds(u32),
}

impl LearningSettingsError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            LearningSettingsError::Syntax(_) => "LEARNING_SETTINGS_SYNTAX",
            LearningSettingsError::Heartbeat { .. } => "LEARNING_HEARTBEAT",
            LearningSettingsError::Rate(_) => "LEARNING_RATE",
            LearningSettingsError::Tolerance(_) => "LEARNING_TOLERANCE",
            LearningSettingsError::DailyCap(_) => "LEARNING_DAILY_CAP",
            LearningSettingsError::Presence { .. } => "LEARNING_PRESENCE",
            LearningSettingsError::Answer(_) => "LEARNING_PRESENCE_ANSWER",
            LearningSettingsError::PageSeconds(_) => "LEARNING_PAGE_SECONDS",
        }
    }
}

impl LearningSettings {
    /// Reads and checks a settings document; absent keys keep their defaults.
    pub fn from_toml(text: &str) -> Result<Self, LearningSettingsError> {
        let settings: LearningSettings =
            crate::document::from_toml(text).map_err(LearningSettingsError::Syntax)?;
        settings.validate()?;
        Ok(settings)
    }

    pub fn validate(&self) -> Result<(), LearningSettingsError> {
        if !(5..=60).contains(&self.heartbeat_seconds)
            || self.max_gap_seconds <= self.heartbeat_seconds
            || self.max_gap_seconds > 300
        {
            return Err(LearningSettingsError::Heartbeat {
                heartbeat: self.heartbeat_seconds,
                max_gap: self.max_gap_seconds,
            });
        }
        if !(50..=200).contains(&self.rate_percent) {
            return Err(LearningSettingsError::Rate(self.rate_percent));
        }
        if self.tolerance_ms > 10_000 {
            return Err(LearningSettingsError::Tolerance(self.tolerance_ms));
        }
        if !(30..=1440).contains(&self.daily_cap_minutes) {
            return Err(LearningSettingsError::DailyCap(self.daily_cap_minutes));
        }
        let (min, max) = (self.presence_min_minutes, self.presence_max_minutes);
        if min == 0 || max > 120 || min > max {
            return Err(LearningSettingsError::Presence { min, max });
        }
        if !(15..=600).contains(&self.presence_answer_seconds) {
            return Err(LearningSettingsError::Answer(self.presence_answer_seconds));
        }
        if !(1..=300).contains(&self.document_page_seconds) {
            return Err(LearningSettingsError::PageSeconds(
                self.document_page_seconds,
            ));
        }
        Ok(())
    }

    /// The longest silence between two heartbeats that still earns.
    pub fn max_gap(&self) -> TimeDelta {
        TimeDelta::seconds(i64::from(self.max_gap_seconds))
    }

    /// The time a presence check may wait for its answer.
    pub fn answer_window(&self) -> TimeDelta {
        TimeDelta::seconds(i64::from(self.presence_answer_seconds))
    }

    /// The daily limit in milliseconds.
    pub fn daily_cap_ms(&self) -> u64 {
        u64::from(self.daily_cap_minutes) * 60_000
    }

    /// When the next presence check comes, given a random draw in `[0, 1)` made by the caller
    /// (the server), so that a script cannot learn the schedule.
    pub fn next_presence_after(&self, draw: f64) -> TimeDelta {
        let spread = f64::from(self.presence_max_minutes - self.presence_min_minutes) * 60.0;
        let offset = (draw.clamp(0.0, 1.0) * spread).floor();
        // Bounded above by 120 minutes in seconds, so the cast cannot truncate.
        #[allow(clippy::cast_possible_truncation, reason = "at most 7200 seconds")]
        let offset = offset as i64;
        TimeDelta::seconds(i64::from(self.presence_min_minutes) * 60 + offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_text_reads_as_the_defaults() {
        assert_eq!(
            LearningSettings::from_toml(DEFAULT_LEARNING_TOML).unwrap(),
            LearningSettings::default()
        );
        assert_eq!(
            LearningSettings::from_toml("daily_cap_minutes = 240\n")
                .unwrap()
                .daily_cap_minutes,
            240
        );
    }

    #[test]
    fn unreasonable_settings_are_refused_with_their_own_code() {
        for (text, code) in [
            ("rate_percent = 400", "LEARNING_RATE"),
            (
                "heartbeat_seconds = 30\nmax_gap_seconds = 20",
                "LEARNING_HEARTBEAT",
            ),
            ("daily_cap_minutes = 5", "LEARNING_DAILY_CAP"),
            ("document_page_seconds = 0", "LEARNING_PAGE_SECONDS"),
            (
                "presence_min_minutes = 20\npresence_max_minutes = 10",
                "LEARNING_PRESENCE",
            ),
            ("second_playback = \"both\"", "LEARNING_SETTINGS_SYNTAX"),
            ("unknown_key = 1", "LEARNING_SETTINGS_SYNTAX"),
        ] {
            let refused = LearningSettings::from_toml(text).unwrap_err();
            assert_eq!(refused.code(), code, "{text}");
        }
    }

    #[test]
    fn presence_checks_fall_inside_the_range() {
        let settings = LearningSettings::default();
        assert_eq!(settings.next_presence_after(0.0), TimeDelta::minutes(8));
        assert!(settings.next_presence_after(0.999_999) < TimeDelta::minutes(15));
        assert_eq!(settings.next_presence_after(7.0), TimeDelta::minutes(15));
    }
}
