//! The authorisation matrix: every role × every endpoint × the caller's own record, a colleague
//! in the same unit, a record in a sibling unit of the same county, and one in another county.
//! Accounts of the matrix sit in town_a (the administrators and the training authority at the
//! city), with default scopes, plus a few accounts with other scopes. What a role may do follows from
//! its permissions (`Role::permits`) and the scope of its grant; a refusal is 403 (the role may
//! not do this at all) or 404 (the record lies outside its scope) and its body carries no data
//! of the record asked for. Lists and exports carry exactly the people in scope.
//!
//! The matrix is printed (role × endpoint → status) so that a failure is readable.

use crate::common;

use axum::http::StatusCode;
use common::{Session, TestApp, id_card};
use ganxun_domain::{Permission, Role};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// Where a record lies, seen from accounts in town_a.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The person the instructor and trainee accounts are linked to, in town_a.
    Own,
    /// Another person in town_a (for unit endpoints: not a separate target).
    Colleague,
    /// town_b: same county, another town.
    SameCounty,
    /// county_y: another county.
    Other,
}

const TARGETS: [Target; 4] = [
    Target::Own,
    Target::Colleague,
    Target::SameCounty,
    Target::Other,
];

impl Target {
    /// Index into the four people.
    fn person(self) -> usize {
        match self {
            Target::Own => 0,
            Target::Colleague => 1,
            Target::SameCounty => 2,
            Target::Other => 3,
        }
    }

    /// Index into the three units (town_a, town_b, county_y).
    fn unit(self) -> usize {
        match self {
            Target::Own | Target::Colleague => 0,
            Target::SameCounty => 1,
            Target::Other => 2,
        }
    }

    fn short(self) -> &'static str {
        match self {
            Target::Own => "own",
            Target::Colleague => "col",
            Target::SameCounty => "sib",
            Target::Other => "oth",
        }
    }
}

/// What an endpoint is aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aim {
    Nothing,
    Person,
    Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    ListPeople,
    GetPerson,
    History,
    AsOf,
    Patch,
    Reveal,
    Export,
    Import,
    Template,
    ListUnits,
    GetUnit,
    CreateUnit,
    ListAccounts,
    ListAudit,
    VerifyAudit,
}

const ENDPOINTS: [Endpoint; 15] = [
    Endpoint::ListPeople,
    Endpoint::GetPerson,
    Endpoint::History,
    Endpoint::AsOf,
    Endpoint::Patch,
    Endpoint::Reveal,
    Endpoint::Export,
    Endpoint::Import,
    Endpoint::Template,
    Endpoint::ListUnits,
    Endpoint::GetUnit,
    Endpoint::CreateUnit,
    Endpoint::ListAccounts,
    Endpoint::ListAudit,
    Endpoint::VerifyAudit,
];

impl Endpoint {
    fn label(self) -> &'static str {
        match self {
            Endpoint::ListPeople => "GET /people",
            Endpoint::GetPerson => "GET /people/{id}",
            Endpoint::History => "GET /people/{id}/history",
            Endpoint::AsOf => "GET /people/{id}/as-of",
            Endpoint::Patch => "PATCH /people/{id}",
            Endpoint::Reveal => "POST /people/{id}/reveal",
            Endpoint::Export => "GET /people/export",
            Endpoint::Import => "POST /people/import",
            Endpoint::Template => "GET /people/import/template",
            Endpoint::ListUnits => "GET /org/units",
            Endpoint::GetUnit => "GET /org/units/{id}",
            Endpoint::CreateUnit => "POST /org/units",
            Endpoint::ListAccounts => "GET /accounts",
            Endpoint::ListAudit => "GET /audit",
            Endpoint::VerifyAudit => "POST /audit/verify",
        }
    }

    /// The permission the endpoint needs (`None`: any signed-in account).
    fn permission(self) -> Option<Permission> {
        Some(match self {
            Endpoint::ListPeople | Endpoint::GetPerson | Endpoint::History | Endpoint::AsOf => {
                Permission::PeopleRead
            }
            Endpoint::Patch => Permission::PeopleWrite,
            Endpoint::Reveal => Permission::PeopleReveal,
            Endpoint::Export => Permission::PeopleExport,
            Endpoint::Import | Endpoint::Template => Permission::PeopleImport,
            Endpoint::ListUnits | Endpoint::GetUnit => Permission::OrgRead,
            Endpoint::CreateUnit => Permission::OrgWrite,
            Endpoint::ListAccounts => Permission::AccountRead,
            Endpoint::ListAudit => Permission::AuditRead,
            Endpoint::VerifyAudit => Permission::AuditVerify,
        })
    }

    fn aim(self) -> Aim {
        match self {
            Endpoint::GetPerson
            | Endpoint::History
            | Endpoint::AsOf
            | Endpoint::Patch
            | Endpoint::Reveal => Aim::Person,
            // Import aims at the unit its row names; a new unit at its parent.
            Endpoint::GetUnit | Endpoint::CreateUnit | Endpoint::Import => Aim::Unit,
            Endpoint::ListPeople
            | Endpoint::Export
            | Endpoint::Template
            | Endpoint::ListUnits
            | Endpoint::ListAccounts
            | Endpoint::ListAudit
            | Endpoint::VerifyAudit => Aim::Nothing,
        }
    }
}

/// The outcome of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    Forbidden,
    NotFound,
    /// An import answered, but its row was refused (unit outside the scope).
    RowRefused,
    Unauthenticated,
    Other(StatusCode),
}

/// One account of the matrix (or the anonymous caller).
struct Caller {
    label: &'static str,
    role: Option<Role>,
    session: Option<Session>,
    /// Which of the four people the role's grant reaches.
    people: [bool; 4],
    /// Which of the three units the role's grant reaches.
    units: [bool; 3],
}

impl Caller {
    fn may(&self, permission: Option<Permission>) -> bool {
        match (self.role, permission) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(role), Some(permission)) => role.permits(permission),
        }
    }

    fn expected(&self, endpoint: Endpoint, target: Option<Target>) -> Outcome {
        if self.session.is_none() {
            return Outcome::Unauthenticated;
        }
        if !self.may(endpoint.permission()) {
            return Outcome::Forbidden;
        }
        match (endpoint.aim(), target) {
            (Aim::Person, Some(target)) if !self.people[target.person()] => Outcome::NotFound,
            (Aim::Unit, Some(target)) if !self.units[target.unit()] => {
                if endpoint == Endpoint::Import {
                    Outcome::RowRefused
                } else {
                    Outcome::NotFound
                }
            }
            _ => Outcome::Allowed,
        }
    }

    /// The people whose names this caller may see anywhere.
    fn readable(&self) -> [bool; 4] {
        if self.may(Some(Permission::PeopleRead)) {
            self.people
        } else {
            [false; 4]
        }
    }
}

/// The four people, the three units they are in.
struct World {
    people: [i64; 4],
    names: [&'static str; 4],
    units: [i64; 3],
    codes: [&'static str; 3],
}

/// Names found in a response: JSON text, or the name column of an exported workbook.
fn names_in(world: &World, content_type: &str, bytes: &[u8]) -> [bool; 4] {
    let text = if content_type.contains("spreadsheetml") {
        let rows = ganxun_sheets::read_people(bytes).expect("the export reads back");
        rows.iter()
            .filter_map(|r| r.get("name"))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    };
    world.names.map(|name| text.contains(name))
}

struct Call {
    method: &'static str,
    path: String,
    body: Option<(&'static str, Vec<u8>)>,
}

fn call_for(world: &World, endpoint: Endpoint, target: Option<Target>, serial: u32) -> Call {
    let person = target.map(|t| world.people[t.person()]).unwrap_or_default();
    let unit = target.map(|t| world.units[t.unit()]).unwrap_or_default();
    let json_body = |v: Value| Some(("application/json", v.to_string().into_bytes()));
    let (method, path, body) = match endpoint {
        Endpoint::ListPeople => ("GET", "/people?page_size=200".to_owned(), None),
        Endpoint::GetPerson => ("GET", format!("/people/{person}"), None),
        Endpoint::History => ("GET", format!("/people/{person}/history"), None),
        Endpoint::AsOf => (
            "GET",
            format!("/people/{person}/as-of?date=2026-03-02"),
            None,
        ),
        Endpoint::Patch => (
            "PATCH",
            format!("/people/{person}"),
            json_body(json!({"education": "bachelor"})),
        ),
        Endpoint::Reveal => (
            "POST",
            format!("/people/{person}/reveal"),
            json_body(json!({"fields": ["id_card", "phone"]})),
        ),
        Endpoint::Export => ("GET", "/people/export".to_owned(), None),
        Endpoint::Import => {
            let code = target.map(|t| world.codes[t.unit()]).unwrap_or_default();
            let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
            let name = format!(
                "矩{}{}",
                digits[(serial / 10 % 10) as usize],
                digits[(serial % 10) as usize]
            );
            let csv = format!(
                "姓名,身份证号,单位代码,职级\n{name},{},{code},乡科级正职\n",
                id_card("19900101", 100 + serial)
            );
            (
                "POST",
                "/people/import".to_owned(),
                Some(("application/octet-stream", csv.into_bytes())),
            )
        }
        Endpoint::Template => ("GET", "/people/import/template".to_owned(), None),
        Endpoint::ListUnits => ("GET", "/org/units".to_owned(), None),
        Endpoint::GetUnit => ("GET", format!("/org/units/{unit}"), None),
        Endpoint::CreateUnit => (
            "POST",
            "/org/units".to_owned(),
            json_body(json!({
                "code": format!("M{serial}"), "name": format!("矩阵单位{serial}"),
                "unit_type": "department", "parent_id": unit
            })),
        ),
        Endpoint::ListAccounts => ("GET", "/accounts".to_owned(), None),
        Endpoint::ListAudit => ("GET", "/audit".to_owned(), None),
        Endpoint::VerifyAudit => ("POST", "/audit/verify".to_owned(), None),
    };
    Call { method, path, body }
}

fn classify(endpoint: Endpoint, status: StatusCode, body: &Value) -> Outcome {
    match status {
        StatusCode::OK | StatusCode::CREATED if endpoint == Endpoint::Import => {
            match (body["created"].as_u64(), body["rejected"].as_u64()) {
                (Some(1), Some(0)) => Outcome::Allowed,
                (Some(0), Some(1)) if body["rows"][0]["problems"][0]["code"] == "UNKNOWN_UNIT" => {
                    Outcome::RowRefused
                }
                _ => Outcome::Other(status),
            }
        }
        StatusCode::OK | StatusCode::CREATED => Outcome::Allowed,
        StatusCode::FORBIDDEN => Outcome::Forbidden,
        StatusCode::NOT_FOUND => Outcome::NotFound,
        StatusCode::UNAUTHORIZED => Outcome::Unauthenticated,
        other => Outcome::Other(other),
    }
}

/// An account with a chosen scope: label, role, unit, scope, chosen units, and which of the
/// three units (town_a, town_b, county_y) it reaches.
type Extra = (
    &'static str,
    &'static str,
    i64,
    Option<&'static str>,
    Vec<i64>,
    [bool; 3],
);

/// The people and one account per role, all in a fresh application.
async fn set_up(t: &TestApp) -> (World, Vec<Caller>) {
    t.account("zzb", "training_authority", t.units.city, None)
        .await;
    let zzb = t.login("zzb").await;
    let names = ["赵敏", "周洁", "钱锋", "孙丽"];
    let units = [t.units.town_a, t.units.town_b, t.units.county_y];
    let homes = [units[0], units[0], units[1], units[2]];
    let mut people = [0; 4];
    for (i, (name, unit)) in names.iter().zip(homes).enumerate() {
        people[i] = t
            .person(&zzb, name, &id_card("19850505", 11 + i as u32), unit)
            .await;
    }
    let world = World {
        people,
        names,
        units,
        codes: ["XA", "XB", "Y"],
    };
    let own = people[0];
    let mut callers = Vec::new();
    for &role in Role::ALL {
        // Where each role's account sits and what its default-scoped grant reaches.
        let (username, unit, person, people_scope, unit_scope) = match role {
            Role::TrainingAuthority => ("zzb", t.units.city, None, [true; 4], [true; 3]),
            Role::UnitAdmin => (
                "unitadmin",
                t.units.town_a,
                None,
                [true, true, false, false],
                [true, false, false],
            ),
            Role::HeadTeacher => (
                "teacher",
                t.units.town_a,
                None,
                [true, true, false, false],
                [true, false, false],
            ),
            // `self`: their own record; for the tree, their own unit.
            Role::Instructor => (
                "instructor",
                t.units.town_a,
                Some(own),
                [true, false, false, false],
                [true, false, false],
            ),
            Role::Trainee => (
                "trainee",
                t.units.town_a,
                Some(own),
                [true, false, false, false],
                [true, false, false],
            ),
            Role::Auditor => ("jjsj", t.units.city, None, [true; 4], [true; 3]),
            Role::SystemAdmin => ("sysadmin", t.units.city, None, [true; 4], [true; 3]),
            Role::SecurityAdmin => ("secadmin", t.units.city, None, [true; 4], [true; 3]),
            Role::AuditAdmin => ("auditadmin", t.units.city, None, [true; 4], [true; 3]),
        };
        if role != Role::TrainingAuthority {
            t.account(username, role.code(), unit, person).await;
        }
        callers.push(Caller {
            label: role.code(),
            role: Some(role),
            session: Some(t.login(username).await),
            people: people_scope,
            units: unit_scope,
        });
    }
    // Other scopes: a county-level administrator (its towns, not the other county), a grant
    // limited to chosen units, and `own_unit`, which does not reach the units below.
    let extras: [Extra; 4] = [
        (
            "unit_admin@county_x",
            "unit_admin",
            t.units.county_x,
            None,
            vec![],
            [true, true, false],
        ),
        (
            "training_auth:units[Y]",
            "training_authority",
            t.units.city,
            Some("units"),
            vec![t.units.county_y],
            [false, false, true],
        ),
        (
            "unit_admin:own@town_a",
            "unit_admin",
            t.units.town_a,
            Some("own_unit"),
            vec![],
            [true, false, false],
        ),
        (
            "unit_admin:own@cty_x",
            "unit_admin",
            t.units.county_x,
            Some("own_unit"),
            vec![],
            [false, false, false],
        ),
    ];
    for (i, (label, role, unit, scope, chosen, reach)) in extras.into_iter().enumerate() {
        let username = format!("extra{i}");
        t.account_with_scope(&username, role, unit, None, scope, chosen)
            .await;
        callers.push(Caller {
            label,
            role: Role::parse(role),
            session: Some(t.login(&username).await),
            // Colleagues share the own record's unit.
            people: [reach[0], reach[0], reach[1], reach[2]],
            units: reach,
        });
    }
    callers.push(Caller {
        label: "anonymous",
        role: None,
        session: None,
        people: [false; 4],
        units: [false; 3],
    });
    (world, callers)
}

both_backends!(
    every_role_reaches_exactly_its_permissions_and_scope_on_every_endpoint,
    |t| {
        let (world, callers) = set_up(&t).await;
        let mut columns: Vec<(Endpoint, Option<Target>)> = Vec::new();
        for endpoint in ENDPOINTS {
            if endpoint.aim() == Aim::Nothing {
                columns.push((endpoint, None));
            } else {
                // A colleague is a separate target for people, not for units.
                columns.extend(
                    TARGETS
                        .iter()
                        .filter(|&&target| {
                            endpoint.aim() == Aim::Person || target != Target::Colleague
                        })
                        .map(|&target| (endpoint, Some(target))),
                );
            }
        }
        let mut grid: Vec<(String, Vec<String>)> = Vec::new();
        let mut failures: Vec<String> = Vec::new();
        let mut serial = 0u32;
        for caller in &callers {
            let mut cells = Vec::new();
            for &(endpoint, target) in &columns {
                serial += 1;
                let call = call_for(&world, endpoint, target, serial);
                let (status, headers, bytes) = t
                    .call_raw(caller.session.as_ref(), call.method, &call.path, call.body)
                    .await;
                let content_type = headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                let actual = classify(endpoint, status, &body);
                let expected = caller.expected(endpoint, target);
                let what = format!(
                    "{} × {}{}",
                    caller.label,
                    endpoint.label(),
                    target
                        .map(|t| format!(" [{}]", t.short()))
                        .unwrap_or_default()
                );
                let mut ok = actual == expected;
                if !ok {
                    failures.push(format!(
                        "{what}: expected {expected:?}, got {actual:?} ({status}) {}",
                        String::from_utf8_lossy(&bytes)
                            .chars()
                            .take(300)
                            .collect::<String>()
                    ));
                }
                // No names beyond what the caller may read; the audit log records names by
                // design (R-SEC-1) and is for the audit roles only.
                let found = names_in(&world, &content_type, &bytes);
                let readable = caller.readable();
                if !matches!(endpoint, Endpoint::ListAudit) {
                    for i in 0..TARGETS.len() {
                        if found[i] && !readable[i] {
                            ok = false;
                            failures.push(format!(
                                "{what}: the body names {} ({})",
                                world.names[i],
                                TARGETS[i].short()
                            ));
                        }
                    }
                }
                if actual != Outcome::Allowed
                    && let Some(target) = target.filter(|_| endpoint.aim() == Aim::Person)
                    && found[target.person()]
                {
                    ok = false;
                    failures.push(format!("{what}: the refusal names the person"));
                }
                // Lists and exports carry exactly the people in scope.
                if actual == Outcome::Allowed
                    && matches!(endpoint, Endpoint::ListPeople | Endpoint::Export)
                    && found != caller.people
                {
                    ok = false;
                    failures.push(format!(
                        "{what}: people listed {found:?}, in scope {:?}",
                        caller.people
                    ));
                }
                if actual == Outcome::Allowed && endpoint == Endpoint::ListUnits {
                    let listed: Vec<i64> = body
                        .as_array()
                        .map(|units| units.iter().filter_map(|u| u["id"].as_i64()).collect())
                        .unwrap_or_default();
                    let seen = world.units.map(|u| listed.contains(&u));
                    if seen != caller.units {
                        ok = false;
                        failures.push(format!(
                            "{what}: units listed {seen:?}, in scope {:?}",
                            caller.units
                        ));
                    }
                }
                if actual == Outcome::Allowed && endpoint == Endpoint::Reveal {
                    let own_number =
                        id_card("19850505", 11 + target.map_or(0, |t| t.person()) as u32);
                    if body["id_card"] != own_number.as_str() {
                        ok = false;
                        failures.push(format!("{what}: revealed {body}"));
                    }
                }
                let shown = if actual == Outcome::RowRefused {
                    "rej".to_owned()
                } else {
                    status.as_u16().to_string()
                };
                cells.push(format!("{shown}{}", if ok { " " } else { "!" }));
            }
            grid.push((caller.label.to_owned(), cells));
        }

        // Print the matrix: one row per role, one column per endpoint and target.
        let mut table = String::new();
        writeln!(table, "columns:").unwrap();
        for (i, (endpoint, target)) in columns.iter().enumerate() {
            writeln!(
                table,
                "  c{i:02} {}{}",
                endpoint.label(),
                target
                    .map(|t| format!(" [{}]", t.short()))
                    .unwrap_or_default()
            )
            .unwrap();
        }
        write!(table, "{:<24}", "role").unwrap();
        for i in 0..columns.len() {
            write!(table, " c{i:02} ").unwrap();
        }
        writeln!(table).unwrap();
        for (label, cells) in &grid {
            write!(table, "{label:<24}").unwrap();
            for cell in cells {
                write!(table, " {cell}").unwrap();
            }
            writeln!(table).unwrap();
        }
        writeln!(
            table,
            "(own = own record in town_a, col = colleague in town_a, sib = town_b in the same county, \
             oth = county_y; \
             rej = the import answered but refused its row; ! marks a failure)"
        )
        .unwrap();
        println!("{table}");
        assert!(
            failures.is_empty(),
            "{table}\n{} failure(s):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
);
