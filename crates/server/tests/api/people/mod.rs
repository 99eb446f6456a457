//! The cadre register and the organisation tree over HTTP, on both databases.

mod import;
mod roster;

use crate::common;

use axum::http::StatusCode;
use common::id_card;
use serde_json::json;

both_backends!(
    a_person_is_validated_masked_and_found_by_name_initials_and_id,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let id = id_card("19800101", 11);
        // A bad check digit is refused with the field's code and a Chinese message.
        let mut bad = id.clone();
        bad.replace_range(17.., if id.ends_with('1') { "2" } else { "1" });
        let (status, body) = t.call(Some(&s), "POST", "/people", Some(json!({"name":"钟伟","id_card": bad,"unit_id": t.units.town_a,"rank":"section_chief"}))).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("ID_CARD_CHECK_DIGIT")
            ),
            "{body}"
        );
        assert!(body["message"].as_str().unwrap().contains("校验位"));
        // Sex must agree with the number (serial 011: odd, male).
        let (_, body) = t.call(Some(&s), "POST", "/people", Some(json!({"name":"钟伟","id_card": id,"sex":"female","unit_id": t.units.town_a,"rank":"section_chief"}))).await;
        assert_eq!(body["code"], "ID_CARD_SEX_MISMATCH", "{body}");
        let person = t.person(&s, "钟伟", &id, t.units.town_a).await;
        let (status, body) = t
            .call(Some(&s), "GET", &format!("/people/{person}"), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body["id_card_masked"],
            format!("{}***********{}", &id[..3], &id[14..])
        );
        assert_eq!(body["phone_masked"], "139****5678");
        assert_eq!(body["sex"], "male");
        assert!(
            !body.to_string().contains(&id),
            "the full number never appears in a response"
        );
        for query in [
            "q=zw",
            "q=ZW",
            "q=%E9%92%9F",
            &format!("q={id}"),
            &format!("id_card={id}"),
            "initials=z",
            "category=section_leader",
            "rank=section_chief",
        ] {
            let (status, body) = t
                .call(Some(&s), "GET", &format!("/people?{query}"), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{query}: {body}");
            assert_eq!(body["total"], 1, "{query}: {body}");
            assert_eq!(body["items"][0]["name"], "钟伟");
        }
        let (_, body) = t.call(Some(&s), "GET", "/people?q=lw", None).await;
        assert_eq!(body["total"], 0);
        let (_, body) = t
            .call(Some(&s), "GET", "/people?rank=county_chief", None)
            .await;
        assert_eq!(body["total"], 0);
        // The same ID number cannot be registered twice.
        let (status, body) = t.call(Some(&s), "POST", "/people", Some(json!({"name":"钟伟","id_card": id,"unit_id": t.units.town_b,"rank":"section_chief"}))).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("DUPLICATE_ID_CARD"))
        );
    }
);

both_backends!(rank_unit_and_categories_keep_a_dated_history, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let s = t.login("zzb").await;
    let (status, body) = t
        .call(Some(&s), "POST", "/people", Some(json!({"name":"李明","id_card": id_card("19750505", 21),"unit_id": t.units.town_a,"rank":"section_deputy","position":"副镇长","categories":["section_leader"],"effective_date":"2020-01-01"})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().unwrap();
    let patch = json!({"version": 1, "rank":"section_chief","position":"镇长","unit_id": t.units.town_b,"categories":["section_leader","reserve_cadre"],"effective_date":"2023-01-01"});
    let (status, body) = t
        .call(
            Some(&s),
            "PATCH",
            &format!("/people/{id}"),
            Some(patch.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["rank"], "section_chief");
    assert_eq!(body["unit_name"], "甲县二镇");
    // A second edit based on the old version is refused, not silently merged.
    let (status, body) = t
        .call(Some(&s), "PATCH", &format!("/people/{id}"), Some(patch))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("STALE_VERSION"))
    );
    let (_, then) = t
        .call(
            Some(&s),
            "GET",
            &format!("/people/{id}/as-of?date=2022-05-01"),
            None,
        )
        .await;
    assert_eq!(then["rank"], "section_deputy", "{then}");
    assert_eq!(then["unit_name"], "甲县一镇");
    assert_eq!(then["categories"], json!(["section_leader"]));
    let (_, now) = t
        .call(
            Some(&s),
            "GET",
            &format!("/people/{id}/as-of?date=2023-01-01"),
            None,
        )
        .await;
    assert_eq!(now["rank"], "section_chief");
    assert_eq!(
        now["categories"],
        json!(["section_leader", "reserve_cadre"])
    );
    let (status, before) = t
        .call(
            Some(&s),
            "GET",
            &format!("/people/{id}/as-of?date=2019-12-31"),
            None,
        )
        .await;
    assert_eq!(
        (status, before["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("NO_RECORD_ON_DATE"))
    );
    let (_, history) = t
        .call(Some(&s), "GET", &format!("/people/{id}/history"), None)
        .await;
    assert_eq!(history["posts"].as_array().unwrap().len(), 2);
    assert_eq!(history["categories"].as_array().unwrap().len(), 2);
});

both_backends!(
    moving_a_subtree_carries_its_people_and_refuses_cycles,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let person = t
            .person(&s, "王芳", &id_card("19900101", 22), t.units.town_a)
            .await;
        let (status, body) = t
            .call(
                Some(&s),
                "POST",
                &format!("/org/units/{}/move", t.units.county_x),
                Some(json!({"parent_id": t.units.town_a})),
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("MOVE_INTO_OWN_SUBTREE"))
        );
        let (status, body) = t
            .call(
                Some(&s),
                "POST",
                &format!("/org/units/{}/move", t.units.town_a),
                Some(json!({"parent_id": t.units.county_y})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["depth"], 2);
        let (_, in_y) = t
            .call(
                Some(&s),
                "GET",
                &format!("/people?unit_id={}", t.units.county_y),
                None,
            )
            .await;
        assert_eq!(in_y["items"][0]["id"], person);
        let (_, in_x) = t
            .call(
                Some(&s),
                "GET",
                &format!("/people?unit_id={}", t.units.county_x),
                None,
            )
            .await;
        assert_eq!(in_x["total"], 0);
        // Rename, then deactivation is refused while people remain.
        let (status, body) = t
            .call(
                Some(&s),
                "PATCH",
                &format!("/org/units/{}", t.units.town_a),
                Some(json!({"name":"乙县新镇"})),
            )
            .await;
        assert_eq!(
            (status, body["name"].as_str()),
            (StatusCode::OK, Some("乙县新镇"))
        );
        let (status, body) = t
            .call(
                Some(&s),
                "POST",
                &format!("/org/units/{}/deactivate", t.units.town_a),
                None,
            )
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("UNIT_NOT_EMPTY")),
            "{body}"
        );
        let (status, _) = t
            .call(
                Some(&s),
                "POST",
                &format!("/org/units/{}/deactivate", t.units.town_b),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, units) = t.call(Some(&s), "GET", "/org/units", None).await;
        assert!(
            units
                .as_array()
                .unwrap()
                .iter()
                .all(|u| u["id"] != t.units.town_b)
        );
        // A duplicate code is a clear conflict; a bad code a validation error.
        let (status, body) = t.call(Some(&s), "POST", "/org/units", Some(json!({"code":"XA","name":"重复","unit_type":"town","parent_id": t.units.county_x}))).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::CONFLICT, Some("UNIT_CODE_TAKEN"))
        );
        let (status, body) = t.call(Some(&s), "POST", "/org/units", Some(json!({"code":"仙桃","name":"","unit_type":"nope","parent_id": t.units.county_x}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["fields"].as_array().unwrap().len(), 3, "{body}");
    }
);

both_backends!(other_units_people_are_invisible_and_answer_not_found, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.account("x_admin", "unit_admin", t.units.county_x, None)
        .await;
    t.account("y_admin", "unit_admin", t.units.county_y, None)
        .await;
    let zzb = t.login("zzb").await;
    let in_x = t
        .person(&zzb, "赵敏", &id_card("19850505", 31), t.units.town_a)
        .await;
    let in_y = t
        .person(&zzb, "孙丽", &id_card("19860606", 42), t.units.county_y)
        .await;
    let y = t.login("y_admin").await;
    let (_, list) = t.call(Some(&y), "GET", "/people", None).await;
    assert_eq!(list["total"], 1);
    assert!(!list.to_string().contains("赵敏"));
    for path in [
        format!("/people/{in_x}"),
        format!("/people/{in_x}/history"),
        format!("/people/{in_x}/as-of?date=2026-01-01"),
    ] {
        let (status, body) = t.call(Some(&y), "GET", &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!body.to_string().contains("赵敏"));
    }
    let (status, _) = t
        .call(
            Some(&y),
            "PATCH",
            &format!("/people/{in_x}"),
            Some(json!({"name":"改名"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t
        .call(
            Some(&y),
            "POST",
            &format!("/people/{in_x}/reveal"),
            Some(json!({"fields":["id_card"]})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Moving one's own person into another unit's tree is refused too.
    let (status, _) = t
        .call(
            Some(&y),
            "PATCH",
            &format!("/people/{in_y}"),
            Some(json!({"unit_id": t.units.town_a})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let x = t.login("x_admin").await;
    let (_, list) = t.call(Some(&x), "GET", "/people", None).await;
    assert_eq!(list["items"][0]["id"], in_x);
    assert_eq!(list["total"], 1);
});

both_backends!(revealing_numbers_needs_the_right_role_and_is_audited, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.account("teacher", "head_teacher", t.units.city, None)
        .await;
    t.account("auditadmin", "audit_admin", t.units.city, None)
        .await;
    let zzb = t.login("zzb").await;
    let id = id_card("19700101", 51);
    let person = t.person(&zzb, "周强", &id, t.units.town_a).await;
    let (status, body) = t
        .call(
            Some(&zzb),
            "POST",
            &format!("/people/{person}/reveal"),
            Some(json!({"fields":["id_card","phone"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["id_card"], id);
    assert_eq!(body["phone"], "13912345678");
    let teacher = t.login("teacher").await;
    let (status, body) = t
        .call(
            Some(&teacher),
            "POST",
            &format!("/people/{person}/reveal"),
            Some(json!({"fields":["id_card"]})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("FORBIDDEN"))
    );
    let audit = t.login("auditadmin").await;
    let (_, log) = t
        .call(Some(&audit), "GET", "/audit?action=person.reveal", None)
        .await;
    // The filter is a prefix: the reveal and, newest first, the refused one (issue 14 item 6).
    assert_eq!(log["total"], 2);
    assert_eq!(log["items"][0]["action"], "person.reveal_denied");
    assert_eq!(log["items"][0]["actor_name"], "teacher");
    assert_eq!(log["items"][1]["action"], "person.reveal");
    assert_eq!(log["items"][1]["actor_name"], "zzb");
    assert_eq!(log["items"][1]["ip"], "10.0.0.7");
    assert!(
        !log.to_string().contains(&id),
        "the audit log records the reveal, not the number"
    );
});

both_backends!(
    a_trainee_sees_only_themself_and_may_reveal_their_own_numbers,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let zzb = t.login("zzb").await;
        let me = t
            .person(&zzb, "吴洁", &id_card("19920202", 62), t.units.town_a)
            .await;
        let colleague = t
            .person(&zzb, "郑浩", &id_card("19930303", 73), t.units.town_a)
            .await;
        t.account("trainee", "trainee", t.units.town_a, Some(me))
            .await;
        let s = t.login("trainee").await;
        let (_, list) = t.call(Some(&s), "GET", "/people", None).await;
        assert_eq!(list["total"], 1);
        assert_eq!(
            t.call(Some(&s), "GET", &format!("/people/{colleague}"), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            t.call(
                Some(&s),
                "POST",
                &format!("/people/{me}/reveal"),
                Some(json!({"fields":["phone"]}))
            )
            .await
            .0,
            StatusCode::OK
        );
        let (status, _) = t
            .call(
                Some(&s),
                "PATCH",
                &format!("/people/{me}"),
                Some(json!({"name":"改名"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);

both_backends!(dashboard_counts_follow_the_scope_and_the_tree, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.account("x_admin", "unit_admin", t.units.county_x, None)
        .await;
    let zzb = t.login("zzb").await;
    t.person(&zzb, "甲一", &id_card("19800101", 101), t.units.town_a)
        .await;
    t.person(&zzb, "甲二", &id_card("19800101", 102), t.units.town_b)
        .await;
    t.person(&zzb, "乙一", &id_card("19800101", 103), t.units.county_y)
        .await;
    let (status, stats) = t.call(Some(&zzb), "GET", "/stats/people", None).await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(stats["unit_name"], "示范市");
    assert_eq!(stats["total"], 3);
    assert_eq!(
        stats["by_category"],
        json!([{"code":"section_leader","label":"科级领导干部","count":3}])
    );
    let by_unit: Vec<(String, u64)> = stats["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_owned(),
                u["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_unit,
        vec![
            ("示范市（本级）".to_owned(), 0),
            ("甲县".to_owned(), 2),
            ("乙县".to_owned(), 1)
        ]
    );
    let x = t.login("x_admin").await;
    let (_, stats) = t.call(Some(&x), "GET", "/stats/people", None).await;
    assert_eq!(
        (stats["unit_name"].as_str(), stats["total"].as_u64()),
        (Some("甲县"), Some(2))
    );
    let (status, _) = t
        .call(
            Some(&x),
            "GET",
            &format!("/stats/people?unit_id={}", t.units.county_y),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
});

both_backends!(
    category_counts_follow_moves_transfers_and_deactivation,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let id = t
            .person(&s, "周敏", &id_card("19880808", 201), t.units.town_a)
            .await;
        let count = async |unit: i64, extra: &str| {
            let (status, body) = t
                .call(
                    Some(&s),
                    "GET",
                    &format!("/people?category=section_leader&unit_id={unit}{extra}"),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            (
                body["total"].as_u64().unwrap(),
                body["items"].as_array().unwrap().len() as u64,
            )
        };
        assert_eq!(count(t.units.county_x, "").await, (1, 1));
        assert_eq!(count(t.units.county_y, "").await, (0, 0));
        // The town moves to the other county: its people's category rows follow.
        let (status, _) = t
            .call(
                Some(&s),
                "POST",
                &format!("/org/units/{}/move", t.units.town_a),
                Some(json!({"parent_id": t.units.county_y})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(count(t.units.county_x, "").await, (0, 0));
        assert_eq!(count(t.units.county_y, "").await, (1, 1));
        // The person is transferred to a town of the first county.
        let (status, _) = t
            .call(
                Some(&s),
                "PATCH",
                &format!("/people/{id}"),
                Some(json!({"unit_id": t.units.town_b})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(count(t.units.county_x, "").await, (1, 1));
        assert_eq!(count(t.units.county_y, "").await, (0, 0));
        // Deactivated people leave the count unless asked for.
        let (status, _) = t
            .call(
                Some(&s),
                "PATCH",
                &format!("/people/{id}"),
                Some(json!({"active": false})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(count(t.units.county_x, "").await, (0, 0));
        assert_eq!(
            count(t.units.county_x, "&include_inactive=true").await,
            (1, 1)
        );
    }
);
