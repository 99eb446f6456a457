//! A real roster imported (issue 17 item 10), on both databases: its columns mapped by the
//! person importing (guessed from synonyms, remembered for their unit), its units named by name
//! (exact matches taken, near ones confirmed, unknown ones reported), no rank column, and the
//! units it lacks added first by a unit import with its own dry run and report.

use crate::common;

use axum::http::StatusCode;
use common::{Session, TestApp, id_card};
use serde_json::{Value, json};

/// Percent-encodes a query value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn post_file(t: &TestApp, s: &Session, path: &str, bytes: &[u8]) -> (StatusCode, Value) {
    let (status, _, body) = t
        .call_raw(
            Some(s),
            "POST",
            path,
            Some(("application/octet-stream", bytes.to_vec())),
        )
        .await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// Imports `csv` with the given choices (`dry_run` or not).
async fn import(t: &TestApp, s: &Session, csv: &str, choices: &Value, dry_run: bool) -> Value {
    let path = format!(
        "/people/import?dry_run={dry_run}&choices={}",
        encode(&choices.to_string())
    );
    let (status, report) = post_file(t, s, &path, csv.as_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    report
}

fn row(report: &Value, row_number: u64) -> &Value {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["row_number"] == row_number)
        .unwrap_or_else(|| panic!("row {row_number} in {report}"))
}

/// The field each header was guessed as, and how.
fn guesses(columns: &Value) -> Vec<(String, Value, String)> {
    columns["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| {
            (
                c["header"].as_str().unwrap().to_owned(),
                c["field"].clone(),
                c["guess"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn person(t: &TestApp, s: &Session, name: &str) -> Option<Value> {
    let (_, body) = t
        .call(
            Some(s),
            "GET",
            &format!("/people?name={}", encode(name)),
            None,
        )
        .await;
    body["items"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)
        .cloned()
}

both_backends!(
    a_mapping_is_guessed_from_synonyms_and_remembered_for_the_importing_unit,
    |t| {
        t.account("zzb", "training_authority", t.units.county_x, None)
            .await;
        t.account("yizhen", "unit_admin", t.units.town_b, None)
            .await;
        let s = t.login("zzb").await;
        let csv = format!(
            "参训人员名单\n序号,工作单位,干部姓名,证件号码,现职务\n1,甲县一镇,王 芳,{},组织委员\n",
            id_card("19800101", 1)
        );
        let (status, columns) = post_file(&t, &s, "/people/import/columns", csv.as_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{columns}");
        assert_eq!(columns["header_row"], 2);
        assert_eq!(columns["remembered"], false);
        assert_eq!(
            guesses(&columns),
            [
                ("序号".to_owned(), Value::Null, "unknown".to_owned()),
                (
                    "工作单位".to_owned(),
                    json!("unit_name"),
                    "recognised".to_owned()
                ),
                ("干部姓名".to_owned(), Value::Null, "unknown".to_owned()),
                (
                    "证件号码".to_owned(),
                    json!("id_card"),
                    "recognised".to_owned()
                ),
                (
                    "现职务".to_owned(),
                    json!("position"),
                    "recognised".to_owned()
                ),
            ]
        );
        assert_eq!(columns["missing"], json!(["姓名"]));
        // The ID number is shown masked even to the person who holds the file.
        assert!(
            columns["columns"][3]["samples"][0]
                .as_str()
                .unwrap()
                .starts_with("110*************"),
            "{columns}"
        );
        assert!(
            columns["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["key"] == "rank" && f["required"] == false)
        );

        // Without a name column nothing can be read; with the mapping the file imports.
        let (status, refused) =
            post_file(&t, &s, "/people/import?dry_run=true", csv.as_bytes()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(refused["code"], "MISSING_COLUMNS");
        let mapping = json!({"mapping": [
            {"header": "序号", "field": null},
            {"header": "工作单位", "field": "unit_name"},
            {"header": "干部姓名", "field": "name"},
            {"header": "证件号码", "field": "id_card"},
            {"header": "现职务", "field": "position"},
        ]});
        // A dry run keeps nothing, the mapping neither.
        let report = import(&t, &s, &csv, &mapping, true).await;
        assert_eq!(report["created"], 1, "{report}");
        let (_, again) = post_file(&t, &s, "/people/import/columns", csv.as_bytes()).await;
        assert_eq!(again["remembered"], false);
        let report = import(&t, &s, &csv, &mapping, false).await;
        assert_eq!(report["created"], 1, "{report}");
        // The name's inner space is removed and said so.
        assert!(
            row(&report, 3)["notes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n.as_str().unwrap().contains("“王 芳” → “王芳”")),
            "{report}"
        );

        // The next upload from the unit starts with what it chose.
        let (_, again) = post_file(&t, &s, "/people/import/columns", csv.as_bytes()).await;
        assert_eq!(again["remembered"], true);
        assert_eq!(
            guesses(&again)[2],
            (
                "干部姓名".to_owned(),
                json!("name"),
                "remembered".to_owned()
            )
        );
        assert_eq!(again["missing"], json!([]));
        // Another unit's officer starts from the headers alone.
        let other = t.login("yizhen").await;
        let (_, theirs) = post_file(&t, &other, "/people/import/columns", csv.as_bytes()).await;
        assert_eq!(theirs["remembered"], false);
        assert_eq!(guesses(&theirs)[2].1, Value::Null);

        // A mapping that names no field the import has is refused.
        let (status, refused) = post_file(
            &t,
            &s,
            &format!(
                "/people/import?dry_run=true&choices={}",
                encode(r#"{"mapping":[{"header":"干部姓名","field":"salary"}]}"#)
            ),
            csv.as_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        let (status, refused) = post_file(
            &t,
            &s,
            "/people/import?dry_run=true&choices=%7Bnot%20json",
            csv.as_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(refused["code"], "IMPORT_CHOICES_INVALID");

        // Remembering is audited.
        t.account("auditadmin", "audit_admin", t.units.city, None)
            .await;
        let audit = t.login("auditadmin").await;
        let (_, entries) = t
            .call(
                Some(&audit),
                "GET",
                "/audit?action=import.mapping.remember",
                None,
            )
            .await;
        assert_eq!(
            entries["items"].as_array().map(Vec::len),
            Some(1),
            "{entries}"
        );
    }
);

both_backends!(
    a_roster_with_unit_names_and_no_rank_imports_with_near_names_confirmed,
    |t| {
        t.account("zzb", "training_authority", t.units.county_x, None)
            .await;
        let s = t.login("zzb").await;
        // Seed 000's shape: 序号, 单位 (a name), 姓名 — with the ID numbers the register needs
        // — and no rank.
        let csv = [
            "序号,单 位,姓 名,身份证号".to_owned(),
            format!("1,甲县一镇,钟 伟,{}", id_card("19700101", 1)),
            format!("2,甲县 二镇,文 曦,{}", id_card("19700101", 2)),
            format!("3,甲县一镇人民政府,刘宇,{}", id_card("19700101", 3)),
            format!("4,彭场高中,陈志军,{}", id_card("19700101", 4)),
            format!("5,乙县,张进华,{}", id_card("19700101", 5)),
        ]
        .join("\n");
        let choices = json!({});
        let report = import(&t, &s, &csv, &choices, true).await;
        assert_eq!(
            (report["created"].as_u64(), report["rejected"].as_u64()),
            (Some(2), Some(3)),
            "{report}"
        );
        assert_eq!(
            row(&report, 4)["problems"][0]["code"],
            "UNIT_NAME_UNCONFIRMED"
        );
        assert_eq!(row(&report, 5)["problems"][0]["code"], "UNIT_NAME_UNKNOWN");
        // A unit outside the importer's scope is as unknown as one that does not exist.
        assert_eq!(row(&report, 6)["problems"][0]["code"], "UNIT_NAME_UNKNOWN");
        // A name written with a space is matched and said so.
        assert!(
            row(&report, 3)["notes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n
                    .as_str()
                    .unwrap()
                    .contains("“甲县 二镇”按名称对应为“甲县二镇”")),
            "{report}"
        );
        // The names waiting for a choice come first, each with the near units.
        let names = report["unit_names"].as_array().unwrap();
        assert_eq!(names[0]["name"], "甲县一镇人民政府");
        assert_eq!(names[0]["status"], "near");
        assert_eq!(names[0]["suggestions"][0]["id"], t.units.town_a);
        assert_eq!(names[0]["suggestions"][0]["parent_name"], "甲县");
        assert_eq!(names[1]["status"], "unknown");
        assert!(
            names
                .iter()
                .any(|n| n["name"] == "甲县一镇" && n["status"] == "matched")
        );

        // The near name confirmed: its row goes to the chosen unit, with a note.
        let choices =
            json!({"unit_choices": [{"name": "甲县一镇人民政府", "unit_id": t.units.town_a}]});
        let report = import(&t, &s, &csv, &choices, false).await;
        assert_eq!(
            (report["created"].as_u64(), report["rejected"].as_u64()),
            (Some(3), Some(2)),
            "{report}"
        );
        assert!(
            row(&report, 4)["notes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n.as_str().unwrap().contains("按您的确认记为“甲县一镇”")),
            "{report}"
        );
        // No rank: registered as 无职级, and said so.
        assert!(
            row(&report, 2)["notes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n.as_str().unwrap().contains("未填职级")),
            "{report}"
        );
        let liu = person(&t, &s, "刘宇").await.expect("imported");
        assert_eq!(liu["unit_id"], t.units.town_a);
        assert_eq!(liu["rank"], "unranked");
        let zhong = person(&t, &s, "钟伟")
            .await
            .expect("imported, name without its space");
        assert_eq!(zhong["unit_id"], t.units.town_a);
        assert!(person(&t, &s, "陈志军").await.is_none());

        // A person already registered keeps their rank when the file has none.
        let (status, _) = t
            .call(
                Some(&s),
                "PATCH",
                &format!("/people/{}", liu["id"]),
                Some(json!({"rank": "section_deputy"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, report) = post_file(
            &t,
            &s,
            &format!(
                "/people/import?update_existing=true&choices={}",
                encode(&choices.to_string())
            ),
            csv.as_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(row(&report, 4)["outcome"], "unchanged", "{report}");
        let liu = person(&t, &s, "刘宇").await.unwrap();
        assert_eq!(liu["rank"], "section_deputy");

        // A choice of a unit outside the scope is refused for its rows.
        let outside = json!({"unit_choices": [{"name": "彭场高中", "unit_id": t.units.county_y}]});
        let report = import(&t, &s, &csv, &outside, true).await;
        assert_eq!(
            row(&report, 5)["problems"][0]["code"],
            "UNIT_CHOICE_INVALID"
        );
    }
);

both_backends!(
    units_missing_from_a_roster_are_added_in_bulk_with_a_dry_run_and_every_bad_row_reported,
    |t| {
        t.account("zzb", "training_authority", t.units.county_x, None)
            .await;
        t.account("yizhen", "unit_admin", t.units.town_a, None)
            .await;
        let s = t.login("zzb").await;
        let csv = [
            "单位名称,上级单位,单位类型,单位代码",
            "彭场高中,甲县一镇,学校,", // 2: under a unit by name, code made
            "彭场高中团委,彭场高中,部门,PC-TW", // 3: under the unit row 2 adds
            "甲县二镇中心小学,XB,小学,", // 4: parent by code, type by a common word
            "彭场高中,甲县一镇,学校,", // 5: the same unit again
            "无名学校,不存在的镇,学校,", // 6: unknown parent
            "乙县中学,乙县,学校,",     // 7: parent outside the scope
            "怪单位,甲县,外星,",       // 8: unknown type
            "重码单位,甲县,部门,XA",   // 9: a code another unit has
            ",甲县,部门,",             // 10: no name
        ]
        .join("\n");
        let (status, dry) =
            post_file(&t, &s, "/org/units/import?dry_run=true", csv.as_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{dry}");
        assert_eq!(dry["dry_run"], true);
        assert_eq!(
            (dry["created"].as_u64(), dry["rejected"].as_u64()),
            (Some(3), Some(6)),
            "{dry}"
        );
        let (_, units) = t.call(Some(&s), "GET", "/org/units", None).await;
        assert!(
            !units.to_string().contains("彭场高中"),
            "a dry run writes nothing"
        );

        let (status, report) = post_file(&t, &s, "/org/units/import", csv.as_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(
            (report["created"].as_u64(), report["rejected"].as_u64()),
            (Some(3), Some(6)),
            "{report}"
        );
        let codes: Vec<(u64, Value)> = report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["row_number"].as_u64().unwrap(),
                    if r["outcome"] == "rejected" {
                        r["problems"][0]["code"].clone()
                    } else {
                        r["code"].clone()
                    },
                )
            })
            .collect();
        assert_eq!(
            codes,
            [
                (2, json!("XA-01")),
                (3, json!("PC-TW")),
                (4, json!("XB-01")),
                (5, json!("DUPLICATE_IN_FILE")),
                (6, json!("PARENT_UNIT_UNKNOWN")),
                (7, json!("PARENT_UNIT_UNKNOWN")),
                (8, json!("UNKNOWN_UNIT_TYPE")),
                (9, json!("UNIT_CODE_TAKEN")),
                (10, json!("REQUIRED_MISSING")),
            ]
        );
        assert!(
            report["rows"][2]["notes"][0]
                .as_str()
                .unwrap()
                .contains("按“学校”记录"),
            "{report}"
        );
        let (_, units) = t.call(Some(&s), "GET", "/org/units", None).await;
        let tw = units
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == "PC-TW")
            .expect("created");
        let high = units
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == "XA-01")
            .expect("created");
        assert_eq!(tw["parent_id"], high["id"]);
        assert_eq!(high["parent_id"], t.units.town_a);

        // Again: nothing is made twice.
        let (_, again) = post_file(&t, &s, "/org/units/import", csv.as_bytes()).await;
        assert_eq!(
            (again["created"].as_u64(), again["unchanged"].as_u64()),
            (Some(0), Some(3)),
            "{again}"
        );

        // Each unit audited.
        t.account("auditadmin", "audit_admin", t.units.city, None)
            .await;
        let audit = t.login("auditadmin").await;
        let (_, entries) = t
            .call(Some(&audit), "GET", "/audit?action=org.unit.create", None)
            .await;
        let imported = entries["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["actor_name"] == "zzb")
            .count();
        assert_eq!(imported, 3, "{entries}");

        // A unit administrator does not keep the tree.
        let admin = t.login("yizhen").await;
        let (status, _) = post_file(&t, &admin, "/org/units/import", csv.as_bytes()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, template) = t
            .call_raw(Some(&s), "GET", "/org/units/import/template", None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(template.starts_with(b"PK"));
    }
);
