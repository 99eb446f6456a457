//! The authorisation matrix for training classes: every role × every class endpoint × three
//! classes — a draft organised by town_a, an enrolling class of town_b led by the matrix's head
//! teacher, and an enrolling class of county_y in which the trainee is enrolled. Who sees what:
//! accounts whose class grants reach the organising unit, a head teacher only the classes they
//! lead, a trainee only the classes they are enrolled in; while a class enrolls, units that may
//! nominate read its dossier (not its routing). A refusal is 403 (the role may not do this at
//! all) or 404 (the class is out of reach). The grid is printed on failure.

#![allow(
    clippy::unwrap_used,
    reason = "test stories: a failure should stop the test"
)]

use crate::common;

use axum::http::StatusCode;
use common::{Session, TestApp, id_card};
use ganxun_domain::{Permission, Role};
use serde_json::{Value, json};
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    List,
    Get,
    TeachingPlan,
    Decisions,
    Report,
    Edit,
    Reject,
}

const ENDPOINTS: [Endpoint; 7] = [
    Endpoint::List,
    Endpoint::Get,
    Endpoint::TeachingPlan,
    Endpoint::Decisions,
    Endpoint::Report,
    Endpoint::Edit,
    Endpoint::Reject,
];

impl Endpoint {
    fn label(self) -> &'static str {
        match self {
            Endpoint::List => "GET /classes",
            Endpoint::Get => "GET /classes/{id}",
            Endpoint::TeachingPlan => "GET …/teaching-plan",
            Endpoint::Decisions => "GET …/decisions",
            Endpoint::Report => "GET …/report",
            Endpoint::Edit => "PUT /classes/{id}",
            Endpoint::Reject => "POST …/actions reject",
        }
    }

    fn permission(self) -> Permission {
        match self {
            Endpoint::List
            | Endpoint::Get
            | Endpoint::TeachingPlan
            | Endpoint::Decisions
            | Endpoint::Report => Permission::ClassRead,
            Endpoint::Edit => Permission::ClassWrite,
            Endpoint::Reject => Permission::ClassApprove,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    Forbidden,
    NotFound,
    /// Reached and permitted, but the class's state refuses (e.g. editing an approved class).
    Refused,
    Other(StatusCode),
}

struct Caller {
    label: &'static str,
    role: Role,
    session: Session,
    /// Which of the three classes the role reaches through `ClassRead`.
    reads: [bool; 3],
    /// Which it reaches through `ClassWrite` / `ClassApprove` (unit scope only).
    acts: [bool; 3],
}

fn dossier(title: &str, unit: i64, head_teacher: Option<i64>) -> Value {
    json!({
        "title": title, "kind": "themed_class", "organiser_unit_id": unit,
        "host_name": "党校", "starts_on": "2026-04-13", "ends_on": "2026-04-13",
        "funding_source": "budget", "head_teacher_account_id": head_teacher
    })
}

async fn make_class(
    t: &TestApp,
    zzb: &Session,
    title: &str,
    unit: i64,
    head_teacher: Option<i64>,
    stage: &str,
) -> i64 {
    let (status, class) = t
        .call(
            Some(zzb),
            "POST",
            "/classes",
            Some(dossier(title, unit, head_teacher)),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{class}");
    let id = class["id"].as_i64().unwrap();
    if stage == "draft" {
        return id;
    }
    let (status, body) = t.call(Some(zzb), "PUT", &format!("/classes/{id}/teaching-plan"), Some(json!({"version": class["version"], "sessions": [{"date":"2026-04-13","start_time":"09:00","end_time":"12:00","topic":"专题"}]}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    t.call(
        Some(zzb),
        "POST",
        &format!("/classes/{id}/actions"),
        Some(json!({"action":"submit"})),
    )
    .await;
    if stage == "submitted" {
        return id;
    }
    // Someone other than the submitter files it.
    let approver = t.login("approver").await;
    let (_, body) = t
        .call(
            Some(&approver),
            "POST",
            &format!("/classes/{id}/actions"),
            Some(json!({"action":"file"})),
        )
        .await;
    assert_eq!(body["state"], "filed", "{body}");
    let (_, body) = t
        .call(
            Some(zzb),
            "POST",
            &format!("/classes/{id}/actions"),
            Some(json!({"action":"open_enrolment"})),
        )
        .await;
    assert_eq!(body["state"], "enrolling", "{body}");
    id
}

both_backends!(
    every_role_reaches_exactly_its_classes_on_every_class_endpoint,
    |t| {
        t.account("zzb", "training_authority", t.units.city, None)
            .await;
        t.account("approver", "training_authority", t.units.city, None)
            .await;
        let zzb = t.login("zzb").await;
        let own = t
            .person(&zzb, "赵敏", &id_card("19850505", 11), t.units.town_a)
            .await;
        let teacher = t
            .account("teacher", "head_teacher", t.units.town_a, None)
            .await;
        let classes = [
            make_class(&t, &zzb, "一镇草稿班", t.units.town_a, None, "draft").await,
            make_class(
                &t,
                &zzb,
                "二镇报名班",
                t.units.town_b,
                Some(teacher),
                "enrolling",
            )
            .await,
            make_class(&t, &zzb, "乙县报名班", t.units.county_y, None, "enrolling").await,
        ];
        let (_, body) = t
            .call(
                Some(&zzb),
                "POST",
                &format!("/classes/{}/enrolment", classes[2]),
                Some(json!({"person_ids": [own]})),
            )
            .await;
        assert_eq!(body["enrolled"], json!([own]), "{body}");
        // A submitted class of town_a for the rejections.
        let submitted = make_class(&t, &zzb, "一镇申报班", t.units.town_a, None, "submitted").await;

        let mut callers = Vec::new();
        for &role in Role::ALL {
            let (username, unit, person, reads, acts) = match role {
                Role::TrainingAuthority => ("approver", t.units.city, None, [true; 3], [true; 3]),
                Role::UnitAdmin => (
                    "unitadmin",
                    t.units.town_a,
                    None,
                    [true, false, false],
                    [true, false, false],
                ),
                Role::HeadTeacher => (
                    "teacher",
                    t.units.town_a,
                    None,
                    [false, true, false],
                    [false; 3],
                ),
                Role::Instructor => (
                    "instructor",
                    t.units.town_a,
                    Some(own),
                    [false; 3],
                    [false; 3],
                ),
                Role::Trainee => (
                    "trainee",
                    t.units.town_a,
                    Some(own),
                    [false, false, true],
                    [false; 3],
                ),
                Role::Auditor => ("jjsj", t.units.city, None, [true; 3], [false; 3]),
                Role::SystemAdmin => ("sysadmin", t.units.city, None, [false; 3], [false; 3]),
                Role::SecurityAdmin => ("secadmin", t.units.city, None, [false; 3], [false; 3]),
                Role::AuditAdmin => ("auditadmin", t.units.city, None, [false; 3], [false; 3]),
            };
            if !matches!(role, Role::TrainingAuthority | Role::HeadTeacher) {
                t.account(username, role.code(), unit, person).await;
            }
            callers.push(Caller {
                label: role.code(),
                role,
                session: t.login(username).await,
                reads,
                acts,
            });
        }

        let mut grid = String::new();
        let mut failures = Vec::new();
        for caller in &callers {
            let _ = write!(grid, "{:<20}", caller.label);
            for endpoint in ENDPOINTS {
                let permitted = caller.role.permits(endpoint.permission());
                let targets: Vec<Option<usize>> =
                    if endpoint == Endpoint::List || endpoint == Endpoint::Reject {
                        vec![None]
                    } else {
                        (0..3).map(Some).collect()
                    };
                for target in targets {
                    let (method, path, body) = match (endpoint, target) {
                        (Endpoint::List, _) => ("GET", "/classes".to_owned(), None),
                        (Endpoint::Get, Some(i)) => {
                            ("GET", format!("/classes/{}", classes[i]), None)
                        }
                        (Endpoint::TeachingPlan, Some(i)) => (
                            "GET",
                            format!("/classes/{}/teaching-plan", classes[i]),
                            None,
                        ),
                        (Endpoint::Decisions, Some(i)) => {
                            ("GET", format!("/classes/{}/decisions", classes[i]), None)
                        }
                        (Endpoint::Report, Some(i)) => {
                            ("GET", format!("/classes/{}/report", classes[i]), None)
                        }
                        (Endpoint::Edit, Some(i)) => {
                            let (_, current) = t
                                .call(Some(&zzb), "GET", &format!("/classes/{}", classes[i]), None)
                                .await;
                            let units = [t.units.town_a, t.units.town_b, t.units.county_y];
                            let mut input = dossier(
                                "改名后的班",
                                units[i],
                                current["head_teacher_account_id"].as_i64(),
                            );
                            input["version"] = current["version"].clone();
                            ("PUT", format!("/classes/{}", classes[i]), Some(input))
                        }
                        (Endpoint::Reject, _) => (
                            "POST",
                            format!("/classes/{submitted}/actions"),
                            Some(json!({"action":"reject","reason":"矩阵测试"})),
                        ),
                        _ => unreachable!(),
                    };
                    let (status, answer) = t.call(Some(&caller.session), method, &path, body).await;
                    let actual = match status {
                        StatusCode::OK | StatusCode::CREATED => Outcome::Allowed,
                        StatusCode::FORBIDDEN => Outcome::Forbidden,
                        StatusCode::NOT_FOUND => Outcome::NotFound,
                        StatusCode::CONFLICT => Outcome::Refused,
                        other => Outcome::Other(other),
                    };
                    let expected = if !permitted {
                        Outcome::Forbidden
                    } else {
                        match (endpoint, target) {
                            (Endpoint::List | Endpoint::Reject, _) => Outcome::Allowed,
                            (Endpoint::Edit, Some(i)) if !caller.acts[i] => Outcome::NotFound,
                            (Endpoint::Edit, Some(0)) => Outcome::Allowed,
                            (Endpoint::Edit, Some(_)) => Outcome::Refused,
                            // Units nominating to an enrolling class (1 and 2) may read its dossier.
                            (Endpoint::Get, Some(i))
                                if i > 0 && caller.role.permits(Permission::ClassEnrol) =>
                            {
                                Outcome::Allowed
                            }
                            (_, Some(i)) if !caller.reads[i] => Outcome::NotFound,
                            _ => Outcome::Allowed,
                        }
                    };
                    // Lists carry exactly the classes the caller reaches.
                    if endpoint == Endpoint::List && actual == Outcome::Allowed {
                        let reached = caller.reads.iter().filter(|&&r| r).count() as u64
                            + u64::from(caller.reads[0]); // the submitted class of town_a
                        let listed = answer["total"].as_u64().unwrap();
                        if listed != reached {
                            failures.push(format!(
                                "{} lists {listed} classes, expected {reached}",
                                caller.label
                            ));
                        }
                    }
                    // A refusal carries no data of the class.
                    if actual != Outcome::Allowed
                        && answer.to_string().contains("班")
                        && endpoint != Endpoint::Edit
                    {
                        failures.push(format!(
                            "{} {} leaks: {answer}",
                            caller.label,
                            endpoint.label()
                        ));
                    }
                    let _ = write!(grid, " {:?}", actual);
                    if actual != expected {
                        failures.push(format!(
                            "{} {} {:?}: expected {:?}, got {:?} {answer}",
                            caller.label,
                            endpoint.label(),
                            target,
                            expected,
                            actual
                        ));
                    }
                }
            }
            grid.push('\n');
        }
        assert!(failures.is_empty(), "{grid}\n{}", failures.join("\n"));
    }
);
