//! The rule editor's form over HTTP on both databases (issue 17 item 4): a rule document read
//! as fields in the officer's words, changes written into the text with its comments kept,
//! Chinese errors pointed at the field, list items added and removed, and a save of what the form
//! made; a head teacher reads the form but cannot save it.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common;

use axum::http::StatusCode;
use common::{Session, TestApp};
use serde_json::{Value, json};

/// Every field of a form, depth first.
fn fields(form: &Value) -> Vec<&Value> {
    fn walk<'a>(list: &'a Value, out: &mut Vec<&'a Value>) {
        for field in list.as_array().into_iter().flatten() {
            out.push(field);
            walk(&field["input"]["fields"], out);
            walk(&field["input"]["items"], out);
        }
    }
    let mut out = Vec::new();
    walk(&form["fields"], &mut out);
    out
}

fn field<'a>(form: &'a Value, path: &[&str]) -> &'a Value {
    fields(form)
        .into_iter()
        .find(|f| f["path"] == json!(path))
        .unwrap_or_else(|| panic!("no field {path:?}"))
}

async fn form(
    t: &TestApp,
    who: &Session,
    kind: &str,
    body: &str,
    edits: Value,
) -> (StatusCode, Value) {
    t.call(
        Some(who),
        "POST",
        &format!("/rules/{kind}/form"),
        Some(json!({ "body": body, "edits": edits })),
    )
    .await
}

both_backends!(
    an_officer_edits_the_rules_in_a_form_in_their_own_words,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.account("teacher", "head_teacher", t.units.county_x, None)
            .await;
        let zzb = t.login("zzb").await;
        let teacher = t.login("teacher").await;

        let (status, doc) = t
            .call(Some(&zzb), "GET", "/rules/compliance_national", None)
            .await;
        assert_eq!(status, StatusCode::OK, "{doc}");
        let text = doc["body"].as_str().unwrap().to_owned();

        // The text as a form: labels, the comment above as help, codes offered by their labels.
        let (status, view) = form(&t, &zzb, "compliance_national", &text, json!([])).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        assert_eq!(view["body"], text.as_str(), "reading changes nothing");
        assert!(view["problem"].is_null(), "{view}");
        let shown = &view["form"];
        assert!(
            shown["intro"]
                .as_str()
                .unwrap()
                .contains("干部教育培训工作条例")
        );
        let days = field(shown, &["at_risk_days"]);
        assert_eq!(days["label_zh"], "临近期限提醒天数");
        assert_eq!(days["input"]["type"], "number");
        assert_eq!(days["input"]["value"], 90.0);
        assert!(days["help"].as_str().unwrap().contains("90 天"), "{days}");
        let ranks = field(shown, &["requirements", "0", "binds", "ranks_any"]);
        assert_eq!(ranks["input"]["type"], "choices");
        let choices = ranks["input"]["choices"].as_array().unwrap();
        let county_chief = choices
            .iter()
            .find(|c| c["code"] == "county_chief")
            .unwrap();
        assert_eq!(county_chief["label_zh"], "县处级正职");
        let first = field(shown, &["requirements", "0"]);
        assert!(
            first["label_zh"].as_str().unwrap().starts_with("第 1 条："),
            "{first}"
        );
        assert!(
            first["help"].as_str().unwrap().contains("第十四条"),
            "{first}"
        );

        // A value out of range is said in Chinese, by the field's label, and pointed at the field.
        let (status, wrong) = form(
            &t,
            &zzb,
            "compliance_national",
            &text,
            json!([{ "op": "set", "path": ["at_risk_days"], "value": 400 }]),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{wrong}");
        let problem = &wrong["problem"];
        assert_eq!(problem["path"], json!(["at_risk_days"]), "{problem}");
        let message = problem["message"].as_str().unwrap();
        assert!(
            message.contains("400") && !message.contains("at_risk_days"),
            "{message}"
        );

        // A text where a number belongs never reaches the text: the form says the field cannot take it.
        let (status, refused) = form(
            &t,
            &zzb,
            "compliance_national",
            &text,
            json!([{ "op": "set", "path": ["at_risk_days"], "value": "九十" }]),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(
            refused["fields"][0]["code"], "RULE_FORM_WRONG_VALUE",
            "{refused}"
        );

        // Good changes are written into the text; every comment stays.
        let (status, changed) = form(
        &t,
        &zzb,
        "compliance_national",
        &text,
        json!([
            { "op": "set", "path": ["at_risk_days"], "value": 60 },
            { "op": "set", "path": ["requirements", "2", "amount", "hours"], "value": 60 },
            { "op": "set", "path": ["requirements", "1", "binds", "categories_any"], "value": ["section_leader", "county_leader"] },
        ]),
    )
    .await;
        assert_eq!(status, StatusCode::OK, "{changed}");
        assert!(changed["problem"].is_null(), "{changed}");
        let body = changed["body"].as_str().unwrap();
        assert!(
            body.contains("at_risk_days = 60") && body.contains("amount = { hours = 60 }"),
            "{body}"
        );
        assert!(
            body.contains("categories_any = [\"section_leader\", \"county_leader\"]"),
            "{body}"
        );
        let comments = |s: &str| {
            s.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count()
        };
        assert_eq!(comments(body), comments(&text), "the comments stay");

        // A list item added (a copy of the last, to start from) and one removed.
        let (_, added) = form(
            &t,
            &zzb,
            "compliance_national",
            body,
            json!([{ "op": "add", "path": ["requirements"] }]),
        )
        .await;
        assert!(
            added["problem"]["message"]
                .as_str()
                .unwrap()
                .contains("重复"),
            "a copy repeats the number until it is changed: {added}"
        );
        assert_eq!(
            added["problem"]["path"],
            json!(["requirements", "3"]),
            "{added}"
        );
        let (_, renumbered) = form(
            &t,
            &zzb,
            "compliance_national",
            added["body"].as_str().unwrap(),
            json!([{ "op": "set", "path": ["requirements", "3", "id"], "value": "local_1" }]),
        )
        .await;
        assert!(renumbered["problem"].is_null(), "{renumbered}");
        let (_, removed) = form(
            &t,
            &zzb,
            "compliance_national",
            renumbered["body"].as_str().unwrap(),
            json!([{ "op": "remove", "path": ["requirements", "3"] }]),
        )
        .await;
        assert_eq!(
            removed["body"], body,
            "added and removed again is where it was"
        );

        // The head teacher reads the form but cannot save what it makes.
        let (status, _) = form(&t, &teacher, "compliance_national", body, json!([])).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = t
            .call(
                Some(&teacher),
                "PUT",
                "/rules/compliance_national",
                Some(json!({ "body": body })),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The authority saves what the form made; the next read is that text.
        let (status, saved) = t
            .call(
                Some(&zzb),
                "PUT",
                "/rules/compliance_national",
                Some(json!({ "body": body })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["version"], 1);
        let (_, again) = t
            .call(Some(&zzb), "GET", "/rules/compliance_national", None)
            .await;
        assert_eq!(again["body"], body);

        // In the text view, a type error is said in Chinese and names the line.
        let broken = body.replace("at_risk_days = 60", "at_risk_days = \"六十\"");
        let (status, refused) = t
            .call(
                Some(&zzb),
                "PUT",
                "/rules/compliance_national",
                Some(json!({ "body": broken })),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        let said = refused["fields"][0]["message"].as_str().unwrap();
        assert!(
            said.contains("行") && said.contains("应填") && !said.contains("invalid type"),
            "{said}"
        );

        // Every kind's built-in text reads as a form without a problem.
        let (_, kinds) = t.call(Some(&zzb), "GET", "/rules", None).await;
        for kind in kinds.as_array().unwrap() {
            let kind = kind["kind"].as_str().unwrap();
            let (_, doc) = t
                .call(Some(&zzb), "GET", &format!("/rules/{kind}"), None)
                .await;
            let (status, view) =
                form(&t, &zzb, kind, doc["built_in"].as_str().unwrap(), json!([])).await;
            assert_eq!(status, StatusCode::OK, "{kind}: {view}");
            assert!(
                view["problem"].is_null() && view["form"].is_object(),
                "{kind}: {view}"
            );
        }

        // Not TOML at all: no form, the problem says so.
        let (status, view) = form(&t, &zzb, "compliance_national", "[[broken", json!([])).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        assert!(
            view["form"].is_null() && view["problem"]["message"].as_str().unwrap().contains("行"),
            "{view}"
        );
    }
);

both_backends!(
    a_compliance_draft_says_who_it_would_affect_before_it_is_saved,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.unit_admin("county", t.units.county_x).await;
        t.account("teacher", "head_teacher", t.units.county_x, None)
            .await;
        let zzb = t.login("zzb").await;
        let admin = t.login("county").await;
        let teacher = t.login("teacher").await;
        // Two section chiefs (科级领导干部), bound by the yearly 12 days or 90 hours (reg_3).
        let zhou = t
            .person(
                &admin,
                "周平",
                &common::id_card("19800101", 11),
                t.units.county_x,
            )
            .await;
        t.person(
            &admin,
            "吴兰",
            &common::id_card("19820202", 12),
            t.units.county_x,
        )
        .await;

        let national = ganxun_domain::compliance::NATIONAL;
        let preview = async |who: &Session, body: &str| {
            t.call(
                Some(who),
                "POST",
                "/compliance/rules/preview",
                Some(json!({ "kind": "compliance_national", "body": body })),
            )
            .await
        };
        // The built-in text as a draft changes nobody.
        let (status, same) = preview(&zzb, national).await;
        assert_eq!(status, StatusCode::OK, "{same}");
        assert!(same["judged"].as_u64().unwrap() >= 2, "{same}");
        assert_eq!(same["changed_people"], 0, "{same}");
        let reg_3 = same["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule_id"] == "reg_3")
            .unwrap();
        assert_eq!(reg_3["now"], reg_3["draft"]);
        assert!(reg_3["now"]["bound"].as_u64().unwrap() >= 2, "{reg_3}");

        // A draft that binds reg_3 to county leaders only: both chiefs leave it, by name.
        let draft = national.replacen(
        "binds = { ranks_any = [\"section_chief\", \"section_deputy\", \"principal_staff_1\", \"principal_staff_2\", \"principal_staff_3\", \"principal_staff_4\", \"staff_1\", \"staff_2\"], categories_any = [\"section_leader\"] }",
        "binds = { categories_any = [\"county_leader\"] }",
        1,
    );
        assert_ne!(draft, national, "the draft differs");
        let (status, changed) = preview(&zzb, &draft).await;
        assert_eq!(status, StatusCode::OK, "{changed}");
        assert!(
            changed["changed_people"].as_u64().unwrap() >= 2,
            "{changed}"
        );
        let reg_3 = changed["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule_id"] == "reg_3")
            .unwrap();
        assert_eq!(reg_3["draft"]["bound"], 0, "{reg_3}");
        let line = changed["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["person_id"] == zhou)
            .unwrap();
        assert_eq!(line["name"], "周平");
        assert!(
            line["rule_name"].as_str().unwrap().contains("12天"),
            "{line}"
        );
        assert!(line["now"].is_string() && line["draft"].is_null(), "{line}");
        assert!(!line["unit_name"].as_str().unwrap().is_empty(), "{line}");

        // Nothing was saved.
        let (_, doc) = t
            .call(Some(&zzb), "GET", "/rules/compliance_national", None)
            .await;
        assert_eq!(doc["version"], 0);

        // A broken draft is refused with its line; other kinds are not compliance kinds; a head
        // teacher may not preview (only those who edit the rules).
        let (status, refused) = preview(&zzb, "[[broken").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        let (status, _) = t
            .call(
                Some(&zzb),
                "POST",
                "/compliance/rules/preview",
                Some(json!({ "kind": "credit_rules", "body": national })),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = preview(&teacher, national).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);
