//! Who approves a class the authority itself submitted (issue 17 item 9), on both databases:
//! nobody approves what they entered, the class page says who may approve and why not the
//! caller — also when nobody can yet — and an approver of a higher unit whose grants reach the
//! class approves it.

use super::{act, dossier, organisation_department, plan};
use crate::common::{self, Session, TestApp};

use axum::http::StatusCode;
use serde_json::{Value, json};

async fn detail(t: &TestApp, s: &Session, id: i64) -> Value {
    let (status, body) = t
        .call(Some(s), "GET", &format!("/classes/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn offers(detail: &Value, action: &str) -> bool {
    detail["actions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == action)
}

both_backends!(
    a_class_the_only_county_approver_submitted_says_why_and_a_higher_unit_approves_it,
    |t| {
        t.account("zzb0", "training_authority", t.units.city, None)
            .await;
        let setup = t.login("zzb0").await;
        let (status, county_dept) = t
            .call(Some(&setup), "POST", "/org/units", Some(json!({"code":"XZZB","name":"甲县委组织部","unit_type":"organisation_department","parent_id": t.units.county_x})))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{county_dept}");
        let city_dept = organisation_department(&t, &setup).await;
        // The county's one approver drafts and submits a class of its own.
        t.account_with_scope(
            "xzzb",
            "training_authority",
            county_dept["id"].as_i64().unwrap(),
            None,
            Some("units"),
            vec![t.units.county_x],
        )
        .await;
        let county = t.login("xzzb").await;
        let (status, class) = t
            .call(
                Some(&county),
                "POST",
                "/classes",
                Some(dossier(
                    &t,
                    "科级干部党性教育班",
                    "2026-04-13",
                    "2026-04-13",
                    &["section_leader"],
                )),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{class}");
        let id = class["id"].as_i64().unwrap();
        let (status, body) = plan(&t, &county, id, json!([{"date":"2026-04-13","start_time":"09:00","end_time":"12:00","topic":"党性教育"}])).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, body) = act(&t, &county, id, "submit", "").await;
        assert_eq!(body["state"], "submitted", "{body}");

        // The page says why not the submitter, and that nobody can approve yet.
        let seen = detail(&t, &county, id).await;
        assert!(!offers(&seen, "approve"), "{seen}");
        assert_eq!(seen["approval"]["decision"], "approve", "{seen}");
        assert_eq!(seen["approval"]["why_not_me"], "submitted_it", "{seen}");
        assert_eq!(seen["approval"]["approvers"], json!([]), "{seen}");
        let (status, body) = act(&t, &county, id, "approve", "同意").await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("SELF_APPROVAL")),
            "{body}"
        );
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("须由本级其他审批人或上级单位审批"),
            "{body}"
        );
        // The city's training authority outside an organisation department reaches the class
        // but is not the body the route names.
        let outside = detail(&t, &setup, id).await;
        assert_eq!(
            outside["approval"]["why_not_me"], "not_organisation_department",
            "{outside}"
        );

        // The city's organisation department reaches the county: it is named, and approves.
        t.account_with_scope(
            "szzb",
            "training_authority",
            city_dept,
            None,
            Some("units"),
            vec![t.units.city],
        )
        .await;
        let seen = detail(&t, &county, id).await;
        assert_eq!(
            seen["approval"]["approvers"],
            json!([{"display_name":"szzb","unit_name":"市委组织部"}]),
            "{seen}"
        );
        let city = t.login("szzb").await;
        let theirs = detail(&t, &city, id).await;
        assert!(offers(&theirs, "approve"), "{theirs}");
        assert_eq!(theirs["approval"]["why_not_me"], Value::Null, "{theirs}");
        let (status, body) = act(&t, &city, id, "approve", "同意举办").await;
        assert_eq!(
            (status, body["state"].as_str()),
            (StatusCode::OK, Some("approved")),
            "{body}"
        );
        assert_eq!(body["approval"], Value::Null, "decided: {body}");
    }
);
