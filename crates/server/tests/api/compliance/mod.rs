//! Compliance over HTTP on both databases (issue 7): a person's status under the national,
//! county and organisation-department rules, built from their post history and the classes they
//! finished; the promotion check; who may see it; and rule documents saved with a date.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

mod board;
mod standings;
mod training_records;

use crate::common;

use axum::http::StatusCode;
use common::running::{Staff, enrolling_class, finish_class, staff};
use common::{Session, TestApp, id_card};
use serde_json::{Value, json};

/// A 乡科级正职 (section-level chief, 科级领导干部) in town A, from 2026-03-02.
async fn section_chief(t: &TestApp, s: &Staff, name: &str, serial: u32) -> i64 {
    t.person(&s.zzb, name, &id_card("19800101", serial), t.units.town_a)
        .await
}

/// A class of `kind` at the county party school from `starts_on` to `ends_on`, with one
/// three-hour session on its first day, taken by `people` and ended (early, with a reason, so
/// the test clock need not move).
async fn finished_class(
    t: &TestApp,
    s: &Staff,
    kind: &str,
    starts_on: &str,
    ends_on: &str,
    people: &[i64],
) -> i64 {
    let fields = json!({"title": format!("{kind} {starts_on}"), "kind": kind, "ends_on": ends_on});
    let id = enrolling_class(t, s, starts_on, fields).await;
    finish_class(t, s, id, people).await;
    id
}

async fn compliance(t: &TestApp, who: &Session, person: i64, as_of: &str) -> (StatusCode, Value) {
    t.call(
        Some(who),
        "GET",
        &format!("/people/{person}/compliance?as_of={as_of}"),
        None,
    )
    .await
}

/// The result of requirement `rule` in the set of `kind`.
fn requirement<'a>(status: &'a Value, kind: &str, rule: &str) -> &'a Value {
    let set = status["sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rules"]["kind"] == kind)
        .unwrap_or_else(|| panic!("no set {kind}: {status}"));
    set["review"]["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == rule)
        .unwrap_or_else(|| panic!("{rule} does not bind: {set}"))
}

fn set<'a>(verdict: &'a Value, kind: &str) -> &'a Value {
    verdict["sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rules"]["kind"] == kind)
        .unwrap()
}

both_backends!(
    a_section_chief_meets_the_yearly_twelve_days_with_a_twelve_day_class_and_not_with_eleven,
    |t| {
        let s = staff(&t).await;
        let twelve = section_chief(&t, &s, "张明", 101).await;
        let eleven = section_chief(&t, &s, "李华", 102).await;
        let none = section_chief(&t, &s, "王强", 103).await;
        let long = finished_class(
            &t,
            &s,
            "themed_class",
            "2026-03-02",
            "2026-03-13",
            &[twelve],
        )
        .await;
        let short = finished_class(
            &t,
            &s,
            "themed_class",
            "2026-03-02",
            "2026-03-12",
            &[eleven],
        )
        .await;

        // Judged on the year's last day: R-REG-3's 12 days or 90 hours.
        let (status, body) = compliance(&t, &s.zzb, twelve, "2026-12-31").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let reg_3 = requirement(&body, "compliance_national", "reg_3");
        assert_eq!(reg_3["status"], "met", "{reg_3}");
        assert_eq!(reg_3["counted"], json!([long]));
        assert_eq!(reg_3["window"]["starts_on"], "2026-01-01", "{reg_3}");
        assert_eq!(body["records"][0]["id"], long);
        assert_eq!(body["records"][0]["days"], "12");
        assert_eq!(body["sets"][0]["rules"]["version"], 0, "built in");

        let (_, body) = compliance(&t, &s.zzb, eleven, "2026-12-31").await;
        let reg_3 = requirement(&body, "compliance_national", "reg_3");
        assert_eq!(reg_3["status"], "not_met", "{reg_3}");
        assert_eq!(reg_3["counted"], json!([short]));
        assert_eq!(reg_3["missing"]["days"], "1", "{reg_3}");
        assert_eq!(reg_3["missing"]["hours"], "87", "3 planned hours of 90");

        let (_, body) = compliance(&t, &s.zzb, none, "2026-12-31").await;
        let reg_3 = requirement(&body, "compliance_national", "reg_3");
        assert_eq!(reg_3["status"], "not_met", "{reg_3}");
        assert_eq!(reg_3["missing"]["days"], "12", "{reg_3}");
        assert_eq!(reg_3["missing"]["hours"], "90", "{reg_3}");
        assert!(body["records"].as_array().unwrap().is_empty());
        // A class still running on the day does not count: as of its first day nothing is done.
        let (_, body) = compliance(&t, &s.zzb, twelve, "2026-03-12").await;
        let reg_3 = requirement(&body, "compliance_national", "reg_3");
        assert_eq!(reg_3["counted"], json!([]), "{reg_3}");
    }
);

both_backends!(
    a_promotion_to_county_deputy_needs_three_months_first_and_is_then_made_up_or_cleared,
    |t| {
        let s = staff(&t).await;
        let person = section_chief(&t, &s, "赵刚", 201).await;
        let check = async |on: &str| {
            let (status, body) = t
                .call(
                    Some(&s.zzb),
                    "POST",
                    &format!("/people/{person}/promotion-check"),
                    Some(json!({"rank": "county_deputy", "on": on})),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        };
        // No training: R-REG-2 wants 3 months or 550 hours in the 5 years before the post.
        let verdict = check("2026-07-01").await;
        assert_eq!(verdict["eligible"], false);
        assert_eq!(verdict["leading"], true);
        let national = set(&verdict, "compliance_national");
        assert_eq!(national["eligible"], false);
        let missing = &national["missing"][0];
        assert_eq!(missing["promotion_rule"], "reg_2", "{missing}");
        assert_eq!(missing["result"]["missing"]["days"], "90", "{missing}");
        assert_eq!(missing["result"]["missing"]["hours"], "550", "{missing}");
        assert_eq!(missing["make_up_due_on"], "2027-07-01");
        assert_eq!(verdict["make_up_due_on"], "2027-07-01");

        // Promoted anyway on 2026-07-01: the make-up is pending.
        let (status, body) = t
            .call(
                Some(&s.zzb),
                "PATCH",
                &format!("/people/{person}"),
                Some(json!({"rank": "county_deputy", "effective_date": "2026-07-01"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, status_now) = compliance(&t, &s.zzb, person, "2026-07-02").await;
        let make_ups = &set(&status_now, "compliance_national")["review"]["make_ups"];
        assert_eq!(make_ups[0]["rule_id"], "reg_2", "{make_ups}");
        assert_eq!(make_ups[0]["status"], "pending", "{make_ups}");
        assert_eq!(make_ups[0]["due_on"], "2027-07-01", "{make_ups}");
        // Now a 县处级 cadre: R-REG-1 binds instead of R-REG-3.
        requirement(&status_now, "compliance_national", "reg_1");

        // Three months at the party school before the post: the national rules are satisfied.
        let class = finished_class(
            &t,
            &s,
            "themed_class",
            "2026-03-02",
            "2026-05-30",
            &[person],
        )
        .await;
        let verdict = check("2026-07-01").await;
        let national = set(&verdict, "compliance_national");
        assert_eq!(national["eligible"], true, "{national}");
        assert_eq!(national["missing"], json!([]));
        // The county's rules (seed 000) also want the theory certificate, which the register
        // does not hold for this person: still not eligible overall, and it says why.
        let county = set(&verdict, "compliance_county");
        assert_eq!(county["eligible"], false);
        let unmet: Vec<&str> = county["missing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["promotion_rule"].as_str().unwrap())
            .collect();
        assert!(unmet.contains(&"cmp_4_certificate"), "{unmet:?}");
        assert!(
            !unmet.contains(&"cmp_1_promotion"),
            "3 months at the party school: {county}"
        );
        assert_eq!(verdict["eligible"], false);
        assert_eq!(verdict["records"][0]["id"], class);
        let (_, status_now) = compliance(&t, &s.zzb, person, "2026-07-02").await;
        assert_eq!(
            set(&status_now, "compliance_national")["review"]["make_ups"],
            json!([]),
            "met on the day: nothing to make up"
        );
    }
);

both_backends!(
    only_those_who_may_read_the_person_see_their_compliance,
    |t| {
        let s = staff(&t).await;
        let person = section_chief(&t, &s, "钱进", 301).await;
        let other = section_chief(&t, &s, "孙立", 302).await;
        t.account("tr0", "trainee", t.units.town_a, Some(person))
            .await;
        t.unit_admin("county_y", t.units.county_y).await;
        let (status, _) = compliance(&t, &s.admin, person, "2026-12-31").await;
        assert_eq!(status, StatusCode::OK);
        let stranger = t.login("county_y").await;
        let (status, body) = compliance(&t, &stranger, person, "2026-12-31").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let (status, body) = t
            .call(
                Some(&stranger),
                "POST",
                &format!("/people/{person}/promotion-check"),
                Some(json!({"rank": "county_deputy", "on": "2026-07-01"})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        let trainee = t.login("tr0").await;
        let (status, body) = compliance(&t, &trainee, person, "2026-12-31").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["person_id"], person);
        let (status, _) = compliance(&t, &trainee, other, "2026-12-31").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Today (China time) by default.
        let (status, body) = t
            .call(
                Some(&trainee),
                "GET",
                &format!("/people/{person}/compliance"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["as_of"], "2026-03-02");
        let (status, body) = t
            .call(
                Some(&s.zzb),
                "POST",
                &format!("/people/{person}/promotion-check"),
                Some(json!({"rank": "general", "on": "2026-07-01"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["fields"][0]["code"], "UNKNOWN_RANK", "{body}");
    }
);

both_backends!(
    a_county_document_is_checked_when_saved_and_applies_from_its_date,
    |t| {
        let s = staff(&t).await;
        let person = section_chief(&t, &s, "周平", 401).await;
        // Twelve days of theory (理论教育和党性教育专题培训) at the party school.
        finished_class(
            &t,
            &s,
            "theory_party_spirit",
            "2026-03-02",
            "2026-03-13",
            &[person],
        )
        .await;
        let theory = async |as_of: &str| {
            let (_, body) = compliance(&t, &s.zzb, person, as_of).await;
            requirement(&body, "compliance_county", "cmp_1_theory").clone()
        };
        let before = theory("2026-06-30").await;
        assert_eq!(before["status"], "not_met", "one month wanted: {before}");
        assert_eq!(before["missing"]["days"], "18", "{before}");

        // A broken document is refused, naming its line.
        let (status, refused) = t
            .call(
                Some(&s.zzb),
                "PUT",
                "/rules/compliance_county",
                Some(json!({"body": "name = \"本县\"\napplies_from = \"2026-07-01\"\n\n[[requirements]]\nid = \"x\"\nname = \"\"\n"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        let code = refused["fields"][0]["code"].as_str().unwrap();
        assert!(code.starts_with("COMPLIANCE_RULES_"), "{refused}");
        assert!(
            refused["message"].as_str().unwrap().contains('行'),
            "names the line: {refused}"
        );

        // From 1 July the county asks ten days of theory.
        let county = ganxun_domain::compliance::SEED_000
            .replace(
                "applies_from = \"2010-01-01\"",
                "applies_from = \"2026-07-01\"",
            )
            .replacen("amount = { months = 1 }", "amount = { days = 10 }", 1);
        let (status, saved) = t
            .call(
                Some(&s.zzb),
                "PUT",
                "/rules/compliance_county",
                Some(json!({"body": county})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["version"], 1);
        let before = theory("2026-06-30").await;
        assert_eq!(before["status"], "not_met", "the old rule still: {before}");
        let after = theory("2026-07-01").await;
        assert_eq!(after["status"], "met", "{after}");
        let (_, body) = compliance(&t, &s.zzb, person, "2026-07-01").await;
        assert_eq!(set(&body, "compliance_county")["rules"]["version"], 1);
        assert_eq!(set(&body, "compliance_national")["rules"]["version"], 0);
    }
);
