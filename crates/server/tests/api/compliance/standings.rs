//! Certificates and central-group seats over HTTP on both databases (issue 7, R-CMP-2,
//! R-CMP-4): a theory qualification certificate clears seed 000's certificate check for
//! promotion; a central-group seat binds its member to six days of group study a year, counted
//! from approved records of 中心组集中学习; revoking either undoes it; bad input is named field
//! by field; only those who maintain the person record them.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common;

use axum::http::StatusCode;
use common::{Session, TestApp, id_card};
use serde_json::{Value, json};

struct Staff {
    zzb: Session,
    county: Session,
    county_y: Session,
}

async fn staff(t: &TestApp) -> Staff {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    for (name, unit) in [("county", t.units.county_x), ("county_y", t.units.county_y)] {
        t.unit_admin(name, unit).await;
    }
    Staff {
        zzb: t.login("zzb").await,
        county: t.login("county").await,
        county_y: t.login("county_y").await,
    }
}

async fn post(t: &TestApp, who: &Session, path: &str, body: Value) -> (StatusCode, Value) {
    t.call(Some(who), "POST", path, Some(body)).await
}

fn codes(body: &Value) -> Vec<&str> {
    body["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no field errors: {body}"))
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

fn county_set(value: &Value) -> &Value {
    value["sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rules"]["kind"] == "compliance_county")
        .unwrap_or_else(|| panic!("no county set: {value}"))
}

/// The county's unmet promotion checks for 乡科级副职 on 2026-03-02.
async fn unmet_for_promotion(t: &TestApp, who: &Session, person: i64) -> Vec<String> {
    let (status, verdict) = post(
        t,
        who,
        &format!("/people/{person}/promotion-check"),
        json!({"rank": "section_deputy", "on": "2026-03-02"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{verdict}");
    county_set(&verdict)["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["promotion_rule"].as_str().unwrap().to_owned())
        .collect()
}

/// The central-group requirement of 2025 (a closed year), if it binds the person.
async fn central_group_2025(t: &TestApp, who: &Session, person: i64) -> Option<Value> {
    let (status, review) = t
        .call(
            Some(who),
            "GET",
            &format!("/people/{person}/compliance?as_of=2025-12-31"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{review}");
    county_set(&review)["review"]["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == "cmp_2_central_group")
        .cloned()
}

/// An approved record of central-group study ending on `ends_on`.
async fn group_study(t: &TestApp, s: &Staff, person: i64, ends_on: &str, days: &str) {
    let (status, record) = post(
        t,
        &s.county,
        &format!("/people/{person}/training-records"),
        json!({"kind": "central_group_study", "title": "县委理论学习中心组集中学习",
               "starts_on": ends_on, "ends_on": ends_on, "days": days,
               "evidence": "中心组学习记录"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    let (status, body) = post(
        t,
        &s.zzb,
        &format!("/training-records/{}/decision", record["id"]),
        json!({"decision": "approve"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

both_backends!(
    a_theory_certificate_clears_the_certificate_check_until_revoked,
    |t| {
        let s = staff(&t).await;
        let person = t
            .person(&s.zzb, "证书甲", &id_card("19850101", 501), t.units.town_a)
            .await;
        assert!(
            unmet_for_promotion(&t, &s.zzb, person)
                .await
                .contains(&"cmp_4_certificate".to_owned())
        );

        let standings = format!("/people/{person}/standings");
        let (status, certificate) = post(
            &t,
            &s.county,
            &standings,
            json!({"kind": "theory_certificate", "title": "理资字 2025-0318 号",
               "valid_from": "2025-06-30", "evidence": "县委党校颁发的证书"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{certificate}");
        assert_eq!(certificate["state"], "active");
        let unmet = unmet_for_promotion(&t, &s.zzb, person).await;
        assert!(
            !unmet.contains(&"cmp_4_certificate".to_owned()),
            "{unmet:?}"
        );

        // Revoked (entered for the wrong person): the check is unmet again; revoking twice is refused.
        let revoke = format!("/standings/{}/revoke", certificate["id"]);
        let (status, body) = post(&t, &s.county, &revoke, json!({"reason": " "})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(codes(&body), ["REASON_REQUIRED"]);
        let (status, body) = post(&t, &s.county, &revoke, json!({"reason": "录入错误"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["state"], "revoked");
        let (status, body) = post(&t, &s.county, &revoke, json!({"reason": "再次撤销"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["code"], "STANDING_REVOKED");
        assert!(
            unmet_for_promotion(&t, &s.zzb, person)
                .await
                .contains(&"cmp_4_certificate".to_owned())
        );
        let (status, listed) = t.call(Some(&s.zzb), "GET", &standings, None).await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(listed[0]["revoke_reason"], "录入错误");
    }
);

both_backends!(
    a_central_group_seat_binds_its_member_to_six_days_of_group_study,
    |t| {
        let s = staff(&t).await;
        let person = t
            .person(
                &s.zzb,
                "中心组乙",
                &id_card("19750101", 502),
                t.units.county_x,
            )
            .await;
        // Without a seat the rule does not bind, whatever group study is recorded.
        group_study(&t, &s, person, "2025-03-15", "5.5").await;
        assert_eq!(central_group_2025(&t, &s.zzb, person).await, None);

        let (status, seat) = post(
            &t,
            &s.county,
            &format!("/people/{person}/standings"),
            json!({"kind": "central_group", "title": "中共某县委员会",
               "valid_from": "2024-01-01", "evidence": "县委中心组成员名单"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{seat}");
        // Five and a half days in 2025: not met; half a day more in December: met.
        let rule = central_group_2025(&t, &s.zzb, person).await.unwrap();
        assert_eq!(
            (rule["met"].as_bool(), rule["done"]["days"].as_str()),
            (Some(false), Some("5.5")),
            "{rule}"
        );
        group_study(&t, &s, person, "2025-12-10", "0.5").await;
        let rule = central_group_2025(&t, &s.zzb, person).await.unwrap();
        assert_eq!(rule["met"], true, "{rule}");

        // The seat is revoked: the rule no longer binds.
        let (status, body) = post(
            &t,
            &s.county,
            &format!("/standings/{}/revoke", seat["id"]),
            json!({"reason": "调离，不再是中心组成员"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(central_group_2025(&t, &s.zzb, person).await, None);
    }
);

both_backends!(
    bad_input_is_named_and_only_those_who_maintain_the_person_record,
    |t| {
        let s = staff(&t).await;
        let person = t
            .person(&s.zzb, "范围丙", &id_card("19850101", 503), t.units.town_a)
            .await;
        let standings = format!("/people/{person}/standings");
        let (status, body) = post(
            &t,
            &s.county,
            &standings,
            json!({"kind": "diploma", "title": "", "valid_from": "2025-01-01", "evidence": ""}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            codes(&body),
            [
                "UNKNOWN_STANDING_KIND",
                "TITLE_REQUIRED",
                "EVIDENCE_REQUIRED"
            ]
        );
        let (status, body) = post(
            &t,
            &s.county,
            &standings,
            json!({"kind": "theory_certificate", "title": "理资字 1 号", "valid_from": "2025-01-01",
               "valid_to": "2026-01-01", "evidence": "证书"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(codes(&body), ["CERTIFICATE_HAS_NO_END"]);
        let (status, body) = post(
            &t,
            &s.county,
            &standings,
            json!({"kind": "central_group", "title": "县委", "valid_from": "2025-01-01",
               "valid_to": "2025-01-01", "evidence": "名单"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(codes(&body), ["ENDS_BEFORE_STARTS"]);
        // Another county neither sees nor records; nothing was written by the refusals.
        let seat = json!({"kind": "central_group", "title": "县委", "valid_from": "2025-01-01",
                      "evidence": "名单"});
        let (status, _) = post(&t, &s.county_y, &standings, seat).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = t.call(Some(&s.county_y), "GET", &standings, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, listed) = t.call(Some(&s.county), "GET", &standings, None).await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        assert_eq!(listed, json!([]));
    }
);
