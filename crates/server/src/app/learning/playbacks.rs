//! Playing a lesson: a playback (the lease), heartbeats counted by the server, presence
//! checks answered with the code the page drew, and leaving.

use super::courses::learner;
use crate::app::{App, AppResult, Principal};
use chrono::TimeDelta;
use ganxun_domain::LessonId;
use ganxun_domain::Permission;
use ganxun_domain::PlaybackId;
use ganxun_storage::learning::playbacks::{
    self as store, AnswerOutcome, BeatJob, Counted, Heartbeat, Started,
};
use rand::Rng;
use serde::Deserialize;
use utoipa::ToSchema;

/// A heartbeat as the page sends it. Nothing else is read: no "finished", no duration, no
/// progress — the time is the server's, the length the file's.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
pub struct BeatInput {
    /// The playhead, in milliseconds from the start of the lesson (a video's; a document
    /// has none and sends 0 or nothing).
    #[serde(default)]
    pub position_ms: u64,
    /// The video is playing (not paused, not ended, not waiting for data).
    pub playing: bool,
    /// The page is visible and has the focus.
    pub visible: bool,
    /// The document page on screen (1-based), for a document lesson; the server counts the
    /// time on screen, never what the page says about it.
    #[serde(default)]
    pub page: Option<u32>,
}

/// The answer to a presence check: the code the check showed.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PresenceInput {
    pub code: String,
}

/// Starts playing a lesson; also says how often the page reports (the rules already read).
pub async fn start(
    app: &App,
    principal: &Principal,
    lesson_id: LessonId,
    ip: &str,
) -> AppResult<(Started, u32)> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    let settings = super::settings(app).await?;
    let first_check = settings.next_presence_after(rand::thread_rng().r#gen::<f64>());
    let started = store::start(
        &app.db,
        person_id,
        principal.account_id,
        ip,
        app.now(),
        lesson_id,
        &settings,
        first_check,
    )
    .await;
    // A playback taken over ended outside the heartbeat writer.
    app.learning.beats.forget(person_id);
    Ok((started?, settings.heartbeat_seconds))
}

/// Takes a heartbeat of the caller's own playback, through the server's heartbeat writer
/// (group commit, ADR 0019): answered once the batch holding it is committed.
pub async fn beat(
    app: &App,
    principal: &Principal,
    playback_id: PlaybackId,
    input: &BeatInput,
) -> AppResult<Counted> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    let timing = super::timing(app).await?;
    let job = BeatJob {
        actor: principal.actor(),
        check: draw_check(&timing.settings),
        settings: timing.settings.clone(),
        hours: timing.hours,
        person_id,
        playback_id,
        now: app.now(),
        heartbeat: Heartbeat {
            position_ms: input.position_ms,
            playing: input.playing,
            visible: input.visible,
            page: input.page,
        },
    };
    let counted = app.learning.beats.take(&app.db, job).await?;
    finished(app, &counted).await;
    Ok(counted)
}

/// When the check after this one comes, and the code this one shows: four digits a person
/// reads off the video and types (a script that only clicks cannot answer).
fn draw_check(settings: &ganxun_domain::learning::LearningSettings) -> (TimeDelta, String) {
    let mut rng = rand::thread_rng();
    let after = settings.next_presence_after(rng.r#gen::<f64>());
    (after, format!("{:04}", rng.gen_range(0..10_000)))
}

/// The code the waiting presence check shows, for the page to draw.
pub async fn presence_code(
    app: &App,
    principal: &Principal,
    playback_id: PlaybackId,
) -> AppResult<String> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    Ok(store::presence_code(&app.db, person_id, playback_id).await?)
}

/// Takes the answer to the waiting presence check.
pub async fn answer(
    app: &App,
    principal: &Principal,
    playback_id: PlaybackId,
    input: &PresenceInput,
) -> AppResult<AnswerOutcome> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    let settings = super::settings(app).await?;
    let hours = super::lesson_hours(app).await?;
    let outcome = store::answer(
        &app.db,
        &principal.actor(),
        &settings,
        &hours,
        person_id,
        playback_id,
        app.now(),
        &input.code,
    )
    .await;
    app.learning.beats.forget(person_id);
    let outcome = outcome?;
    finished(app, &outcome.counted).await;
    Ok(outcome)
}

/// Ends the caller's playback (the page was left).
pub async fn stop(app: &App, principal: &Principal, playback_id: PlaybackId) -> AppResult<()> {
    principal.require(Permission::Learn)?;
    let person_id = learner(principal)?;
    let stopped = store::stop(&app.db, person_id, playback_id, app.now()).await;
    app.learning.beats.forget(person_id);
    Ok(stopped?)
}

/// Posts a lesson's credits right after the heartbeat that finished it; the follow-up written
/// with the finish retries it if this fails.
async fn finished(app: &App, counted: &Counted) {
    if let Some(progress_id) = counted.finished_progress {
        crate::app::follow_ups::run_for(app, crate::app::follow_ups::LESSON_CREDITS, progress_id.0)
            .await;
    }
}
