//! The audit log (R-SEC-1) over HTTP, on both databases: every change, sign-in, failed sign-in,
//! sign-out and reveal is recorded with actor, address, action and before/after; the audit
//! administrator reads it with filters and verifies the hash chain; tampering behind the
//! application's back (edit, delete, truncate, reorder, forge) is named by the verification.

use crate::common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{PASSWORD, Session, TestApp, id_card};
use ganxun_domain::{Permission, Role};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

/// Runs SQL directly on the database, behind the application's back.
async fn tamper(t: &TestApp, sql: &str) {
    t.app
        .db
        .connection()
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The whole log (newest first) as the audit administrator sees it.
async fn whole_log(t: &TestApp, s: &Session) -> Value {
    let (status, log) = t.call(Some(s), "GET", "/audit?page_size=500", None).await;
    assert_eq!(status, StatusCode::OK, "{log}");
    log
}

/// The entries of one action, oldest first.
fn entries<'a>(log: &'a Value, action: &str) -> Vec<&'a Value> {
    let mut found: Vec<&Value> = log["items"]
        .as_array()
        .expect("a page of entries")
        .iter()
        .filter(|e| e["action"] == action)
        .collect();
    found.reverse();
    found
}

fn only<'a>(log: &'a Value, action: &str) -> &'a Value {
    let found = entries(log, action);
    assert_eq!(found.len(), 1, "exactly one {action}: {log}");
    found[0]
}

async fn verify(t: &TestApp, s: &Session) -> Value {
    let (status, report) = t.call(Some(s), "POST", "/audit/verify", None).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    report
}

/// The id of the newest entry of an action.
async fn newest_id(t: &TestApp, s: &Session, action: &str) -> i64 {
    let (_, log) = t
        .call(
            Some(s),
            "GET",
            &format!("/audit?action={action}&page_size=1"),
            None,
        )
        .await;
    log["items"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no {action} entry: {log}"))
}

/// A small history to tamper with: people created, one changed and revealed, a sign-out.
/// Returns the audit administrator's session, signed in before any tampering.
async fn some_history(t: &TestApp) -> Session {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.account("auditadmin", "audit_admin", t.units.city, None)
        .await;
    let zzb = t.login("zzb").await;
    let first = t
        .person(&zzb, "钟伟", &id_card("19800101", 11), t.units.town_a)
        .await;
    t.person(&zzb, "李明", &id_card("19810202", 22), t.units.town_b)
        .await;
    let (status, _) = t
        .call(
            Some(&zzb),
            "PATCH",
            &format!("/people/{first}"),
            Some(json!({"position": "镇长"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = t
        .call(
            Some(&zzb),
            "POST",
            &format!("/people/{first}/reveal"),
            Some(json!({"fields": ["phone"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        t.call(Some(&zzb), "POST", "/auth/logout", None).await.0,
        StatusCode::NO_CONTENT
    );
    t.login("auditadmin").await
}

both_backends!(
    every_change_sign_in_and_reveal_is_logged_with_actor_address_and_before_after,
    |t| {
        let zzb_id = t
            .account("zzb", "training_authority", t.units.city, None)
            .await;
        t.account("sysadmin", "system_admin", t.units.city, None)
            .await;
        t.account("auditadmin", "audit_admin", t.units.city, None)
            .await;
        assert!(t.try_login("zzb", "Wrong-Passw0rd").await.is_err());
        assert!(t.try_login("nobody", "Wrong-Passw0rd").await.is_err());
        let zzb = t.login("zzb").await;
        let id = id_card("19800101", 11);
        let person = t.person(&zzb, "钟伟", &id, t.units.town_a).await;
        t.clock.advance(Duration::minutes(1));
        let (status, body) = t
            .call(
                Some(&zzb),
                "PATCH",
                &format!("/people/{person}"),
                Some(json!({"version": 1, "position": "镇长"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, unit) = t
            .call(
                Some(&zzb),
                "POST",
                "/org/units",
                Some(json!({"code": "XC", "name": "甲县三镇", "unit_type": "town", "parent_id": t.units.county_x})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{unit}");
        let unit_id = unit["id"].as_i64().unwrap();
        let (status, body) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/org/units/{unit_id}/move"),
                Some(json!({"parent_id": t.units.county_y})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, _) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/people/{person}/reveal"),
                Some(json!({"fields": ["id_card"]})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let sysadmin = t.login("sysadmin").await;
        let (status, account) = t
            .call(
                Some(&sysadmin),
                "POST",
                "/accounts",
                Some(json!({
                    "username": "newbie", "display_name": "新人", "password": PASSWORD,
                    "unit_id": t.units.town_a
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{account}");
        let new_account = account["id"].as_i64().unwrap();
        assert_eq!(
            t.call(Some(&zzb), "POST", "/auth/logout", None).await.0,
            StatusCode::NO_CONTENT
        );

        let audit = t.login("auditadmin").await;
        let log = whole_log(&t, &audit).await;
        let text = log.to_string();
        assert!(
            !text.contains(&id),
            "the log records changes, never the full ID number"
        );
        assert!(!text.contains(PASSWORD), "nor a password");
        assert!(!text.contains("argon2"), "nor a password hash");

        // Newest first, ids without holes.
        let ids: Vec<i64> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect();
        let total = log["total"].as_i64().unwrap();
        assert_eq!(ids, (1..=total).rev().collect::<Vec<_>>());

        // What the command line did (the seeded tree and accounts) is from the server itself.
        for seeded in entries(&log, "org.unit.create")
            .into_iter()
            .take(5)
            .chain(entries(&log, "account.create").into_iter().take(3))
        {
            assert_eq!(seeded["actor_name"], "system:test", "{seeded}");
            assert_eq!(seeded["ip"], "local");
            assert_eq!(seeded["actor_id"], Value::Null);
        }

        let failed = entries(&log, "auth.login_failed");
        assert_eq!(failed.len(), 2, "{log}");
        assert_eq!(failed[0]["actor_name"], "zzb");
        assert_eq!(failed[0]["actor_id"], zzb_id);
        assert_eq!(failed[0]["entity_id"], zzb_id.to_string());
        assert_eq!(failed[0]["after"]["failed_attempts"], 1);
        assert_eq!(failed[1]["actor_name"], "nobody");
        assert_eq!(failed[1]["actor_id"], Value::Null);
        assert_eq!(failed[1]["entity_id"], "unknown:nobody");

        let logins = entries(&log, "auth.login");
        assert_eq!(
            logins
                .iter()
                .map(|e| e["actor_name"].as_str().unwrap())
                .collect::<Vec<_>>(),
            ["zzb", "sysadmin", "auditadmin"]
        );
        assert_eq!(logins[0]["entity_type"], "account");
        assert_eq!(logins[0]["entity_id"], zzb_id.to_string());

        let created = only(&log, "person.create");
        assert_eq!(created["actor_name"], "zzb");
        assert_eq!(created["actor_id"], zzb_id);
        assert_eq!(created["ip"], "10.0.0.7");
        assert_eq!(created["at"], "2026-03-02T01:00:00.000000Z");
        assert_eq!(created["entity_type"], "person");
        assert_eq!(created["entity_id"], person.to_string());
        assert_eq!(created["before"], Value::Null);
        assert_eq!(created["after"]["name"], "钟伟");
        assert_eq!(created["after"]["unit_id"], t.units.town_a);
        assert_eq!(
            created["after"]["id_card_masked"],
            format!("{}***********{}", &id[..3], &id[14..])
        );

        let updated = only(&log, "person.update");
        assert_eq!(updated["actor_name"], "zzb");
        assert_eq!(updated["ip"], "10.0.0.7");
        assert_eq!(
            updated["at"], "2026-03-02T01:01:00.000000Z",
            "the time comes from the injected clock"
        );
        assert_eq!(updated["entity_id"], person.to_string());
        assert_eq!(updated["before"]["position"], "");
        assert_eq!(updated["after"]["position"], "镇长");
        assert_eq!(updated["before"]["version"], 1);
        assert_eq!(updated["after"]["version"], 2);

        let unit_created = entries(&log, "org.unit.create");
        let unit_created = unit_created.last().unwrap();
        assert_eq!(unit_created["actor_name"], "zzb");
        assert_eq!(unit_created["entity_type"], "org_unit");
        assert_eq!(unit_created["entity_id"], unit_id.to_string());
        assert_eq!(unit_created["after"]["code"], "XC");
        assert_eq!(unit_created["after"]["parent_id"], t.units.county_x);

        let moved = only(&log, "org.unit.move");
        assert_eq!(moved["actor_name"], "zzb");
        assert_eq!(moved["entity_id"], unit_id.to_string());
        assert_eq!(moved["before"]["parent_id"], t.units.county_x);
        assert_eq!(moved["after"]["parent_id"], t.units.county_y);

        let revealed = only(&log, "person.reveal");
        assert_eq!(revealed["actor_name"], "zzb");
        assert_eq!(revealed["ip"], "10.0.0.7");
        assert_eq!(revealed["entity_id"], person.to_string());
        assert_eq!(revealed["after"]["fields"], json!(["id_card"]));

        let account_created = entries(&log, "account.create");
        let account_created = account_created.last().unwrap();
        assert_eq!(account_created["actor_name"], "sysadmin");
        assert_eq!(account_created["ip"], "10.0.0.7");
        assert_eq!(account_created["entity_id"], new_account.to_string());
        assert_eq!(account_created["after"]["username"], "newbie");
        assert_eq!(
            account_created["after"]["roles"],
            serde_json::json!([]),
            "the system administrator creates accounts without roles"
        );
        assert_eq!(account_created["after"]["roles_suspended"], true);
        assert!(account_created["after"].get("password_hash").is_none());

        let logout = only(&log, "auth.logout");
        assert_eq!(logout["actor_name"], "zzb");
        assert_eq!(logout["actor_id"], zzb_id);
        assert_eq!(logout["ip"], "10.0.0.7");
        assert_eq!(logout["entity_id"], zzb_id.to_string());
    }
);

both_backends!(
    the_audit_administrator_filters_by_actor_action_entity_and_time,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.account("auditadmin", "audit_admin", t.units.city, None)
            .await;
        // 01:00 UTC: sign in, one person.
        let zzb = t.login("zzb").await;
        t.person(&zzb, "钟伟", &id_card("19800101", 11), t.units.town_a)
            .await;
        // 01:20 UTC: another person, revealed.
        t.clock.advance(Duration::minutes(20));
        let second = t
            .person(&zzb, "李明", &id_card("19810202", 22), t.units.town_b)
            .await;
        let (status, _) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/people/{second}/reveal"),
                Some(json!({"fields": ["id_card"]})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        // 01:40 UTC: the audit administrator signs in.
        t.clock.advance(Duration::minutes(20));
        let audit = t.login("auditadmin").await;

        let query = async |q: &str| {
            let (status, body) = t
                .call(Some(&audit), "GET", &format!("/audit?{q}"), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{q}: {body}");
            let actions: Vec<String> = body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["action"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(body["total"].as_u64().unwrap(), actions.len() as u64, "{q}");
            actions
        };
        assert_eq!(
            query("actor=zzb").await,
            [
                "person.reveal",
                "person.create",
                "person.create",
                "auth.login"
            ]
        );
        assert_eq!(query("actor=nobody").await, Vec::<String>::new());
        assert_eq!(
            query("action=person.").await,
            ["person.reveal", "person.create", "person.create"]
        );
        assert_eq!(
            query("action=person.create").await,
            ["person.create", "person.create"]
        );
        assert_eq!(query("action=auth.").await, ["auth.login", "auth.login"]);
        assert_eq!(
            query(&format!("entity_type=person&entity_id={second}")).await,
            ["person.reveal", "person.create"]
        );
        assert_eq!(
            query("entity_type=org_unit").await.len(),
            5,
            "the seeded tree"
        );
        // `from` is inclusive, `to` exclusive; any offset is understood.
        assert_eq!(
            query("from=2026-03-02T01:20:00Z").await,
            ["auth.login", "person.reveal", "person.create"]
        );
        assert_eq!(
            query("from=2026-03-02T09:20:00%2B08:00").await,
            ["auth.login", "person.reveal", "person.create"]
        );
        assert_eq!(
            query("from=2026-03-02T01:10:00Z&to=2026-03-02T01:40:00Z").await,
            ["person.reveal", "person.create"]
        );
        assert_eq!(
            query("actor=zzb&to=2026-03-02T01:20:00Z").await,
            ["person.create", "auth.login"]
        );
        assert_eq!(
            query("actor=zzb&action=person.&from=2026-03-02T01:20:00Z").await,
            ["person.reveal", "person.create"]
        );
        // Pages, newest first.
        let (_, all) = t.call(Some(&audit), "GET", "/audit", None).await;
        let total = all["total"].as_i64().unwrap();
        let (_, page1) = t
            .call(Some(&audit), "GET", "/audit?page=1&page_size=2", None)
            .await;
        let (_, page2) = t
            .call(Some(&audit), "GET", "/audit?page=2&page_size=2", None)
            .await;
        assert_eq!(page1["total"], total);
        assert_eq!(page1["page_size"], 2);
        let ids: Vec<i64> = page1["items"]
            .as_array()
            .unwrap()
            .iter()
            .chain(page2["items"].as_array().unwrap())
            .map(|e| e["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [total, total - 1, total - 2, total - 3]);
        // A time that is not a time is a clear error.
        let (status, body) = t
            .call(Some(&audit), "GET", "/audit?from=yesterday", None)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
);

both_backends!(
    an_untouched_chain_verifies_intact_and_the_verification_is_itself_logged,
    |t| {
        let audit = some_history(&t).await;
        let (_, before) = t.call(Some(&audit), "GET", "/audit", None).await;
        let report = verify(&t, &audit).await;
        assert_eq!(report["problems"], json!([]), "{report}");
        assert_eq!(report["entries"], before["total"]);
        assert_eq!(report["head_id"], before["total"]);
        assert_eq!(report["head_hash"].as_str().unwrap().len(), 64);
        let (_, log) = t
            .call(Some(&audit), "GET", "/audit?action=audit.verify", None)
            .await;
        assert_eq!(log["total"], 1);
        assert_eq!(log["items"][0]["actor_name"], "auditadmin");
        assert_eq!(log["items"][0]["after"]["intact"], true);
        // The verification's own entry continues the chain.
        let again = verify(&t, &audit).await;
        assert_eq!(again["problems"], json!([]));
        assert_eq!(
            again["entries"].as_u64().unwrap(),
            report["entries"].as_u64().unwrap() + 1
        );
    }
);

both_backends!(an_entry_edited_behind_the_applications_back_is_named, |t| {
    let audit = some_history(&t).await;
    let target = newest_id(&t, &audit, "person.create").await;
    tamper(
        &t,
        &format!(r#"UPDATE audit_log SET "after" = '{{"name":"假名"}}' WHERE id = {target}"#),
    )
    .await;
    let report = verify(&t, &audit).await;
    assert_eq!(
        report["problems"],
        json!([{"kind": "edited", "id": target}]),
        "{report}"
    );
    let (_, log) = t
        .call(Some(&audit), "GET", "/audit?action=audit.verify", None)
        .await;
    assert_eq!(log["items"][0]["after"]["intact"], false);
});

both_backends!(
    an_entry_deleted_from_the_middle_leaves_a_gap_and_a_broken_link,
    |t| {
        let audit = some_history(&t).await;
        let target = newest_id(&t, &audit, "person.update").await;
        tamper(&t, &format!("DELETE FROM audit_log WHERE id = {target}")).await;
        let report = verify(&t, &audit).await;
        let problems = report["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 2, "{report}");
        assert_eq!(
            problems[0],
            json!({"kind": "gap", "after": target - 1, "next": target + 1})
        );
        assert_eq!(problems[1]["kind"], "broken_link");
        assert_eq!(problems[1]["id"], target + 1);
        assert_eq!(problems[1]["expected_prev"].as_str().unwrap().len(), 64);
    }
);

both_backends!(
    deleting_the_newest_entry_no_longer_matches_the_head_and_stays_visible,
    |t| {
        let audit = some_history(&t).await;
        let (_, log) = t
            .call(Some(&audit), "GET", "/audit?page_size=1", None)
            .await;
        let last = log["items"][0]["id"].as_i64().unwrap();
        assert_eq!(log["items"][0]["action"], "auth.login", "{log}");
        tamper(&t, &format!("DELETE FROM audit_log WHERE id = {last}")).await;
        let report = verify(&t, &audit).await;
        assert_eq!(
            report["problems"],
            json!([{"kind": "head_mismatch", "head_id": last, "last_id": last - 1}]),
            "{report}"
        );
        // Entries appended afterwards do not paper over the hole.
        let again = verify(&t, &audit).await;
        let problems = again["problems"].as_array().unwrap();
        assert!(!problems.is_empty(), "{again}");
        assert_eq!(
            problems[0],
            json!({"kind": "gap", "after": last - 1, "next": last + 1})
        );
    }
);

both_backends!(two_entries_swapped_are_both_named, |t| {
    let audit = some_history(&t).await;
    let first = newest_id(&t, &audit, "person.update").await;
    let second = first + 1;
    // Reorder: the two entries trade places (ids), contents and hashes untouched.
    tamper(
        &t,
        &format!("UPDATE audit_log SET id = -1 WHERE id = {first}"),
    )
    .await;
    tamper(
        &t,
        &format!("UPDATE audit_log SET id = {first} WHERE id = {second}"),
    )
    .await;
    tamper(
        &t,
        &format!("UPDATE audit_log SET id = {second} WHERE id = -1"),
    )
    .await;
    let report = verify(&t, &audit).await;
    let problems = report["problems"].as_array().unwrap();
    for expected in [
        json!({"kind": "edited", "id": first}),
        json!({"kind": "edited", "id": second}),
    ] {
        assert!(problems.contains(&expected), "{expected} in {report}");
    }
    assert!(
        problems
            .iter()
            .any(|p| p["kind"] == "broken_link" && p["id"] == first),
        "{report}"
    );
    // Nothing before the swap is blamed.
    assert!(
        problems.iter().all(|p| p["id"].as_i64().unwrap() >= first),
        "{report}"
    );
});

both_backends!(a_forged_entry_appended_at_the_end_is_named, |t| {
    let audit = some_history(&t).await;
    let (_, log) = t
        .call(Some(&audit), "GET", "/audit?page_size=1", None)
        .await;
    let last = log["items"][0]["id"].as_i64().unwrap();
    // A forger links the entry to the real last hash but cannot produce a matching hash, and
    // leaves the head alone. The verification must still answer with its report (its own
    // entry goes after the head, where the forged entry now sits).
    let forged_hash = "ab".repeat(32);
    tamper(
        &t,
        &format!(
            r#"INSERT INTO audit_log (id, "at", actor_id, actor_name, ip, action, entity_type, entity_id, "before", "after", prev_hash, hash)
               SELECT id + 1, "at", NULL, 'zzb', '10.0.0.7', 'auth.logout', 'account', '1', NULL, NULL, hash, '{forged_hash}'
               FROM audit_log WHERE id = {last}"#
        ),
    )
    .await;
    let report = verify(&t, &audit).await;
    assert_eq!(
        report["problems"],
        json!([
            {"kind": "edited", "id": last + 1},
            {"kind": "head_mismatch", "head_id": last, "last_id": last + 1}
        ]),
        "{report}"
    );
});

both_backends!(
    the_auditor_reads_the_log_but_only_the_audit_administrator_verifies_it,
    |t| {
        t.account("jjsj", "auditor", t.units.city, None).await;
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.account("sysadmin", "system_admin", t.units.city, None)
            .await;
        t.account("secadmin", "security_admin", t.units.city, None)
            .await;
        t.account("auditadmin", "audit_admin", t.units.city, None)
            .await;
        assert!(Role::Auditor.permits(Permission::AuditRead));
        assert!(!Role::Auditor.permits(Permission::AuditVerify));
        let auditor = t.login("jjsj").await;
        let (status, log) = t.call(Some(&auditor), "GET", "/audit", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(log["total"].as_u64().unwrap() > 0);
        let (status, body) = t.call(Some(&auditor), "POST", "/audit/verify", None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("FORBIDDEN"))
        );
        // The training authority and the other two administrators may do neither (三员分立).
        for username in ["zzb", "sysadmin", "secadmin"] {
            let s = t.login(username).await;
            let (status, body) = t.call(Some(&s), "GET", "/audit", None).await;
            assert_eq!(
                (status, body["code"].as_str()),
                (StatusCode::FORBIDDEN, Some("FORBIDDEN")),
                "{username}"
            );
            assert!(body.get("items").is_none());
            let (status, _) = t.call(Some(&s), "POST", "/audit/verify", None).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{username}");
        }
        // Nobody, not even the audit administrator, can change the log through the API.
        let audit = t.login("auditadmin").await;
        assert_eq!(verify(&t, &audit).await["problems"], json!([]));
        for (method, path) in [
            ("DELETE", "/audit"),
            ("DELETE", "/audit/1"),
            ("PATCH", "/audit/1"),
            ("PUT", "/audit"),
        ] {
            let (status, _) = t.call(Some(&audit), method, path, Some(json!({}))).await;
            assert!(
                status == StatusCode::NOT_FOUND || status == StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}: {status}"
            );
        }
        // Anonymous callers get nothing.
        let (status, body) = t.call(None, "GET", "/audit", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.get("items").is_none());
    }
);

both_backends!(
    a_forged_entry_with_the_head_moved_along_is_still_named,
    |t| {
        let audit = some_history(&t).await;
        let (_, log) = t
            .call(Some(&audit), "GET", "/audit?page_size=1", None)
            .await;
        let last = log["items"][0]["id"].as_i64().unwrap();
        // The forger also moves the head to the new entry; its hash still does not match.
        let forged_hash = "ab".repeat(32);
        tamper(
            &t,
            &format!(
                r#"INSERT INTO audit_log (id, "at", actor_id, actor_name, ip, action, entity_type, entity_id, "before", "after", prev_hash, hash)
                   SELECT id + 1, "at", NULL, 'zzb', '10.0.0.7', 'auth.logout', 'account', '1', NULL, NULL, hash, '{forged_hash}'
                   FROM audit_log WHERE id = {last}"#
            ),
        )
        .await;
        tamper(
            &t,
            &format!(
                "UPDATE audit_head SET last_id = {}, last_hash = '{forged_hash}' WHERE id = 1",
                last + 1
            ),
        )
        .await;
        let report = verify(&t, &audit).await;
        assert_eq!(
            report["problems"],
            json!([{"kind": "edited", "id": last + 1}]),
            "{report}"
        );
    }
);

/// Every action the code audits under a literal name has Chinese and English words in
/// `web/src/i18n/audit/actions.ts`, so the audit log never shows a bare code (issue 17 item 5).
#[test]
fn every_audited_action_has_a_name_on_the_audit_page() {
    use crate::quality::error_codes::{collect_rust_files, read, repository};
    let mut files = Vec::new();
    collect_rust_files(&repository().join("crates"), &mut files);
    let mut actions = std::collections::BTreeSet::new();
    for file in files {
        let source = read(&file);
        for (at, _) in source.match_indices("AuditEvent::new(") {
            let rest = source[at + "AuditEvent::new(".len()..].trim_start();
            let name = rest
                .strip_prefix('"')
                .and_then(|literal| literal.split('"').next())
                .filter(|name| {
                    !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                });
            if let Some(name) = name {
                actions.insert(name.to_owned());
            }
        }
    }
    assert!(
        actions.len() > 50,
        "found only {} audited actions",
        actions.len()
    );
    let names = read(&repository().join("web/src/i18n/audit/actions.ts"));
    let missing: Vec<&String> = actions
        .iter()
        .filter(|action| !names.contains(&format!("'{action}': [")))
        .collect();
    assert!(
        missing.is_empty(),
        "audited actions without a name in web/src/i18n/audit/actions.ts: {missing:?}"
    );
}
