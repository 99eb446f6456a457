//! A plan set against the classes held for it (年度培训计划执行情况): each item's progress on
//! the day, the classes held outside the plan, and the same in Excel and in print.

use crate::common::running::running_class;
use crate::common::{self, Session, TestApp};
use axum::http::StatusCode;
use calamine::Reader;
use chrono::Duration;
use serde_json::{Value, json};

async fn execution(t: &TestApp, who: &Session, plan: i64) -> Value {
    let (status, body) = t
        .call(Some(who), "GET", &format!("/plans/{plan}/execution"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn item<'a>(execution: &'a Value, title: &str) -> &'a Value {
    execution["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == title)
        .unwrap_or_else(|| panic!("{title} not in {execution}"))
}

async fn download(t: &TestApp, who: &Session, path: &str) -> Vec<u8> {
    let (status, _, bytes) = t.call_raw(Some(who), "GET", path, None).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    bytes
}

fn sheets(bytes: Vec<u8>) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap()
}

both_backends!(a_plan_is_printed_and_set_against_the_classes_held, |t| {
    // A class of the county in progress outside any plan, two trainees enrolled.
    let running = running_class(&t, 2).await;
    let county = t.login("county").await;
    let zzb = t.login("zzb").await;
    let (status, plan) = t
        .call(
            Some(&county),
            "POST",
            "/plans",
            Some(json!({"unit_id": t.units.county_x, "year": 2026,
                "title": "甲县2026年度干部教育培训计划", "budget_fen": 123_456_700})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    let id = plan["id"].as_i64().unwrap();
    let mut item_ids = Vec::new();
    for (title, quarter) in [
        ("党性教育专题班", json!(1)),
        ("业务能力提升班", json!(2)),
        ("年轻干部培训班", Value::Null),
        ("村干部轮训", json!(1)),
    ] {
        let (_, body) = t
            .call(
                Some(&county),
                "POST",
                &format!("/plans/{id}/items"),
                Some(
                    json!({"title": title, "kind": "themed_class", "trainees": 40, "days": 3,
                    "budget_fen": 3_000_000, "quarter": quarter}),
                ),
            )
            .await;
        item_ids.push(
            body["items"].as_array().unwrap().last().unwrap()["id"]
                .as_i64()
                .unwrap(),
        );
    }
    // A draft prints as a plan only.
    let book = sheets(download(&t, &county, &format!("/plans/{id}/xlsx")).await);
    assert_eq!(book.sheet_names(), ["计划"]);
    let text = common::pdf_text(&download(&t, &county, &format!("/plans/{id}/pdf")).await);
    assert!(text.contains("甲县2026年度干部教育培训计划"), "{text}");
    assert!(
        text.contains("1,234,567.00元"),
        "budget with thousands separated: {text}"
    );
    assert!(
        text.contains("草稿") && !text.contains("执行情况"),
        "{text}"
    );

    t.call(Some(&county), "POST", &format!("/plans/{id}/submit"), None)
        .await;
    let (_, body) = t
        .call(
            Some(&zzb),
            "POST",
            &format!("/plans/{id}/decision"),
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(body["state"], "approved", "{body}");
    // The first item's class is filed; the others have none yet.
    let (status, class) = t.call(Some(&county), "POST", "/classes", Some(json!({
        "title": "2026年党性教育专题班", "kind": "themed_class", "organiser_unit_id": t.units.county_x,
        "host_name": "县委党校", "starts_on": "2026-03-10", "ends_on": "2026-03-12",
        "funding_source": "budget", "plan_item_id": item_ids[0]
    }))).await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    let class_id = class["id"].as_i64().unwrap();
    let (status, body) = t
        .call(
            Some(&county),
            "PUT",
            &format!("/classes/{class_id}/teaching-plan"),
            Some(json!({"version": class["version"], "sessions": [
                {"date": "2026-03-10", "start_time": "09:00", "end_time": "12:00", "topic": "开班"}
            ]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for (who, action) in [(&county, "submit"), (&zzb, "file")] {
        let (_, body) = t
            .call(
                Some(who),
                "POST",
                &format!("/classes/{class_id}/actions"),
                Some(json!({"action": action})),
            )
            .await;
        assert!(body["state"].is_string(), "{action}: {body}");
    }

    let now = execution(&t, &county, id).await;
    assert_eq!(now["as_of"], "2026-03-02");
    let first = item(&now, "党性教育专题班");
    assert_eq!(first["progress"], "preparing", "{first}");
    assert_eq!(first["progress_label"], "筹备中");
    assert_eq!(first["classes"][0]["id"], class_id);
    assert_eq!(first["days_held"], 3);
    assert_eq!(item(&now, "村干部轮训")["progress"], "not_started");
    let unplanned = now["unplanned"].as_array().unwrap();
    assert_eq!(unplanned.len(), 1, "{now}");
    assert_eq!(
        (
            unplanned[0]["id"].as_i64(),
            unplanned[0]["enrolled"].as_i64()
        ),
        (Some(running.class), Some(2))
    );
    assert_eq!(now["totals"]["items"], 4);
    assert_eq!(now["totals"]["planned_trainees"], 160);
    assert_eq!(now["totals"]["budget_fen"], 12_000_000);

    // A month on the first quarter is over: the item with no class is overdue.
    t.clock.advance(Duration::days(31));
    let county = t.login("county").await;
    let later = execution(&t, &county, id).await;
    assert_eq!(item(&later, "村干部轮训")["progress"], "overdue");
    assert_eq!(item(&later, "党性教育专题班")["progress"], "preparing");
    assert_eq!(item(&later, "业务能力提升班")["progress"], "not_started");
    assert_eq!(item(&later, "年轻干部培训班")["progress"], "not_started");
    assert_eq!(later["totals"]["overdue"], 1);
    assert_eq!(later["totals"]["done_percent"], 0);

    let mut book = sheets(download(&t, &county, &format!("/plans/{id}/xlsx")).await);
    assert_eq!(book.sheet_names(), ["计划", "执行情况", "计划外班次"]);
    let progress = book.worksheet_range("执行情况").unwrap();
    let cells: Vec<String> = progress.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "逾期未开展"), "{cells:?}");
    assert!(
        cells.iter().any(|c| c.contains("2026年党性教育专题班")),
        "{cells:?}"
    );
    let text = common::pdf_text(&download(&t, &county, &format!("/plans/{id}/pdf")).await);
    for expected in [
        "执行情况（截至2026年4月2日）",
        "逾期未开展",
        "计划外举办班次",
        "考勤测试班",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }

    // Another county's administrator does not see the plan at all.
    t.unit_admin("other", t.units.county_y).await;
    let other = t.login("other").await;
    for path in ["execution", "pdf", "xlsx"] {
        let (status, _) = t
            .call(Some(&other), "GET", &format!("/plans/{id}/{path}"), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
});
