//! Training classes over HTTP on both databases: the whole life of a class, routing to the right
//! approver, rejection and resubmission with history, the gates (`CLASS_NOT_APPROVED`), teaching
//! plan checks, enrolment with capacity, waiting list and eligibility, reports and certificates.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

mod approval;
mod enrolment;
mod matrix;

use crate::common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{Session, TestApp, id_card};
use serde_json::{Value, json};

/// An organisation department under the city, with a training-authority account in it.
async fn organisation_department(t: &TestApp, zzb: &Session) -> i64 {
    let (status, body) = t
        .call(Some(zzb), "POST", "/org/units", Some(json!({"code":"ZZB","name":"市委组织部","unit_type":"organisation_department","parent_id": t.units.city})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

fn dossier(t: &TestApp, title: &str, starts: &str, ends: &str, categories: &[&str]) -> Value {
    json!({
        "title": title,
        "kind": "themed_class",
        "organiser_unit_id": t.units.county_x,
        "host_name": "甲县委党校",
        "target_trainees": "全县中小学校长",
        "trainee_categories": categories,
        "starts_on": starts,
        "ends_on": ends,
        "venue": "党校报告厅",
        "funding_source": "budget",
        "fee_fen": 0,
        "capacity": 2,
        "liaison_name": "王老师",
        "liaison_phone": "13912345678",
        "eligibility": {"max_age": 45}
    })
}

async fn act(t: &TestApp, s: &Session, id: i64, action: &str, reason: &str) -> (StatusCode, Value) {
    t.call(
        Some(s),
        "POST",
        &format!("/classes/{id}/actions"),
        Some(json!({"action": action, "reason": reason})),
    )
    .await
}

async fn version(t: &TestApp, s: &Session, id: i64) -> i64 {
    let (_, body) = t
        .call(Some(s), "GET", &format!("/classes/{id}"), None)
        .await;
    body["version"].as_i64().unwrap()
}

async fn plan(t: &TestApp, s: &Session, id: i64, sessions: Value) -> (StatusCode, Value) {
    let version = version(t, s, id).await;
    t.call(
        Some(s),
        "PUT",
        &format!("/classes/{id}/teaching-plan"),
        Some(json!({"version": version, "sessions": sessions})),
    )
    .await
}

both_backends!(a_class_goes_from_draft_to_report_and_certificates, |t| {
    t.account("zzb0", "training_authority", t.units.city, None)
        .await;
    let setup = t.login("zzb0").await;
    let org_dept = organisation_department(&t, &setup).await;
    t.account_with_scope(
        "zzb",
        "training_authority",
        org_dept,
        None,
        Some("units"),
        vec![t.units.city],
    )
    .await;
    t.unit_admin("county", t.units.county_x).await;
    let admin = t.login("county").await;
    let zzb = t.login("zzb").await;

    // Today is Monday 2026-03-02 in China; the class runs 9–10 March, inside 15 working days.
    let (status, class) = t
        .call(
            Some(&admin),
            "POST",
            "/classes",
            Some(dossier(
                &t,
                "校长任职资格培训班",
                "2026-03-09",
                "2026-03-10",
                &["principal"],
            )),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    let id = class["id"].as_i64().unwrap();
    assert_eq!(class["state"], "draft");
    assert_eq!(class["liaison_phone_masked"], "139****5678");
    assert!(
        !class.to_string().contains("13912345678"),
        "the phone is masked"
    );

    // Enrolment before approval is refused with the stable code.
    let (status, body) = t
        .call(
            Some(&admin),
            "POST",
            &format!("/classes/{id}/enrolment"),
            Some(json!({"person_ids": [1]})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("CLASS_NOT_APPROVED")),
        "{body}"
    );

    // No plan yet: submission is refused.
    let (_, body) = act(&t, &admin, id, "submit", "").await;
    assert_eq!(body["code"], "TEACHING_PLAN_EMPTY", "{body}");

    // A plan with a session outside the class dates and an empty topic is refused per session.
    let (status, body) = plan(
        &t,
        &admin,
        id,
        json!([
            {"date":"2026-03-09","start_time":"08:30","end_time":"11:30","topic":"新时代教育政策"},
            {"date":"2026-03-12","start_time":"14:30","end_time":"17:30","topic":" "}
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"sessions[1]"), "{body}");

    let (status, body) = plan(&t, &admin, id, json!([
        {"date":"2026-03-09","start_time":"08:30","end_time":"11:30","topic":"新时代教育政策","declared_hours":"3"},
        {"date":"2026-03-09","start_time":"14:30","end_time":"17:30","topic":"学校安全管理"},
        {"date":"2026-03-10","start_time":"08:30","end_time":"11:30","topic":"现场教学"}
    ])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["total_hours"], 900,
        "3 sessions of 3 hours under 6-a-day: {body}"
    );

    // Submitted 5 working days ahead: routed to the competent department and flagged late.
    let (status, body) = act(&t, &admin, id, "submit", "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "submitted");
    assert_eq!(body["route"]["approver"], "competent_department");
    assert_eq!(body["route"]["file_with"], "organisation_department");
    assert_eq!(
        body["route"]["flags"][0]["code"], "LATE_APPLICATION",
        "{body}"
    );
    assert!(
        body["route"]["flags"][0]["message"]
            .as_str()
            .unwrap()
            .contains("工作日")
    );

    // The unit administrator cannot approve; the approver must file (not plainly approve).
    let (status, _) = act(&t, &admin, id, "file", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, body) = act(&t, &zzb, id, "approve", "").await;
    assert_eq!(body["code"], "WRONG_DECISION", "{body}");
    let (status, body) = act(&t, &zzb, id, "file", "同意举办").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "filed");
    assert_eq!(
        body["report_due_on"],
        Value::Null,
        "principals' classes owe no dated report"
    );
    // An illegal move names the state and what is possible.
    let (_, body) = act(&t, &zzb, id, "file", "").await;
    assert_eq!(body["code"], "ILLEGAL_TRANSITION", "{body}");

    // Enrolment: capacity 2, a waiting list, an over-age person refused with the reason.
    let young1 = t
        .person(&admin, "李明", &id_card("19850101", 11), t.units.town_a)
        .await;
    let young2 = t
        .person(&admin, "赵丽", &id_card("19860202", 22), t.units.town_b)
        .await;
    let young3 = t
        .person(&admin, "孙强", &id_card("19870303", 33), t.units.town_a)
        .await;
    let old = t
        .person(&admin, "钱老", &id_card("19600404", 44), t.units.town_a)
        .await;
    let (_, body) = act(&t, &admin, id, "open_enrolment", "").await;
    assert_eq!(body["state"], "enrolling", "{body}");
    let (status, body) = t
        .call(
            Some(&admin),
            "POST",
            &format!("/classes/{id}/enrolment"),
            Some(json!({"person_ids": [young1, young2, young3, old]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["enrolled"], json!([young1, young2]));
    assert_eq!(body["waiting"], json!([young3]));
    assert_eq!(body["refused"][0]["person_id"], old);
    assert_eq!(
        body["refused"][0]["reasons"][0]["code"],
        "ELIGIBILITY_TOO_OLD"
    );
    // Removing someone gives the seat to the first person waiting.
    let (_, body) = t
        .call(
            Some(&admin),
            "POST",
            &format!("/classes/{id}/enrolment/{young2}/remove"),
            Some(json!({"reason":"工作冲突"})),
        )
        .await;
    assert_eq!(body["promoted"], young3, "{body}");

    // Starting early is refused; on the day it starts and the units are told.
    let (_, body) = act(&t, &admin, id, "start", "").await;
    assert_eq!(body["code"], "CLASS_NOT_STARTED_YET", "{body}");
    t.clock.advance(Duration::days(7));
    let admin = t.login("county").await;
    let (_, body) = act(&t, &admin, id, "start", "").await;
    assert_eq!(body["state"], "in_progress", "{body}");
    let (_, notices) = t.call(Some(&admin), "GET", "/notices", None).await;
    assert_eq!(
        notices["items"].as_array().unwrap().len(),
        1,
        "one unit has trainees: {notices}"
    );
    let (_, body) = t.call(Some(&admin), "POST", &format!("/classes/{id}/arrival"), Some(json!({"marks":[{"person_id": young1, "arrived": true},{"person_id": young3, "arrived": false}]}))).await;
    assert_eq!(body[0]["enrolled"], 2, "{body}");
    assert_eq!(body[0]["missing"], json!(["孙强"]));

    // Certificates only after the end; the report after the end too.
    let (_, body) = t
        .call(
            Some(&admin),
            "POST",
            &format!("/classes/{id}/certificates"),
            None,
        )
        .await;
    assert_eq!(body["code"], "CLASS_WRONG_STAGE", "{body}");
    t.clock.advance(Duration::days(1));
    let (admin, zzb) = (t.login("county").await, t.login("zzb").await);
    let (_, body) = act(&t, &admin, id, "end", "").await;
    assert_eq!(body["state"], "ended", "{body}");
    let (_, page) = t
        .call(Some(&admin), "GET", &format!("/classes/{id}/report"), None)
        .await;
    assert_eq!(page["figures"]["enrolment"]["enrolled"], 2, "{page}");
    assert!(
        page["narrative"]["summary"]
            .as_str()
            .unwrap()
            .contains("校长任职资格培训班")
    );
    let (status, saved) = t.call(Some(&admin), "PUT", &format!("/classes/{id}/report"), Some(json!({"narrative": {"summary": "按计划完成", "effects": "好", "problems": "", "suggestions": ""}}))).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let report_version = saved["stored"]["version"].as_i64().unwrap();
    let (status, body) = t
        .call(
            Some(&admin),
            "POST",
            &format!("/classes/{id}/report/submit"),
            Some(json!({"version": report_version})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["stored"]["state"], "submitted");
    let (_, class) = t
        .call(Some(&admin), "GET", &format!("/classes/{id}"), None)
        .await;
    assert_eq!(class["state"], "reported");

    // Absent at the opening: no certificate. The number is publicly verifiable, name masked.
    let (status, certs) = t
        .call(
            Some(&admin),
            "POST",
            &format!("/classes/{id}/certificates"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{certs}");
    assert_eq!(certs.as_array().unwrap().len(), 1, "{certs}");
    assert_eq!(certs[0]["person_name"], "李明");
    assert_eq!(certs[0]["class_hours"], 900);
    let number = certs[0]["number"].as_str().unwrap().to_owned();
    let (status, check) = t
        .call(None, "GET", &format!("/public/certificates/{number}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{check}");
    assert_eq!(
        (check["valid"].as_bool(), check["name_masked"].as_str()),
        (Some(true), Some("李*"))
    );
    let (status, _) = t
        .call(
            None,
            "GET",
            "/public/certificates/2026-00001-001-XXXX",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The history keeps every decision with who and why.
    let (_, history) = t
        .call(Some(&zzb), "GET", &format!("/classes/{id}/decisions"), None)
        .await;
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["submit", "file", "open_enrolment", "start", "end", "report"]
    );
    assert_eq!(history[1]["reason"], "同意举办");
    assert_eq!(history[1]["actor_name"], "zzb");
});

both_backends!(
    a_rejected_dossier_is_revised_and_resubmitted_with_history,
    |t| {
        t.account("zzb0", "training_authority", t.units.city, None)
            .await;
        let setup = t.login("zzb0").await;
        let org_dept = organisation_department(&t, &setup).await;
        t.account_with_scope(
            "zzb",
            "training_authority",
            org_dept,
            None,
            Some("units"),
            vec![t.units.city],
        )
        .await;
        // A training authority of the county, not at the organisation department.
        t.account("bureau", "training_authority", t.units.county_y, None)
            .await;
        t.unit_admin("county", t.units.county_x).await;
        let admin = t.login("county").await;
        let zzb = t.login("zzb").await;
        let (_, class) = t
            .call(
                Some(&admin),
                "POST",
                "/classes",
                Some(dossier(
                    &t,
                    "科级干部专题班",
                    "2026-04-13",
                    "2026-04-14",
                    &["section_leader"],
                )),
            )
            .await;
        let id = class["id"].as_i64().unwrap();
        let (status, body) = plan(&t, &admin, id, json!([{"date":"2026-04-13","start_time":"09:00","end_time":"12:00","topic":"党性教育"}])).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, body) = act(&t, &admin, id, "submit", "").await;
        // Section-level leaders: the organisation department approves, and it should have come in
        // the fourth quarter of 2025.
        assert_eq!(
            body["route"]["approver"], "organisation_department",
            "{body}"
        );
        let codes: Vec<&str> = body["route"]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"OUTSIDE_SUBMIT_WINDOW"), "{body}");

        // A rejection needs a reason; then the unit revises and resubmits.
        let (_, body) = act(&t, &zzb, id, "reject", "").await;
        assert_eq!(body["code"], "REASON_REQUIRED", "{body}");
        let (_, body) = act(&t, &zzb, id, "reject", "教学计划课时不足，请补充").await;
        assert_eq!(body["state"], "rejected", "{body}");
        let (_, body) = act(&t, &admin, id, "submit", "").await;
        assert_eq!(body["code"], "ILLEGAL_TRANSITION", "{body}");
        let (_, body) = act(&t, &admin, id, "revise", "").await;
        assert_eq!(body["state"], "draft");
        let (status, body) = plan(
            &t,
            &admin,
            id,
            json!([
                {"date":"2026-04-13","start_time":"09:00","end_time":"12:00","topic":"党性教育"},
                {"date":"2026-04-14","start_time":"09:00","end_time":"12:00","topic":"廉政教育"}
            ]),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, body) = act(&t, &admin, id, "submit", "已补充课时").await;
        assert_eq!(body["state"], "submitted", "{body}");
        let (_, body) = act(&t, &zzb, id, "approve", "同意").await;
        assert_eq!(body["state"], "approved", "{body}");
        assert_eq!(
            body["report_due_on"], "2026-04-19",
            "5 days after the end for section leaders"
        );
        let (_, history) = t
            .call(
                Some(&admin),
                "GET",
                &format!("/classes/{id}/decisions"),
                None,
            )
            .await;
        let moves: Vec<(String, String)> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["action"].as_str().unwrap().to_owned(),
                    d["reason"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            moves,
            [
                ("submit".into(), "".into()),
                ("reject".into(), "教学计划课时不足，请补充".into()),
                ("revise".into(), "".into()),
                ("submit".into(), "已补充课时".into()),
                ("approve".into(), "同意".into()),
            ]
        );
    }
);

both_backends!(
    only_the_organisation_department_approves_classes_of_section_leaders,
    |t| {
        t.account("zzb0", "training_authority", t.units.city, None)
            .await;
        let setup = t.login("zzb0").await;
        organisation_department(&t, &setup).await;
        t.unit_admin("county", t.units.county_x).await;
        let admin = t.login("county").await;
        let (_, class) = t
            .call(
                Some(&admin),
                "POST",
                "/classes",
                Some(dossier(
                    &t,
                    "科级干部专题班",
                    "2026-04-13",
                    "2026-04-13",
                    &["section_leader"],
                )),
            )
            .await;
        let id = class["id"].as_i64().unwrap();
        plan(&t, &admin, id, json!([{"date":"2026-04-13","start_time":"09:00","end_time":"12:00","topic":"党性教育"}])).await;
        act(&t, &admin, id, "submit", "").await;
        // The city's training authority sits in the city unit, not an organisation department.
        let (_, body) = act(&t, &setup, id, "approve", "").await;
        assert_eq!(body["code"], "APPROVER_MISMATCH", "{body}");
        let (_, detail) = t
            .call(Some(&setup), "GET", &format!("/classes/{id}"), None)
            .await;
        assert!(
            !detail["actions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "approve"),
            "{detail}"
        );
    }
);

both_backends!(
    a_head_teacher_sees_only_their_classes_and_outsiders_see_none,
    |t| {
        t.unit_admin("county", t.units.county_x).await;
        let teacher = t
            .account("teacher", "head_teacher", t.units.county_x, None)
            .await;
        t.account("other_teacher", "head_teacher", t.units.county_x, None)
            .await;
        t.unit_admin("y_admin", t.units.county_y).await;
        let admin = t.login("county").await;
        let mut mine = dossier(&t, "班主任负责的班", "2026-04-13", "2026-04-13", &[]);
        mine["head_teacher_account_id"] = json!(teacher);
        let (status, body) = t.call(Some(&admin), "POST", "/classes", Some(mine)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let id = body["id"].as_i64().unwrap();
        t.call(
            Some(&admin),
            "POST",
            "/classes",
            Some(dossier(&t, "别人的班", "2026-04-13", "2026-04-13", &[])),
        )
        .await;
        let s = t.login("teacher").await;
        let (_, list) = t.call(Some(&s), "GET", "/classes", None).await;
        assert_eq!(list["total"], 1, "{list}");
        assert_eq!(list["items"][0]["id"], id);
        let other = t.login("other_teacher").await;
        let (status, _) = t
            .call(Some(&other), "GET", &format!("/classes/{id}"), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let y = t.login("y_admin").await;
        let (status, _) = t
            .call(Some(&y), "GET", &format!("/classes/{id}"), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, list) = t.call(Some(&y), "GET", "/classes", None).await;
        assert_eq!(list["total"], 0);
        // Naming someone without the role as head teacher is refused.
        let mut bad = dossier(&t, "错班主任", "2026-04-13", "2026-04-13", &[]);
        bad["head_teacher_account_id"] = json!(1);
        let (_, body) = t.call(Some(&admin), "POST", "/classes", Some(bad)).await;
        assert_eq!(body["code"], "NOT_A_HEAD_TEACHER", "{body}");
    }
);

both_backends!(an_instructor_cannot_be_booked_in_two_classes_at_once, |t| {
    t.unit_admin("county", t.units.county_x).await;
    let admin = t.login("county").await;
    let (status, teacher) = t
        .call(
            Some(&admin),
            "POST",
            "/instructors",
            Some(json!({"name":"周教授","title":"教授","affiliation":"省委党校"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{teacher}");
    let teacher = teacher["id"].as_i64().unwrap();
    let mut ids = Vec::new();
    for title in ["甲班", "乙班"] {
        let (_, c) = t
            .call(
                Some(&admin),
                "POST",
                "/classes",
                Some(dossier(&t, title, "2026-04-13", "2026-04-13", &[])),
            )
            .await;
        ids.push(c["id"].as_i64().unwrap());
    }
    let (status, body) = plan(&t, &admin, ids[0], json!([{"date":"2026-04-13","start_time":"09:00","end_time":"12:00","topic":"专题讲座","instructor_id": teacher}])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = plan(&t, &admin, ids[1], json!([{"date":"2026-04-13","start_time":"11:00","end_time":"12:00","topic":"答疑","instructor_id": teacher}])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "PLAN_INSTRUCTOR_BUSY", "{body}");
    assert!(body["message"].as_str().unwrap().contains("甲班"));
});

both_backends!(
    annual_plans_are_submitted_approved_and_extended_by_approved_additions,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.unit_admin("town", t.units.town_a).await;
        let unit = t.login("town").await;
        let zzb = t.login("zzb").await;
        let (status, plan) = t.call(Some(&unit), "POST", "/plans", Some(json!({"unit_id": t.units.town_a, "year": 2026, "title": "2026年度干部培训计划", "budget_fen": 5_000_000}))).await;
        assert_eq!(status, StatusCode::CREATED, "{plan}");
        let id = plan["id"].as_i64().unwrap();
        let (_, body) = t
            .call(Some(&unit), "POST", &format!("/plans/{id}/submit"), None)
            .await;
        assert_eq!(body["code"], "PLAN_EMPTY", "{body}");
        let (_, body) = t.call(Some(&unit), "POST", &format!("/plans/{id}/items"), Some(json!({"title":"村干部轮训","kind":"concentrated_rotation","trainees":96,"days":3,"budget_fen":1_000_000,"quarter":2}))).await;
        assert_eq!(body["items"].as_array().unwrap().len(), 1, "{body}");
        let (_, body) = t
            .call(Some(&unit), "POST", &format!("/plans/{id}/submit"), None)
            .await;
        assert_eq!(
            (body["state"].as_str(), body["late"].as_bool()),
            (Some("submitted"), Some(false)),
            "{body}"
        );
        let (status, _) = t
            .call(
                Some(&unit),
                "POST",
                &format!("/plans/{id}/decision"),
                Some(json!({"decision":"approve"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a unit cannot approve its own plan"
        );
        let (_, body) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/plans/{id}/decision"),
                Some(json!({"decision":"approve","reason":"同意"})),
            )
            .await;
        assert_eq!(body["state"], "approved", "{body}");
        // After approval an addition needs a reason and its own approval.
        let addition = json!({"title":"防汛专题培训","kind":"themed_class","trainees":40,"days":1,"budget_fen":200_000});
        let (_, body) = t
            .call(
                Some(&unit),
                "POST",
                &format!("/plans/{id}/items"),
                Some(addition.clone()),
            )
            .await;
        assert_eq!(body["code"], "REASON_REQUIRED", "{body}");
        let mut with_reason = addition;
        with_reason["reason"] = json!("汛期临时任务");
        let (_, body) = t
            .call(
                Some(&unit),
                "POST",
                &format!("/plans/{id}/items"),
                Some(with_reason),
            )
            .await;
        let item = &body["items"][1];
        assert_eq!(
            (
                item["after_approval"].as_bool(),
                item["addition_state"].as_str()
            ),
            (Some(true), Some("pending")),
            "{body}"
        );
        let item_id = item["id"].as_i64().unwrap();
        let (_, body) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/plans/{id}/items/{item_id}/decision"),
                Some(json!({"decision":"approve","reason":"同意增补"})),
            )
            .await;
        assert_eq!(body["items"][1]["addition_state"], "approved", "{body}");
        let (_, body) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/plans/{id}/items/{item_id}/decision"),
                Some(json!({"decision":"reject","reason":"x"})),
            )
            .await;
        assert_eq!(body["code"], "ADDITION_NOT_PENDING", "{body}");
        // A plan submitted after 31 March is flagged late.
        t.clock.advance(Duration::days(40));
        let (unit, zzb) = (t.login("town").await, t.login("zzb").await);
        let (_, plan_b) = t
            .call(
                Some(&unit),
                "POST",
                "/plans",
                Some(json!({"unit_id": t.units.town_a, "year": 2026, "title": "重复"})),
            )
            .await;
        assert_eq!(plan_b["code"], "PLAN_EXISTS", "{plan_b}");
        let (_, plan_b) = t
            .call(
                Some(&zzb),
                "POST",
                "/plans",
                Some(json!({"unit_id": t.units.town_b, "year": 2026, "title": "二镇计划"})),
            )
            .await;
        let id_b = plan_b["id"].as_i64().unwrap();
        t.call(
            Some(&zzb),
            "POST",
            &format!("/plans/{id_b}/items"),
            Some(json!({"title":"培训","kind":"other"})),
        )
        .await;
        let (_, body) = t
            .call(Some(&zzb), "POST", &format!("/plans/{id_b}/submit"), None)
            .await;
        assert_eq!(body["late"], true, "{body}");
    }
);

both_backends!(
    rule_documents_are_validated_with_the_line_and_versioned,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.unit_admin("county", t.units.county_x).await;
        let zzb = t.login("zzb").await;
        let (_, doc) = t
            .call(Some(&zzb), "GET", "/rules/class_settings", None)
            .await;
        assert_eq!(doc["version"], 0, "built-in in force: {doc}");
        let (status, body) = t
            .call(
                Some(&zzb),
                "PUT",
                "/rules/class_settings",
                Some(json!({"body": "plan_due = \"03-31\"\nreport_due_dayz = 5\n"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body["message"].as_str().unwrap().contains("第 2 行"),
            "{body}"
        );
        let (status, body) = t.call(Some(&zzb), "PUT", "/rules/class_settings", Some(json!({"body": "plan_due = \"04-15\"\nreport_due_days = 7\nreport_due_for = [\"section_leader\"]\n"}))).await;
        assert_eq!(
            (status, body["version"].as_i64()),
            (StatusCode::OK, Some(1)),
            "{body}"
        );
        let unit = t.login("county").await;
        let (status, _) = t
            .call(
                Some(&unit),
                "PUT",
                "/rules/class_settings",
                Some(json!({"body": ""})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);

/// Runs a poppler tool on a PDF; None (with a note) where poppler-utils is not installed — CI
/// installs it, so there the checks always run.
fn poppler(tool: &str, bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let mut command = std::process::Command::new(tool);
    command.arg(&path);
    if tool == "pdftotext" {
        command.arg("-");
    }
    match command.output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(_) => {
            eprintln!(
                "{tool} not installed (apt-get install poppler-utils): PDF content not checked"
            );
            None
        }
    }
}

fn pdf_pages(bytes: &[u8]) -> Option<usize> {
    poppler("pdfinfo", bytes)?
        .lines()
        .find_map(|line| line.strip_prefix("Pages:")?.trim().parse().ok())
}

fn pdf_text(bytes: &[u8]) -> Option<String> {
    poppler("pdftotext", bytes)
}

both_backends!(
    rosters_sign_in_sheets_and_certificates_download_as_excel_and_pdf,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.unit_admin("county", t.units.county_x).await;
        let admin = t.login("county").await;
        let zzb = t.login("zzb").await;
        let (_, class) = t
            .call(
                Some(&admin),
                "POST",
                "/classes",
                Some(dossier(&t, "村干部培训班", "2026-03-02", "2026-03-02", &[])),
            )
            .await;
        let id = class["id"].as_i64().unwrap();
        plan(&t, &admin, id, json!([{"date":"2026-03-02","start_time":"09:00","end_time":"12:00","topic":"基层治理"}])).await;
        act(&t, &admin, id, "submit", "").await;
        act(&t, &zzb, id, "file", "").await;
        act(&t, &admin, id, "open_enrolment", "").await;
        let a = t
            .person(&admin, "欧阳晓燕", &id_card("19880101", 51), t.units.town_a)
            .await;
        let b = t
            .person(&admin, "林涛", &id_card("19890101", 52), t.units.town_b)
            .await;
        let (_, body) = t
            .call(
                Some(&admin),
                "POST",
                &format!("/classes/{id}/enrolment"),
                Some(json!({"person_ids": [a, b]})),
            )
            .await;
        assert_eq!(body["enrolled"].as_array().unwrap().len(), 2, "{body}");

        let (status, _, xlsx) = t
            .call_raw(
                Some(&admin),
                "GET",
                &format!("/classes/{id}/roster/xlsx"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(xlsx.starts_with(b"PK"), "an .xlsx is a zip");
        let (status, _, pdf) = t
            .call_raw(
                Some(&admin),
                "GET",
                &format!("/classes/{id}/roster/pdf"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
        assert!(pdf.starts_with(b"%PDF"));
        if let Some(text) = pdf_text(&pdf) {
            assert!(
                text.contains("欧阳晓燕") && text.contains("村干部培训班"),
                "{text}"
            );
        }
        let (status, _, sheet) = t
            .call_raw(
                Some(&admin),
                "GET",
                &format!("/classes/{id}/sign-in-sheet/pdf"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(sheet.starts_with(b"%PDF"));
        let (status, _, _) = t
            .call_raw(
                Some(&admin),
                "GET",
                &format!("/classes/{id}/sign-in-sheet/xlsx"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);

        act(&t, &admin, id, "start", "").await;
        let (_, body) = act(&t, &admin, id, "end", "").await;
        assert_eq!(body["state"], "ended", "{body}");
        let (_, certs) = t
            .call(
                Some(&admin),
                "POST",
                &format!("/classes/{id}/certificates"),
                None,
            )
            .await;
        assert_eq!(certs.as_array().unwrap().len(), 2, "{certs}");
        let (status, _, pdf) = t
            .call_raw(
                Some(&admin),
                "GET",
                &format!("/classes/{id}/certificates/pdf"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
        if let Some(pages) = pdf_pages(&pdf) {
            assert_eq!(pages, 2, "one page per certificate");
        }
        if let Some(text) = pdf_text(&pdf) {
            let number = certs[0]["number"].as_str().unwrap();
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                compact.contains("结业证书")
                    && compact.contains("欧阳晓燕")
                    && compact.contains(number),
                "{text}"
            );
        }
    }
);

both_backends!(
    attachments_are_kept_with_the_dossier_and_checked_by_kind_and_scope,
    |t| {
        t.unit_admin("county", t.units.county_x).await;
        t.unit_admin("y_admin", t.units.county_y).await;
        let admin = t.login("county").await;
        let (_, class) = t
            .call(
                Some(&admin),
                "POST",
                "/classes",
                Some(dossier(&t, "附件班", "2026-04-13", "2026-04-13", &[])),
            )
            .await;
        let id = class["id"].as_i64().unwrap();
        let pdf = b"%PDF-1.7 approval letter".to_vec();
        let name = "%E6%89%B9%E5%A4%8D.pdf"; // 批复.pdf
        let (status, _, body) = t
            .call_raw(
                Some(&admin),
                "POST",
                &format!("/classes/{id}/attachments?filename={name}"),
                Some(("application/octet-stream", pdf.clone())),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&body)
        );
        let info: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(info["filename"], "批复.pdf");
        let (status, _, body) = t
            .call_raw(
                Some(&admin),
                "POST",
                &format!("/classes/{id}/attachments?filename=run.exe"),
                Some(("application/octet-stream", b"MZ".to_vec())),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(String::from_utf8_lossy(&body).contains("FILE_TYPE_NOT_ALLOWED"));
        let (_, list) = t
            .call(
                Some(&admin),
                "GET",
                &format!("/classes/{id}/attachments"),
                None,
            )
            .await;
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
        let attachment = list[0]["id"].as_i64().unwrap();
        let (status, headers, bytes) = t
            .call_raw(
                Some(&admin),
                "GET",
                &format!("/classes/{id}/attachments/{attachment}"),
                None,
            )
            .await;
        assert_eq!((status, bytes), (StatusCode::OK, pdf));
        assert_eq!(headers["content-type"], "application/pdf");
        let other = t.login("y_admin").await;
        let (status, _, _) = t
            .call_raw(
                Some(&other),
                "GET",
                &format!("/classes/{id}/attachments/{attachment}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

both_backends!(
    an_edit_keeps_the_masked_phone_unless_it_is_retyped_or_cleared,
    |t| {
        t.unit_admin("county", t.units.county_x).await;
        let admin = t.login("county").await;
        let (_, class) = t
            .call(
                Some(&admin),
                "POST",
                "/classes",
                Some(dossier(&t, "联络员班", "2026-04-13", "2026-04-13", &[])),
            )
            .await;
        let id = class["id"].as_i64().unwrap();
        let mut edit = dossier(&t, "联络员班（改）", "2026-04-13", "2026-04-13", &[]);
        edit.as_object_mut().unwrap().remove("liaison_phone");
        edit["version"] = class["version"].clone();
        let (status, body) = t
            .call(
                Some(&admin),
                "PUT",
                &format!("/classes/{id}"),
                Some(edit.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            (
                body["title"].as_str(),
                body["liaison_phone_masked"].as_str()
            ),
            (Some("联络员班（改）"), Some("139****5678"))
        );
        // A stale version is refused.
        let (_, stale) = t
            .call(
                Some(&admin),
                "PUT",
                &format!("/classes/{id}"),
                Some(edit.clone()),
            )
            .await;
        assert_eq!(stale["code"], "STALE_VERSION", "{stale}");
        edit["version"] = body["version"].clone();
        edit["liaison_phone"] = json!("");
        let (_, body) = t
            .call(Some(&admin), "PUT", &format!("/classes/{id}"), Some(edit))
            .await;
        assert_eq!(body["liaison_phone_masked"], Value::Null, "{body}");
    }
);
