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

use crate::rules::{RuleKind, checked};

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
}];
