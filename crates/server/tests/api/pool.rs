//! The reserve-cadre pool over HTTP on both databases (issue 7, R-POOL-1): a unit keeps a pool,
//! plans training phases, puts people in with the reason and day, follows each member's
//! training per phase and compliance, and closes memberships by leaving or promotion with the
//! history kept; every change is audited and a unit sees only its own pools and people.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common;

use axum::http::StatusCode;
use common::{Session, TestApp, id_card};
use ganxun::app::compliance::board;
use serde_json::{Value, json};

/// The training authority (`zzb`, city), county X's unit administrator (`county`), county Y's
/// (`county_y`), an auditor and the audit administrator.
struct Staff {
    zzb: Session,
    county: Session,
    county_y: Session,
    auditor: Session,
    audit_admin: Session,
}

async fn staff(t: &TestApp) -> Staff {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    for (name, unit) in [("county", t.units.county_x), ("county_y", t.units.county_y)] {
        t.unit_admin(name, unit).await;
    }
    t.account("auditor", "auditor", t.units.city, None).await;
    t.account("audit_admin", "audit_admin", t.units.city, None)
        .await;
    Staff {
        zzb: t.login("zzb").await,
        county: t.login("county").await,
        county_y: t.login("county_y").await,
        auditor: t.login("auditor").await,
        audit_admin: t.login("audit_admin").await,
    }
}

fn codes(body: &Value) -> Vec<&str> {
    body["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no field errors: {body}"))
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

async fn post(t: &TestApp, who: &Session, path: &str, body: Value) -> (StatusCode, Value) {
    t.call(Some(who), "POST", path, Some(body)).await
}

async fn created(t: &TestApp, who: &Session, path: &str, body: Value) -> i64 {
    let (status, made) = post(t, who, path, body).await;
    assert_eq!(status, StatusCode::CREATED, "{path}: {made}");
    made["id"].as_i64().unwrap()
}

async fn detail(t: &TestApp, who: &Session, pool: i64) -> Value {
    let (status, body) = t
        .call(Some(who), "GET", &format!("/reserve-pools/{pool}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn member_of(detail: &Value, member: i64) -> &Value {
    detail["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == member)
        .unwrap_or_else(|| panic!("member {member} not listed: {detail}"))
}

/// Approved training outside the system, ending on `ends_on`.
async fn approved_training(t: &TestApp, s: &Staff, person: i64, ends_on: &str, days: u32) {
    let record = created(
        t,
        &s.county,
        &format!("/people/{person}/training-records"),
        json!({
            "kind": "party_school_elsewhere", "title": "市委党校后备干部专题班",
            "institution_name": "市委党校", "starts_on": "2026-02-01", "ends_on": ends_on,
            "days": days, "evidence": "结业证书"
        }),
    )
    .await;
    let (status, body) = post(
        t,
        &s.zzb,
        &format!("/training-records/{record}/decision"),
        json!({"decision": "approve"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A pool kept by county X with two phases: ten days by June, forty hours in the second half.
async fn county_pool(t: &TestApp, s: &Staff) -> i64 {
    let pool = created(
        t,
        &s.county,
        "/reserve-pools",
        json!({"name": "2026年教育后备干部", "unit_id": t.units.county_x,
               "description": "公开选拔产生，小学10人、中学8人"}),
    )
    .await;
    created(
        t,
        &s.county,
        &format!("/reserve-pools/{pool}/phases"),
        json!({"name": "第一阶段", "starts_on": "2026-01-01", "ends_on": "2026-06-30",
               "required_days": "10", "content": "读书学习、外出考察"}),
    )
    .await;
    created(
        t,
        &s.county,
        &format!("/reserve-pools/{pool}/phases"),
        json!({"name": "第二阶段", "starts_on": "2026-07-01", "ends_on": "2026-12-31",
               "required_hours": 40, "content": "挂职锻炼、网络培训"}),
    )
    .await;
    pool
}

both_backends!(
    a_pool_follows_its_members_through_phases_and_keeps_its_history,
    |t| {
        let s = staff(&t).await;
        let pool = county_pool(&t, &s).await;
        let a = t
            .person(&s.zzb, "后备甲", &id_card("19850101", 401), t.units.town_a)
            .await;
        let b = t
            .person(&s.zzb, "后备乙", &id_card("19860101", 402), t.units.town_b)
            .await;
        let members = format!("/reserve-pools/{pool}/members");
        let in_a = created(
            &t,
            &s.county,
            &members,
            json!({"person_id": a, "entered_on": "2026-01-10", "reason": "公开选拔"}),
        )
        .await;
        let in_b = created(
            &t,
            &s.county,
            &members,
            json!({"person_id": b, "entered_on": "2026-01-10", "reason": "民主推荐"}),
        )
        .await;

        // Twelve days ending in February: the first phase is met, the second has not started.
        approved_training(&t, &s, a, "2026-02-20", 12).await;
        let before = detail(&t, &s.county, pool).await;
        assert_eq!(before["may_manage"], true);
        assert_eq!(before["phases"].as_array().unwrap().len(), 2);
        let first = &before["phases"][0];
        assert_eq!(
            (first["seq"].as_i64(), first["required_days"].as_i64()),
            (Some(1), Some(1000))
        );
        let member_a = member_of(&before, in_a);
        assert_eq!(member_a["person_name"], "后备甲");
        assert_eq!(member_a["phases"][0]["status"], "met", "{member_a}");
        assert_eq!(member_a["phases"][0]["days"], 1200);
        assert_eq!(
            member_a["phases"][0]["records"].as_array().unwrap().len(),
            1
        );
        assert_eq!(member_a["phases"][1]["status"], "not_started");
        // The phase is under way for B, who has done nothing yet.
        assert_eq!(
            member_of(&before, in_b)["phases"][0]["status"],
            "in_progress"
        );
        // The approval marked A for a refresh: the page says so until the board has judged.
        assert_eq!(member_a["compliance"]["refreshing"], true);
        board::refresh_all_marked(&t.app).await.unwrap();
        let after = detail(&t, &s.county, pool).await;
        let brief = &member_of(&after, in_a)["compliance"];
        assert_eq!(brief["refreshing"], false, "{brief}");
        assert_eq!(brief["as_of"], "2026-03-02");
        let judged = ["met", "at_risk", "not_met"]
            .iter()
            .map(|k| brief[k].as_u64().unwrap())
            .sum::<u64>();
        assert!(judged > 0, "A is bound by some rule: {brief}");
        assert_eq!(
            brief["unmet"].as_array().unwrap().len() as u64,
            brief["at_risk"].as_u64().unwrap() + brief["not_met"].as_u64().unwrap(),
            "{brief}"
        );

        // B leaves; leaving twice is refused.
        let end_b = format!("/reserve-members/{in_b}/end");
        let (status, body) = post(
            &t,
            &s.county,
            &end_b,
            json!({"outcome": "left", "ended_on": "2026-03-01", "reason": "考核不合格"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            (body["state"].as_str(), body["ended_on"].as_str()),
            (Some("left"), Some("2026-03-01"))
        );
        let (status, body) = post(
            &t,
            &s.county,
            &end_b,
            json!({"outcome": "left", "ended_on": "2026-03-02", "reason": "再次出库"}),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["code"], "MEMBERSHIP_ENDED");

        // A is promoted to a county-level deputy post with twelve days of training: the verdict of
        // that day (not eligible, and why) stays with the membership.
        let end_a = format!("/reserve-members/{in_a}/end");
        let (status, body) = post(
            &t,
            &s.county,
            &end_a,
            json!({"outcome": "promoted", "ended_on": "2026-03-02", "reason": "任职"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(codes(&body), ["POST_REQUIRED"]);
        let (status, promoted) = post(
            &t,
            &s.county,
            &end_a,
            json!({"outcome": "promoted", "ended_on": "2026-03-02", "reason": "经考察任用",
               "new_post": "某镇副镇长", "new_rank": "county_deputy"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{promoted}");
        assert_eq!(promoted["state"], "promoted");
        assert_eq!(promoted["new_rank"], "county_deputy");
        assert_eq!(promoted["eligible_when_promoted"], false, "{promoted}");
        assert!(
            !promoted["shortfall"].as_str().unwrap().is_empty(),
            "{promoted}"
        );

        // A comes back into the pool later: a new membership, the old one kept.
        created(
            &t,
            &s.county,
            &members,
            json!({"person_id": a, "entered_on": "2026-03-02", "reason": "重新入库"}),
        )
        .await;
        let (status, history) = t
            .call(
                Some(&s.county),
                "GET",
                &format!("/people/{a}/reserve-memberships"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{history}");
        let states: Vec<&str> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["state"].as_str().unwrap())
            .collect();
        assert_eq!(states, ["promoted", "active"]);
        let (status, pools) = t.call(Some(&s.county), "GET", "/reserve-pools", None).await;
        assert_eq!(status, StatusCode::OK, "{pools}");
        let listed = &pools[0];
        assert_eq!(
            (
                listed["active"].as_u64(),
                listed["left"].as_u64(),
                listed["promoted"].as_u64()
            ),
            (Some(1), Some(1), Some(1)),
            "{listed}"
        );
        // Closed memberships are history: listed after the open one, without progress.
        let last = detail(&t, &s.county, pool).await;
        let order: Vec<&str> = last["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["state"].as_str().unwrap())
            .collect();
        assert_eq!(order, ["active", "promoted", "left"]);
        assert_eq!(last["members"][1]["compliance"], Value::Null);

        // Every change is in the audit log.
        for (action, count) in [
            ("reserve_pool.create", 1),
            ("reserve_pool.phase_add", 2),
            ("reserve_pool.member_add", 3),
            ("reserve_pool.member_leave", 1),
            ("reserve_pool.member_promote", 1),
        ] {
            let (status, log) = t
                .call(
                    Some(&s.audit_admin),
                    "GET",
                    &format!("/audit?action={action}&page_size=50"),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{log}");
            assert_eq!(log["items"].as_array().unwrap().len(), count, "{action}");
        }
    }
);

both_backends!(
    bad_input_is_named_field_by_field_and_nothing_is_written,
    |t| {
        let s = staff(&t).await;
        let (status, body) = post(
            &t,
            &s.county,
            "/reserve-pools",
            json!({"name": " ", "unit_id": t.units.county_y}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(codes(&body), ["NAME_REQUIRED", "UNIT_OUT_OF_SCOPE"]);
        let pool = county_pool(&t, &s).await;

        let (status, body) = post(
            &t,
            &s.county,
            &format!("/reserve-pools/{pool}/phases"),
            json!({"name": "第三阶段", "starts_on": "2027-06-30", "ends_on": "2027-01-01",
               "required_days": -1, "required_hours": "1.234"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            codes(&body),
            ["ENDS_BEFORE_STARTS", "NEGATIVE_AMOUNT", "INVALID_AMOUNT"]
        );

        let inside = t
            .person(
                &s.zzb,
                "县内干部",
                &id_card("19850101", 411),
                t.units.town_a,
            )
            .await;
        let elsewhere = t
            .person(
                &s.zzb,
                "外县干部",
                &id_card("19850101", 412),
                t.units.county_y,
            )
            .await;
        let members = format!("/reserve-pools/{pool}/members");
        let (status, body) = post(
            &t,
            &s.county,
            &members,
            json!({"person_id": elsewhere, "entered_on": "2026-03-01", "reason": ""}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(codes(&body), ["REASON_REQUIRED", "PERSON_NOT_FOUND"]);
        // The authority reaches county Y's cadre, but county X's pool holds county X's people.
        let (status, body) = post(
            &t,
            &s.zzb,
            &members,
            json!({"person_id": elsewhere, "entered_on": "2026-03-01", "reason": "推荐"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(codes(&body), ["NOT_IN_POOL_UNIT"]);
        let entry = json!({"person_id": inside, "entered_on": "2026-03-01", "reason": "推荐"});
        let member = created(&t, &s.county, &members, entry.clone()).await;
        let (status, body) = post(&t, &s.county, &members, entry).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["code"], "ALREADY_IN_POOL");

        let (status, body) = post(
        &t,
        &s.county,
        &format!("/reserve-members/{member}/end"),
        json!({"outcome": "retired", "ended_on": "2026-02-01", "reason": "", "new_rank": "king"}),
    )
    .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            codes(&body),
            [
                "UNKNOWN_OUTCOME",
                "REASON_REQUIRED",
                "ENDS_BEFORE_ENTERED",
                "UNKNOWN_RANK"
            ]
        );
        // Nothing of the refused requests was written.
        let pool_now = detail(&t, &s.county, pool).await;
        assert_eq!(pool_now["phases"].as_array().unwrap().len(), 2);
        assert_eq!(pool_now["members"].as_array().unwrap().len(), 1);
        assert_eq!(pool_now["members"][0]["state"], "active");
    }
);

both_backends!(
    a_unit_sees_only_its_own_pools_and_readers_cannot_manage,
    |t| {
        let s = staff(&t).await;
        let pool = county_pool(&t, &s).await;
        let person = t
            .person(&s.zzb, "后备丙", &id_card("19850101", 421), t.units.town_a)
            .await;

        // County Y neither lists nor opens county X's pool, nor changes it.
        let (status, pools) = t
            .call(Some(&s.county_y), "GET", "/reserve-pools", None)
            .await;
        assert_eq!(status, StatusCode::OK, "{pools}");
        assert_eq!(pools, json!([]));
        let (status, _) = t
            .call(
                Some(&s.county_y),
                "GET",
                &format!("/reserve-pools/{pool}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let entry = json!({"person_id": person, "entered_on": "2026-03-01", "reason": "推荐"});
        let members = format!("/reserve-pools/{pool}/members");
        let (status, _) = post(&t, &s.county_y, &members, entry.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The auditor reads everything and manages nothing.
        let seen = detail(&t, &s.auditor, pool).await;
        assert_eq!(seen["may_manage"], false);
        let (status, _) = post(&t, &s.auditor, &members, entry.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = post(
            &t,
            &s.auditor,
            "/reserve-pools",
            json!({"name": "审计库", "unit_id": t.units.city}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let phase = seen["phases"][0]["id"].as_i64().unwrap();
        let (status, _) = t
            .call(
                Some(&s.auditor),
                "DELETE",
                &format!("/reserve-phases/{phase}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The keeping unit removes a phase.
        let (status, _) = t
            .call(
                Some(&s.county),
                "DELETE",
                &format!("/reserve-phases/{phase}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            detail(&t, &s.zzb, pool).await["phases"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
);
