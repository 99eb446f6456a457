//! Credits in Excel over HTTP on both databases (issue 6): the statement, grade sheet,
//! publication and revocation report download as workbooks holding the same figures as the
//! JSON, with the same permission checks; exam scores come in from a score sheet all or nothing.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common;

use axum::http::StatusCode;
use calamine::{Data, Range, Reader, Xlsx};
use chrono::Duration;
use common::running::running_class;
use common::{Session, TestApp, id_card};
use ganxun_sheets::{Cell, Table};
use serde_json::{Value, json};
use std::io::Cursor;

/// The header row of exported tables (below the title and the subtitle); data follows it.
const HEADER: u32 = 2;

/// Downloads a workbook, checking it is one.
async fn download(t: &TestApp, who: &Session, path: &str) -> Vec<u8> {
    let (status, headers, bytes) = t.call_raw(Some(who), "GET", path, None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{path}: {}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''"),
        "a Chinese file name"
    );
    bytes
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    let mut workbook = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook");
    workbook
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// A row as text (numbers as calamine shows them: 6.0 → "6").
fn row(range: &Range<Data>, at: u32) -> Vec<String> {
    let width = range.end().map_or(0, |(_, c)| c + 1);
    (0..width)
        .map(|col| {
            range
                .get_value((at, col))
                .map(ToString::to_string)
                .unwrap_or_default()
        })
        .collect()
}

fn number(range: &Range<Data>, at: (u32, u32)) -> f64 {
    match range.get_value(at) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("{at:?} is not a number: {other:?}"),
    }
}

/// The header's column of `title`.
fn column(range: &Range<Data>, title: &str) -> u32 {
    let headers = row(range, HEADER);
    let at = headers
        .iter()
        .position(|h| h == title)
        .unwrap_or_else(|| panic!("no column {title} in {headers:?}"));
    u32::try_from(at).unwrap()
}

async fn post_json(t: &TestApp, who: &Session, path: &str, body: Value) -> Value {
    let (status, body) = t.call(Some(who), "POST", path, Some(body)).await;
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

async fn statement(t: &TestApp, who: &Session, person: i64) -> Value {
    let (status, body) = t
        .call(
            Some(who),
            "GET",
            &format!("/people/{person}/credits?year=2026"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

both_backends!(
    a_statement_and_the_revocation_report_download_with_the_ledgers_figures,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.account("other", "unit_admin", t.units.county_y, None)
            .await;
        let zzb = t.login("zzb").await;
        let person = t
            .person(&zzb, "钟伟", &id_card("19850505", 31), t.units.town_a)
            .await;
        let award = |date: &str, category: &str, amount: &str| {
            json!({"person_id": person, "date": date, "category": category,
                   "amount": amount, "reason": "集中学习"})
        };
        let kept = post_json(
            &t,
            &zzb,
            "/credits/awards",
            award("2026-02-10", "other", "6.5"),
        )
        .await;
        let revoked = post_json(
            &t,
            &zzb,
            "/credits/awards",
            award("2026-02-11", "research", "3"),
        )
        .await;
        post_json(
            &t,
            &zzb,
            "/credits/awards",
            award("2025-12-01", "other", "1"),
        )
        .await;
        let reversal = post_json(
            &t,
            &zzb,
            &format!("/credits/entries/{}/revoke", revoked["id"]),
            json!({"reason": "论文系抄袭"}),
        )
        .await;

        let bytes = download(
            &t,
            &zzb,
            &format!("/people/{person}/credits/xlsx?year=2026"),
        )
        .await;
        let totals = sheet(&bytes, "合计");
        assert_eq!(row(&totals, 0)[0], "钟伟学时学分合计");
        assert_eq!(row(&totals, HEADER), ["年度", "类别", "学分", "条数"]);
        let mut lines: Vec<(String, String, f64, f64)> = (HEADER + 1..=totals.end().unwrap().0)
            .map(|r| {
                let cells = row(&totals, r);
                (
                    cells[0].clone(),
                    cells[1].clone(),
                    number(&totals, (r, 2)),
                    number(&totals, (r, 3)),
                )
            })
            .collect();
        let sum = lines.pop().unwrap();
        lines.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(
            lines,
            [
                ("2026".into(), "其他".into(), 6.5, 1.0),
                ("2026".into(), "教科研".into(), 0.0, 2.0),
            ]
        );
        assert_eq!(sum, ("合计".into(), String::new(), 6.5, 3.0));

        let entries = sheet(&bytes, "明细");
        assert_eq!(
            row(&entries, HEADER),
            [
                "编号",
                "日期",
                "类别",
                "学分",
                "规则",
                "说明",
                "冲销条目",
                "被冲销于",
                "事由",
                "登记人",
                "登记时间"
            ]
        );
        let data: Vec<Vec<String>> = (HEADER + 1..=entries.end().unwrap().0)
            .map(|r| row(&entries, r))
            .collect();
        assert_eq!(data.len(), 3, "2026 only: {data:?}");
        let line = |id: &Value| {
            data.iter()
                .find(|l| l[0] == id.as_i64().unwrap().to_string())
                .unwrap_or_else(|| panic!("entry {id} in {data:?}"))
                .clone()
        };
        let first = line(&kept["id"]);
        assert_eq!(&first[1..4], ["2026-02-10", "其他", "6.5"]);
        assert_eq!(first[9], "zzb");
        // Entered at 09:00 China time (01:00 UTC).
        assert_eq!(first[10], "2026-03-02 09:00:00");
        let original = line(&revoked["id"]);
        assert_eq!(original[7], reversal["id"].as_i64().unwrap().to_string());
        let reversed = line(&reversal["id"]);
        assert_eq!(reversed[3], "-3");
        assert_eq!(reversed[6], revoked["id"].as_i64().unwrap().to_string());
        assert_eq!(reversed[8], "撤销：论文系抄袭");

        // The revocation report names the person, the enterer and the revoker.
        let bytes = download(&t, &zzb, "/credits/revocations/xlsx").await;
        let report = sheet(&bytes, "撤销学分");
        let first = row(&report, HEADER + 1);
        assert_eq!(
            &first[..3],
            [revoked["id"].to_string().as_str(), "钟伟", "甲县一镇"]
        );
        assert_eq!(first[column(&report, "学分") as usize], "3");
        assert_eq!(first[column(&report, "撤销原因") as usize], "论文系抄袭");
        assert_eq!(first[column(&report, "撤销人") as usize], "zzb");
        assert!(
            report.get_value((HEADER + 2, 0)).is_none(),
            "one revocation"
        );

        // Another county's administrator gets 404, as for the JSON statement; only the
        // authority reads the revocation report.
        let other = t.login("other").await;
        for path in [
            format!("/people/{person}/credits/xlsx"),
            format!("/people/{person}/credits"),
        ] {
            let (status, _, _) = t.call_raw(Some(&other), "GET", &path, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        let (status, _, _) = t
            .call_raw(Some(&other), "GET", "/credits/revocations/xlsx", None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);

both_backends!(
    a_publication_downloads_as_published_with_its_objections,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        let zzb = t.login("zzb").await;
        let mine = t
            .person(&zzb, "钟伟", &id_card("19850505", 41), t.units.town_a)
            .await;
        t.person(&zzb, "李明", &id_card("19850505", 42), t.units.town_b)
            .await;
        t.account("zhongwei", "trainee", t.units.town_a, Some(mine))
            .await;
        let entry = post_json(
            &t,
            &zzb,
            "/credits/awards",
            json!({"person_id": mine, "date": "2026-02-10", "category": "other",
                   "amount": "6", "reason": "集中学习"}),
        )
        .await;
        let publication = post_json(
            &t,
            &zzb,
            "/credits/publications",
            json!({"unit_id": t.units.county_x, "year": 2026, "closes_on": "2026-03-09"}),
        )
        .await;
        let id = publication["id"].as_i64().unwrap();
        // Later credits do not change what was published.
        post_json(
            &t,
            &zzb,
            "/credits/awards",
            json!({"person_id": mine, "date": "2026-03-02", "category": "research",
                   "amount": "1", "reason": "补登"}),
        )
        .await;
        let me = t.login("zhongwei").await;
        let objection = post_json(
            &t,
            &me,
            &format!("/credits/publications/{id}/objections"),
            json!({"text": "应为 8 学时", "entry_id": entry["id"]}),
        )
        .await;
        post_json(
            &t,
            &zzb,
            &format!("/credits/objections/{}/answer", objection["id"]),
            json!({"decision": "dismiss", "answer": "经核实，登记无误"}),
        )
        .await;

        let bytes = download(&t, &zzb, &format!("/credits/publications/{id}/xlsx")).await;
        let lines = sheet(&bytes, "公示名单");
        assert_eq!(row(&lines, 0)[0], "甲县2026年度学时学分公示");
        assert_eq!(
            row(&lines, HEADER),
            ["序号", "姓名", "单位", "其他", "合计"]
        );
        let mut listed: Vec<(String, f64, f64)> = (HEADER + 1..=lines.end().unwrap().0)
            .map(|r| {
                (
                    row(&lines, r)[1].clone(),
                    number(&lines, (r, 3)),
                    number(&lines, (r, 4)),
                )
            })
            .collect();
        listed.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            listed,
            [("李明".into(), 0.0, 0.0), ("钟伟".into(), 6.0, 6.0)]
        );
        let objections = sheet(&bytes, "异议");
        let first = row(&objections, HEADER + 1);
        assert_eq!(first[1], "钟伟");
        assert_eq!(first[2], "应为 8 学时");
        assert_eq!(first[3], entry["id"].as_i64().unwrap().to_string());
        assert_eq!(first[6], "不成立");
        assert_eq!(first[7], "经核实，登记无误");
        // A trainee of the unit reads it as they read the JSON.
        download(&t, &me, &format!("/credits/publications/{id}/xlsx")).await;
    }
);

both_backends!(
    a_grade_sheet_downloads_with_totals_ranks_and_excellence,
    |t| {
        let r = running_class(&t, 2).await;
        t.clock.advance(Duration::hours(36));
        let teacher = t.login("teacher").await;
        let zzb = t.login("zzb").await;
        let [a, b] = r.people[..] else { panic!() };
        for (i, &session) in r.sessions.iter().enumerate() {
            for person in [a, b] {
                let status = if person == b && i == 2 {
                    "absent"
                } else {
                    "present"
                };
                t.call(
                    Some(&teacher),
                    "PUT",
                    &format!("/classes/{}/sessions/{session}/marks/{person}", r.class),
                    Some(json!({"status": status})),
                )
                .await;
            }
        }
        post_json(
            &t,
            &zzb,
            "/credits/scores",
            json!({"kind": "assignment", "title": "调研报告", "date": "2026-03-03",
               "class_id": r.class, "scores": [
            {"person_id": a, "score": "80"}, {"person_id": b, "score": "90"}]}),
        )
        .await;
        let (status, body) = t
            .call(
                Some(&teacher),
                "PUT",
                &format!("/classes/{}/grades/research", r.class),
                Some(json!({"scores": [{"person_id": a, "score": "70.5"}]})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");

        let bytes = download(&t, &teacher, &format!("/classes/{}/grades/xlsx", r.class)).await;
        let grades = sheet(&bytes, "结业成绩");
        assert_eq!(row(&grades, 0)[0], "考勤测试班结业成绩");
        assert_eq!(
            row(&grades, HEADER),
            [
                "名次",
                "姓名",
                "单位",
                "课程与学时（40%）",
                "作业（30%）",
                "研修成果（30%）",
                "总评",
                "成绩结论",
                "优秀学员",
                "未录入项目",
                "实际出勤学时",
                "出勤率",
                "结业情况",
                "证书编号"
            ]
        );
        // a: 100 × 40 % + 80 × 30 % + 70.5 × 30 % = 85.15; b (7 of 10 hours) has no research
        // score: 未录入, not a 0, so no total, no rank and the verdict waits (ADR 0023).
        let first = row(&grades, HEADER + 1);
        assert_eq!(&first[..3], ["1", "学员甲", "甲县一镇"]);
        assert!((number(&grades, (HEADER + 1, 5)) - 70.5).abs() < 1e-9);
        assert!((number(&grades, (HEADER + 1, 6)) - 85.15).abs() < 1e-9);
        assert_eq!(&first[7..9], ["合格", "优秀"]);
        let second = row(&grades, HEADER + 2);
        assert_eq!(&second[..2], ["—", "学员乙"]);
        assert_eq!((second[5].as_str(), second[6].as_str()), ("未录入", "—"));
        assert_eq!(&second[7..10], ["待定（成绩未录全）", "", "研修成果"]);
        assert!((number(&grades, (HEADER + 2, 10)) - 7.0).abs() < 1e-9);
        assert_eq!(second[11], "70%");

        // As for the JSON sheet, a trainee does not read it.
        let tr0 = t.login("tr0").await;
        let (status, _, _) = t
            .call_raw(
                Some(&tr0),
                "GET",
                &format!("/classes/{}/grades/xlsx", r.class),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);

/// Posts a score sheet; returns status and body.
async fn import(t: &TestApp, who: &Session, query: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let (status, _, body) = t
        .call_raw(
            Some(who),
            "POST",
            &format!("/credits/scores/import?{query}"),
            Some(("application/octet-stream", bytes)),
        )
        .await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// (rule, amount) of the exam entries of a statement.
fn exam_entries(statement: &Value) -> Vec<(String, i64)> {
    statement["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["category"] == "exam")
        .map(|e| {
            (
                e["rule_id"].as_str().unwrap().to_owned(),
                e["amount"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// A score sheet as an .xlsx with a title above the header, as offices make them.
fn score_xlsx(rows: &[[&str; 4]]) -> Vec<u8> {
    let table = Table {
        sheet: "成绩".into(),
        title: "2026年教育法规考试成绩".into(),
        subtitle: String::new(),
        headers: ["系统编号", "姓名", "身份证号", "成绩"]
            .iter()
            .map(|h| ((*h).to_owned(), 10.0))
            .collect(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| Cell::Text((*c).to_owned())).collect())
            .collect(),
    };
    ganxun_sheets::tables_xlsx(&[table]).unwrap()
}

both_backends!(
    the_score_template_lists_the_class_trainees_and_an_import_posts_their_credits,
    |t| {
        let r = running_class(&t, 3).await;
        let county = t.login("county").await;
        let zzb = t.login("zzb").await;
        let [a, b, c] = r.people[..] else { panic!() };

        // The template: the class's trainees by number and name, never an ID number.
        let template = download(
            &t,
            &county,
            &format!("/credits/scores/template?class_id={}", r.class),
        )
        .await;
        let scores = sheet(&template, "成绩");
        assert_eq!(
            row(&scores, 0),
            ["系统编号", "姓名*", "身份证号", "单位", "成绩*", "备注"]
        );
        let listed: Vec<(f64, String, String, String)> = (1..=3)
            .map(|r| {
                let cells = row(&scores, r);
                (
                    number(&scores, (r, 0)),
                    cells[1].clone(),
                    cells[2].clone(),
                    cells[3].clone(),
                )
            })
            .collect();
        let expected: Vec<(f64, String, String, String)> =
            [(a, "学员甲"), (b, "学员乙"), (c, "学员丙")]
                .iter()
                .map(|(id, name)| {
                    (
                        *id as f64,
                        (*name).to_owned(),
                        String::new(),
                        "甲县一镇".to_owned(),
                    )
                })
                .collect();
        assert_eq!(listed, expected);
        assert!(scores.get_value((4, 1)).is_none());
        assert!(row(&sheet(&template, "填写说明"), 0)[0].contains("成绩导入模板"));

        // The template as downloaded has no scores: every row is skipped, nothing recorded.
        let query = format!(
            "kind=exam&title=教育法规&date=2026-04-20&class_id={}",
            r.class
        );
        let (status, report) = import(&t, &county, &query, template).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(
            (
                report["recorded"].as_i64(),
                report["skipped_blank"].as_i64()
            ),
            (Some(0), Some(3))
        );

        // Filled in: by number, by ID number with a spaced name, one left blank.
        let a_id = a.to_string();
        let b_card = id_card("19880808", 101);
        let sheet_bytes = score_xlsx(&[
            [a_id.as_str(), "学员甲", "", "85"],
            ["", " 学员 乙 ", b_card.as_str(), "84.5"],
            [&c.to_string(), "学员丙", "", ""],
        ]);
        let dry = format!("{query}&dry_run=true");
        let (status, report) = import(&t, &county, &dry, sheet_bytes.clone()).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(
            report,
            json!({"recorded": 2, "skipped_blank": 1, "problems": [],
                   "credits_posted": null, "dry_run": true})
        );
        assert!(
            exam_entries(&statement(&t, &zzb, a).await).is_empty(),
            "a dry run writes nothing"
        );

        let (status, report) = import(&t, &county, &query, sheet_bytes).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(
            report,
            json!({"recorded": 2, "skipped_blank": 1, "problems": [],
                   "credits_posted": 2, "dry_run": false})
        );
        // 85 → 20, 84.5 → 15 (seed 004); the blank row earns nothing.
        assert_eq!(
            exam_entries(&statement(&t, &zzb, a).await),
            [("exam.band".to_owned(), 2000)]
        );
        assert_eq!(
            exam_entries(&statement(&t, &zzb, b).await),
            [("exam.band".to_owned(), 1500)]
        );
        assert!(exam_entries(&statement(&t, &zzb, c).await).is_empty());
    }
);

both_backends!(
    a_score_sheet_with_any_bad_row_records_nothing_and_reports_every_problem,
    |t| {
        let r = running_class(&t, 2).await;
        let county = t.login("county").await;
        let zzb = t.login("zzb").await;
        let [a, b] = r.people[..] else { panic!() };
        // Someone in another county, outside the county administrator's reach.
        let stranger_card = id_card("19800101", 7);
        t.person(&zzb, "王芳", &stranger_card, t.units.county_y)
            .await;
        let (a_id, b_id) = (a.to_string(), b.to_string());
        let csv = [
            "系统编号,姓名,身份证号,成绩,备注".to_owned(),
            format!("{a_id},学员甲,,90,"),
            "999999,无名,,80,".to_owned(),
            format!("{b_id},李四,,70,"),
            format!("{a_id},学员甲,,101,"),
            String::new(),
            format!("{b_id},学员乙,,优秀,"),
            format!(",王芳,{stranger_card},75,"),
            ",王五,,60,".to_owned(),
        ]
        .join("\r\n");
        let query = "kind=exam&title=教育法规&date=2026-04-20";
        let (status, report) = import(&t, &county, query, csv.into_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["recorded"], 0, "{report}");
        let problems: Vec<(i64, String, String)> = report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                assert!(
                    p["message"]
                        .as_str()
                        .unwrap()
                        .chars()
                        .next()
                        .is_some_and(|c| !c.is_ascii()),
                    "a Chinese message: {p}"
                );
                (
                    p["row"].as_i64().unwrap(),
                    p["column"].as_str().unwrap().to_owned(),
                    p["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let expected: Vec<(i64, String, String)> = [
            (3, "系统编号", "UNKNOWN_PERSON"),
            (4, "姓名", "NAME_MISMATCH"),
            (5, "成绩", "SCORE_INVALID"),
            (5, "系统编号", "DUPLICATE_PERSON"),
            (7, "成绩", "SCORE_INVALID"),
            (7, "系统编号", "DUPLICATE_PERSON"),
            (8, "身份证号", "UNKNOWN_PERSON"),
            (9, "系统编号", "PERSON_REQUIRED"),
        ]
        .iter()
        .map(|(row, column, code)| (*row, (*column).to_owned(), (*code).to_owned()))
        .collect();
        assert_eq!(problems, expected, "{report}");
        let mismatch = &report["problems"][1]["message"];
        assert!(
            mismatch.as_str().unwrap().contains("学员乙"),
            "names the registered name: {mismatch}"
        );
        // Row 2 was fine, and still nothing was recorded.
        assert!(exam_entries(&statement(&t, &zzb, a).await).is_empty());
        assert!(exam_entries(&statement(&t, &zzb, b).await).is_empty());

        // Not a score sheet at all, or nothing sent.
        let (status, body) = import(
            &t,
            &county,
            query,
            "姓名,身份证号,单位代码,职级\n钟伟,1,XA,科员\n"
                .as_bytes()
                .to_vec(),
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("MISSING_COLUMNS")),
            "{body}"
        );
        assert!(body["message"].as_str().unwrap().contains("成绩"), "{body}");
        let (status, body) = import(&t, &county, query, Vec::new()).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("FILE_EMPTY"))
        );
        // Only exams and assignments; trainees import nothing.
        let good = format!("系统编号,姓名,成绩\n{a_id},学员甲,90\n").into_bytes();
        let (status, body) = import(
            &t,
            &county,
            "kind=salon&title=x&date=2026-04-20",
            good.clone(),
        )
        .await;
        assert_eq!(
            (status, body["fields"][0]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("UNKNOWN_KIND")),
            "{body}"
        );
        let tr0 = t.login("tr0").await;
        let (status, _) = import(&t, &tr0, query, good).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(exam_entries(&statement(&t, &zzb, a).await).is_empty());
    }
);

both_backends!(
    the_revocation_report_names_who_entered_an_output_and_who_approved_it,
    |t| {
        t.account_called(
            "zzb",
            "王芳",
            "training_authority",
            t.units.city,
            None,
            None,
            vec![],
        )
        .await;
        t.account_called(
            "county",
            "李建国",
            "unit_admin",
            t.units.county_x,
            None,
            Some("own_unit_and_below"),
            vec![],
        )
        .await;
        let (zzb, county) = (t.login("zzb").await, t.login("county").await);
        let person = t
            .person(&zzb, "钟伟", &id_card("19850505", 51), t.units.town_a)
            .await;
        let paper = post_json(
            &t,
            &county,
            "/credits/research",
            json!({"person_id": person, "kind": "paper", "level": "provincial",
                   "title": "农村小学课堂管理", "date": "2026-05-01", "evidence": "《湖北教育》"}),
        )
        .await;
        let id = paper["records"][0]["id"].as_i64().unwrap();
        post_json(
            &t,
            &zzb,
            &format!("/credits/records/{id}/decision"),
            json!({"decision": "approve"}),
        )
        .await;
        let entry = statement(&t, &zzb, person).await["entries"][0]["id"].clone();
        post_json(
            &t,
            &zzb,
            &format!("/credits/entries/{entry}/revoke"),
            json!({"reason": "论文系抄袭"}),
        )
        .await;

        // The one who entered the paper is held to account, the approver named beside, by name.
        let (status, report) = t
            .call(Some(&zzb), "GET", "/credits/revocations", None)
            .await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(
            (
                report[0]["entered_by_name"].as_str(),
                report[0]["approved_by_name"].as_str(),
                report[0]["revoked_by_name"].as_str()
            ),
            (Some("李建国"), Some("王芳"), Some("王芳")),
            "{report}"
        );
        let bytes = download(&t, &zzb, "/credits/revocations/xlsx").await;
        let sheet = sheet(&bytes, "撤销学分");
        let first = row(&sheet, HEADER + 1);
        assert_eq!(first[column(&sheet, "登记人") as usize], "李建国");
        assert_eq!(first[column(&sheet, "审核人") as usize], "王芳");
        assert_eq!(first[column(&sheet, "撤销人") as usize], "王芳");
    }
);
