//! Attendance reports (R-ATT-3): per session, per trainee and per unit (absentees named), with
//! rates; the facts the credit ledger reads (R-CRD-1); Excel. One pass over the class's marks,
//! so a class of 400 trainees × 700 sessions is a few hundred thousand cells in memory.

use crate::app::classes::{load, visibility};
use crate::app::{App, AppError, AppResult, Principal};
use chrono::{NaiveDateTime, NaiveTime};
use ganxun_domain::PersonId;
use ganxun_domain::SessionId;
use ganxun_domain::attendance::{AttendanceStatus, Mark, session_facts};
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::credits::{ClassAttendance, SessionAttendance};
use ganxun_domain::{ClassAction, ClassHours, Permission};
use ganxun_domain::{ClassId, UnitId};
use ganxun_sheets::{Cell, Table};
use ganxun_storage::attendance::{self, SessionInfo};
use ganxun_storage::classes::enrolment::{self as enrolment_store};
use ganxun_storage::classes::{ClassRecord, ClassVisibility};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// One session's line.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionLine {
    #[schema(value_type = i64)]
    pub session_id: SessionId,
    pub date: chrono::NaiveDate,
    pub start_time: String,
    pub topic: String,
    /// Hundredths.
    pub class_hours: i64,
    /// Whether the session has begun (rates count only sessions that have).
    pub held: bool,
    pub counts: BTreeMap<String, u32>,
    /// Present, late or left early, over trainees: 0–100 with one decimal, None before it is held.
    pub rate: Option<f64>,
}

/// One trainee's line.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TraineeLine {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    /// enrolled or withdrawn.
    #[schema(value_type = String)]
    pub enrolment: EnrolmentStatus,
    /// A status code per session, in plan order (`unmarked` where nobody marked).
    pub marks: Vec<String>,
    /// Hundredths of class hours attended (pro rata for late and early).
    pub hours_attended: i64,
    pub leave_hours: i64,
    pub late: u32,
    pub left_early: u32,
    pub absent: u32,
    pub rate: Option<f64>,
}

/// One unit's line.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitLine {
    /// The unit that sent the trainees (the unit a notice goes to).
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub trainees: u32,
    pub rate: Option<f64>,
    /// Trainees with an absence without leave, by name.
    pub absentees: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttendanceReport {
    #[schema(value_type = i64)]
    pub class_id: ClassId,
    pub title: String,
    pub sessions: Vec<SessionLine>,
    pub trainees: Vec<TraineeLine>,
    pub units: Vec<UnitLine>,
    /// Hours of the sessions held so far (hundredths).
    pub held_hours: i64,
    pub rate: Option<f64>,
}

/// The ledger's facts for one trainee and session (R-CRD-1).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Fact {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    #[schema(value_type = i64)]
    pub session_id: SessionId,
    pub status: String,
    pub hours_attended: i64,
    pub minutes_late: u32,
    pub minutes_early: u32,
    pub unexcused_absence: bool,
    pub on_leave: bool,
    pub withdrawn: bool,
}

fn minutes(session: &SessionInfo) -> i64 {
    let parse = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
    match (parse(&session.start_time), parse(&session.end_time)) {
        (Some(start), Some(end)) => (end - start).num_minutes(),
        _ => 0,
    }
}

fn held(session: &SessionInfo, now_local: NaiveDateTime) -> bool {
    NaiveTime::parse_from_str(&session.start_time, "%H:%M")
        .map(|start| session.date.and_time(start) <= now_local)
        .unwrap_or(false)
}

fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

fn mark_of(status: AttendanceStatus, late: i32, early: i32) -> Mark {
    Mark {
        status,
        minutes_late: u32::try_from(late).unwrap_or(0),
        minutes_early: u32::try_from(early).unwrap_or(0),
        reason: None,
    }
}

/// One unit's figures while the report is built: its trainees, the hours they attended and the
/// hours held for them (hundredths), and who was absent without leave.
#[derive(Default)]
struct UnitTally {
    trainees: u32,
    attended: i64,
    held: i64,
    absentees: Vec<String>,
}

/// A trainee of the report (enrolled or withdrawn) and the unit that sent them.
struct Trainee {
    person_id: PersonId,
    name: String,
    unit_id: UnitId,
    unit_name: String,
    enrolment: EnrolmentStatus,
}

struct Inputs {
    sessions: Vec<SessionInfo>,
    people: Vec<Trainee>,
    /// Row-major by person, then session: the mark of each, if any.
    grid: Vec<Option<Mark>>,
}

impl Inputs {
    fn mark(&self, person: usize, session: usize) -> Option<&Mark> {
        self.grid
            .get(person * self.sessions.len() + session)?
            .as_ref()
    }
}

async fn inputs(app: &App, class_id: ClassId) -> AppResult<Inputs> {
    let sessions = attendance::sessions_of_class(&app.db, class_id).await?;
    let people: Vec<Trainee> =
        enrolment_store::list(&app.db, &ClassVisibility::everything(), class_id)
            .await?
            .into_iter()
            .filter(|r| {
                r.status == EnrolmentStatus::Enrolled || r.status == EnrolmentStatus::Withdrawn
            })
            .map(|r| Trainee {
                person_id: r.person_id,
                name: r.name,
                unit_id: r.unit_id,
                unit_name: r.unit_name,
                enrolment: r.status,
            })
            .collect();
    let session_index: HashMap<SessionId, usize> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let person_index: HashMap<PersonId, usize> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.person_id, i))
        .collect();
    let mut grid = vec![None; people.len() * sessions.len()];
    let cells = attendance::grid_of_class(&app.db, class_id).await?;
    for (session_id, person_id, status, late, early) in cells {
        if let (Some(s), Some(p)) = (session_index.get(&session_id), person_index.get(&person_id)) {
            grid[p * sessions.len() + s] = Some(mark_of(status, late, early));
        }
    }
    Ok(Inputs {
        sessions,
        people,
        grid,
    })
}

/// The facts of every trainee and session that has a mark, person by person.
fn facts_of(inputs: &Inputs) -> Vec<Fact> {
    let mut facts = Vec::new();
    for (p, trainee) in inputs.people.iter().enumerate() {
        for (s, session) in inputs.sessions.iter().enumerate() {
            let Some(mark) = inputs.mark(p, s) else {
                continue;
            };
            facts.push(fact(trainee.person_id, session, trainee.enrolment, mark));
        }
    }
    facts
}

fn fact(
    person_id: PersonId,
    session: &SessionInfo,
    enrolment: EnrolmentStatus,
    mark: &Mark,
) -> Fact {
    let withdrawn = Mark::withdrawn();
    let mark = if enrolment == EnrolmentStatus::Withdrawn {
        &withdrawn
    } else {
        mark
    };
    let hours = ClassHours::from_hundredths(u32::try_from(session.class_hours).unwrap_or(0));
    let f = session_facts(hours, minutes(session), mark);
    Fact {
        person_id,
        session_id: session.id,
        status: f.status.code().to_owned(),
        hours_attended: i64::from(f.hours_attended.hundredths()),
        minutes_late: f.minutes_late,
        minutes_early: f.minutes_early,
        unexcused_absence: f.unexcused_absence,
        on_leave: f.on_leave,
        withdrawn: f.withdrawn,
    }
}

/// The class a report is about.
struct About<'a> {
    id: ClassId,
    title: &'a str,
}

fn build(class: About<'_>, inputs: &Inputs, now_local: NaiveDateTime) -> AttendanceReport {
    // Facts cell by cell, in the grid's order (None where nobody marked).
    let facts: Vec<Option<Fact>> = inputs
        .people
        .iter()
        .enumerate()
        .flat_map(|(p, trainee)| {
            inputs.sessions.iter().enumerate().map(move |(s, session)| {
                inputs
                    .mark(p, s)
                    .map(|mark| fact(trainee.person_id, session, trainee.enrolment, mark))
            })
        })
        .collect();
    let cell = |p: usize, s: usize| {
        facts
            .get(p * inputs.sessions.len() + s)
            .and_then(Option::as_ref)
    };
    // A session counts once it has started, or once anyone was marked in it (a roll call taken
    // means it took place): the hours attended then never exceed the hours held, whenever the
    // report is made — at the end of the class (the notices) or later (the class page).
    let is_held: Vec<bool> = inputs
        .sessions
        .iter()
        .enumerate()
        .map(|(s, session)| {
            held(session, now_local) || (0..inputs.people.len()).any(|p| cell(p, s).is_some())
        })
        .collect();
    let held_hours: i64 = inputs
        .sessions
        .iter()
        .zip(&is_held)
        .filter(|(_, held)| **held)
        .map(|(s, _)| s.class_hours)
        .sum();
    let mut trainees = Vec::with_capacity(inputs.people.len());
    // By unit name for the order, then by unit: two units of one name stay two lines (the
    // notices find their unit's line by its id).
    let mut units: BTreeMap<(String, UnitId), UnitTally> = BTreeMap::new();
    for (p, trainee) in inputs.people.iter().enumerate() {
        let mut line = TraineeLine {
            person_id: trainee.person_id,
            name: trainee.name.clone(),
            unit_name: trainee.unit_name.clone(),
            enrolment: trainee.enrolment,
            marks: Vec::with_capacity(inputs.sessions.len()),
            hours_attended: 0,
            leave_hours: 0,
            late: 0,
            left_early: 0,
            absent: 0,
            rate: None,
        };
        for (s, session) in inputs.sessions.iter().enumerate() {
            match cell(p, s) {
                None => line.marks.push("unmarked".to_owned()),
                Some(f) => {
                    line.marks.push(f.status.clone());
                    line.hours_attended += f.hours_attended;
                    if f.on_leave {
                        line.leave_hours += session.class_hours;
                    }
                    line.late += u32::from(f.minutes_late > 0);
                    line.left_early += u32::from(f.minutes_early > 0);
                    line.absent += u32::from(f.unexcused_absence);
                }
            }
        }
        line.rate = percent(line.hours_attended, held_hours);
        let unit = units
            .entry((trainee.unit_name.clone(), trainee.unit_id))
            .or_default();
        unit.trainees += 1;
        unit.attended += line.hours_attended;
        unit.held += held_hours;
        if line.absent > 0 {
            unit.absentees.push(trainee.name.clone());
        }
        trainees.push(line);
    }
    let sessions = inputs
        .sessions
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let mut counts: BTreeMap<String, u32> = BTreeMap::new();
            let mut attended = 0i64;
            for p in 0..inputs.people.len() {
                let status = cell(p, index).map_or("unmarked", |f| f.status.as_str());
                *counts.entry(status.to_owned()).or_default() += 1;
                if AttendanceStatus::parse(status).is_some_and(|st| st.attended()) {
                    attended += 1;
                }
            }
            let is_held = is_held[index];
            SessionLine {
                session_id: s.id,
                date: s.date,
                start_time: s.start_time.clone(),
                topic: s.topic.clone(),
                class_hours: s.class_hours,
                held: is_held,
                counts,
                rate: if is_held {
                    percent(attended, i64::try_from(inputs.people.len()).unwrap_or(0))
                } else {
                    None
                },
            }
        })
        .collect();
    let total_attended: i64 = trainees.iter().map(|t| t.hours_attended).sum();
    let people = i64::try_from(trainees.len()).unwrap_or(0);
    AttendanceReport {
        class_id: class.id,
        title: class.title.to_owned(),
        sessions,
        units: units
            .into_iter()
            .map(|((unit_name, unit_id), tally)| UnitLine {
                unit_id,
                unit_name,
                trainees: tally.trainees,
                rate: percent(tally.attended, tally.held),
                absentees: tally.absentees,
            })
            .collect(),
        trainees,
        held_hours,
        rate: percent(total_attended, held_hours * people),
    }
}

/// The moment a report is made as of: now, or when the class ended if it has. A class ended
/// early held none of the sessions after its end, and its report must not count them as held
/// later when their dates pass: the figures the units were told when it ended (the notices) stay
/// the figures of the class page.
async fn as_of(app: &App, class_id: ClassId) -> AppResult<NaiveDateTime> {
    let now = app.now();
    let ended =
        ganxun_storage::classes::decisions(&app.db, &ClassVisibility::everything(), class_id)
            .await?
            .into_iter()
            .rev()
            .find(|d| d.action == ClassAction::End)
            .map(|d| d.at);
    Ok(ganxun_domain::china_datetime(
        ended.map_or(now, |at| at.min(now)),
    ))
}

/// The report, for those who may read the class (trainees: their own line only).
pub async fn report(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<AttendanceReport> {
    let class = load(app, principal, Permission::ClassRead, class_id).await?;
    let about = About {
        id: class.id,
        title: &class.title,
    };
    let mut report = build(
        about,
        &inputs(app, class_id).await?,
        as_of(app, class_id).await?,
    );
    let v = visibility(app, principal, Permission::ClassRead).await?;
    if v.organised_in.is_nothing() && v.head_teacher.is_none() {
        report
            .trainees
            .retain(|t| Some(t.person_id) == principal.person_id);
        report.units.clear();
    }
    Ok(report)
}

/// The facts the credit ledger reads.
pub async fn facts(app: &App, principal: &Principal, class_id: ClassId) -> AppResult<Vec<Fact>> {
    load(app, principal, Permission::ClassRun, class_id).await?;
    Ok(facts_of(&inputs(app, class_id).await?))
}

/// Each trainee's (and withdrawn trainee's) marks as the credit evaluator reads them; sessions
/// without a mark are left out (nothing earned, nothing deducted).
pub async fn class_attendance(
    app: &App,
    class: &ClassRecord,
) -> AppResult<Vec<(PersonId, ClassAttendance)>> {
    let inputs = inputs(app, class.id).await?;
    let mut out = Vec::new();
    for (p, trainee) in inputs.people.iter().enumerate() {
        let mut sessions = Vec::new();
        for (s, session) in inputs.sessions.iter().enumerate() {
            let Some(mark) = inputs.mark(p, s) else {
                continue;
            };
            sessions.push(SessionAttendance {
                session_id: session.id,
                date: session.date,
                topic: session.topic.clone(),
                hours: ClassHours::from_hundredths(u32::try_from(session.class_hours).unwrap_or(0)),
                minutes: u32::try_from(minutes(session)).unwrap_or(0),
                mark: mark.clone(),
            });
        }
        out.push((
            trainee.person_id,
            ClassAttendance {
                class_id: class.id,
                class_title: class.title.clone(),
                ends_on: class.ends_on,
                // Classes are collective training; online study comes with its own records.
                collective: true,
                withdrawn: trainee.enrolment == EnrolmentStatus::Withdrawn,
                sessions,
            },
        ));
    }
    Ok(out)
}

/// Per-unit summaries for the notices sent when a class ends.
pub async fn unit_lines(app: &App, class: &ClassRecord) -> AppResult<Vec<UnitLine>> {
    let about = About {
        id: class.id,
        title: &class.title,
    };
    Ok(build(
        about,
        &inputs(app, class.id).await?,
        as_of(app, class.id).await?,
    )
    .units)
}

fn label(status: &str) -> String {
    match status {
        "unmarked" => "—".to_owned(),
        other => AttendanceStatus::parse(other)
            .map_or(other, |s| s.label_zh())
            .to_owned(),
    }
}

/// The report as a workbook: trainees × sessions, sessions, units.
pub async fn report_xlsx(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<(String, Vec<u8>)> {
    let report = report(app, principal, class_id).await?;
    let hours = |h: i64| h as f64 / 100.0;
    let rate = |r: Option<f64>| r.map_or(Cell::Text("—".into()), Cell::Number);
    let mut trainee_headers: Vec<(String, f64)> =
        vec![("姓名".into(), 10.0), ("单位".into(), 24.0)];
    trainee_headers.extend(
        report
            .sessions
            .iter()
            .map(|s| (format!("{} {}", s.date.format("%m-%d"), s.start_time), 9.0)),
    );
    trainee_headers.extend([
        ("出勤学时".into(), 9.0),
        ("请假学时".into(), 9.0),
        ("迟到".into(), 6.0),
        ("早退".into(), 6.0),
        ("旷课".into(), 6.0),
        ("出勤率%".into(), 8.0),
    ]);
    let trainee_rows = report
        .trainees
        .iter()
        .map(|t| {
            let mut row = vec![Cell::Text(t.name.clone()), Cell::Text(t.unit_name.clone())];
            row.extend(t.marks.iter().map(|m| Cell::Text(label(m))));
            row.extend([
                Cell::Number(hours(t.hours_attended)),
                Cell::Number(hours(t.leave_hours)),
                Cell::Number(f64::from(t.late)),
                Cell::Number(f64::from(t.left_early)),
                Cell::Number(f64::from(t.absent)),
                rate(t.rate),
            ]);
            row
        })
        .collect();
    let session_rows = report
        .sessions
        .iter()
        .map(|s| {
            let count = |k: &str| Cell::Number(f64::from(s.counts.get(k).copied().unwrap_or(0)));
            vec![
                Cell::Text(s.date.to_string()),
                Cell::Text(s.start_time.clone()),
                Cell::Text(s.topic.clone()),
                count("present"),
                count("late"),
                count("left_early"),
                count("on_leave"),
                count("absent"),
                count("unmarked"),
                rate(s.rate),
            ]
        })
        .collect();
    let unit_rows = report
        .units
        .iter()
        .map(|u| {
            vec![
                Cell::Text(u.unit_name.clone()),
                Cell::Number(f64::from(u.trainees)),
                rate(u.rate),
                Cell::Text(u.absentees.join("、")),
            ]
        })
        .collect();
    let subtitle = format!(
        "出勤率 {}%（按已开课学时计）",
        report.rate.map_or("—".to_owned(), |r| format!("{r:.1}"))
    );
    let tables = [
        Table {
            sheet: "学员考勤".into(),
            title: format!("{}考勤汇总", report.title),
            subtitle: subtitle.clone(),
            headers: trainee_headers,
            rows: trainee_rows,
        },
        Table {
            sheet: "课次".into(),
            title: format!("{}各课次考勤", report.title),
            subtitle: subtitle.clone(),
            headers: [
                "日期",
                "时间",
                "课程",
                "出勤",
                "迟到",
                "早退",
                "请假",
                "旷课",
                "未点名",
                "出勤率%",
            ]
            .iter()
            .map(|h| ((*h).to_owned(), if *h == "课程" { 30.0 } else { 9.0 }))
            .collect(),
            rows: session_rows,
        },
        Table {
            sheet: "单位".into(),
            title: format!("{}各单位考勤", report.title),
            subtitle,
            headers: vec![
                ("单位".into(), 28.0),
                ("人数".into(), 8.0),
                ("出勤率%".into(), 9.0),
                ("旷课人员".into(), 40.0),
            ],
            rows: unit_rows,
        },
    ];
    let bytes = ganxun_sheets::tables_xlsx(&tables)
        .map_err(|e| AppError::Internal(anyhow::Error::new(e)))?;
    Ok((format!("{}-考勤.xlsx", report.title), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: i64, date: &str, start: &str, end: &str) -> SessionInfo {
        SessionInfo {
            id: SessionId(id),
            class_id: ClassId(1),
            seq: i32::try_from(id).unwrap_or(0),
            date: date.parse().unwrap_or_default(),
            start_time: start.to_owned(),
            end_time: end.to_owned(),
            topic: "专题".to_owned(),
            class_hours: 300,
        }
    }

    fn trainee(person_id: PersonId, name: &str) -> Trainee {
        Trainee {
            person_id,
            name: name.to_owned(),
            unit_id: UnitId(7),
            unit_name: "沙湖镇".to_owned(),
            enrolment: EnrolmentStatus::Enrolled,
        }
    }

    fn present() -> Option<Mark> {
        Some(Mark {
            status: AttendanceStatus::Present,
            minutes_late: 0,
            minutes_early: 0,
            reason: None,
        })
    }

    /// Issue 17 item 2: the notices sent when a class ends showed 109–118 %. Marks of a session
    /// that had not started by the moment of the report counted as attended hours while the
    /// session did not count as held.
    #[test]
    fn a_rate_never_passes_100_percent_when_a_session_is_marked_before_it_starts() {
        let inputs = Inputs {
            sessions: vec![
                session(1, "2026-03-02", "09:00", "12:00"),
                session(2, "2026-03-02", "14:30", "17:30"),
            ],
            people: vec![trainee(PersonId(10), "甲"), trainee(PersonId(11), "乙")],
            grid: vec![present(), present(), present(), None],
        };
        let noon = "2026-03-02T12:30:00".parse().unwrap_or_default();
        let report = build(
            About {
                id: ClassId(1),
                title: "班",
            },
            &inputs,
            noon,
        );
        let unit = &report.units[0];
        assert_eq!(unit.rate, Some(75.0), "3 of 4 sessions-person, not 150 %");
        assert!(
            report
                .trainees
                .iter()
                .all(|t| t.rate.unwrap_or(0.0) <= 100.0)
        );
        assert!(report.sessions[1].held, "a marked session took place");
        // Later the same figures: what the notice said is what the class page says.
        let evening = "2026-03-02T20:00:00".parse().unwrap_or_default();
        let later = build(
            About {
                id: ClassId(1),
                title: "班",
            },
            &inputs,
            evening,
        );
        assert_eq!(later.units[0].rate, unit.rate);
    }
}
