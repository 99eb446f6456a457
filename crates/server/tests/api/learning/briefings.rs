//! Watching learning and its briefings on both databases (issue 16 item 5, R-ONL-4): the live
//! view shows who is learning now, what each unit has done and the laggards by name with whom
//! to tell; the schedule makes each half-month's statistics and each month's briefing once, for
//! the whole tree and each district with learners, kept as made and downloadable as Excel and
//! PDF by those whose scope holds the unit.

use super::{beat, cast, published_lesson, start};
use crate::common;
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};

async fn watch(t: &common::TestApp, s: &common::Session, query: &str) -> Value {
    let (status, view) = t
        .call(Some(s), "GET", &format!("/learning/watch{query}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    view
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect()
}

both_backends!(
    the_live_view_shows_who_learns_now_and_who_is_behind_by_name,
    |t| {
        let s = cast(&t).await;
        let lesson = published_lesson(&t, &s, "党史学习", 300).await;
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        let course = mine["courses"][0]["id"].as_i64().unwrap();
        let year = mine["year"].as_i64().unwrap();

        // Before anything is required, nobody is measured.
        let view = watch(&t, &s.zzb, "").await;
        assert_eq!(view["title"], "示范市");
        assert_eq!(view["whole"]["people"], 2, "{view}");
        assert_eq!(view["whole"]["learners"], 0);
        assert_eq!(view["laggards_total"], 0);
        assert_eq!(view["target_hours"], "50");

        let (status, _) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/courses/{course}/requirements"),
                Some(json!({"year": year, "audience": "everyone"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);

        // 学员甲 watches the whole lesson honestly; while the playback beats, they learn now.
        let (_, started) = start(&t, &s.learner, lesson).await;
        let playback = started["playback_id"].as_i64().unwrap();
        for position in (0..=20u64).map(|step| step * 15_000) {
            let (_, counted) = beat(&t, &s.learner, playback, position, true, true).await;
            assert!(counted["refused"].is_null(), "{counted}");
            if position < 300_000 {
                t.clock.advance(Duration::seconds(15));
            }
        }
        let view = watch(&t, &s.zzb, "").await;
        let whole = &view["whole"];
        assert_eq!(whole["learners"], 2, "{view}");
        assert_eq!(whole["learning_now"], 1);
        assert_eq!(names(&view["learning_now"]), vec!["学员甲"]);
        assert_eq!(view["learning_now"][0]["course_title"], "党史学习");
        assert_eq!(whole["learned_in_period"], 1);
        assert_eq!(whole["period_minutes"], 5);
        assert_eq!(whole["required_lessons"], 2);
        assert_eq!(whole["finished_required_lessons"], 1);
        assert_eq!(whole["completion_percent"], 50.0);
        assert_eq!(whole["required_hours"], "0.25");
        // 2 March is day 61 of 365: 50 × 61 / 365 = 8.35 hours due; both are behind, since the
        // start of the year (five half-month ends and today): their units are told and beyond.
        assert_eq!(view["expected_hours"], "8.35");
        assert_eq!(view["period"]["code"], "2026-03-1");
        assert_eq!(whole["behind"], 2);
        assert_eq!(view["laggards_total"], 2);
        // The further behind first.
        assert_eq!(names(&view["laggards"]), vec!["学员乙", "学员甲"]);
        let first = &view["laggards"][0];
        assert_eq!(first["short_hours"], "8.35");
        assert_eq!(first["periods_behind"], 5);
        assert_eq!(first["escalation"], "district");
        assert_eq!(view["laggards"][1]["short_hours"], "8.1");
        assert_eq!(view["laggards"][1]["period_minutes"], 5);
        // The city's figures by the units right below it: 甲县 holds both; 乙县 has nobody.
        let groups = view["groups"].as_array().unwrap();
        assert_eq!(groups.len(), 1, "{view}");
        assert_eq!(groups[0]["name"], "甲县");
        assert_eq!(groups[0]["figures"]["behind"], 2);

        // A minute without a heartbeat: nobody is learning now.
        t.clock.advance(Duration::seconds(61));
        let view = watch(&t, &s.zzb, &format!("?unit_id={}", t.units.county_x)).await;
        assert_eq!(view["title"], "甲县");
        assert_eq!(view["whole"]["learning_now"], 0);
        assert_eq!(view["groups"][0]["name"], "甲县一镇", "{view}");

        // The county's administrator sees the county, not the city or its other county.
        let view = watch(&t, &s.county, "").await;
        assert_eq!(view["title"], "甲县");
        let (status, _) = t
            .call(
                Some(&s.county),
                "GET",
                &format!("/learning/watch?unit_id={}", t.units.county_y),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // A learner watches nobody.
        let (status, refused) = t
            .call(Some(&s.learner), "GET", "/learning/watch", None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    }
);

both_backends!(
    the_schedule_makes_each_periods_statistics_and_briefing_once_and_keeps_them,
    |t| {
        let s = cast(&t).await;
        let lesson = published_lesson(&t, &s, "党史学习", 300).await;
        let (_, mine) = t
            .call(Some(&s.learner), "GET", "/learning/my/courses", None)
            .await;
        let course = mine["courses"][0]["id"].as_i64().unwrap();
        let (status, _) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/learning/courses/{course}/requirements"),
                Some(json!({"year": 2026, "audience": "everyone"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, started) = start(&t, &s.learner, lesson).await;
        let playback = started["playback_id"].as_i64().unwrap();
        for position in (0..=20u64).map(|step| step * 15_000) {
            beat(&t, &s.learner, playback, position, true, true).await;
            t.clock.advance(Duration::seconds(15));
        }

        // On 2 March the schedule owes February's second half and February: for the city (the
        // leading group) and 甲县; 乙县 has no people and gets none. Twice makes nothing twice.
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let made = ganxun::app::learning::briefings::run_schedule(&t.app, today)
            .await
            .unwrap();
        assert_eq!(made, 4);
        let again = ganxun::app::learning::briefings::run_schedule(&t.app, today)
            .await
            .unwrap();
        assert_eq!(again, 0);

        let (status, list) = t
            .call(Some(&s.zzb), "GET", "/learning/briefings", None)
            .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let titles: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles.len(), 4, "{list}");
        assert!(
            titles.contains(&"示范市2026年2月网络学习情况通报"),
            "{titles:?}"
        );
        assert!(
            titles.contains(&"甲县2026年2月下半月网络学习统计"),
            "{titles:?}"
        );
        let (_, months) = t
            .call(Some(&s.zzb), "GET", "/learning/briefings?kind=month", None)
            .await;
        assert_eq!(months.as_array().unwrap().len(), 2);
        let (status, bad) = t
            .call(Some(&s.zzb), "GET", "/learning/briefings?kind=weekly", None)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(bad["code"], "BRIEFING_KIND_UNKNOWN");

        // The county reads its own briefings, not the city's.
        let (_, county) = t
            .call(Some(&s.county), "GET", "/learning/briefings", None)
            .await;
        assert_eq!(county.as_array().unwrap().len(), 2, "{county}");
        let city_month = list
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["title"] == "示范市2026年2月网络学习情况通报")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let (status, _) = t
            .call(
                Some(&s.county),
                "GET",
                &format!("/learning/briefings/{city_month}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // February's briefing was made as of 28 February: the lesson finished on 2 March is not
        // in it; both learners were behind at every half-month end of the year so far.
        let (status, detail) = t
            .call(
                Some(&s.zzb),
                "GET",
                &format!("/learning/briefings/{city_month}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        let document = &detail["document"];
        assert_eq!(document["period"]["first_day"], "2026-02-01");
        assert_eq!(document["whole"]["learners"], 2, "{document}");
        assert_eq!(document["whole"]["learned_in_period"], 0);
        assert_eq!(document["whole"]["finished_required_lessons"], 0);
        assert_eq!(document["laggards_total"], 2);
        assert_eq!(document["laggards"][0]["periods_behind"], 4);
        assert_eq!(document["laggards"][0]["escalation"], "district");
        let summary = document["summary"].as_str().unwrap();
        assert!(
            summary.starts_with("2026年2月，示范市应参加网络学习 2 人"),
            "{summary}"
        );
        assert!(summary.contains("进度滞后 2 人"), "{summary}");

        // Excel and PDF of the same figures.
        let (status, headers, xlsx) = t
            .call_raw(
                Some(&s.zzb),
                "GET",
                &format!("/learning/briefings/{city_month}/xlsx"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(xlsx.starts_with(b"PK"));
        assert!(
            headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains("filename*=UTF-8''")
        );
        let (status, headers, pdf) = t
            .call_raw(
                Some(&s.zzb),
                "GET",
                &format!("/learning/briefings/{city_month}/pdf"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
        assert_eq!(headers["content-type"], "application/pdf");
        assert!(pdf.starts_with(b"%PDF"));

        // A missed period made by hand once; one not ended, nonsense, or made before, refused.
        let (status, made) = t
            .call(
                Some(&s.zzb),
                "POST",
                "/learning/briefings",
                Some(json!({"period": "2026-01"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(made["title"], "示范市2026年1月网络学习情况通报");
        assert_eq!(made["made_by"], "zzb");
        for (period, status, code) in [
            ("2026-01", StatusCode::CONFLICT, "BRIEFING_EXISTS"),
            (
                "2026-03",
                StatusCode::UNPROCESSABLE_ENTITY,
                "BRIEFING_PERIOD_NOT_ENDED",
            ),
            (
                "2026-13",
                StatusCode::UNPROCESSABLE_ENTITY,
                "BRIEFING_PERIOD_INVALID",
            ),
            (
                "2019-05",
                StatusCode::UNPROCESSABLE_ENTITY,
                "BRIEFING_PERIOD_TOO_OLD",
            ),
        ] {
            let (got, body) = t
                .call(
                    Some(&s.zzb),
                    "POST",
                    "/learning/briefings",
                    Some(json!({"period": period})),
                )
                .await;
            assert_eq!((got, body["code"].as_str()), (status, Some(code)), "{body}");
        }
        // Making one is the training office's: a county administrator reads but does not make.
        let (status, _) = t
            .call(
                Some(&s.county),
                "POST",
                "/learning/briefings",
                Some(json!({"period": "2026-01"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);
