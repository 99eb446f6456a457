//! Online learning (issue 16): the course library the authority keeps, videos measured by the
//! server, and learners' playbacks whose heartbeats the server alone counts (ADR 0018).
//!
//! Who may do what: `learning.manage` uploads videos and drafts, publishes and retires courses;
//! `learning.learn` with an account linked to a person studies published courses. A playback
//! is its own person's: anyone else's is "not found".

pub mod briefings;
pub mod courses;
pub mod flags;
pub mod media;
pub mod notes;
pub mod playbacks;
pub mod quizzes;
pub mod requirements;
pub mod watch;

use crate::app::{App, AppResult};
use ganxun_domain::class_hours::{HOUR_CONVERSION, HourConversion, OnlineCourseHours};
use ganxun_domain::learning::{LEARNING_SETTINGS, LearningSettings};

/// The timing rules in force now.
pub async fn settings(app: &App) -> AppResult<LearningSettings> {
    crate::app::rules::in_force_now(app, LEARNING_SETTINGS, LearningSettings::from_toml).await
}

/// How a finished lesson's length converts into class hours now (R-REG-8, the hour
/// conversion's online tiers).
pub async fn lesson_hours(app: &App) -> AppResult<OnlineCourseHours> {
    let conversion =
        crate::app::rules::in_force_now(app, HOUR_CONVERSION, HourConversion::from_toml).await?;
    Ok(conversion.online)
}
