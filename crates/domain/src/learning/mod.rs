//! Online learning (网络学习, SPEC §7, issue 16): learning time counted by the server alone —
//! the union of the parts of a lesson actually watched, each heartbeat earning at most the
//! wall-clock time since the last one — with presence checks and a daily limit, under timing
//! rules the deployment edits.

pub mod briefing;
pub mod course;
pub mod flags;
pub mod media;
pub mod notes;
pub mod playback;
pub mod quiz;
pub mod reading;
pub mod requirement;
pub mod segments;
pub mod settings;

pub use briefing::{BriefingKind, Escalation, Period, Standing};
pub use course::{CourseCategory, CourseState, LessonKind, MediaKind};
pub use flags::FlagKind;
pub use media::{MediaError, VideoInfo, probe_index, probe_mp4};
pub use notes::NoteKind;
pub use playback::{Answered, Beat, Credit, NoCredit, Playback, PlaybackEnd};
pub use quiz::{Graded, Question, Quiz, QuizError};
pub use reading::PageViews;
pub use requirement::{Assignment, Audience, AudienceKind, Learner, required_courses};
pub use segments::Segments;
pub use settings::{
    DEFAULT_LEARNING_TOML, LearningSettings, LearningSettingsError, SecondPlayback,
};

use crate::rules::{FieldHint, RuleKind, checked, choices_of};

/// The kind name of the online-learning timing document.
pub const LEARNING_SETTINGS: &str = "learning_settings";

/// Online learning's rule document: the timing the heartbeats are counted by.
pub const RULE_KINDS: &[RuleKind] = &[RuleKind {
    kind: LEARNING_SETTINGS,
    title: "网络学习计时",
    built_in: DEFAULT_LEARNING_TOML,
    check: |text| {
        checked(
            LearningSettings::from_toml(text),
            LearningSettingsError::code,
        )
    },
    fields: &[
        FieldHint::plain(
            "heartbeat_seconds",
            "进度报告间隔（秒）",
            "Progress reported every (seconds)",
        ),
        FieldHint::plain(
            "max_gap_seconds",
            "报告中断多久不计（秒）",
            "Gap not counted after (seconds)",
        ),
        FieldHint::plain(
            "rate_percent",
            "计时允许的播放倍速（%）",
            "Playback rate counted (%)",
        ),
        FieldHint::plain("tolerance_ms", "网络误差（毫秒）", "Network tolerance (ms)"),
        FieldHint::plain(
            "daily_cap_minutes",
            "每天最多计入（分钟）",
            "Daily cap (minutes)",
        ),
        FieldHint::plain(
            "presence_min_minutes",
            "在线确认最短间隔（分钟）",
            "Presence check at least every (minutes)",
        ),
        FieldHint::plain(
            "presence_max_minutes",
            "在线确认最长间隔（分钟）",
            "Presence check at most every (minutes)",
        ),
        FieldHint::plain(
            "presence_answer_seconds",
            "在线确认回答时限（秒）",
            "Time to answer a presence check (seconds)",
        ),
        FieldHint::plain(
            "superhuman_answer_ms",
            "快于多少毫秒的回答记为异常",
            "Answers faster than this are flagged (ms)",
        ),
        FieldHint::chosen(
            "second_playback",
            "另一处开始播放时",
            "When another playback starts",
            choices_of::<SecondPlayback>,
        ),
        FieldHint::plain(
            "document_page_seconds",
            "文档每页至少停留（秒）",
            "Seconds a page must be in view",
        ),
    ],
}];
