//! Online learning (issue 16): the course library the authority keeps, videos measured by the
//! server, and learners' playbacks whose heartbeats the server alone counts (ADR 0018).
//!
//! Who may do what: `learning.manage` uploads videos and drafts, publishes and retires courses;
//! `learning.learn` with an account linked to a person studies published courses. A playback
//! is its own person's: anyone else's is "not found".
//!
//! Heartbeats are the hot path (ADR 0019): the rules they need are kept in memory for a few
//! seconds ([`RulesKept`]) and they are written in batches by one writer task ([`beats`]).

pub mod beats;
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
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the learning feature keeps for the life of the server, shared by every clone of `App`.
#[derive(Debug, Default)]
pub struct Shared {
    pub rules: RulesKept,
    pub beats: beats::Beats,
}

/// How long rules read from the database are used before being read again. A version saved
/// through this server applies at once (the save moves `App::rule_saves`); one saved through another
/// server sharing the database applies here within this delay.
pub const RULES_KEPT_FOR: Duration = Duration::from_secs(10);

/// The timing rules and the hour conversion in force, as last read.
#[derive(Debug, Default)]
pub struct RulesKept {
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    /// When read, under which count of rule saves (`App::rule_saves`), and what.
    timing: Option<(Instant, u64, Arc<Timing>)>,
}

/// The rules every heartbeat reads.
#[derive(Debug, Clone)]
pub struct Timing {
    pub settings: Arc<LearningSettings>,
    /// How a finished lesson's length converts into class hours (R-REG-8's online tiers).
    pub hours: OnlineCourseHours,
}

impl RulesKept {
    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        // Nothing held under the lock can be left half-changed: a poisoned lock is still good.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The rules when read recently enough and no rule was saved since.
    fn fresh(&self, saves: u64) -> Option<Arc<Timing>> {
        let kept = self.lock();
        kept.timing
            .as_ref()
            .filter(|(read_at, read_under, _)| {
                *read_under == saves && read_at.elapsed() < RULES_KEPT_FOR
            })
            .map(|(_, _, timing)| timing.clone())
    }

    /// Keeps rules read under a count of saves: a save meanwhile makes them stale at once.
    fn keep(&self, saves: u64, read_at: Instant, timing: Arc<Timing>) {
        self.lock().timing = Some((read_at, saves, timing));
    }
}

/// The rules in force now, from memory when read less than [`RULES_KEPT_FOR`] ago.
pub async fn timing(app: &App) -> AppResult<Arc<Timing>> {
    // Read before the rules: a save after this makes what is read now stale.
    let saves = app.rule_saves.load(std::sync::atomic::Ordering::Acquire);
    if let Some(timing) = app.learning.rules.fresh(saves) {
        return Ok(timing);
    }
    let read_at = Instant::now();
    let settings =
        crate::app::rules::in_force_now(app, LEARNING_SETTINGS, LearningSettings::from_toml)
            .await?;
    let conversion =
        crate::app::rules::in_force_now(app, HOUR_CONVERSION, HourConversion::from_toml).await?;
    let timing = Arc::new(Timing {
        settings: Arc::new(settings),
        hours: conversion.online,
    });
    app.learning.rules.keep(saves, read_at, timing.clone());
    Ok(timing)
}

/// The timing rules in force now.
pub async fn settings(app: &App) -> AppResult<LearningSettings> {
    Ok(timing(app).await?.settings.as_ref().clone())
}

/// How a finished lesson's length converts into class hours now (R-REG-8, the hour
/// conversion's online tiers).
pub async fn lesson_hours(app: &App) -> AppResult<OnlineCourseHours> {
    Ok(timing(app).await?.hours)
}
