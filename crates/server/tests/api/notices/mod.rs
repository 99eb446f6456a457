//! The notices inbox (待办通知, issue 17 item 2) on both databases: the figures a unit is told
//! when a class ends are the class page's figures, whenever either is read; each kind has its
//! own title; the inbox pages, filters by kind and keeps read state per reader.

use crate::common::{self, TestApp};

use axum::http::StatusCode;
use chrono::Duration;
use common::Session;
use common::running::running_class_from;
use serde_json::{Value, json};

async fn mark(t: &TestApp, teacher: &Session, class: i64, session: i64, person: i64, body: Value) {
    let (status, answer) = t
        .call(
            Some(teacher),
            "PUT",
            &format!("/classes/{class}/sessions/{session}/marks/{person}"),
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

/// The rate a notice states ("出勤率 75.0%").
fn stated_rate(notice: &Value) -> f64 {
    let body = notice["body"].as_str().unwrap();
    let after = body
        .split("出勤率 ")
        .nth(1)
        .unwrap_or_else(|| panic!("{body}"));
    after.split('%').next().unwrap().parse().unwrap()
}

async fn inbox(t: &TestApp, s: &Session, query: &str) -> Value {
    let (status, page) = t
        .call(Some(s), "GET", &format!("/notices{query}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

async fn unread(t: &TestApp, s: &Session) -> u64 {
    let (_, body) = t.call(Some(s), "GET", "/notices/unread", None).await;
    body["count"].as_u64().unwrap()
}

/// A class of four trainees from two towns, marked for both sessions of its first day at 09:00
/// (the afternoon's before it starts, as a head teacher entering a paper sheet does) and ended
/// early at once; the notices went out then.
async fn ended_early(t: &TestApp) -> common::running::Running {
    let r = running_class_from(t, 4, None, None, &[t.units.town_a, t.units.town_b]).await;
    let [s1, s2, ..] = r.sessions[..] else {
        panic!()
    };
    let p = &r.people;
    let present = json!({"status":"present"});
    // Town A: trainees 0 and 2; town B: trainees 1 and 3.
    mark(t, &r.teacher, r.class, s1, p[0], present.clone()).await;
    mark(t, &r.teacher, r.class, s2, p[0], present.clone()).await;
    mark(
        t,
        &r.teacher,
        r.class,
        s1,
        p[1],
        json!({"status":"late","minutes_late":30}),
    )
    .await;
    mark(t, &r.teacher, r.class, s2, p[1], present.clone()).await;
    mark(t, &r.teacher, r.class, s1, p[2], json!({"status":"absent"})).await;
    mark(t, &r.teacher, r.class, s2, p[2], present.clone()).await;
    mark(t, &r.teacher, r.class, s1, p[3], present.clone()).await;
    mark(
        t,
        &r.teacher,
        r.class,
        s2,
        p[3],
        json!({"status":"left_early","minutes_early":60}),
    )
    .await;
    let (status, body) = t
        .call(
            Some(&r.teacher),
            "POST",
            &format!("/classes/{}/actions", r.class),
            Some(json!({"action":"end","reason":"防汛任务，提前结束"})),
        )
        .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (StatusCode::OK, Some("ended")),
        "{body}"
    );
    r
}

both_backends!(
    the_rate_a_unit_is_told_at_the_end_is_the_class_reports_rate_for_that_unit,
    |t| {
        let r = ended_early(&t).await;
        let zzb = t.login("zzb").await;
        let told = inbox(&t, &zzb, "?kind=class_attendance").await;
        let told = told["items"].as_array().unwrap().clone();
        assert_eq!(told.len(), 2, "one notice per unit: {told:?}");
        // Days later, after the dates of the sessions the early end cancelled: the class page's
        // report still counts only what was held.
        t.clock.advance(Duration::days(3));
        let teacher = t.login("teacher").await;
        let (status, report) = t
            .call(
                Some(&teacher),
                "GET",
                &format!("/classes/{}/attendance", r.class),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["held_hours"], 600, "two sessions held: {report}");
        let units = report["units"].as_array().unwrap();
        assert_eq!(units.len(), 2, "{report}");
        for notice in &told {
            let line = units
                .iter()
                .find(|u| u["unit_id"] == notice["unit_id"])
                .unwrap_or_else(|| panic!("no report line for {notice}"));
            assert_eq!(
                Some(stated_rate(notice)),
                line["rate"].as_f64(),
                "the notice and the report agree: {notice} {line}"
            );
            assert!(stated_rate(notice) <= 100.0, "{notice}");
        }
        // Town A: 6 + 3 of 12 hours; town B: 5.5 + 5 of 12 hours.
        let rate_of = |unit: i64| {
            told.iter()
                .find(|n| n["unit_id"] == unit)
                .map(stated_rate)
                .unwrap()
        };
        assert_eq!(rate_of(t.units.town_a), 75.0);
        assert_eq!(rate_of(t.units.town_b), 87.5);
        assert!(told[0]["title"].as_str().unwrap().ends_with("”考勤情况"));
    }
);

both_backends!(
    the_inbox_pages_filters_by_kind_and_keeps_read_state_per_reader,
    |t| {
        ended_early(&t).await;
        t.account_with_scope(
            "zzb2",
            "training_authority",
            t.units.city,
            None,
            Some("units"),
            vec![t.units.city],
        )
        .await;
        let zzb = t.login("zzb").await;
        // Two units: a class-opening notice and an attendance notice each.
        let page = inbox(&t, &zzb, "?per_page=3").await;
        assert_eq!(
            (page["total"].as_u64(), page["unread"].as_u64()),
            (Some(4), Some(4)),
            "{page}"
        );
        assert_eq!(page["items"].as_array().unwrap().len(), 3);
        assert!(page["items"][0]["read_at"].is_null());
        // An authority reads the notices of many units: each names its unit.
        let to: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["unit_name"].as_str().unwrap())
            .collect();
        assert!(
            to.contains(&"甲县一镇") && to.contains(&"甲县二镇"),
            "{page}"
        );
        assert_eq!(
            page["kinds"],
            json!([
                {"kind":"class_started","total":2,"unread":2},
                {"kind":"class_attendance","total":2,"unread":2}
            ]),
            "{page}"
        );
        let second = inbox(&t, &zzb, "?per_page=3&page=2").await;
        assert_eq!(second["items"].as_array().unwrap().len(), 1, "{second}");
        // Each kind has its own title: a class opening is not an arrival report.
        let started = inbox(&t, &zzb, "?kind=class_started").await;
        for n in started["items"].as_array().unwrap() {
            assert!(n["title"].as_str().unwrap().ends_with("”开班通知"), "{n}");
        }
        // Opening a notice marks it read for this reader only, once.
        let first = started["items"][0]["id"].as_i64().unwrap();
        let (status, opened) = t
            .call(Some(&zzb), "POST", &format!("/notices/{first}/read"), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{opened}");
        assert!(opened["read_at"].is_string(), "{opened}");
        t.clock.advance(Duration::minutes(5));
        let zzb = t.login("zzb").await;
        let (_, again) = t
            .call(Some(&zzb), "POST", &format!("/notices/{first}/read"), None)
            .await;
        assert_eq!(
            again["read_at"], opened["read_at"],
            "the first reading stays"
        );
        assert_eq!(unread(&t, &zzb).await, 3);
        let colleague = t.login("zzb2").await;
        assert_eq!(unread(&t, &colleague).await, 4, "read state is per reader");
        let unread_page = inbox(&t, &zzb, "?unread=true").await;
        assert_eq!(unread_page["total"], 3, "{unread_page}");
        // Mark all of one kind, then all.
        let (_, marked) = t
            .call(
                Some(&zzb),
                "POST",
                "/notices/read-all",
                Some(json!({"kind":"class_started"})),
            )
            .await;
        assert_eq!(marked["count"], 1, "{marked}");
        let (_, marked) = t
            .call(Some(&zzb), "POST", "/notices/read-all", Some(json!({})))
            .await;
        assert_eq!(marked["count"], 2, "{marked}");
        assert_eq!(unread(&t, &zzb).await, 0);
        assert_eq!(unread(&t, &colleague).await, 4);
        // An unknown kind matches nothing; a page size past the limit is refused by field.
        let none = inbox(&t, &zzb, "?kind=nonsense").await;
        assert_eq!(
            (
                none["total"].as_u64(),
                none["kinds"].as_array().map(Vec::len)
            ),
            (Some(0), Some(2)),
            "{none}"
        );
        let (status, body) = t
            .call(Some(&zzb), "GET", "/notices?per_page=1000", None)
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("PAGE_OUT_OF_RANGE")),
            "{body}"
        );
        // A notice to a unit outside the reader's scope is not found.
        t.unit_admin("other_county", t.units.county_y).await;
        let other = t.login("other_county").await;
        let (status, _) = t
            .call(
                Some(&other),
                "POST",
                &format!("/notices/{first}/read"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(inbox(&t, &other, "").await["total"], 0);
    }
);
