//! Classes as the stories need them, and the staff who run them: a class open for enrolment, one
//! taken and finished, and one running on Monday 2 March 2026 with trainees enrolled (the fixture
//! of the roll-call, leave and credit stories).

use super::{Session, TestApp, id_card};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// The training authority (`zzb`) and county X's unit administrator (`county`), signed in, and
/// the id of a head teacher's account (`teacher`) of county X.
pub struct Staff {
    pub zzb: Session,
    pub admin: Session,
    pub teacher_id: i64,
}

/// The staff, the head teacher with its role's default scope.
pub async fn staff(t: &TestApp) -> Staff {
    staff_scoped(t, None).await
}

/// The staff, the head teacher with a grant of `teacher_scope` (its role's default when none).
pub async fn staff_scoped(t: &TestApp, teacher_scope: Option<&str>) -> Staff {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    t.unit_admin("county", t.units.county_x).await;
    let teacher_id = t
        .account_with_scope(
            "teacher",
            "head_teacher",
            t.units.county_x,
            None,
            teacher_scope,
            vec![],
        )
        .await;
    Staff {
        zzb: t.login("zzb").await,
        admin: t.login("county").await,
        teacher_id,
    }
}

/// Walks a class through `actions` (`submit`, `file` …), each by the session given.
async fn act(t: &TestApp, class: i64, actions: &[(&Session, &str)]) {
    for (who, action) in actions {
        let (_, body) = t
            .call(
                Some(who),
                "POST",
                &format!("/classes/{class}/actions"),
                Some(json!({"action": action})),
            )
            .await;
        assert!(body["state"].is_string(), "{action}: {body}");
    }
}

/// A one-day themed class of county X at the county party school (专题班 {starts_on}, paid from
/// the budget, led by the staff's head teacher) with one three-hour session on its first day,
/// filed and open for enrolment. `dossier` adds or replaces fields (title, kind, ends_on …).
pub async fn enrolling_class(t: &TestApp, s: &Staff, starts_on: &str, dossier: Value) -> i64 {
    let mut fields = json!({
        "title": format!("专题班 {starts_on}"), "kind": "themed_class",
        "organiser_unit_id": t.units.county_x, "host_name": "县委党校",
        "starts_on": starts_on, "ends_on": starts_on, "funding_source": "budget",
        "head_teacher_account_id": s.teacher_id
    });
    for (key, value) in dossier.as_object().unwrap() {
        fields[key] = value.clone();
    }
    let (status, class) = t
        .call(Some(&s.admin), "POST", "/classes", Some(fields))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    let id = class["id"].as_i64().unwrap();
    let (status, plan) = t
        .call(
            Some(&s.admin),
            "PUT",
            &format!("/classes/{id}/teaching-plan"),
            Some(json!({"version": class["version"], "sessions": [
                {"date": starts_on, "start_time": "09:00", "end_time": "12:00", "topic": "开班第一讲"}
            ]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    act(
        t,
        id,
        &[
            (&s.admin, "submit"),
            (&s.zzb, "file"),
            (&s.admin, "open_enrolment"),
        ],
    )
    .await;
    id
}

/// Enrols `people` in an enrolling class as `admin`; every one of them must be enrolled.
async fn enrol_all(t: &TestApp, admin: &Session, class: i64, people: &[i64]) {
    let (_, body) = t
        .call(
            Some(admin),
            "POST",
            &format!("/classes/{class}/enrolment"),
            Some(json!({"person_ids": people})),
        )
        .await;
    assert_eq!(
        body["enrolled"].as_array().unwrap().len(),
        people.len(),
        "{body}"
    );
}

/// Enrols `people` in an enrolling class, then its head teacher starts it and ends it early,
/// with a reason, so the test clock need not move.
pub async fn finish_class(t: &TestApp, s: &Staff, class: i64, people: &[i64]) {
    enrol_all(t, &s.admin, class, people).await;
    let teacher = t.login("teacher").await;
    for body in [
        json!({"action": "start"}),
        json!({"action": "end", "reason": "测试：提前结束"}),
    ] {
        let (_, after) = t
            .call(
                Some(&teacher),
                "POST",
                &format!("/classes/{class}/actions"),
                Some(body.clone()),
            )
            .await;
        assert!(after["state"].is_string(), "{body}: {after}");
    }
}

pub struct Running {
    pub class: i64,
    /// Sessions: 3-2 09:00–12:00, 3-2 14:30–17:30, 3-3 09:00–12:00, 3-3 19:00–20:00 (10 hours).
    pub sessions: Vec<i64>,
    pub people: Vec<i64>,
    pub teacher: Session,
}

/// A two-day class in progress on Monday 2 March 2026, 09:00 China time, with `trainees`
/// enrolled, each with a trainee account `tr0`, `tr1`, …
pub async fn running_class(t: &TestApp, trainees: usize) -> Running {
    running_class_naming(t, trainees, None).await
}

/// The same, naming `leave_office` as the office that decides leave.
pub async fn running_class_naming(
    t: &TestApp,
    trainees: usize,
    leave_office: Option<i64>,
) -> Running {
    running_class_with(t, trainees, leave_office, None).await
}

/// The same, with the head teacher's grant of `teacher_scope` (its role's default when none):
/// `own_unit` makes a head teacher who reaches the trainees only through the class they lead.
pub async fn running_class_with(
    t: &TestApp,
    trainees: usize,
    leave_office: Option<i64>,
    teacher_scope: Option<&str>,
) -> Running {
    running_class_from(t, trainees, leave_office, teacher_scope, &[t.units.town_a]).await
}

/// The same, trainee `i` from `units[i % units.len()]` (each unit gets its own notices).
pub async fn running_class_from(
    t: &TestApp,
    trainees: usize,
    leave_office: Option<i64>,
    teacher_scope: Option<&str>,
    units: &[i64],
) -> Running {
    let Staff {
        zzb,
        admin,
        teacher_id,
    } = staff_scoped(t, teacher_scope).await;
    let (status, class) = t.call(Some(&admin), "POST", "/classes", Some(json!({
        "title": "考勤测试班", "kind": "themed_class", "organiser_unit_id": t.units.county_x,
        "host_name": "县委党校", "starts_on": "2026-03-02", "ends_on": "2026-03-03",
        "funding_source": "budget", "head_teacher_account_id": teacher_id,
        "leave_office_unit_id": leave_office
    }))).await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    let id = class["id"].as_i64().unwrap();
    let (status, plan) = t
        .call(
            Some(&admin),
            "PUT",
            &format!("/classes/{id}/teaching-plan"),
            Some(json!({"version": class["version"], "sessions": [
                {"date":"2026-03-02","start_time":"09:00","end_time":"12:00","topic":"第一讲"},
                {"date":"2026-03-02","start_time":"14:30","end_time":"17:30","topic":"第二讲"},
                {"date":"2026-03-03","start_time":"09:00","end_time":"12:00","topic":"第三讲"},
                {"date":"2026-03-03","start_time":"19:00","end_time":"20:00","topic":"晚间研讨"}
            ]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert_eq!(plan["total_hours"], 1000);
    let sessions = plan["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    act(
        t,
        id,
        &[
            (&admin, "submit"),
            (&zzb, "file"),
            (&admin, "open_enrolment"),
        ],
    )
    .await;
    let mut people = Vec::new();
    for i in 0..trainees {
        let unit = units[i % units.len()];
        let person = t
            .person(
                &zzb,
                &format!("学员{}", ["甲", "乙", "丙", "丁"][i % 4]),
                &id_card("19880808", 100 + u32::try_from(i).unwrap()),
                unit,
            )
            .await;
        t.account(&format!("tr{i}"), "trainee", unit, Some(person))
            .await;
        people.push(person);
    }
    enrol_all(t, &admin, id, &people).await;
    let teacher = t.login("teacher").await;
    let (_, body) = t
        .call(
            Some(&teacher),
            "POST",
            &format!("/classes/{id}/actions"),
            Some(json!({"action": "start"})),
        )
        .await;
    assert_eq!(body["state"], "in_progress", "{body}");
    Running {
        class: id,
        sessions,
        people,
        teacher,
    }
}
