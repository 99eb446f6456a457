//! Document lessons on both databases (issue 16 item 1: "documents (PDF shown in the page,
//! timed by the server)"): the keeper uploads a PDF whose pages the server counts itself
//! (damaged or empty files refused), sets its reading time; a learner reads it page by page and
//! the server alone counts the time the page was in front — never what the page claims — and
//! finishes the lesson only when the reading time is covered and every page was on screen long
//! enough; then its hours reach the ledger like a video's.

use super::{cast, mp4, online_credits, start, upload};
use crate::common;
use axum::http::StatusCode;
use chrono::Duration;
use lopdf::{Document, Object, Stream, dictionary};
use serde_json::{Value, json};

/// A PDF of `pages` A4 pages, each with a coloured block (made with the same parser the server
/// reads it with, so the test does not depend on a tool on the machine).
pub(super) fn pdf(pages: u32) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let tree = doc.new_object_id();
    let kids: Vec<Object> = (0..pages)
        .map(|n| {
            let shade = f64::from(n % 5) / 5.0;
            let content = format!("{shade} 0.2 0.4 rg 72 600 200 100 re f");
            let content = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => tree,
                "Contents" => content,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            })
            .into()
        })
        .collect();
    doc.objects.insert(
        tree,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => i64::from(pages),
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

async fn read_beat(
    t: &common::TestApp,
    s: &common::Session,
    playback: i64,
    page: u32,
    visible: bool,
) -> Value {
    let (status, counted) = t
        .call(
            Some(s),
            "POST",
            &format!("/learning/playbacks/{playback}/beats"),
            // A page that claims a far position (as a forged video report would) changes
            // nothing: a document's time is the server's.
            Some(json!({"position_ms": 10_000_000, "playing": true, "visible": visible, "page": page})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{counted}");
    counted
}

both_backends!(
    a_document_counts_as_read_only_for_time_in_front_and_every_page_seen,
    |t| {
        let s = cast(&t).await;

        // The server counts the pages; a damaged or empty PDF is refused and not kept.
        let (status, media) = upload(&t, &s.zzb, "条例原文.pdf", pdf(4)).await;
        assert_eq!(status, StatusCode::CREATED, "{media}");
        assert_eq!(media["kind"], "document");
        assert_eq!(media["kind_label"], "文档（PDF）");
        assert_eq!(media["pages"], 4);
        let mut damaged = pdf(4);
        damaged.truncate(60);
        for (bytes, code) in [(damaged, "DOCUMENT_CORRUPT"), (pdf(0), "DOCUMENT_NO_PAGES")] {
            let (status, body) = upload(&t, &s.zzb, "bad.pdf", bytes).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(body["code"], code);
            assert!(body["message"].as_str().unwrap().contains("PDF"), "{body}");
        }
        let files: Vec<String> = std::fs::read_dir(t.app.settings.media_path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(files[0].ends_with(".pdf"), "{files:?}");

        let (_, course) = t
            .call(
                Some(&s.zzb),
                "POST",
                "/learning/courses",
                Some(json!({"title": "纪律处分条例原文学习", "category": "policy", "summary": ""})),
            )
            .await;
        let course_id = course["id"].as_i64().unwrap();
        let lessons = format!("/learning/courses/{course_id}/lessons");
        // A reading time out of range, or one given for a video, is refused on its field.
        let (status, body) = t
            .call(
                Some(&s.zzb),
                "POST",
                &lessons,
                Some(json!({"title": "原文", "media_id": media["id"], "reading_minutes": 0})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["fields"][0]["code"], "READING_MINUTES_INVALID");
        let (_, video) = upload(&t, &s.zzb, "v.mp4", mp4::h264(60_000)).await;
        let (status, body) = t
            .call(
                Some(&s.zzb),
                "POST",
                &lessons,
                Some(json!({"title": "视频", "media_id": video["id"], "reading_minutes": 5})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["code"], "LESSON_READING_TIME_OF_VIDEO");

        // Two minutes of reading for four pages: each page needs 10 s on screen (the setting;
        // half of each page's share, 15 s, is more).
        let (status, course) = t
            .call(
                Some(&s.zzb),
                "POST",
                &lessons,
                Some(json!({"title": "条例原文", "media_id": media["id"], "reading_minutes": 2})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{course}");
        let lesson = &course["lessons"][0];
        assert_eq!(
            (&lesson["kind"], &lesson["duration_ms"], &lesson["pages"]),
            (&json!("document"), &json!(120_000), &json!(4))
        );
        let lesson_id = lesson["id"].as_i64().unwrap();
        t.call(
            Some(&s.zzb),
            "POST",
            &format!("/learning/courses/{course_id}/state"),
            Some(json!({"action": "publish"})),
        )
        .await;

        // Required of the learner's town this year, so its hours count.
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        let (status, requirement) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/courses/{course_id}/requirements"),
                Some(json!({"year": mine["year"], "audience": "unit", "audience_id": t.units.town_a})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{requirement}");

        // The file is read as a PDF by whoever studies; it is not a video.
        let media_id = media["id"].as_i64().unwrap();
        let (status, headers, bytes) = t
            .call_raw(
                Some(&s.learner),
                "GET",
                &format!("/learning/media/{media_id}/document"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "application/pdf");
        assert_eq!(bytes, pdf(4));
        let (status, _, _) = t
            .call_raw(
                Some(&s.learner),
                "GET",
                &format!("/learning/media/{media_id}/video"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let (status, started) = start(&t, &s.learner, lesson_id).await;
        assert_eq!(status, StatusCode::CREATED, "{started}");
        assert_eq!(
            (
                &started["kind"],
                &started["pages"],
                &started["resume_page"],
                &started["pages_read"]
            ),
            (&json!("document"), &json!(4), &json!(1), &json!(0))
        );
        let playback = started["playback_id"].as_i64().unwrap();

        // Page 1, then 2, then straight to 4: pages 1 and 2 were in front 15 s each.
        read_beat(&t, &s.learner, playback, 1, true).await;
        t.clock.advance(Duration::seconds(15));
        let first = read_beat(&t, &s.learner, playback, 2, true).await;
        assert_eq!(first["earned_ms"], 15_000, "{first}");
        assert_eq!(first["pages_read"], 1);
        t.clock.advance(Duration::seconds(15));
        read_beat(&t, &s.learner, playback, 4, true).await;
        // A page the document does not have, or a hidden page, earns nothing.
        t.clock.advance(Duration::seconds(15));
        let missing = read_beat(&t, &s.learner, playback, 9, true).await;
        assert_eq!(missing["refused"], "no_such_page");
        assert_eq!(missing["refused_label"], "页码不在文档中");
        let hidden = read_beat(&t, &s.learner, playback, 4, false).await;
        assert_eq!(hidden["refused"], "hidden");
        assert_eq!(hidden["watched_ms"], 30_000);

        // Staying on page 4 covers the reading time, but page 3 was never on screen.
        let mut last = Value::Null;
        for _ in 0..6 {
            t.clock.advance(Duration::seconds(15));
            last = read_beat(&t, &s.learner, playback, 4, true).await;
        }
        assert_eq!(last["watched_ms"], 120_000, "{last}");
        assert_eq!(last["completed"], false);
        assert_eq!(
            (&last["pages_read"], &last["first_unread_page"]),
            (&json!(3), &json!(3))
        );
        assert_eq!(online_credits(&t, &s).await, (0, 0));

        // Leaving and coming back opens where the reader was.
        t.call(
            Some(&s.learner),
            "POST",
            &format!("/learning/playbacks/{playback}/stop"),
            None,
        )
        .await;
        let (_, again) = start(&t, &s.learner, lesson_id).await;
        assert_eq!(
            (
                &again["resume_page"],
                &again["pages_read"],
                &again["watched_ms"]
            ),
            (&json!(4), &json!(3), &json!(120_000))
        );
        let playback = again["playback_id"].as_i64().unwrap();
        read_beat(&t, &s.learner, playback, 3, true).await;
        t.clock.advance(Duration::seconds(15));
        let done = read_beat(&t, &s.learner, playback, 3, true).await;
        assert_eq!(done["completed"], true, "{done}");
        assert_eq!(done["pages_read"], 4);
        assert!(done["first_unread_page"].is_null());

        // Two minutes read is the shortest tier: 0.25 class hours, in the ledger like a video.
        ganxun::app::follow_ups::run_due(&t.app).await.unwrap();
        assert_eq!(online_credits(&t, &s).await, (1, 25));
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        let view = &mine["courses"][0]["lessons"][0];
        assert_eq!(view["kind_label"], "文档");
        assert!(view["completed_at"].is_string(), "{view}");

        // A playback left open minutes ago (a closed laptop) is ended without telling the learner
        // they took over from somewhere; a live one is named.
        t.clock.advance(Duration::minutes(10));
        let (_, fresh) = start(&t, &s.learner, lesson_id).await;
        assert_eq!(fresh["took_over"], false, "{fresh}");
        let (_, live) = start(&t, &s.learner, lesson_id).await;
        assert_eq!(live["took_over"], true, "{live}");
    }
);
