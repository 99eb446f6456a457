//! Online learning over HTTP on both databases (issue 16): the authority uploads videos whose
//! length the server reads from the file, builds and publishes a course; a learner plays it
//! and only the server's accounting counts — honest watching earns real time, skipping,
//! fast-forwarding, pausing, a second playback elsewhere and someone else's playback earn
//! nothing; a presence check holds what is watched until its drawn code is typed.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

mod batches;
mod briefings;
mod day_flags;
mod documents;
pub(crate) mod mp4;
mod quizzes;
mod records;

use crate::common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{Session, TestApp, id_card};
use ganxun_domain::{PersonId, PlaybackId};
use serde_json::{Value, json};

struct Cast {
    zzb: Session,
    learner: Session,
    learner_id: i64,
    other: Session,
    county: Session,
}

async fn cast(t: &TestApp) -> Cast {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let zzb = t.login("zzb").await;
    let learner_id = t
        .person(&zzb, "学员甲", &id_card("19800101", 501), t.units.town_a)
        .await;
    let other_id = t
        .person(&zzb, "学员乙", &id_card("19810101", 502), t.units.town_a)
        .await;
    t.account("learner", "trainee", t.units.town_a, Some(learner_id))
        .await;
    t.account("other", "trainee", t.units.town_a, Some(other_id))
        .await;
    t.unit_admin("county", t.units.county_x).await;
    Cast {
        zzb,
        learner: t.login("learner").await,
        learner_id,
        other: t.login("other").await,
        county: t.login("county").await,
    }
}

async fn upload(t: &TestApp, s: &Session, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let (status, _, body) = t
        .call_raw(
            Some(s),
            "POST",
            &format!("/learning/media?filename={name}"),
            Some(("video/mp4", bytes)),
        )
        .await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// A published course of one lesson of `seconds`, made by the authority.
async fn published_lesson(t: &TestApp, s: &Cast, title: &str, seconds: u32) -> i64 {
    let (status, media) = upload(t, &s.zzb, "lesson.mp4", mp4::h264(seconds * 1000)).await;
    assert_eq!(status, StatusCode::CREATED, "{media}");
    let (status, course) = t
        .call(
            Some(&s.zzb),
            "POST",
            "/learning/courses",
            Some(json!({"title": title, "category": "theory", "summary": "学习贯彻"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{course}");
    let id = course["id"].as_i64().unwrap();
    let (status, course) = t
        .call(
            Some(&s.zzb),
            "POST",
            &format!("/learning/courses/{id}/lessons"),
            Some(json!({"title": "第一讲", "media_id": media["id"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{course}");
    let (status, course) = t
        .call(
            Some(&s.zzb),
            "POST",
            &format!("/learning/courses/{id}/state"),
            Some(json!({"action": "publish"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{course}");
    course["lessons"][0]["id"].as_i64().unwrap()
}

/// How many finished lessons compliance counts for the learner.
async fn online_records(t: &TestApp, s: &Cast) -> usize {
    let (status, compliance) = t
        .call(
            Some(&s.zzb),
            "GET",
            &format!("/people/{}/compliance", s.learner_id),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{compliance}");
    compliance["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"] == "online")
        .count()
}

/// The learner's online credit entries in the ledger: how many, and their sum.
async fn online_credits(t: &TestApp, s: &Cast) -> (usize, i64) {
    let (status, statement) = t
        .call(
            Some(&s.zzb),
            "GET",
            &format!("/people/{}/credits", s.learner_id),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{statement}");
    let amounts: Vec<i64> = statement["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["source_kind"] == "lesson")
        .map(|e| e["amount"].as_i64().unwrap())
        .collect();
    (amounts.len(), amounts.iter().sum())
}

async fn start(t: &TestApp, s: &Session, lesson: i64) -> (StatusCode, Value) {
    t.call(
        Some(s),
        "POST",
        &format!("/learning/lessons/{lesson}/playbacks"),
        None,
    )
    .await
}

async fn beat(
    t: &TestApp,
    s: &Session,
    playback: i64,
    position_ms: u64,
    playing: bool,
    visible: bool,
) -> (StatusCode, Value) {
    t.call(
        Some(s),
        "POST",
        &format!("/learning/playbacks/{playback}/beats"),
        Some(json!({"position_ms": position_ms, "playing": playing, "visible": visible})),
    )
    .await
}

both_backends!(
    the_library_takes_only_real_videos_and_measures_them_itself,
    |t| {
        let s = cast(&t).await;
        let (status, media) = upload(&t, &s.zzb, "第一讲.mp4", mp4::h264(90_500)).await;
        assert_eq!(status, StatusCode::CREATED, "{media}");
        assert_eq!(media["duration_ms"], 90_500);
        assert_eq!(
            (media["width"].as_u64(), media["height"].as_u64()),
            (Some(640), Some(360))
        );
        // The same file again is the same video.
        let (_, again) = upload(&t, &s.zzb, "copy.mp4", mp4::h264(90_500)).await;
        assert_eq!(again["id"], media["id"]);

        for (bytes, code) in [
            (b"PK\x03\x04 a zip renamed".to_vec(), "MEDIA_NOT_MP4"),
            (mp4::h264(90_000)[..200].to_vec(), "MEDIA_TRUNCATED"),
            (mp4::with_codec(b"hvc1", 60_000), "MEDIA_UNSUPPORTED_CODEC"),
        ] {
            let (status, body) = upload(&t, &s.zzb, "bad.mp4", bytes).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(body["code"], code);
            assert!(body["message"].as_str().unwrap().contains("视频") || code == "MEDIA_NOT_MP4");
        }
        // Nothing refused is kept: the list has the one video, the folder its one file.
        let (_, all) = t.call(Some(&s.zzb), "GET", "/learning/media", None).await;
        assert_eq!(all.as_array().unwrap().len(), 1);
        let files: Vec<String> = std::fs::read_dir(t.app.settings.media_path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(
            files
                .iter()
                .all(|f| f.ends_with(".mp4") && !f.starts_with("upload-")),
            "{files:?}"
        );
        assert_eq!(files.len(), 1, "{files:?}");

        // Too large for the settings: refused before it is kept.
        let mut small = common::settings();
        small.media.max_video_mb = 0;
        let (status, body) = {
            let t2 = TestApp::sqlite_with(small).await;
            t2.account("zzb2", "training_authority", t2.units.city, None)
                .await;
            let zzb2 = t2.login("zzb2").await;
            upload(&t2, &zzb2, "big.mp4", mp4::h264(1000)).await
        };
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert_eq!(body["code"], "MEDIA_TOO_LARGE");

        // Only the library's keepers upload; a learner may not.
        let (status, _) = upload(&t, &s.learner, "mine.mp4", mp4::h264(1000)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = upload(&t, &s.county, "mine.mp4", mp4::h264(1000)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The video streams in ranges to anyone who studies.
        let id = media["id"].as_i64().unwrap();
        let (status, headers, bytes) = t
            .call_raw(
                Some(&s.learner),
                "GET",
                &format!("/learning/media/{id}/video"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(bytes, mp4::h264(90_500));
        assert_eq!(headers["accept-ranges"], "bytes");
    }
);

both_backends!(
    only_honest_watching_earns_time_and_the_server_alone_counts_it,
    |t| {
        let s = cast(&t).await;
        let lesson = published_lesson(&t, &s, "习近平新时代中国特色社会主义思想", 300).await;
        let (status, started) = start(&t, &s.learner, lesson).await;
        assert_eq!(status, StatusCode::CREATED, "{started}");
        assert_eq!(started["duration_ms"], 300_000);
        assert_eq!(started["resume_ms"], 0);
        let playback = started["playback_id"].as_i64().unwrap();

        // 45 s of honest watching, a heartbeat every 15 s: 45 s earned.
        let mut earned = 0;
        for step in 0..=3u64 {
            let (status, counted) = beat(&t, &s.learner, playback, step * 15_000, true, true).await;
            assert_eq!(status, StatusCode::OK, "{counted}");
            assert!(counted["refused"].is_null(), "{counted}");
            earned += counted["earned_ms"].as_u64().unwrap();
            t.clock.advance(Duration::seconds(15));
        }
        assert_eq!(earned, 45_000);

        // Skipping ahead to the end earns nothing and says why.
        let (_, jumped) = beat(&t, &s.learner, playback, 289_000, true, true).await;
        assert_eq!(jumped["earned_ms"], 0);
        assert_eq!(jumped["refused"], "jumped_ahead");
        assert_eq!(jumped["refused_label"], "向前拖动");
        // Back to where it was; a paused or hidden page earns nothing.
        t.clock.advance(Duration::seconds(15));
        let (_, back) = beat(&t, &s.learner, playback, 45_000, true, true).await;
        assert_eq!(back["refused"], "rewound");
        t.clock.advance(Duration::seconds(15));
        let (_, paused) = beat(&t, &s.learner, playback, 45_000, false, true).await;
        assert_eq!(paused["refused"], "paused");
        t.clock.advance(Duration::seconds(15));
        let (_, hidden) = beat(&t, &s.learner, playback, 60_000, true, false).await;
        assert_eq!(hidden["refused"], "hidden");
        // Four times real speed: 15 s of wall-clock time cannot cover 60 s of video.
        t.clock.advance(Duration::seconds(15));
        let (_, fast) = beat(&t, &s.learner, playback, 90_000, true, true).await;
        assert_eq!(fast["refused"], "too_fast");
        assert_eq!(fast["watched_ms"], 45_000);
        // A forged position past the end.
        let (_, past) = beat(&t, &s.learner, playback, 10_000_000, true, true).await;
        assert_eq!(past["refused"], "past_end");

        // Someone else's playback is not theirs to feed.
        let (status, _) = beat(&t, &s.other, playback, 0, true, true).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // A second playback elsewhere takes over; the first stops earning.
        let (status, second) = start(&t, &s.learner, lesson).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(second["took_over"], true);
        assert_eq!(second["watched_ms"], 45_000);
        let (status, ended) = beat(&t, &s.learner, playback, 0, true, true).await;
        assert_eq!(status, StatusCode::CONFLICT, "{ended}");
        assert_eq!(ended["code"], "PLAYBACK_ENDED");

        // The rest, watched honestly, completes the lesson: exactly its length, never more.
        let playback = second["playback_id"].as_i64().unwrap();
        let mut last = Value::Null;
        for position in (0..=20u64).map(|step| step * 15_000) {
            let (_, counted) = beat(&t, &s.learner, playback, position, true, true).await;
            last = counted;
            t.clock.advance(Duration::seconds(15));
        }
        assert_eq!(last["watched_ms"], 300_000, "{last}");
        assert_eq!(last["completed"], true);
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        let lesson_view = &mine["courses"][0]["lessons"][0];
        assert_eq!(lesson_view["watched_ms"], 300_000);
        assert!(lesson_view["completed_at"].is_string());

        // Nobody made the course required: it is optional (拓展) — its hours are shown to the
        // learner but count for no rule and earn nothing in the ledger (R-ONL-1).
        assert_eq!(mine["courses"][0]["required"], false, "{mine}");
        assert_eq!(mine["optional_hours"], 25, "{mine}");
        assert_eq!(mine["required_hours"], 0, "{mine}");
        assert_eq!(mine["target_hours"], 5000, "{mine}");
        ganxun::app::follow_ups::run_due(&t.app).await.unwrap();
        assert_eq!(online_records(&t, &s).await, 0);
        assert_eq!(online_credits(&t, &s).await, (0, 0));

        // Made required of the learner's town for the year: the lesson already finished is
        // recounted through the follow-ups the assignment promised.
        let year = mine["year"].as_i64().unwrap();
        let course_id = mine["courses"][0]["id"].as_i64().unwrap();
        let (status, requirement) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/courses/{course_id}/requirements"),
                Some(json!({"year": year, "audience": "unit", "audience_id": t.units.town_a})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{requirement}");
        assert_eq!(requirement["audience_label"], "单位（含下级）");
        ganxun::app::follow_ups::run_due(&t.app).await.unwrap();
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        assert_eq!(mine["courses"][0]["required"], true, "{mine}");
        assert_eq!(mine["required_hours"], 25, "{mine}");
        assert_eq!(mine["optional_hours"], 0, "{mine}");

        // Retired later in the year, the course leaves the learner's list but the lesson
        // finished on it still counts, there as in compliance and the ledger.
        let (status, _) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/courses/{course_id}/state"),
                Some(json!({"action": "retire"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        assert_eq!(mine["courses"], json!([]), "{mine}");
        assert_eq!(mine["required_hours"], 25, "{mine}");

        // The finished lesson counts for compliance as online training of its course's kind, with
        // the hours of its length's tier (a 5-minute lesson: 0.25, R-REG-8).
        let (status, compliance) = t
            .call(
                Some(&s.zzb),
                "GET",
                &format!("/people/{}/compliance", s.learner_id),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{compliance}");
        let online: Vec<&Value> = compliance["records"]
            .as_array()
            .unwrap_or_else(|| panic!("no records: {compliance}"))
            .iter()
            .filter(|r| r["source"] == "online")
            .collect();
        assert_eq!(online.len(), 1, "{compliance}");
        assert_eq!(online[0]["hours"], "0.25", "{}", online[0]);
        let kinds = online[0]["kinds"].as_array().unwrap();
        assert!(
            kinds.contains(&json!("online")) && kinds.contains(&json!("theory")),
            "{kinds:?}"
        );
        assert!(online[0]["title"].as_str().unwrap().contains("第一讲"));

        // Its class-hour credits are posted to the ledger, once, with the why.
        let (status, statement) = t
            .call(
                Some(&s.zzb),
                "GET",
                &format!("/people/{}/credits", s.learner_id),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{statement}");
        let online: Vec<&Value> = statement["entries"]
            .as_array()
            .unwrap_or_else(|| panic!("no entries: {statement}"))
            .iter()
            .filter(|e| e["rule_id"] == "online.earned")
            .collect();
        assert_eq!(online.len(), 1, "{statement}");
        assert_eq!(online[0]["source_kind"], "lesson");
        assert!(online[0]["amount"].as_i64().unwrap() > 0, "{}", online[0]);
        assert!(
            online[0]["explanation"]
                .as_str()
                .unwrap()
                .contains("5 分钟"),
            "{}",
            online[0]
        );
        // Running the follow-ups again posts nothing twice.
        ganxun::app::follow_ups::run_due(&t.app).await.unwrap();
        let (_, again) = t
            .call(
                Some(&s.zzb),
                "GET",
                &format!("/people/{}/credits", s.learner_id),
                None,
            )
            .await;
        assert_eq!(again["entries"], statement["entries"]);

        // A rule change (2 credits per class hour from this year) re-evaluates the lesson
        // like a class: reversed and posted anew under the new version.
        let doubled = ganxun_domain::credits::SEED_004
            .replacen("credits_per_hour = 1", "credits_per_hour = 2", 1)
            .replacen(
                "applies_from = \"2024-07-31\"",
                &format!("applies_from = \"{year}-01-01\""),
                1,
            );
        let (status, saved) = t
            .call(
                Some(&s.zzb),
                "PUT",
                "/rules/credit_rules",
                Some(json!({"body": doubled})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let (status, redone) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/credits/reevaluate?year={year}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{redone}");
        assert_eq!(
            (
                redone["lessons"].as_i64(),
                redone["posted"].as_i64(),
                redone["reversed"].as_i64()
            ),
            (Some(1), Some(1), Some(1)),
            "{redone}"
        );
        let (entries, sum) = online_credits(&t, &s).await;
        assert_eq!(
            (entries, sum),
            (3, 2 * online[0]["amount"].as_i64().unwrap())
        );

        // Withdrawn, the assignment's lesson counts for nothing again: its credit is reversed
        // (never rewritten) and compliance no longer counts it.
        let requirement_id = requirement["id"].as_i64().unwrap();
        let (status, _) = t
            .call(
                Some(&s.zzb),
                "DELETE",
                &format!("/learning/requirements/{requirement_id}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        ganxun::app::follow_ups::run_due(&t.app).await.unwrap();
        assert_eq!(online_records(&t, &s).await, 0);
        let (entries, sum) = online_credits(&t, &s).await;
        assert_eq!(
            (entries, sum),
            (4, 0),
            "posted, re-evaluated, then reversed"
        );

        // The refused heartbeats are kept as evidence, each with its reason.
        let reasons: Vec<String> =
            ganxun_storage::learning::playbacks::refusals(&t.app.db, PersonId(s.learner_id))
                .await
                .unwrap()
                .into_iter()
                .map(|(_, reason, _)| reason)
                .collect();
        for reason in [
            "jumped_ahead",
            "rewound",
            "paused",
            "hidden",
            "too_fast",
            "past_end",
        ] {
            assert!(
                reasons.iter().any(|r| r == reason),
                "{reason} not kept: {reasons:?}"
            );
        }
    }
);

both_backends!(
    a_presence_check_holds_the_time_until_its_drawn_code_is_typed,
    |t| {
        let s = cast(&t).await;
        let lesson = published_lesson(&t, &s, "党性教育专题", 30 * 60).await;
        let (_, started) = start(&t, &s.learner, lesson).await;
        let playback = started["playback_id"].as_i64().unwrap();
        // Watch until a check appears (between 8 and 15 minutes in).
        let mut position = 0u64;
        let mut waiting = Value::Null;
        for _ in 0..70 {
            let (status, counted) = beat(&t, &s.learner, playback, position, true, true).await;
            assert_eq!(status, StatusCode::OK, "{counted}");
            if counted["presence_waiting"] == true {
                waiting = counted;
                break;
            }
            t.clock.advance(Duration::seconds(15));
            position += 15_000;
        }
        assert_eq!(
            waiting["presence_waiting"], true,
            "no presence check in 17 minutes"
        );
        let watched_before = waiting["watched_ms"].as_u64().unwrap();
        assert!(
            (8 * 60_000..=15 * 60_000).contains(&watched_before),
            "{waiting}"
        );

        // The code is a picture with no digits as text.
        let (status, headers, svg) = t
            .call_raw(
                Some(&s.learner),
                "GET",
                &format!("/learning/playbacks/{playback}/presence"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "image/svg+xml");
        let code = ganxun_storage::learning::playbacks::presence_code(
            &t.app.db,
            PersonId(s.learner_id),
            PlaybackId(playback),
        )
        .await
        .unwrap();
        assert!(!String::from_utf8(svg).unwrap().contains(&code));

        // Watching on while the check waits is held, not credited.
        for _ in 0..2 {
            t.clock.advance(Duration::seconds(15));
            position += 15_000;
            let (_, held) = beat(&t, &s.learner, playback, position, true, true).await;
            assert_eq!(held["earned_ms"], 0, "{held}");
            assert_eq!(held["held_ms"], 15_000);
        }
        // A wrong answer credits nothing; the right one in time credits what was held.
        let answer = |code: String| json!({"code": code});
        let (_, wrong) = t
            .call(
                Some(&s.learner),
                "POST",
                &format!("/learning/playbacks/{playback}/presence"),
                Some(answer("wrong".into())),
            )
            .await;
        assert_eq!(wrong["outcome"], "wrong");
        t.clock.advance(Duration::seconds(5));
        let (_, right) = t
            .call(
                Some(&s.learner),
                "POST",
                &format!("/learning/playbacks/{playback}/presence"),
                Some(answer(code)),
            )
            .await;
        assert_eq!(right["outcome"], "in_time", "{right}");
        assert_eq!(right["earned_ms"], 30_000);
        assert_eq!(
            right["watched_ms"].as_u64().unwrap(),
            watched_before + 30_000
        );
        assert_eq!(right["presence_waiting"], false);

        // A learner may not publish, and the library's keepers see drafts the learner does not.
        let (status, _) = t
            .call(
                Some(&s.learner),
                "POST",
                "/learning/courses",
                Some(json!({"title": "x", "category": "theory"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, draft) = t
            .call(
                Some(&s.zzb),
                "POST",
                "/learning/courses",
                Some(json!({"title": "草稿课程", "category": "policy"})),
            )
            .await;
        let (status, _) = t
            .call(
                Some(&s.learner),
                "GET",
                &format!("/learning/courses/{}", draft["id"]),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, body) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/courses/{}/state", draft["id"]),
                Some(json!({"action": "publish"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["code"], "COURSE_EMPTY");
        let (status, body) = t
            .call(
                Some(&s.zzb),
                "POST",
                "/learning/courses",
                Some(json!({"title": "", "category": "cooking"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let codes: Vec<&str> = body["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["TITLE_INVALID", "COURSE_CATEGORY_UNKNOWN"]);
    }
);

/// GETs `path` as `session` with a `Range` header.
async fn ranged(
    t: &TestApp,
    session: &Session,
    path: &str,
    range: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut request = axum::http::Request::builder()
        .uri(format!("/api/v1{path}"))
        .header("cookie", format!("ganxun_session={}", session.token))
        .header("range", range)
        .body(axum::body::Body::empty())
        .unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [10, 0, 0, 7],
            40000,
        ))));
    let response = t.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

#[tokio::test]
async fn a_range_of_the_video_is_served_as_asked() {
    let t = TestApp::sqlite().await;
    let s = cast(&t).await;
    let bytes = mp4::h264(60_000);
    let (_, media) = upload(&t, &s.zzb, "v.mp4", bytes.clone()).await;
    let path = format!("/learning/media/{}/video", media["id"]);
    let (status, headers, body) = ranged(&t, &s.learner, &path, "bytes=10-19").await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, bytes[10..20]);
    assert_eq!(
        headers["content-range"],
        format!("bytes 10-19/{}", bytes.len()).as_str()
    );
    let (status, _, body) = ranged(&t, &s.learner, &path, "bytes=-16").await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, bytes[bytes.len() - 16..]);
    let (status, headers, _) = ranged(&t, &s.learner, &path, "bytes=999999-").await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        headers["content-range"],
        format!("bytes */{}", bytes.len()).as_str()
    );
    // Someone who neither studies nor keeps the library gets nothing.
    t.account("sysadmin", "system_admin", t.units.city, None)
        .await;
    let admin = t.login("sysadmin").await;
    let (status, _, _) = ranged(&t, &admin, &path, "bytes=0-").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

both_backends!(
    what_looks_like_a_script_is_flagged_for_review_and_takes_nothing_away,
    |t| {
        let s = cast(&t).await;
        let lesson = published_lesson(&t, &s, "基层治理专题", 30 * 60).await;
        // Five learners start within minutes from one address (the harness calls from one).
        let mut learners = vec![(s.learner.clone(), s.learner_id)];
        for (n, name) in ["同址甲", "同址乙", "同址丙", "同址丁"]
            .into_iter()
            .enumerate()
        {
            let n = n as u32;
            let person = t
                .person(&s.zzb, name, &id_card("19900101", 600 + n), t.units.town_b)
                .await;
            let username = format!("same{n}");
            t.account(&username, "trainee", t.units.town_b, Some(person))
                .await;
            learners.push((t.login(&username).await, person));
        }
        for (session, _) in &learners {
            let (status, _) = start(&t, session, lesson).await;
            assert_eq!(status, StatusCode::CREATED);
            t.clock.advance(Duration::seconds(30));
        }
        // A script feeding positions: twenty refused heartbeats in one playback.
        let (_, started) = start(&t, &s.learner, lesson).await;
        let playback = started["playback_id"].as_i64().unwrap();
        beat(&t, &s.learner, playback, 0, true, true).await;
        for n in 1..=20u64 {
            t.clock.advance(Duration::seconds(15));
            let (_, refused) = beat(&t, &s.learner, playback, n * 600_000, true, true).await;
            assert!(!refused["refused"].is_null(), "{refused}");
        }
        // A presence check answered the instant it appears.
        let mut position = 0;
        let (_, fresh) = start(&t, &s.learner, lesson).await;
        let playback = fresh["playback_id"].as_i64().unwrap();
        loop {
            let (_, counted) = beat(&t, &s.learner, playback, position, true, true).await;
            if counted["presence_waiting"] == true {
                break;
            }
            assert!(position < 20 * 60_000, "no presence check");
            t.clock.advance(Duration::seconds(15));
            position += 15_000;
        }
        let code = ganxun_storage::learning::playbacks::presence_code(
            &t.app.db,
            PersonId(s.learner_id),
            PlaybackId(playback),
        )
        .await
        .unwrap();
        let (_, answered) = t
            .call(
                Some(&s.learner),
                "POST",
                &format!("/learning/playbacks/{playback}/presence"),
                Some(json!({"code": code})),
            )
            .await;
        // Credited all the same: a flag takes nothing away by itself.
        assert_eq!(answered["outcome"], "in_time", "{answered}");

        let (status, flags) = t
            .call(Some(&s.zzb), "GET", "/learning/flags?open=true", None)
            .await;
        assert_eq!(status, StatusCode::OK, "{flags}");
        let kinds: Vec<(&str, &str)> = flags
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["kind"].as_str().unwrap(),
                    f["person_name"].as_str().unwrap(),
                )
            })
            .collect();
        assert!(kinds.contains(&("shared_address", "同址丁")), "{kinds:?}");
        assert!(kinds.contains(&("many_refused", "学员甲")), "{kinds:?}");
        assert!(
            kinds.contains(&("superhuman_answer", "学员甲")),
            "{kinds:?}"
        );
        let flag = flags
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kind"] == "many_refused")
            .unwrap();
        assert!(flag["detail"].as_str().unwrap().contains("20 次"), "{flag}");
        assert_eq!(flag["kind_label"], "大量心跳未被计时");

        // Reviewed with a note, it leaves the open list; a note is required; learners see nothing.
        let id = flag["id"].as_i64().unwrap();
        let review = |note: &str| json!({"note": note});
        let (status, body) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/flags/{id}/review"),
                Some(review(" ")),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["code"], "REVIEW_NOTE_INVALID");
        let (status, _) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/flags/{id}/review"),
                Some(review("已电话核实：学员本人在网络不稳时反复拖动，非脚本")),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, open) = t
            .call(Some(&s.zzb), "GET", "/learning/flags?open=true", None)
            .await;
        assert!(open.as_array().unwrap().iter().all(|f| f["id"] != id));
        let (_, all) = t.call(Some(&s.zzb), "GET", "/learning/flags", None).await;
        let reviewed = all
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap();
        assert_eq!(reviewed["reviewed_by"], "zzb");
        let (status, _) = t
            .call(Some(&s.learner), "GET", "/learning/flags", None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A unit administrator without the library permission sees none either.
        let (status, _) = t
            .call(Some(&s.county), "GET", "/learning/flags", None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);

both_backends!(a_flood_of_heartbeats_counts_each_second_once, |t| {
    let s = cast(&t).await;
    let lesson = published_lesson(&t, &s, "依法行政专题", 600).await;
    let (_, started) = start(&t, &s.learner, lesson).await;
    let playback = started["playback_id"].as_i64().unwrap();
    beat(&t, &s.learner, playback, 0, true, true).await;
    t.clock.advance(Duration::seconds(15));
    // Sixteen copies of the same heartbeat at once (a retrying network, a script).
    let calls = (0..16).map(|_| beat(&t, &s.learner, playback, 15_000, true, true));
    let answers = futures_util::future::join_all(calls).await;
    let mut earned = 0;
    for (status, body) in &answers {
        match *status {
            StatusCode::OK => earned += body["earned_ms"].as_u64().unwrap(),
            StatusCode::CONFLICT => assert_eq!(body["code"], "PLAYBACK_REPORT_RACED", "{body}"),
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(earned, 15_000, "{answers:?}");
    let (_, mine) = t
        .call(Some(&s.learner), "GET", "/learning/my/courses", None)
        .await;
    let watched: u64 = mine["courses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["lessons"].as_array().unwrap().iter())
        .filter(|l| l["id"] == lesson)
        .map(|l| l["watched_ms"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(watched, 15_000);
});

both_backends!(the_library_is_searched_by_words_category_and_state, |t| {
    let s = cast(&t).await;
    published_lesson(&t, &s, "党史学习教育专题", 60).await;
    published_lesson(&t, &s, "依法行政概论", 60).await;
    let (_, draft) = t
        .call(
            Some(&s.zzb),
            "POST",
            "/learning/courses",
            Some(json!({"title": "数字政府建设", "category": "general", "summary": "政务服务一网通办"})),
        )
        .await;
    assert!(draft["id"].is_i64(), "{draft}");
    let titles = |list: Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap().to_owned())
            .collect()
    };
    for (query, expected) in [
        ("", vec!["数字政府建设", "依法行政概论", "党史学习教育专题"]),
        ("?q=党史", vec!["党史学习教育专题"]),
        // Words in any order, in the summary or a lesson's title.
        ("?q=一网通办%20政务", vec!["数字政府建设"]),
        ("?q=第一讲%20依法", vec!["依法行政概论"]),
        ("?category=general", vec!["数字政府建设"]),
        (
            "?state=published&category=theory",
            vec!["依法行政概论", "党史学习教育专题"],
        ),
        ("?q=不存在的词", vec![]),
    ] {
        let (status, list) = t
            .call(
                Some(&s.zzb),
                "GET",
                &format!("/learning/courses{query}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{query}: {list}");
        assert_eq!(titles(list), expected, "{query}");
    }
    let (status, refused) = t
        .call(
            Some(&s.zzb),
            "GET",
            "/learning/courses?category=astrology",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["code"], "COURSE_CATEGORY_UNKNOWN");
});
