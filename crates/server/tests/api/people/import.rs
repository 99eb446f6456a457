//! Importing and exporting people over HTTP (R-PPL-3), on both databases: the template
//! round-trips, a GB18030 CSV from Excel on Chinese Windows is read with a row-by-row report,
//! re-imports report duplicates or update, a dry run writes nothing, a unit administrator cannot
//! import into another unit, and the export masks personal numbers and never makes formulas.

use crate::common;

use axum::http::{StatusCode, header};
use chrono::Duration;
use common::{Session, TestApp, id_card};
use ganxun_sheets::{ExportPerson, TEMPLATE_EXAMPLE_ID_CARD};
use serde_json::{Value, json};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Percent-encodes a query value (Chinese names in URLs).
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

/// Sends a file to the import endpoint as the raw body.
async fn import(t: &TestApp, s: &Session, query: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let (status, _, body) = t
        .call_raw(
            Some(s),
            "POST",
            &format!("/people/import{query}"),
            Some(("application/octet-stream", bytes)),
        )
        .await;
    let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    (status, value)
}

/// A CSV as Excel on Chinese Windows saves it: GB18030, CRLF line ends.
fn gb18030_csv(lines: &[String]) -> Vec<u8> {
    let text = lines.join("\r\n") + "\r\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let bytes = bytes.into_owned();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "really not UTF-8, so the reader has to fall back to GB18030"
    );
    bytes
}

/// The row of a report with this row number.
fn row(report: &Value, row_number: u64) -> &Value {
    report["rows"]
        .as_array()
        .expect("a report with rows")
        .iter()
        .find(|r| r["row_number"] == row_number)
        .unwrap_or_else(|| panic!("row {row_number} in {report}"))
}

/// The one person found by exact name, as the training authority sees them.
async fn find(t: &TestApp, s: &Session, name: &str) -> Option<Value> {
    let (status, body) = t
        .call(
            Some(s),
            "GET",
            &format!("/people?name={}", encode(name)),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["items"]
        .as_array()
        .expect("a page of people")
        .iter()
        .find(|p| p["name"] == name)
        .cloned()
}

async fn total_people(t: &TestApp, s: &Session) -> u64 {
    let (_, body) = t
        .call(Some(s), "GET", "/people?include_inactive=true", None)
        .await;
    body["total"].as_u64().expect("a total")
}

/// An ID number with its check digit made wrong.
fn with_bad_check_digit(id: &str) -> String {
    let mut bad = id.to_owned();
    bad.replace_range(17.., if id.ends_with('1') { "2" } else { "1" });
    bad
}

both_backends!(
    the_template_downloads_reads_back_and_imports_once_its_unit_exists,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let (status, headers, template) = t
            .call_raw(Some(&s), "GET", "/people/import/template", None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], XLSX);
        let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(
            disposition.contains(&format!("filename*=UTF-8''{}", encode("干部信息导入模板"))),
            "{disposition}"
        );
        let rows = ganxun_sheets::read_people(&template).unwrap();
        assert_eq!(rows.len(), 1, "one example row");
        assert_eq!(rows[0].get("id_card"), Some(TEMPLATE_EXAMPLE_ID_CARD));

        // Sent back untouched: the example's unit does not exist, so its row is refused.
        let (status, report) = import(&t, &s, "", template.clone()).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["total_rows"], 1);
        assert_eq!(report["rejected"], 1);
        assert_eq!(report["created"], 0);
        assert_eq!(row(&report, 2)["problems"][0]["code"], "UNKNOWN_UNIT");
        assert_eq!(total_people(&t, &s).await, 0);

        // Its unit name is checked against the coded unit: a unit of another name refuses it.
        let (status, unit) = t
            .call(
                Some(&s),
                "POST",
                "/org/units",
                Some(json!({"code": "EXAMPLE-01", "name": "示例单位", "unit_type": "department", "parent_id": t.units.county_x})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{unit}");
        let (_, report) = import(&t, &s, "", template.clone()).await;
        assert_eq!(row(&report, 2)["problems"][0]["code"], "UNIT_NAME_MISMATCH");
        // Once the unit has the name the example gives, the row imports with every column
        // understood.
        let (status, unit) = t
            .call(
                Some(&s),
                "PATCH",
                &format!("/org/units/{}", unit["id"]),
                Some(json!({"name": "示例单位（导入前请删除本行）"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{unit}");
        let (status, report) = import(&t, &s, "", template).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 1, "{report}");
        let person = find(&t, &s, "王芳").await.expect("imported");
        assert_eq!(person["sex"], "female");
        assert_eq!(person["birth_date"], "1949-12-31");
        assert_eq!(person["unit_id"], unit["id"]);
        assert_eq!(person["position"], "组织员");
        assert_eq!(person["rank"], "principal_staff_4");
        assert_eq!(
            person["categories"],
            json!(["org_dept_cadre", "civil_servant"])
        );
        assert_eq!(person["education"], "bachelor");
        assert_eq!(person["post_start_date"], "2021-06-01");
        assert_eq!(person["phone_masked"], "139****5678");
        let id = person["id"].as_i64().unwrap();
        // The template's effective date dates the first post.
        let (status, _) = t
            .call(
                Some(&s),
                "GET",
                &format!("/people/{id}/as-of?date=2024-01-01"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, before) = t
            .call(
                Some(&s),
                "GET",
                &format!("/people/{id}/as-of?date=2023-12-31"),
                None,
            )
            .await;
        assert_eq!(before["code"], "NO_RECORD_ON_DATE");

        // A workbook in the export's layout, with full numbers, imports as well.
        let filled = ganxun_sheets::people_xlsx([
            ExportPerson {
                name: "李明".into(),
                id_card: id_card("19750505", 21),
                unit_code: "XA".into(),
                rank: "乡科级正职".into(),
                position: "镇长".into(),
                ..ExportPerson::default()
            },
            ExportPerson {
                name: "赵敏".into(),
                id_card: id_card("19860606", 32),
                unit_code: "XB".into(),
                rank: "section_deputy".into(),
                ..ExportPerson::default()
            },
        ])
        .unwrap();
        let (status, report) = import(&t, &s, "", filled).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 2, "{report}");
        assert_eq!(
            find(&t, &s, "李明").await.unwrap()["unit_id"],
            t.units.town_a
        );
        assert_eq!(
            find(&t, &s, "赵敏").await.unwrap()["rank"],
            "section_deputy"
        );
    }
);

/// The GB18030 roster of the next tests: a good row, a wrong check digit, a padded name and an
/// unknown unit code (rows 2–5).
fn roster(position_of_first: &str) -> (Vec<u8>, [String; 4]) {
    let ids = [
        id_card("19800101", 11),
        with_bad_check_digit(&id_card("19810202", 22)),
        id_card("19820303", 33),
        id_card("19830404", 44),
    ];
    let lines = vec![
        "姓名,身份证号,单位代码,职级,职务".to_owned(),
        format!("李明,{},XA,乡科级正职,{position_of_first}", ids[0]),
        format!("王强,{},XA,乡科级副职,副镇长", ids[1]),
        format!("钟 伟,{},XB,乡科级副职,副镇长", ids[2]),
        format!("孙丽,{},ZZ,一级科员,科员", ids[3]),
    ];
    (gb18030_csv(&lines), ids)
}

both_backends!(
    a_gb18030_csv_imports_its_good_rows_and_names_every_rejected_row,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let (csv, ids) = roster("镇长");
        let (status, report) = import(&t, &s, "", csv).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["dry_run"], false);
        assert_eq!(report["total_rows"], 4);
        assert_eq!(report["created"], 2, "{report}");
        assert_eq!(report["rejected"], 2);
        let numbers: Vec<u64> = report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["row_number"].as_u64().unwrap())
            .collect();
        assert_eq!(numbers, [2, 3, 4, 5], "every row accounted for, in order");

        let good = row(&report, 2);
        assert_eq!(good["outcome"], "created");
        assert_eq!(good["name"], "李明");
        assert!(good["person_id"].as_i64().is_some());

        let bad_digit = row(&report, 3);
        assert_eq!(bad_digit["outcome"], "rejected");
        assert_eq!(bad_digit["person_id"], Value::Null);
        assert_eq!(bad_digit["problems"][0]["code"], "ID_CARD_CHECK_DIGIT");
        assert_eq!(bad_digit["problems"][0]["field"], "身份证号");
        let message = bad_digit["problems"][0]["message"].as_str().unwrap();
        assert!(message.contains("校验位"), "{message}");
        assert!(message.contains(&ids[1]), "the value as read: {message}");

        let padded = row(&report, 4);
        assert_eq!(padded["outcome"], "created");
        assert_eq!(padded["name"], "钟伟");
        assert_eq!(
            padded["notes"],
            json!(["姓名中的空格已去除：“钟 伟” → “钟伟”"]),
            "normalised, never silently"
        );

        let unknown = row(&report, 5);
        assert_eq!(unknown["outcome"], "rejected");
        assert_eq!(unknown["name"], "孙丽");
        assert_eq!(unknown["problems"][0]["code"], "UNKNOWN_UNIT");
        assert_eq!(unknown["problems"][0]["field"], "单位代码");
        let message = unknown["problems"][0]["message"].as_str().unwrap();
        assert!(message.contains("单位代码“ZZ”不存在"), "{message}");

        // The good rows are in the register, decoded correctly; the others are not.
        let li = find(&t, &s, "李明").await.expect("李明 imported");
        assert_eq!(li["unit_name"], "甲县一镇");
        assert_eq!(li["position"], "镇长");
        assert_eq!(li["rank"], "section_chief");
        let zhong = find(&t, &s, "钟伟").await.expect("钟伟 imported");
        assert_eq!(zhong["unit_name"], "甲县二镇");
        assert_eq!(zhong["name_initials"], "zw");
        assert!(find(&t, &s, "王强").await.is_none());
        assert!(find(&t, &s, "孙丽").await.is_none());
        assert_eq!(total_people(&t, &s).await, 2);
        // Each created person is audited.
        t.account("auditadmin", "audit_admin", t.units.city, None)
            .await;
        let audit = t.login("auditadmin").await;
        let (_, log) = t
            .call(Some(&audit), "GET", "/audit?action=person.create", None)
            .await;
        assert_eq!(log["total"], 2);
        assert_eq!(log["items"][0]["actor_name"], "zzb");
    }
);

both_backends!(
    importing_again_reports_duplicates_unless_asked_to_update,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let (csv, _) = roster("镇长");
        let (_, first) = import(&t, &s, "", csv.clone()).await;
        assert_eq!(first["created"], 2, "{first}");
        let li = find(&t, &s, "李明").await.unwrap();
        let zhong = find(&t, &s, "钟伟").await.unwrap();

        // The same file again: nothing new, the known people are reported as duplicates.
        let (status, again) = import(&t, &s, "", csv.clone()).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert_eq!(again["created"], 0);
        assert_eq!(again["updated"], 0);
        assert_eq!(again["rejected"], 4, "{again}");
        for number in [2, 4] {
            let r = row(&again, number);
            assert_eq!(r["outcome"], "rejected");
            assert_eq!(r["problems"][0]["code"], "DUPLICATE_ID_CARD", "{r}");
            assert!(
                r["problems"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("更新已有人员")
            );
        }
        assert_eq!(total_people(&t, &s).await, 2);

        // A month later the first person has a new position; asked to update, only that row
        // changes and the rest is reported unchanged.
        t.clock.advance(Duration::days(30));
        let s = t.login("zzb").await;
        let (changed, _) = roster("党委书记");
        let (status, updated) = import(&t, &s, "?update_existing=true", changed).await;
        assert_eq!(status, StatusCode::OK, "{updated}");
        assert_eq!(updated["created"], 0, "{updated}");
        assert_eq!(updated["updated"], 1, "{updated}");
        assert_eq!(updated["unchanged"], 1, "{updated}");
        assert_eq!(updated["rejected"], 2, "the bad rows stay bad");
        assert_eq!(row(&updated, 2)["outcome"], "updated");
        assert_eq!(row(&updated, 2)["person_id"], li["id"]);
        assert_eq!(row(&updated, 4)["outcome"], "unchanged");
        assert_eq!(row(&updated, 4)["person_id"], zhong["id"]);

        let li_now = find(&t, &s, "李明").await.unwrap();
        assert_eq!(li_now["position"], "党委书记");
        assert_eq!(li_now["version"], li["version"].as_i64().unwrap() + 1);
        assert_eq!(
            find(&t, &s, "钟伟").await.unwrap()["version"],
            zhong["version"]
        );
        // The change is dated: the old position is history.
        let id = li["id"].as_i64().unwrap();
        let (_, history) = t
            .call(Some(&s), "GET", &format!("/people/{id}/history"), None)
            .await;
        let positions: Vec<&str> = history["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["position"].as_str().unwrap())
            .collect();
        assert_eq!(positions, ["镇长", "党委书记"], "{history}");
        let (_, then) = t
            .call(
                Some(&s),
                "GET",
                &format!("/people/{id}/as-of?date=2026-03-02"),
                None,
            )
            .await;
        assert_eq!(then["position"], "镇长");
        assert_eq!(total_people(&t, &s).await, 2);
    }
);

both_backends!(a_dry_run_reports_but_writes_nothing, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.account("auditadmin", "audit_admin", t.units.city, None)
        .await;
    let s = t.login("zzb").await;
    let (csv, _) = roster("镇长");
    let (status, report) = import(&t, &s, "?dry_run=true", csv.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["total_rows"], 4);
    // The dry run reports exactly what the real import would do.
    assert_eq!(report["created"], 2);
    assert_eq!(report["rejected"], 2);
    assert_eq!(row(&report, 2)["outcome"], "created");
    assert_eq!(
        row(&report, 2)["person_id"],
        Value::Null,
        "no id for a person not written"
    );
    assert_eq!(
        row(&report, 3)["problems"][0]["code"],
        "ID_CARD_CHECK_DIGIT"
    );
    assert_eq!(row(&report, 4)["outcome"], "created");
    assert_eq!(
        row(&report, 4)["notes"][0],
        "姓名中的空格已去除：“钟 伟” → “钟伟”"
    );
    assert_eq!(row(&report, 5)["problems"][0]["code"], "UNKNOWN_UNIT");
    assert_eq!(total_people(&t, &s).await, 0, "nothing written");
    let audit = t.login("auditadmin").await;
    let (_, log) = t
        .call(Some(&audit), "GET", "/audit?action=person.", None)
        .await;
    assert_eq!(log["total"], 0, "nothing audited as changed: {log}");

    // Over existing people, a dry run with update leaves them as they are.
    let (_, real) = import(&t, &s, "", csv).await;
    assert_eq!(real["created"], 2);
    let before = find(&t, &s, "李明").await.unwrap();
    let (changed, _) = roster("党委书记");
    let (status, report) = import(&t, &s, "?update_existing=true&dry_run=true", changed).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        report["updated"], 1,
        "the dry run says what would be updated: {report}"
    );
    assert_eq!(
        find(&t, &s, "李明").await.unwrap(),
        before,
        "and updates nothing"
    );
    assert_eq!(total_people(&t, &s).await, 2);
});

both_backends!(a_unit_administrator_cannot_import_into_another_unit, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.account("y_admin", "unit_admin", t.units.county_y, None)
        .await;
    let zzb = t.login("zzb").await;
    let registered = id_card("19800101", 11);
    let li = t.person(&zzb, "李明", &registered, t.units.town_a).await;
    let y = t.login("y_admin").await;
    let lines = vec![
        "姓名,身份证号,单位代码,职级".to_owned(),
        format!("王强,{},XA,乡科级副职", id_card("19810202", 22)),
        format!("赵敏,{},Y,乡科级副职", id_card("19820303", 33)),
        // Someone else's person, claimed for county_y under another name.
        format!("冒名,{registered},Y,乡科级正职"),
    ];
    let csv = gb18030_csv(&lines);
    for query in ["", "?update_existing=true"] {
        let (status, report) = import(&t, &y, query, csv.clone()).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        let out_of_scope = row(&report, 2);
        assert_eq!(out_of_scope["outcome"], "rejected", "{query}");
        assert_eq!(out_of_scope["problems"][0]["code"], "UNKNOWN_UNIT");
        assert!(
            out_of_scope["problems"][0]["message"]
                .as_str()
                .unwrap()
                .contains("不在您的管理范围内")
        );
        let claimed = row(&report, 4);
        assert_eq!(claimed["outcome"], "rejected", "{query}: {report}");
        assert_eq!(claimed["person_id"], Value::Null);
        let text = report.to_string();
        assert!(!text.contains("李明"), "{query}: {text}");
        assert!(!text.contains("甲县一镇"), "{query}: {text}");
    }
    // Only the row for county_y itself was imported (once).
    let (_, mine) = t.call(Some(&y), "GET", "/people", None).await;
    assert_eq!(mine["total"], 1, "{mine}");
    assert_eq!(mine["items"][0]["name"], "赵敏");
    // The other unit's person is untouched.
    let (_, li_now) = t
        .call(Some(&zzb), "GET", &format!("/people/{li}"), None)
        .await;
    assert_eq!(li_now["name"], "李明");
    assert_eq!(li_now["unit_id"], t.units.town_a);
    assert_eq!(li_now["version"], 1);
    assert!(find(&t, &zzb, "王强").await.is_none());
    // A head teacher may not import at all.
    t.account("teacher", "head_teacher", t.units.county_y, None)
        .await;
    let teacher = t.login("teacher").await;
    let (status, body) = import(&t, &teacher, "", csv).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("FORBIDDEN"))
    );
});

both_backends!(files_that_are_not_rosters_are_refused_with_a_reason, |t| {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let s = t.login("zzb").await;
    let (status, body) = import(&t, &s, "", Vec::new()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("FILE_EMPTY"))
    );
    let (status, body) = import(&t, &s, "", b"%PDF-1.7\n".to_vec()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("NOT_A_SPREADSHEET"))
    );
    // A rank may be left out (a real roster has none); the ID number may not.
    let csv = gb18030_csv(&[
        "姓名,单位代码,职级".to_owned(),
        "钟伟,XA,一级科员".to_owned(),
    ]);
    let (status, body) = import(&t, &s, "", csv).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("MISSING_COLUMNS"))
    );
    assert!(
        body["message"].as_str().unwrap().contains("身份证号"),
        "{body}"
    );
    assert_eq!(total_people(&t, &s).await, 0);
});

both_backends!(
    the_export_masks_numbers_keeps_formulas_as_text_and_follows_scope,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.account("a_admin", "unit_admin", t.units.town_a, None)
            .await;
        let s = t.login("zzb").await;
        let ids = [id_card("19800101", 11), id_card("19810202", 22)];
        let lines = vec![
            "姓名,身份证号,手机号,单位代码,职级,职务,人员类别".to_owned(),
            format!("李明,{},13912345678,XA,乡科级正职,=1+2,后备干部", ids[0]),
            format!(
                "钟伟,{},13800001111,XB,乡科级副职,\"=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\",",
                ids[1]
            ),
        ];
        let (status, report) = import(&t, &s, "", gb18030_csv(&lines)).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 2, "{report}");

        let (status, headers, bytes) = t.call_raw(Some(&s), "GET", "/people/export", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], XLSX);
        let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(
            disposition.contains(&format!("filename*=UTF-8''{}", encode("干部信息"))),
            "{disposition}"
        );
        let rows = ganxun_sheets::read_people(&bytes).unwrap();
        assert_eq!(rows.len(), 2);
        let li = rows.iter().find(|r| r.get("name") == Some("李明")).unwrap();
        let zhong = rows.iter().find(|r| r.get("name") == Some("钟伟")).unwrap();
        for (r, id) in [(li, &ids[0]), (zhong, &ids[1])] {
            let shown = r.get("id_card").unwrap();
            assert_eq!(shown, format!("{}***********{}", &id[..3], &id[14..]));
            for cell in r.cells.values() {
                assert!(!cell.contains(id.as_str()), "full number in {cell}");
            }
        }
        assert_eq!(li.get("phone"), Some("139****5678"));
        assert!(
            !rows
                .iter()
                .any(|r| r.cells.values().any(|c| c == "13912345678"))
        );
        // Text that looks like a formula is written as text: read back exactly, not evaluated.
        assert_eq!(li.get("position"), Some("=1+2"));
        assert_eq!(
            zhong.get("position"),
            Some("=HYPERLINK(\"http://x\",\"点\")")
        );
        assert_eq!(li.get("unit_code"), Some("XA"));
        assert_eq!(li.get("unit_name"), Some("甲县一镇"));
        assert_eq!(li.get("rank"), Some("乡科级正职"));
        assert_eq!(li.get("categories"), Some("后备干部"));

        // A search narrows the export; a unit administrator exports only their unit.
        let (_, _, narrowed) = t
            .call_raw(
                Some(&s),
                "GET",
                &format!("/people/export?unit_id={}", t.units.town_b),
                None,
            )
            .await;
        let narrowed = ganxun_sheets::read_people(&narrowed).unwrap();
        assert_eq!(narrowed.len(), 1);
        assert_eq!(narrowed[0].get("name"), Some("钟伟"));
        let a = t.login("a_admin").await;
        let (status, _, own) = t.call_raw(Some(&a), "GET", "/people/export", None).await;
        assert_eq!(status, StatusCode::OK);
        let own = ganxun_sheets::read_people(&own).unwrap();
        assert_eq!(
            own.iter()
                .map(|r| r.get("name").unwrap())
                .collect::<Vec<_>>(),
            ["李明"]
        );

        // Sent back in, the masked numbers cannot be mistaken for real ones.
        let (status, report) = import(&t, &s, "?update_existing=true", bytes).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["rejected"], 2, "{report}");
        for r in report["rows"].as_array().unwrap() {
            assert_eq!(r["problems"][0]["field"], "身份证号", "{r}");
        }
        assert_eq!(total_people(&t, &s).await, 2);
    }
);

both_backends!(
    a_row_naming_a_deactivated_unit_is_rejected_on_its_own,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let (status, body) = t
            .call(
                Some(&s),
                "POST",
                &format!("/org/units/{}/deactivate", t.units.town_b),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let lines = vec![
            "姓名,身份证号,单位代码,职级".to_owned(),
            format!("李明,{},XA,乡科级正职", id_card("19800101", 11)),
            format!("钟伟,{},XB,乡科级副职", id_card("19820303", 33)),
        ];
        // One bad row must not sink the file: the good row is imported, the other reported.
        let (status, report) = import(&t, &s, "", gb18030_csv(&lines)).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(row(&report, 2)["outcome"], "created", "{report}");
        assert_eq!(row(&report, 3)["outcome"], "rejected", "{report}");
        assert_eq!(row(&report, 3)["problems"][0]["field"], "单位代码");
        assert!(find(&t, &s, "李明").await.is_some());
        assert!(find(&t, &s, "钟伟").await.is_none());
    }
);

/// A CSV roster of `rows` people in 甲县一镇; every `bad_every`-th row has a wrong check digit.
fn large_roster(rows: u32, bad_every: u32) -> Vec<u8> {
    const SURNAMES: [&str; 8] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
    const GIVEN: [&str; 8] = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋"];
    let mut lines = vec!["姓名,身份证号,单位代码,职级".to_owned()];
    for n in 0..rows {
        let name = format!(
            "{}{}{}",
            SURNAMES[(n % 8) as usize],
            GIVEN[(n / 8 % 8) as usize],
            GIVEN[(n / 64 % 8) as usize]
        );
        let id = id_card(&format!("19{}0101", 50 + n / 1000), n % 1000);
        let id = if n % bad_every == bad_every - 1 {
            with_bad_check_digit(&id)
        } else {
            id
        };
        lines.push(format!("{name},{id},XA,一级科员"));
    }
    lines.join("\n").into_bytes()
}

both_backends!(
    a_large_roster_is_written_in_batches_with_its_audit_chain_and_a_capped_report,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let file = large_roster(1_300, 9);
        let bad = 1_300 / 9;

        let (status, report) = import(&t, &s, "?dry_run=true", file.clone()).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["total_rows"], 1_300);
        assert_eq!(report["created"], 1_300 - bad);
        assert_eq!(report["rejected"], bad);
        // The answer lists 1,000 rows, every rejected one among them, in row order.
        let rows = report["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 1_000);
        assert_eq!(report["rows_omitted"], 300);
        assert_eq!(
            rows.iter().filter(|r| r["outcome"] == "rejected").count() as u64,
            bad
        );
        let numbers: Vec<u64> = rows
            .iter()
            .map(|r| r["row_number"].as_u64().unwrap())
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]));

        // The full report has every row.
        let (status, headers, xlsx) = t
            .call_raw(
                Some(&s),
                "POST",
                "/people/import/report",
                Some(("application/octet-stream", file.clone())),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_TYPE], XLSX);
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
        use calamine::Reader;
        let sheet = book.worksheet_range("导入报告").unwrap();
        let listed = sheet
            .rows()
            .filter(|r| matches!(r.first(), Some(calamine::Data::Float(_))))
            .count();
        assert_eq!(listed, 1_300);
        let rejected_rows = sheet
            .rows()
            .filter(|r| matches!(r.get(2), Some(calamine::Data::String(s)) if s == "有问题"))
            .count() as u64;
        assert_eq!(rejected_rows, bad);
        assert_eq!(total_people(&t, &s).await, 0, "a report writes nothing");

        let (status, report) = import(&t, &s, "", file.clone()).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 1_300 - bad);
        assert_eq!(total_people(&t, &s).await, 1_300 - bad);
        // Every person has their own audit entry, and the chain written in batches is intact.
        let chain = ganxun_storage::audit::verify(&t.app.db).await.unwrap();
        assert!(chain.is_intact(), "{:?}", chain.problems);
        let filter = ganxun_storage::audit::AuditFilter {
            action_prefix: Some("person.create".to_owned()),
            ..Default::default()
        };
        let (_, created_entries) = ganxun_storage::audit::list(&t.app.db, &filter, 1, 1)
            .await
            .unwrap();
        assert_eq!(created_entries, 1_300 - bad);

        // The same file again: every valid row is now a duplicate, found in batches too.
        let (status, report) = import(&t, &s, "", file).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(
            (report["created"].as_u64(), report["rejected"].as_u64()),
            (Some(0), Some(1_300))
        );
    }
);

/// A roster whose worksheet inflates past the configured limit, sent over HTTP.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zip_bomb_is_refused_over_http_with_its_own_code() {
    let mut settings = common::settings();
    settings.import.max_sheet_mb = 1;
    let t = common::TestApp::sqlite_with(settings).await;
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let s = t.login("zzb").await;
    // 40,000 rows of the same text: about 5 MB of XML, a tenth of that compressed.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["姓名", "身份证号", "单位代码", "职级"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..40_000u32 {
        for c in 0..4u16 {
            sheet.write_string(r, c, "同一段文字").unwrap();
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());
    let (status, body) = import(&t, &s, "?dry_run=true", bytes).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "SHEET_TOO_LARGE", "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("工作表解压后超过 1 MB"),
        "{body}"
    );
}

both_backends!(
    a_unit_name_that_is_not_the_coded_units_name_rejects_its_row,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let s = t.login("zzb").await;
        let csv = [
            "姓名,身份证号,单位代码,单位名称,职级".to_owned(),
            format!("钟伟,{},XA,甲县 一镇,一级科员", id_card("19800101", 1)),
            format!("钟芳,{},XA,乙县,一级科员", id_card("19800101", 2)),
            format!("钟敏,{},XA,,一级科员", id_card("19800101", 3)),
        ]
        .join("\n");
        let (status, report) = import(&t, &s, "", csv.into_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["created"], 2, "{report}");
        assert_eq!(report["rejected"], 1, "{report}");
        let problem = &row(&report, 3)["problems"][0];
        assert_eq!(problem["code"], "UNIT_NAME_MISMATCH");
        assert!(
            problem["message"].as_str().unwrap().contains("甲县一镇"),
            "{problem}"
        );
        assert!(find(&t, &s, "钟芳").await.is_none());
    }
);
