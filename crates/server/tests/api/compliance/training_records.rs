//! External training records over HTTP on both databases (issue 7, R-ARC-1): training done
//! outside the system is entered with evidence, counts for compliance only once the training
//! authority approves it, needs a reason to be rejected, and is checked and guarded like the
//! person it belongs to.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common;

use axum::http::StatusCode;
use common::{Session, TestApp, id_card};
use serde_json::{Value, json};

/// The training authority (`zzb`) and county X's unit administrator (`county`).
struct Staff {
    zzb: Session,
    admin: Session,
}

async fn staff(t: &TestApp) -> Staff {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.unit_admin("county", t.units.county_x).await;
    Staff {
        zzb: t.login("zzb").await,
        admin: t.login("county").await,
    }
}

/// A 乡科级正职 in town A, promoted to 县处级副职 on 2026-07-01 (so R-REG-1 binds from then).
async fn county_deputy_from_july(t: &TestApp, s: &Staff, name: &str, serial: u32) -> i64 {
    let person = t
        .person(&s.zzb, name, &id_card("19800101", serial), t.units.town_a)
        .await;
    let (status, body) = t
        .call(
            Some(&s.zzb),
            "PATCH",
            &format!("/people/{person}"),
            Some(json!({"rank": "county_deputy", "effective_date": "2026-07-01"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    person
}

/// Ninety days at a party school elsewhere in autumn 2025.
fn party_school_elsewhere() -> Value {
    json!({
        "kind": "party_school_elsewhere",
        "title": "省委党校中青年干部培训班",
        "institution_name": "某省委党校",
        "starts_on": "2025-09-01",
        "ends_on": "2025-11-29",
        "days": "90",
        "hours": 400,
        "evidence": "结业证书 2025-118 号"
    })
}

async fn enter(t: &TestApp, who: &Session, person: i64, body: Value) -> (StatusCode, Value) {
    t.call(
        Some(who),
        "POST",
        &format!("/people/{person}/training-records"),
        Some(body),
    )
    .await
}

async fn decide(t: &TestApp, who: &Session, id: i64, body: Value) -> (StatusCode, Value) {
    t.call(
        Some(who),
        "POST",
        &format!("/training-records/{id}/decision"),
        Some(body),
    )
    .await
}

async fn compliance(t: &TestApp, who: &Session, person: i64, as_of: &str) -> Value {
    let (status, body) = t
        .call(
            Some(who),
            "GET",
            &format!("/people/{person}/compliance?as_of={as_of}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn reg_1(status: &Value) -> &Value {
    status["sets"][0]["review"]["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == "reg_1")
        .unwrap_or_else(|| panic!("reg_1 does not bind: {status}"))
}

async fn national_eligible(t: &TestApp, who: &Session, person: i64) -> Value {
    let (status, verdict) = t
        .call(
            Some(who),
            "POST",
            &format!("/people/{person}/promotion-check"),
            Some(json!({"rank": "county_deputy", "on": "2026-07-01"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{verdict}");
    assert_eq!(verdict["sets"][0]["rules"]["kind"], "compliance_national");
    verdict["sets"][0]["eligible"].clone()
}

fn codes(body: &Value) -> Vec<&str> {
    body["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no fields: {body}"))
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

both_backends!(
    an_external_party_school_record_counts_only_once_the_authority_approves_it,
    |t| {
        let s = staff(&t).await;
        let person = county_deputy_from_july(&t, &s, "张明", 101).await;

        let (status, record) = enter(&t, &s.admin, person, party_school_elsewhere()).await;
        assert_eq!(status, StatusCode::CREATED, "{record}");
        assert_eq!(record["state"], "pending");
        assert_eq!(record["days"], 9000, "hundredths");
        assert_eq!(record["hours"], 40000, "hundredths");
        assert_eq!(record["entered_by"], "county");
        let id = record["id"].as_i64().unwrap();

        // Pending: not counted, and the promotion check still wants three months.
        let before = compliance(&t, &s.zzb, person, "2026-07-02").await;
        assert_eq!(reg_1(&before)["status"], "not_met", "{before}");
        assert_eq!(before["records"], json!([]));
        assert_eq!(national_eligible(&t, &s.zzb, person).await, false);

        // The authority sees it waiting, with the person's name and unit.
        let (status, pending) = t
            .call(Some(&s.zzb), "GET", "/training-records/pending", None)
            .await;
        assert_eq!(status, StatusCode::OK, "{pending}");
        assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
        assert_eq!(pending[0]["id"], id);
        assert_eq!(pending[0]["person_name"], "张明");
        assert!(pending[0]["unit_name"].is_string(), "{pending}");

        let (status, decided) = decide(&t, &s.zzb, id, json!({"decision": "approve"})).await;
        assert_eq!(status, StatusCode::OK, "{decided}");
        assert_eq!(decided["state"], "approved");
        assert_eq!(decided["decided_by"], "zzb");

        // Approved: 90 days at a party school meet R-REG-1 and the promotion check.
        let after = compliance(&t, &s.zzb, person, "2026-07-02").await;
        let reg_1 = reg_1(&after);
        assert_eq!(reg_1["status"], "met", "{reg_1}");
        assert_eq!(reg_1["counted"], json!([-id]), "external ids are negated");
        let listed = &after["records"][0];
        assert_eq!(listed["id"], -id, "{listed}");
        assert_eq!(listed["source"], "external", "{listed}");
        assert_eq!(listed["source_id"], id, "{listed}");
        assert_eq!(listed["days"], "90", "{listed}");
        assert_eq!(listed["institution"], "party_school", "{listed}");
        assert_eq!(listed["recognised"], true, "{listed}");
        assert_eq!(national_eligible(&t, &s.zzb, person).await, true);

        // Decided once only; the queue is empty.
        let (status, body) =
            decide(&t, &s.zzb, id, json!({"decision": "reject", "reason": "x"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["code"], "TRAINING_RECORD_NOT_PENDING", "{body}");
        let (_, pending) = t
            .call(Some(&s.zzb), "GET", "/training-records/pending", None)
            .await;
        assert_eq!(pending, json!([]));
        let (status, listed) = t
            .call(
                Some(&s.admin),
                "GET",
                &format!("/people/{person}/training-records"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        assert_eq!(listed[0]["state"], "approved", "{listed}");
    }
);

both_backends!(
    a_rejected_record_needs_a_reason_and_never_counts_nor_does_a_pending_private_one,
    |t| {
        let s = staff(&t).await;
        let person = county_deputy_from_july(&t, &s, "李华", 102).await;
        let (_, record) = enter(&t, &s.admin, person, party_school_elsewhere()).await;
        let id = record["id"].as_i64().unwrap();

        let (status, body) = decide(&t, &s.zzb, id, json!({"decision": "reject"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(codes(&body), ["REASON_REQUIRED"]);
        let (status, body) = decide(&t, &s.zzb, id, json!({"decision": "maybe"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(codes(&body), ["UNKNOWN_DECISION"]);
        let (status, body) = decide(
            &t,
            &s.zzb,
            id,
            json!({"decision": "reject", "reason": "结业证书无法核实"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["state"], "rejected");
        assert_eq!(body["decision_reason"], "结业证书无法核实");

        // A privately arranged course (社会化培训), still pending.
        let mut private = party_school_elsewhere();
        private["kind"] = json!("other");
        private["title"] = json!("自费研修班");
        private["privately_arranged"] = json!(true);
        let (status, private) = enter(&t, &s.admin, person, private).await;
        assert_eq!(status, StatusCode::CREATED, "{private}");
        assert_eq!(private["privately_arranged"], true);

        let status = compliance(&t, &s.zzb, person, "2026-07-02").await;
        assert_eq!(reg_1(&status)["status"], "not_met", "{status}");
        assert_eq!(reg_1(&status)["counted"], json!([]), "{status}");
        assert_eq!(status["records"], json!([]));
        assert_eq!(national_eligible(&t, &s.zzb, person).await, false);

        // Approval is the recognition: the private course then counts.
        let private_id = private["id"].as_i64().unwrap();
        let (status, _) = decide(&t, &s.zzb, private_id, json!({"decision": "approve"})).await;
        assert_eq!(status, StatusCode::OK);
        let status = compliance(&t, &s.zzb, person, "2026-07-02").await;
        assert_eq!(reg_1(&status)["counted"], json!([-private_id]), "{status}");
        assert_eq!(status["records"].as_array().unwrap().len(), 1, "{status}");
    }
);

both_backends!(an_entry_is_checked_field_by_field_with_stable_codes, |t| {
    let s = staff(&t).await;
    let person = county_deputy_from_july(&t, &s, "王强", 103).await;
    let refused = async |patch: Value| {
        let mut body = party_school_elsewhere();
        for (key, value) in patch.as_object().unwrap() {
            body[key] = value.clone();
        }
        let (status, body) = enter(&t, &s.admin, person, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        body
    };
    let body = refused(json!({"ends_on": "2025-08-31"})).await;
    assert_eq!(codes(&body), ["ENDS_BEFORE_STARTS"]);
    assert_eq!(body["fields"][0]["field"], "ends_on");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("结束日期"),
        "{body}"
    );
    let body = refused(json!({"days": "0", "hours": null})).await;
    assert_eq!(codes(&body), ["NO_AMOUNT"]);
    let body = refused(json!({"days": -3})).await;
    assert_eq!(codes(&body), ["NEGATIVE_AMOUNT"]);
    let body = refused(json!({"hours": "12.345"})).await;
    assert_eq!(codes(&body), ["INVALID_AMOUNT"]);
    let body = refused(json!({"title": "  ", "kind": "holiday", "evidence": ""})).await;
    assert_eq!(
        codes(&body),
        [
            "UNKNOWN_TRAINING_KIND",
            "TITLE_REQUIRED",
            "EVIDENCE_REQUIRED"
        ]
    );
    let body = refused(json!({"institution_type": "university"})).await;
    assert_eq!(codes(&body), ["UNKNOWN_INSTITUTION"]);

    // Chinese labels are understood too, and hours alone are enough.
    let mut ok = party_school_elsewhere();
    ok["kind"] = json!("网络培训");
    ok["days"] = Value::Null;
    ok["hours"] = json!("49.75");
    let (status, body) = enter(&t, &s.admin, person, ok).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["kind"], "online");
    assert_eq!(body["days"], 0);
    assert_eq!(body["hours"], 4975);
});

both_backends!(
    only_those_responsible_for_the_person_enter_and_only_the_authority_decides,
    |t| {
        let s = staff(&t).await;
        let person = county_deputy_from_july(&t, &s, "钱进", 301).await;
        t.account("tr0", "trainee", t.units.town_a, Some(person))
            .await;
        t.unit_admin("county_y", t.units.county_y).await;
        let stranger = t.login("county_y").await;
        let trainee = t.login("tr0").await;

        // Another county's administrator does not see the person at all.
        let (status, body) = enter(&t, &stranger, person, party_school_elsewhere()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (status, _) = t
            .call(
                Some(&stranger),
                "GET",
                &format!("/people/{person}/training-records"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // A trainee may not enter training for themselves.
        let (status, body) = enter(&t, &trainee, person, party_school_elsewhere()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

        let (status, record) = enter(&t, &s.admin, person, party_school_elsewhere()).await;
        assert_eq!(status, StatusCode::CREATED, "{record}");
        let id = record["id"].as_i64().unwrap();
        // The trainee reads their own records but cannot approve; nor can a unit administrator.
        let (status, listed) = t
            .call(
                Some(&trainee),
                "GET",
                &format!("/people/{person}/training-records"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        assert_eq!(listed[0]["id"], id);
        for who in [&trainee, &s.admin, &stranger] {
            let (status, body) = decide(&t, who, id, json!({"decision": "approve"})).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
            let (status, _) = t
                .call(Some(who), "GET", "/training-records/pending", None)
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }
        let (status, body) = decide(&t, &s.zzb, id + 1000, json!({"decision": "approve"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (status, body) = decide(&t, &s.zzb, id, json!({"decision": "approve"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
);

both_backends!(whoever_entered_a_record_does_not_approve_it, |t| {
    let s = staff(&t).await;
    let person = county_deputy_from_july(&t, &s, "李红", 102).await;
    let (status, record) = enter(&t, &s.zzb, person, party_school_elsewhere()).await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    let id = record["id"].as_i64().unwrap();
    let (status, refused) = decide(&t, &s.zzb, id, json!({"decision": "approve"})).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::CONFLICT, Some("SELF_APPROVAL")),
        "{refused}"
    );
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("另一位审核人员")
    );
    // Another reviewer of the authority approves it.
    t.account("zzb2", "training_authority", t.units.city, None)
        .await;
    let other = t.login("zzb2").await;
    let (status, decided) = decide(&t, &other, id, json!({"decision": "approve"})).await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["decided_by"], "zzb2");
});
