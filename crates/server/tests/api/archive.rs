//! The training archive over HTTP on both databases (R-ARC-1, ADR 0010): one person's complete
//! record with the classes they finished and the approved external training (never pending or
//! rejected records), the 装入本人档案 mark at one month, the printed form, the GB/T 38860
//! export with its metadata, the same scope as reading the person, and every export audited.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common;

use axum::http::StatusCode;
use common::running::{self, running_class};
use common::{Session, TestApp, id_card};
use serde_json::{Value, json};

/// The class staff (`zzb`, county X's administrator `county`, the head teacher), county Y's
/// administrator (`other`) and an auditor.
struct Staff {
    class: running::Staff,
    other: Session,
    auditor: Session,
}

/// The class staff's sessions and ids are read as the staff's own.
impl std::ops::Deref for Staff {
    type Target = running::Staff;

    fn deref(&self) -> &running::Staff {
        &self.class
    }
}

async fn staff(t: &TestApp) -> Staff {
    let class = running::staff(t).await;
    t.unit_admin("other", t.units.county_y).await;
    t.account("auditor", "audit_admin", t.units.city, None)
        .await;
    Staff {
        class,
        other: t.login("other").await,
        auditor: t.login("auditor").await,
    }
}

/// A themed class (off the job: its calendar days count) at the county party school, taken by
/// `person` and ended early so the test clock need not move.
async fn finished_class(t: &TestApp, s: &Staff, title: &str, person: i64) -> i64 {
    let fields = json!({"title": title, "ends_on": "2026-03-13"});
    let id = running::enrolling_class(t, s, "2026-03-02", fields).await;
    running::finish_class(t, s, id, &[person]).await;
    id
}

/// Enters an external record of `days` days (as the unit administrator) and returns its id.
async fn external(t: &TestApp, s: &Staff, person: i64, title: &str, days: u32) -> i64 {
    let (status, record) = t
        .call(
            Some(&s.admin),
            "POST",
            &format!("/people/{person}/training-records"),
            Some(json!({
                "kind": "party_school_elsewhere", "title": title,
                "institution_name": "某省委党校",
                "starts_on": "2025-09-01", "ends_on": "2025-11-29",
                "days": days, "hours": 120, "evidence": "结业证书"
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    record["id"].as_i64().unwrap()
}

async fn decide(t: &TestApp, s: &Staff, id: i64, decision: Value) {
    let (status, body) = t
        .call(
            Some(&s.zzb),
            "POST",
            &format!("/training-records/{id}/decision"),
            Some(decision),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn archive(t: &TestApp, who: &Session, person: i64) -> (StatusCode, Value) {
    t.call(Some(who), "GET", &format!("/people/{person}/archive"), None)
        .await
}

fn titles(archive: &Value) -> Vec<&str> {
    archive["trainings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect()
}

fn training<'a>(archive: &'a Value, title: &str) -> &'a Value {
    archive["trainings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("{title} not in {archive}"))
}

/// The archive exports in the audit log, newest first.
async fn exports(t: &TestApp, s: &Staff) -> Vec<Value> {
    let (status, log) = t
        .call(
            Some(&s.auditor),
            "GET",
            "/audit?action=training_archive.export&page_size=50",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{log}");
    log["items"].as_array().unwrap().clone()
}

both_backends!(
    the_archive_lists_finished_classes_and_approved_external_training_only,
    |t| {
        let s = staff(&t).await;
        let person = t
            .person(&s.zzb, "档案甲", &id_card("19800101", 201), t.units.town_a)
            .await;
        finished_class(&t, &s, "2026年春季专题培训班", person).await;
        let month = external(&t, &s, person, "省委党校中青班（30天）", 30).await;
        let shorter = external(&t, &s, person, "省委党校短训班（29天）", 29).await;
        let pending = external(&t, &s, person, "待审核的培训", 40).await;
        let rejected = external(&t, &s, person, "被退回的培训", 40).await;
        decide(&t, &s, month, json!({"decision": "approve"})).await;
        decide(&t, &s, shorter, json!({"decision": "approve"})).await;
        decide(
            &t,
            &s,
            rejected,
            json!({"decision": "reject", "reason": "证明材料不全"}),
        )
        .await;

        let (status, body) = archive(&t, &s.admin, person).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // Oldest first: the two external records of autumn 2025, then the class.
        assert_eq!(
            titles(&body),
            [
                "省委党校中青班（30天）",
                "省委党校短训班（29天）",
                "2026年春季专题培训班"
            ],
            "pending ({pending}) and rejected records stay out"
        );
        let class = training(&body, "2026年春季专题培训班");
        assert_eq!(class["source"], "class");
        assert_eq!(class["result"], "completed");
        assert_eq!(class["result_label"], "结业");
        assert_eq!(class["organiser"], "甲县");
        assert_eq!(class["institution"], "县委党校");
        assert_eq!(class["days"], "12", "calendar days of an off-the-job class");
        assert_eq!(class["hours"], "3", "the teaching plan's hours");
        assert_eq!(class["personal_file"], false, "12 days: not a month");
        assert_eq!(class["grade"], Value::Null, "no exam or assignment scored");

        let month = training(&body, "省委党校中青班（30天）");
        assert_eq!(month["source"], "external");
        assert_eq!(month["result"], "approved");
        assert_eq!(month["days"], "30");
        assert_eq!(month["personal_file"], true, "30 days is one month");
        let shorter = training(&body, "省委党校短训班（29天）");
        assert_eq!(shorter["personal_file"], false, "29 days is not");
        assert_eq!(body["days_per_month"], 30);

        // The header: the register with the ID number masked, the archive's number and times.
        let header = &body["person"];
        assert_eq!(header["name"], "档案甲");
        assert_eq!(header["unit_name"], "甲县一镇");
        assert_eq!(header["sex_label"], "男");
        let masked = header["id_card_masked"].as_str().unwrap();
        assert!(masked.contains('*'), "{masked}");
        assert!(!body.to_string().contains(&id_card("19800101", 201)));
        assert_eq!(body["number"], format!("DA-XA-2026-{person:06}"));
        assert_eq!(body["as_of"], "2026-03-02");
        // Credits: the ledger's maintained totals by year (none yet: the class had no roll call).
        assert_eq!(body["credits"], json!([]));
        for (date, category, amount) in [
            ("2025-06-01", "research", "2"),
            ("2026-02-10", "research", "1.5"),
            ("2026-02-11", "other", "3"),
        ] {
            let (status, entry) = t
                .call(
                    Some(&s.zzb),
                    "POST",
                    "/credits/awards",
                    Some(
                        json!({"person_id": person, "date": date, "category": category,
                                "amount": amount, "reason": "测试"}),
                    ),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{entry}");
        }
        let (_, body) = archive(&t, &s.admin, person).await;
        let years: Vec<(i64, &str)> = body["credits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| (y["year"].as_i64().unwrap(), y["total"].as_str().unwrap()))
            .collect();
        assert_eq!(years, [(2026, "4.5"), (2025, "2")], "{}", body["credits"]);
        assert_eq!(body["credits"][0]["categories"][1]["label"], "教科研");
        // The compliance summary is the compliance review itself.
        assert_eq!(body["compliance"]["person_id"], person);
        assert_eq!(
            body["compliance"]["sets"].as_array().unwrap().len(),
            3,
            "{}",
            body["compliance"]
        );

        // The number stays when the archive is read again.
        let (_, again) = archive(&t, &s.zzb, person).await;
        assert_eq!(again["number"], body["number"]);
        assert_eq!(again["created_at"], body["created_at"]);
        // Reading on screen is not an export.
        assert_eq!(exports(&t, &s).await, Vec::<Value>::new());
    }
);

both_backends!(
    the_printed_archive_is_a_pdf_with_the_name_and_every_training,
    |t| {
        let s = staff(&t).await;
        let person = t
            .person(&s.zzb, "档案乙", &id_card("19800101", 202), t.units.town_a)
            .await;
        finished_class(&t, &s, "2026年春季专题培训班", person).await;
        let month = external(&t, &s, person, "省委党校中青班", 30).await;
        decide(&t, &s, month, json!({"decision": "approve"})).await;

        let (status, headers, pdf) = t
            .call_raw(
                Some(&s.admin),
                "GET",
                &format!("/people/{person}/archive.pdf"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
        assert_eq!(headers["content-type"], "application/pdf");
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(disposition.contains("archive.pdf"), "{disposition}");
        assert!(pdf.starts_with(b"%PDF"));
        let text = common::pdf_text(&pdf);
        for expected in [
            "干部教育培训档案",
            "档案乙",
            "2026年春季专题培训班",
            "省委党校中青班",
            "装入本人档案",
            &format!("DA-XA-2026-{person:06}"),
            "第1页共1页",
        ] {
            assert!(text.contains(expected), "{expected} not in {text}");
        }
        // The full ID number is never printed.
        assert!(!text.contains(&id_card("19800101", 202)), "{text}");

        // The export is audited: who exported whose archive, in which form.
        let log = exports(&t, &s).await;
        assert_eq!(log.len(), 1, "{log:?}");
        assert_eq!(log[0]["actor_name"], "county");
        assert_eq!(log[0]["entity_id"], person.to_string());
        let note = log[0]["after"].to_string();
        assert!(note.contains("pdf"), "{note}");
    }
);

both_backends!(
    the_gbt_38860_export_carries_the_metadata_and_coded_learner_information,
    |t| {
        let s = staff(&t).await;
        let person = t
            .person(&s.zzb, "档案丙", &id_card("19800101", 203), t.units.town_a)
            .await;
        let month = external(&t, &s, person, "省委党校中青班", 30).await;
        decide(&t, &s, month, json!({"decision": "approve"})).await;

        let (status, data) = t
            .call(
                Some(&s.zzb),
                "GET",
                &format!("/people/{person}/archive/gbt38860"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{data}");
        let meta = &data["metadata"];
        assert_eq!(meta["archive_number"], format!("DA-XA-2026-{person:06}"));
        assert_eq!(meta["specification_version"], "GB/T 38860-2020");
        // GB/T 7408 extended format in China time: the test clock is 2026-03-02 01:00 UTC.
        assert_eq!(meta["created_at"], "2026-03-02T09:00:00+08:00");
        assert!(meta["updated_at"].is_string(), "{meta}");
        let learner = &meta["learner"];
        assert_eq!(learner["name"], "档案丙");
        assert_eq!(
            learner["sex"],
            json!({"code": "1", "name": "男", "code_table": "GB/T 2261.1-2003"})
        );
        assert_eq!(learner["birth_date"], "1980-01-01");
        // The register's default rank is 乡科级正职: GB/T 12407-2008 code 141.
        assert_eq!(learner["rank"]["code_table"], "GB/T 12407-2008");
        assert_eq!(learner["rank"]["code"], "141", "{learner}");
        assert_eq!(learner["political_status"], Value::Null);
        assert_eq!(learner["work_unit"]["code"], "XA");
        assert!(learner["id_number_masked"].as_str().unwrap().contains('*'));
        assert!(!data.to_string().contains(&id_card("19800101", 203)));

        let records = data["components"]["learning_records"].as_array().unwrap();
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0]["record_id"], format!("external-{month}"));
        assert_eq!(records[0]["start_date"], "2025-09-01");
        assert_eq!(records[0]["personal_file"], true);
        assert!(data["components"]["assessments"].is_array());

        let log = exports(&t, &s).await;
        assert_eq!(log.len(), 1, "{log:?}");
        assert_eq!(log[0]["actor_name"], "zzb");
        assert!(log[0]["after"].to_string().contains("gbt38860"), "{log:?}");
    }
);

both_backends!(
    the_archive_is_read_and_exported_within_the_scope_of_reading_the_person,
    |t| {
        let s = staff(&t).await;
        let person = t
            .person(&s.zzb, "档案丁", &id_card("19800101", 204), t.units.town_a)
            .await;
        let neighbour = t
            .person(&s.zzb, "档案戊", &id_card("19800101", 205), t.units.town_a)
            .await;

        // County Y's administrator does not reach town A: not found, and nothing is written.
        for path in ["archive", "archive.pdf", "archive/gbt38860"] {
            let (status, body) = t
                .call(
                    Some(&s.other),
                    "GET",
                    &format!("/people/{person}/{path}"),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        }
        assert_eq!(exports(&t, &s).await, Vec::<Value>::new());
        let (status, _) = t
            .call(Some(&s.other), "GET", "/people/999999/archive", None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // A trainee reads their own archive, not a colleague's.
        t.account("dingding", "trainee", t.units.town_a, Some(person))
            .await;
        let trainee = t.login("dingding").await;
        let (status, own) = archive(&t, &trainee, person).await;
        assert_eq!(status, StatusCode::OK, "{own}");
        assert_eq!(own["person"]["name"], "档案丁");
        let (status, _) = archive(&t, &trainee, neighbour).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = t
            .call_raw(
                Some(&trainee),
                "GET",
                &format!("/people/{person}/archive.pdf"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let log = exports(&t, &s).await;
        assert_eq!(log.len(), 1, "{log:?}");
        assert_eq!(log[0]["actor_name"], "dingding");
    }
);

both_backends!(
    a_trainee_who_withdrew_is_listed_as_withdrawn_without_days_or_the_file_mark,
    |t| {
        // A two-day class (10 hours): three hours of leave pass the 1/7 cap, so the head
        // teacher approves it as a withdrawal (退学, R-REG-5).
        let r = running_class(&t, 2).await;
        let trainee = t.login("tr0").await;
        let (status, leave) = t
            .call(
                Some(&trainee),
                "POST",
                &format!("/classes/{}/leave", r.class),
                Some(
                    json!({"first_session_id": r.sessions[2], "last_session_id": r.sessions[2],
                            "reason": "住院"}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{leave}");
        let (_, body) = t
            .call(
                Some(&r.teacher),
                "POST",
                &format!("/leave/{}/decision", leave["id"]),
                Some(json!({"decision": "approve", "reason": "住院治疗，作退学处理", "withdraw": true})),
            )
            .await;
        assert_eq!(body["withdrawal"], true, "{body}");
        let (_, ended) = t
            .call(
                Some(&r.teacher),
                "POST",
                &format!("/classes/{}/actions", r.class),
                Some(json!({"action": "end", "reason": "测试：提前结束"})),
            )
            .await;
        assert!(ended["state"].is_string(), "{ended}");

        let zzb = t.login("zzb").await;
        let (status, left) = archive(&t, &zzb, r.people[0]).await;
        assert_eq!(status, StatusCode::OK, "{left}");
        let class = training(&left, "考勤测试班");
        assert_eq!(class["result"], "withdrawn", "{class}");
        assert_eq!(class["result_label"], "退学");
        assert_eq!(class["days"], Value::Null);
        assert_eq!(class["hours"], Value::Null);
        assert_eq!(class["personal_file"], false);
        assert_eq!(class["certificate_number"], Value::Null);

        let (_, stayed) = archive(&t, &zzb, r.people[1]).await;
        let class = training(&stayed, "考勤测试班");
        assert_eq!(class["result"], "completed", "{class}");
        assert_eq!(class["days"], "2", "{class}");
        assert_eq!(class["hours"], "10", "{class}");
    }
);
