//! Online learning (issue 16): `/api/v1/learning/…` — the videos and courses of the library,
//! the learner's courses, and playbacks: start, heartbeats, presence checks, stop.

mod briefings;
mod notes;
mod presence_image;
mod quizzes;
mod requirements;
mod video;
pub mod views;

use crate::app::learning::courses::{self, CourseInput, CourseStateInput, LessonInput};
use crate::app::learning::flags::ReviewInput;
use crate::app::learning::playbacks::{self, BeatInput, PresenceInput};
use crate::app::learning::{self, media};
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::session::{Caller, ClientInfo};
use crate::http::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use ganxun_domain::{CourseId, FlagId, LessonId, PlaybackId};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use views::{
    BeatView, CourseView, FlagView, MediaView, MyLearningView, PlaybackView, PresenceView,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_media, list_media))
        .routes(routes!(video::video))
        .routes(routes!(video::document))
        .routes(routes!(create_course, list_courses))
        .routes(routes!(course))
        .routes(routes!(add_lesson))
        .routes(routes!(set_course_state))
        .routes(routes!(my_courses))
        .routes(routes!(start_playback))
        .routes(routes!(beat))
        .routes(routes!(presence_image::presence, answer_presence))
        .routes(routes!(stop_playback))
        .routes(routes!(flags))
        .routes(routes!(review_flag))
        .routes(routes!(requirements::list_requirements))
        .routes(routes!(requirements::add_requirement))
        .routes(routes!(requirements::remove_requirement))
        .routes(routes!(notes::my_notes))
        .routes(routes!(notes::write_note))
        .routes(routes!(notes::edit_note, notes::delete_note))
        .routes(routes!(notes::notes_to_read))
        .routes(routes!(notes::comment_note))
        .routes(routes!(quizzes::add_quiz))
        .routes(routes!(quizzes::quiz, quizzes::sit_quiz))
        .routes(routes!(briefings::learning_watch))
        .routes(routes!(briefings::list_briefings, briefings::make_briefing))
        .routes(routes!(briefings::briefing))
        .routes(routes!(briefings::briefing_xlsx))
        .routes(routes!(briefings::briefing_pdf))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct FlagsQuery {
    /// Only the flags not yet reviewed.
    #[serde(default)]
    open: bool,
}

/// Signs that learning may not have been a person at a screen, with the evidence, newest first
/// (for review: a flag takes nothing away by itself).
#[utoipa::path(get, path = "/learning/flags", tag = "learning", params(FlagsQuery),
    responses((status = 200, body = Vec<FlagView>), (status = 403, body = ErrorBody)))]
async fn flags(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(q): ApiQuery<FlagsQuery>,
) -> ApiResult<Json<Vec<FlagView>>> {
    let all = learning::flags::list(&state.app, &p, q.open).await?;
    Ok(Json(all.into_iter().map(FlagView::from).collect()))
}

/// Marks a flag reviewed, with what the reviewer found.
#[utoipa::path(post, path = "/learning/flags/{id}/review", tag = "learning",
    params(("id" = i64, Path, description = "标记 ID")), request_body = ReviewInput,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn review_flag(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<FlagId>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> ApiResult<StatusCode> {
    learning::flags::review(&state.app, &p, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct UploadQuery {
    /// The file's name as the uploader knows it.
    filename: String,
}

/// Uploads a video (MP4, H.264) as the raw body. Its length is read from the file itself; the
/// same file uploaded twice is one video.
#[utoipa::path(post, path = "/learning/media", tag = "learning", params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = MediaView), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_media(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: Body,
) -> ApiResult<(StatusCode, Json<MediaView>)> {
    let media = media::upload(&state.app, &p, &q.filename, body.into_data_stream()).await?;
    Ok((StatusCode::CREATED, Json(media.into())))
}

/// The library's videos, newest first.
#[utoipa::path(get, path = "/learning/media", tag = "learning",
    responses((status = 200, body = Vec<MediaView>), (status = 403, body = ErrorBody)))]
async fn list_media(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<Vec<MediaView>>> {
    let all = media::list(&state.app, &p).await?;
    Ok(Json(all.into_iter().map(MediaView::from).collect()))
}

/// Drafts a course.
#[utoipa::path(post, path = "/learning/courses", tag = "learning", request_body = CourseInput,
    responses((status = 201, body = CourseView), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_course(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiJson(input): ApiJson<CourseInput>,
) -> ApiResult<(StatusCode, Json<CourseView>)> {
    let course = courses::create(&state.app, &p, &input).await?;
    Ok((StatusCode::CREATED, Json(course.into())))
}

/// The library's courses (drafts, published, retired), newest first; searched by words,
/// category and state.
#[utoipa::path(get, path = "/learning/courses", tag = "learning", params(courses::CourseSearch),
    responses((status = 200, body = Vec<CourseView>), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn list_courses(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiQuery(search): ApiQuery<courses::CourseSearch>,
) -> ApiResult<Json<Vec<CourseView>>> {
    let all = courses::list(&state.app, &p, &search).await?;
    Ok(Json(all.into_iter().map(CourseView::from).collect()))
}

/// One course with its lessons.
#[utoipa::path(get, path = "/learning/courses/{id}", tag = "learning",
    params(("id" = i64, Path, description = "课程 ID")),
    responses((status = 200, body = CourseView), (status = 404, body = ErrorBody)))]
async fn course(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<CourseId>,
) -> ApiResult<Json<CourseView>> {
    Ok(Json(courses::get(&state.app, &p, id).await?.into()))
}

/// Adds a lesson (a title and an uploaded video) at the end of a draft course.
#[utoipa::path(post, path = "/learning/courses/{id}/lessons", tag = "learning",
    params(("id" = i64, Path, description = "课程 ID")), request_body = LessonInput,
    responses((status = 201, body = CourseView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_lesson(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<CourseId>,
    ApiJson(input): ApiJson<LessonInput>,
) -> ApiResult<(StatusCode, Json<CourseView>)> {
    let course = courses::add_lesson(&state.app, &p, id, &input).await?;
    Ok((StatusCode::CREATED, Json(course.into())))
}

/// Publishes a draft course for study (`publish`) or retires a published one (`retire`).
#[utoipa::path(post, path = "/learning/courses/{id}/state", tag = "learning",
    params(("id" = i64, Path, description = "课程 ID")), request_body = CourseStateInput,
    responses((status = 200, body = CourseView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_course_state(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<CourseId>,
    ApiJson(input): ApiJson<CourseStateInput>,
) -> ApiResult<Json<CourseView>> {
    Ok(Json(
        courses::set_state(&state.app, &p, id, &input).await?.into(),
    ))
}

/// The published courses with the caller's own progress on every lesson.
#[utoipa::path(get, path = "/learning/my/courses", tag = "learning",
    responses((status = 200, body = MyLearningView), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn my_courses(
    State(state): State<AppState>,
    Caller(p): Caller,
) -> ApiResult<Json<MyLearningView>> {
    Ok(Json(courses::mine(&state.app, &p).await?.into()))
}

/// Starts playing a lesson: the caller's one open playback (another one elsewhere is taken
/// over or this one refused, as the timing rules say).
#[utoipa::path(post, path = "/learning/lessons/{id}/playbacks", tag = "learning",
    params(("id" = i64, Path, description = "课节 ID")),
    responses((status = 201, body = PlaybackView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn start_playback(
    State(state): State<AppState>,
    Caller(p): Caller,
    client: ClientInfo,
    ApiPath(id): ApiPath<LessonId>,
) -> ApiResult<(StatusCode, Json<PlaybackView>)> {
    let (started, heartbeat_seconds) = playbacks::start(&state.app, &p, id, &client.ip).await?;
    Ok((
        StatusCode::CREATED,
        Json(PlaybackView::of(started, heartbeat_seconds)),
    ))
}

/// A heartbeat: where the playhead is, whether it plays and the page is in front. The server
/// decides what it earns.
#[utoipa::path(post, path = "/learning/playbacks/{id}/beats", tag = "learning",
    params(("id" = i64, Path, description = "播放 ID")), request_body = BeatInput,
    responses((status = 200, body = BeatView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn beat(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PlaybackId>,
    ApiJson(input): ApiJson<BeatInput>,
) -> ApiResult<Json<BeatView>> {
    Ok(Json(
        playbacks::beat(&state.app, &p, id, &input).await?.into(),
    ))
}

/// Answers the waiting presence check with the code it showed.
#[utoipa::path(post, path = "/learning/playbacks/{id}/presence", tag = "learning",
    params(("id" = i64, Path, description = "播放 ID")), request_body = PresenceInput,
    responses((status = 200, body = PresenceView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn answer_presence(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PlaybackId>,
    ApiJson(input): ApiJson<PresenceInput>,
) -> ApiResult<Json<PresenceView>> {
    Ok(Json(
        playbacks::answer(&state.app, &p, id, &input).await?.into(),
    ))
}

/// Ends the caller's playback (the page was left or the video closed).
#[utoipa::path(post, path = "/learning/playbacks/{id}/stop", tag = "learning",
    params(("id" = i64, Path, description = "播放 ID")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn stop_playback(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PlaybackId>,
) -> ApiResult<StatusCode> {
    playbacks::stop(&state.app, &p, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
