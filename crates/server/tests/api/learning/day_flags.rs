//! What only a whole day shows, on both databases (issue 16 item 2): learning in eighteen hours
//! of one day and learning in the same minutes five days running are flagged for review, once,
//! and take nothing away.

use super::{beat, cast, published_lesson, start};
use crate::common::{self, Session};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use serde_json::Value;

/// One short sitting at the clock's now: a playback resumed where the last one stopped and
/// 15 s watched honestly, leaving the clock 15 s later.
async fn sitting(t: &crate::common::TestApp, who: &str, lesson: i64) {
    // Sessions end after half an hour idle: each sitting signs in afresh.
    let session: Session = t.login(who).await;
    let (status, started) = start(t, &session, lesson).await;
    assert_eq!(status, StatusCode::CREATED, "{started}");
    let playback = started["playback_id"].as_i64().unwrap();
    let at = started["resume_ms"].as_u64().unwrap();
    let (_, first) = beat(t, &session, playback, at, true, true).await;
    assert!(first["refused"].is_null(), "{first}");
    t.clock.advance(Duration::seconds(15));
    let (_, second) = beat(t, &session, playback, at + 15_000, true, true).await;
    assert_eq!(second["earned_ms"], 15_000, "{second}");
}

fn flags_of<'a>(flags: &'a Value, kind: &str) -> Vec<&'a Value> {
    flags
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .collect()
}

both_backends!(
    learning_around_the_clock_or_on_a_timer_is_flagged_once_for_review,
    |t| {
        let s = cast(&t).await;
        let lesson = published_lesson(&t, &s, "党史学习", 600).await;
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();

        // 学员乙 learns at 20:00 China time for five evenings running, to the second.
        // The clock starts at 09:00 on 2 March.
        t.clock.advance(Duration::hours(11));
        for _ in 0..5 {
            sitting(&t, "other", lesson).await;
            t.clock.advance(Duration::days(1) - Duration::seconds(15));
        }
        // Four evenings are a habit; the fifth makes a timer.
        assert_eq!(
            ganxun::app::learning::flags::examine_day(&t.app, day(5))
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            ganxun::app::learning::flags::examine_day(&t.app, day(6))
                .await
                .unwrap(),
            1
        );

        // 学员甲 learns a little in every hour from midnight to 17:00 on 8 March.
        // Now 20:00 on the 7th: four hours to midnight.
        t.clock.advance(Duration::hours(4));
        for _ in 0..18 {
            sitting(&t, "learner", lesson).await;
            t.clock.advance(Duration::hours(1) - Duration::seconds(15));
        }
        assert_eq!(
            ganxun::app::learning::flags::examine_day(&t.app, day(8))
                .await
                .unwrap(),
            1
        );
        // Looking at the same day again raises nothing twice.
        assert_eq!(
            ganxun::app::learning::flags::examine_day(&t.app, day(8))
                .await
                .unwrap(),
            0
        );

        let zzb = t.login("zzb").await;
        let (status, flags) = t
            .call(Some(&zzb), "GET", "/learning/flags?open=true", None)
            .await;
        assert_eq!(status, StatusCode::OK, "{flags}");
        let clock = flags_of(&flags, "round_the_clock");
        assert_eq!(clock.len(), 1, "{flags}");
        assert_eq!(clock[0]["person_name"], "学员甲");
        assert_eq!(clock[0]["kind_label"], "全天候学习");
        assert!(
            clock[0]["detail"]
                .as_str()
                .unwrap()
                .starts_with("2026-03-08 一天中有 18 个小时"),
            "{}",
            clock[0]
        );
        let timer = flags_of(&flags, "identical_days");
        assert_eq!(timer.len(), 1, "{flags}");
        assert_eq!(timer[0]["person_name"], "学员乙");

        // Flagged, not punished: every sitting's time is credited.
        let learner = t.login("learner").await;
        let (_, mine) = t
            .call(Some(&learner), "GET", "/learning/my/courses", None)
            .await;
        let watched = mine["courses"][0]["lessons"][0]["watched_ms"]
            .as_u64()
            .unwrap();
        assert_eq!(watched, 18 * 15_000, "{mine}");
    }
);

both_backends!(heartbeats_like_a_metronome_are_flagged_once, |t| {
    let s = cast(&t).await;
    let lesson = published_lesson(&t, &s, "依法行政专题", 1200).await;
    // A script: forty-one heartbeats exactly 15 s apart (the test's clock is exact).
    let (_, started) = start(&t, &s.learner, lesson).await;
    let playback = started["playback_id"].as_i64().unwrap();
    for n in 0..=41u64 {
        let (status, counted) = beat(&t, &s.learner, playback, n * 15_000, true, true).await;
        assert_eq!(status, StatusCode::OK, "{counted}");
        t.clock.advance(Duration::seconds(15));
    }
    // A person's page: the same, but answers take their time and a pause breaks the beat.
    let (_, started) = start(&t, &s.other, lesson).await;
    let playback = started["playback_id"].as_i64().unwrap();
    let mut position = 0;
    for n in 0..=41u64 {
        beat(&t, &s.other, playback, position, true, true).await;
        let gap = if n % 9 == 4 {
            3_200
        } else {
            15_000 + (n * 37) % 160
        };
        t.clock.advance(Duration::milliseconds(gap as i64));
        position += gap;
    }
    let (_, flags) = t
        .call(Some(&s.zzb), "GET", "/learning/flags?open=true", None)
        .await;
    let regular = flags_of(&flags, "metronomic");
    assert_eq!(regular.len(), 1, "{flags}");
    assert_eq!(regular[0]["person_name"], "学员甲");
    assert!(
        regular[0]["detail"]
            .as_str()
            .unwrap()
            .contains("15000 毫秒"),
        "{}",
        regular[0]
    );
});
