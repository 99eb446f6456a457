//! The reserve-cadre pool (后备干部资源库, R-POOL-1, seed 004, ADR 0011). A unit keeps a pool of
//! selected reserves (e.g. 县教育局's 18 education reserves chosen by open selection), plans
//! their training in phases, and follows each member: the training done in each phase, their
//! compliance under the rules in force, and the end of their membership — left the pool, or
//! promoted, with the promotion verdict of that day kept beside it (R-CMP-4).
//!
//! Who may do what: reading needs people.read with the pool's unit in scope; managing needs
//! people.write with the pool's unit in scope, and members come from the pool unit's subtree
//! and from the manager's own scope.

use crate::app::compliance::board::RulesInForce;
use crate::app::compliance::training_records::{Amount, amount, text_at_most};
use crate::app::compliance::{PromotionCheckInput, facts_of, promotion_check};
use crate::app::{App, AppError, AppResult, FieldError, Principal};
use chrono::NaiveDate;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::compliance::TrainingRecord;
use ganxun_domain::compliance::{BoardStatus, RuleType};
use ganxun_domain::pool::MemberState;
use ganxun_domain::{Permission, Rank};
use ganxun_domain::{PoolId, PoolMemberId, PoolPhaseId};
use ganxun_storage::compliance::board::{self as board, StatusBrief};
use ganxun_storage::org::{self, Unit};
use ganxun_storage::pool::{
    self as store, Ending, MemberRow, NewPhase, NewPool, PhaseRow, PoolRow,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;

/// A pool as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PoolInput {
    pub name: String,
    /// The unit that keeps the pool; members come from its subtree.
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    /// How the reserves were chosen and what the pool is for.
    #[serde(default)]
    pub description: String,
}

/// A phase as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PhaseInput {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Days the phase asks for, as a decimal; met when days or hours are reached.
    #[serde(default)]
    pub required_days: Option<Amount>,
    /// Class hours the phase asks for, as a decimal.
    #[serde(default)]
    pub required_hours: Option<Amount>,
    /// 培训内容与方式: reading, visits, secondment, high-level study, online training…
    #[serde(default)]
    pub content: String,
}

/// A person put into a pool.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MemberInput {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub entered_on: NaiveDate,
    /// Why: 公开选拔, 民主推荐, 组织考察…
    pub reason: String,
}

/// How a membership ends.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EndInput {
    /// left 出库 or promoted 提拔使用
    pub outcome: String,
    pub ended_on: NaiveDate,
    pub reason: String,
    /// The post taken up (promoted only), e.g. 某某小学副校长.
    #[serde(default)]
    pub new_post: Option<String>,
    /// Its rank code (promoted, optional): with it, the promotion verdict of that day is kept.
    #[serde(default)]
    pub new_rank: Option<String>,
}

/// Training done in one phase by one member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PhaseProgress {
    #[schema(value_type = i64)]
    pub phase_id: PoolPhaseId,
    /// Hundredths of a day and of a class hour, from training that ended inside the phase.
    pub days: i64,
    pub hours: i64,
    /// not_started 未开始, in_progress 进行中, met 已完成, not_met 未完成, followed 不设要求
    pub status: String,
    /// The records that count: class ids, and negated ids of external records.
    pub records: Vec<i64>,
}

/// A rule a member does not meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct UnmetRule {
    pub kind: String,
    pub rule_id: String,
    pub name: String,
    /// at_risk, not_met, or overdue (a make-up after promotion past its day)
    #[schema(value_type = String)]
    pub status: BoardStatus,
}

/// A member's standing under the rules in force, from the maintained statuses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ComplianceBrief {
    pub met: u32,
    pub at_risk: u32,
    pub not_met: u32,
    pub unmet: Vec<UnmetRule>,
    /// The day the statuses were judged for; `None` before the first judgement.
    pub as_of: Option<NaiveDate>,
    /// A change waits to be judged (the board refreshes within seconds).
    pub refreshing: bool,
}

/// A membership with its phases and compliance (`None` for closed memberships).
#[derive(Debug, Clone, Serialize)]
pub struct MemberProgress {
    #[serde(flatten)]
    pub member: MemberRow,
    pub phases: Vec<PhaseProgress>,
    pub compliance: Option<ComplianceBrief>,
}

/// A pool with its phases and members.
#[derive(Debug, Clone, Serialize)]
pub struct PoolDetail {
    pub pool: PoolRow,
    pub phases: Vec<PhaseRow>,
    /// Open memberships first, then closed ones (the pool's history).
    pub members: Vec<MemberProgress>,
    /// The caller may add phases and members and close memberships.
    pub may_manage: bool,
}

/// The pool, if its unit is in the caller's people.read scope (`NotFound` otherwise).
async fn readable_pool(app: &App, principal: &Principal, id: PoolId) -> AppResult<PoolRow> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let pool = store::pool(&app.db, id).await?;
    org::get_unit(&app.db, &scope, pool.unit_id).await?;
    Ok(pool)
}

/// The pool and its unit, if the caller may manage it: readable, and its unit in the caller's
/// people.write scope (`Forbidden` otherwise).
async fn managed_pool(app: &App, principal: &Principal, id: PoolId) -> AppResult<(PoolRow, Unit)> {
    let pool = readable_pool(app, principal, id).await?;
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    let unit = org::get_unit(&app.db, &scope, pool.unit_id)
        .await
        .map_err(|_| AppError::Forbidden)?;
    Ok((pool, unit))
}

/// The pools whose unit the caller may read, newest first.
pub async fn list(app: &App, principal: &Principal) -> AppResult<Vec<PoolRow>> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let units: BTreeSet<UnitId> = org::list_units(&app.db, &scope, true)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    Ok(store::pools(&app.db)
        .await?
        .into_iter()
        .filter(|p| units.contains(&p.unit_id))
        .collect())
}

/// Creates a pool kept by a unit in the caller's people.write scope.
pub async fn create(app: &App, principal: &Principal, input: &PoolInput) -> AppResult<PoolRow> {
    principal.require(Permission::PeopleWrite)?;
    let mut errors = Vec::new();
    let name = text_at_most(
        "name",
        &input.name,
        100,
        Some(("NAME_REQUIRED", "请填写后备干部库名称")),
        &mut errors,
    );
    let description = text_at_most("description", &input.description, 2_000, None, &mut errors);
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    if org::get_unit(&app.db, &scope, input.unit_id).await.is_err() {
        errors.push(FieldError::new(
            "unit_id",
            "UNIT_OUT_OF_SCOPE",
            "只能在本人管理范围内的单位建立后备干部库",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let new = NewPool {
        name,
        unit_id: input.unit_id,
        description,
    };
    Ok(store::create_pool(&app.db, &principal.actor(), app.now(), new).await?)
}

/// Checks a phase, naming every field at fault.
fn check_phase(input: &PhaseInput) -> AppResult<NewPhase> {
    let mut errors = Vec::new();
    let name = text_at_most(
        "name",
        &input.name,
        100,
        Some(("NAME_REQUIRED", "请填写阶段名称")),
        &mut errors,
    );
    let content = text_at_most("content", &input.content, 2_000, None, &mut errors);
    if input.ends_on < input.starts_on {
        errors.push(FieldError::new(
            "ends_on",
            "ENDS_BEFORE_STARTS",
            "结束日期不能早于开始日期",
        ));
    }
    let days = amount("required_days", input.required_days.as_ref(), &mut errors);
    let hours = amount("required_hours", input.required_hours.as_ref(), &mut errors);
    if errors.is_empty() {
        Ok(NewPhase {
            name,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            required_days: i64::from(days),
            required_hours: i64::from(hours),
            content,
        })
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Adds a training phase to a pool the caller manages.
pub async fn add_phase(
    app: &App,
    principal: &Principal,
    pool_id: PoolId,
    input: &PhaseInput,
) -> AppResult<PhaseRow> {
    managed_pool(app, principal, pool_id).await?;
    let new = check_phase(input)?;
    Ok(store::add_phase(&app.db, &principal.actor(), app.now(), pool_id, new).await?)
}

/// Removes a phase from a pool the caller manages.
pub async fn remove_phase(
    app: &App,
    principal: &Principal,
    phase_id: PoolPhaseId,
) -> AppResult<()> {
    let phase = store::phase(&app.db, phase_id).await?;
    managed_pool(app, principal, phase.pool_id).await?;
    Ok(store::remove_phase(&app.db, &principal.actor(), app.now(), phase_id).await?)
}

/// Puts a person into a pool: a person the caller may maintain, active, from the pool unit's
/// subtree; once per pool at a time (`ALREADY_IN_POOL`).
pub async fn add_member(
    app: &App,
    principal: &Principal,
    pool_id: PoolId,
    input: &MemberInput,
) -> AppResult<MemberRow> {
    let (_, unit) = managed_pool(app, principal, pool_id).await?;
    let mut errors = Vec::new();
    let reason = text_at_most(
        "reason",
        &input.reason,
        500,
        Some(("REASON_REQUIRED", "请填写入库理由（如公开选拔、民主推荐）")),
        &mut errors,
    );
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    match ganxun_storage::people::get(&app.db, &scope, input.person_id).await {
        Err(_) => errors.push(FieldError::new(
            "person_id",
            "PERSON_NOT_FOUND",
            "找不到该干部，或不在您的管理范围内",
        )),
        Ok(person) if !person.active => errors.push(FieldError::new(
            "person_id",
            "PERSON_INACTIVE",
            format!("{}已调出或停用，不能入库", person.name),
        )),
        Ok(person) => {
            let home = org::get_unit_unscoped(&app.db, person.unit_id).await?;
            if !home.path.starts_with(&unit.path) {
                errors.push(FieldError::new(
                    "person_id",
                    "NOT_IN_POOL_UNIT",
                    format!(
                        "{}属于{}，不在{}及其下级单位中",
                        person.name, person.unit_name, unit.name
                    ),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(store::add_member(
        &app.db,
        &principal.actor(),
        app.now(),
        pool_id,
        input.person_id,
        input.entered_on,
        &reason,
    )
    .await?)
}

/// "何处不足": the unmet checks of a verdict, one sentence each.
fn shortfall_text(verdict: &crate::app::compliance::PromotionVerdict) -> Option<String> {
    let lines: Vec<String> = verdict
        .sets
        .iter()
        .flat_map(|s| s.missing.iter())
        .map(|m| format!("{}：{}", m.result.name, m.result.explanation))
        .collect();
    (!lines.is_empty()).then(|| lines.join("；"))
}

/// Closes an open membership: the person left the pool, or was promoted (with the post; with
/// its rank, the promotion verdict of that day is kept, so "promoted despite a shortfall" stays
/// visible — the make-up itself is tracked by compliance once the new post is recorded).
pub async fn end_member(
    app: &App,
    principal: &Principal,
    member_id: PoolMemberId,
    input: &EndInput,
) -> AppResult<MemberRow> {
    let member = store::member(&app.db, member_id).await?;
    managed_pool(app, principal, member.pool_id).await?;
    let mut errors = Vec::new();
    let promoted = match input.outcome.as_str() {
        "promoted" => true,
        "left" => false,
        other => {
            errors.push(FieldError::new(
                "outcome",
                "UNKNOWN_OUTCOME",
                format!("无法识别的出库方式：{other}（应为 left 或 promoted）"),
            ));
            false
        }
    };
    let reason = text_at_most(
        "reason",
        &input.reason,
        500,
        Some(("REASON_REQUIRED", "请填写出库或提拔的原因")),
        &mut errors,
    );
    if input.ended_on < member.entered_on {
        errors.push(FieldError::new(
            "ended_on",
            "ENDS_BEFORE_ENTERED",
            format!("日期不能早于入库日期 {}", member.entered_on),
        ));
    }
    let new_post = input
        .new_post
        .as_deref()
        .map(|p| text_at_most("new_post", p, 200, None, &mut errors))
        .filter(|p| !p.is_empty());
    if promoted && new_post.is_none() {
        errors.push(FieldError::new(
            "new_post",
            "POST_REQUIRED",
            "提拔使用须填写新任职务",
        ));
    }
    let rank = match input.new_rank.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => match Rank::parse(code) {
            Some(rank) => Some(rank),
            None => {
                errors.push(FieldError::new(
                    "new_rank",
                    "UNKNOWN_RANK",
                    format!("无法识别的职级：{code}"),
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let verdict = match rank.filter(|_| promoted) {
        Some(rank) => Some(
            promotion_check(
                app,
                principal,
                member.person_id,
                &PromotionCheckInput {
                    rank: rank.code().to_owned(),
                    on: input.ended_on,
                },
            )
            .await?,
        ),
        None => None,
    };
    let ending = Ending {
        promoted,
        ended_on: input.ended_on,
        reason,
        new_post: new_post.filter(|_| promoted),
        new_rank: rank.filter(|_| promoted).map(|r| r.code().to_owned()),
        eligible: verdict.as_ref().map(|v| v.eligible),
        shortfall: verdict.as_ref().and_then(shortfall_text),
    };
    Ok(store::end_member(&app.db, &principal.actor(), app.now(), member_id, ending).await?)
}

/// What one member did in one phase, judged on `today`: training counts in the phase whose last
/// day falls inside it; days and hours are each as recorded.
pub fn phase_progress(
    phase: &PhaseRow,
    records: &[TrainingRecord],
    today: NaiveDate,
) -> PhaseProgress {
    let inside: Vec<&TrainingRecord> = records
        .iter()
        .filter(|r| r.ends_on >= phase.starts_on && r.ends_on <= phase.ends_on)
        .collect();
    let days: i64 = inside.iter().map(|r| i64::from(r.days.hundredths())).sum();
    let hours: i64 = inside.iter().map(|r| i64::from(r.hours.hundredths())).sum();
    let scored = phase.required_days > 0 || phase.required_hours > 0;
    let reached = (phase.required_days > 0 && days >= phase.required_days)
        || (phase.required_hours > 0 && hours >= phase.required_hours);
    let status = if !scored {
        "followed"
    } else if reached {
        "met"
    } else if today < phase.starts_on {
        "not_started"
    } else if today <= phase.ends_on {
        "in_progress"
    } else {
        "not_met"
    };
    PhaseProgress {
        phase_id: phase.id,
        days,
        hours,
        status: status.to_owned(),
        records: inside.iter().map(|r| r.id).collect(),
    }
}

/// A member's maintained statuses, summed, with the names of the rules not met.
fn compliance_brief(
    rules: &RulesInForce,
    statuses: &[&StatusBrief],
    refreshing: bool,
) -> ComplianceBrief {
    let mut brief = ComplianceBrief {
        met: 0,
        at_risk: 0,
        not_met: 0,
        unmet: Vec::new(),
        as_of: statuses.iter().map(|s| s.as_of).max(),
        refreshing,
    };
    for s in statuses {
        let counted = s.rule_type == RuleType::Requirement;
        match s.status {
            BoardStatus::Met if counted => brief.met += 1,
            BoardStatus::AtRisk if counted => brief.at_risk += 1,
            BoardStatus::NotMet if counted => brief.not_met += 1,
            BoardStatus::Overdue => {}
            _ => continue,
        }
        if s.status != BoardStatus::Met {
            brief.unmet.push(UnmetRule {
                kind: s.kind.clone(),
                rule_id: s.rule_id.clone(),
                name: rules
                    .rule_name(&s.kind, &s.rule_id)
                    .unwrap_or_else(|| s.rule_id.clone()),
                status: s.status,
            });
        }
    }
    brief
}

/// A pool with its phases and members: each open member's progress in every phase and their
/// compliance under the rules in force; closed memberships as history.
pub async fn detail(app: &App, principal: &Principal, id: PoolId) -> AppResult<PoolDetail> {
    let pool = readable_pool(app, principal, id).await?;
    // The pool is already read: only its unit against the write scope remains to check.
    let may_manage = principal.may(Permission::PeopleWrite)
        && org::get_unit(
            &app.db,
            &principal.scope(app, Permission::PeopleWrite).await?,
            pool.unit_id,
        )
        .await
        .is_ok();
    let phases = store::phases(&app.db, id).await?;
    let members = store::members(&app.db, id).await?;
    let open: Vec<PersonId> = members
        .iter()
        .filter(|m| m.state == MemberState::Active)
        .map(|m| m.person_id)
        .collect();
    let rows: BTreeMap<PersonId, Vec<TrainingRecord>> =
        ganxun_storage::compliance::rows_of_people(&app.db, &open)
            .await?
            .into_iter()
            .map(|p| (p.person_id, facts_of(p.person_id, &p.rows).records))
            .collect();
    let statuses = board::of_people(&app.db, &open).await?;
    let marked: BTreeSet<PersonId> = board::marks_of(&app.db, &open)
        .await?
        .into_iter()
        .map(|m| m.person_id)
        .collect();
    let today = app.today();
    let rules = RulesInForce::load(app, today).await?;
    let members = members
        .into_iter()
        .map(|member| {
            if member.state != MemberState::Active {
                return MemberProgress {
                    member,
                    phases: Vec::new(),
                    compliance: None,
                };
            }
            let records = rows.get(&member.person_id).map_or(&[][..], Vec::as_slice);
            let own: Vec<&StatusBrief> = statuses
                .iter()
                .filter(|s| s.person_id == member.person_id)
                .collect();
            MemberProgress {
                phases: phases
                    .iter()
                    .map(|p| phase_progress(p, records, today))
                    .collect(),
                compliance: Some(compliance_brief(
                    &rules,
                    &own,
                    marked.contains(&member.person_id),
                )),
                member,
            }
        })
        .collect();
    Ok(PoolDetail {
        pool,
        phases,
        members,
        may_manage,
    })
}

/// Every pool membership a person has had, for whoever may read the person.
pub async fn of_person(
    app: &App,
    principal: &Principal,
    person_id: PersonId,
) -> AppResult<Vec<MemberRow>> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    ganxun_storage::people::get(&app.db, &scope, person_id).await?;
    Ok(store::memberships_of(&app.db, person_id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ganxun_domain::ClassHours;
    use ganxun_domain::compliance::Days;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn phase(days: i64, hours: i64) -> PhaseRow {
        PhaseRow {
            id: PoolPhaseId(7),
            pool_id: PoolId(1),
            seq: 1,
            name: "第二阶段".into(),
            starts_on: day("2026-03-01"),
            ends_on: day("2026-06-30"),
            required_days: days,
            required_hours: hours,
            content: String::new(),
        }
    }

    fn record(id: i64, ends_on: &str, days: u32, hours: u32) -> TrainingRecord {
        TrainingRecord {
            id,
            title: format!("培训{id}"),
            starts_on: day(ends_on),
            ends_on: day(ends_on),
            days: Days::from_hundredths(days),
            hours: ClassHours::from_hundredths(hours),
            kinds: BTreeSet::new(),
            institution: None,
            recognised: true,
            privately_arranged: false,
        }
    }

    #[test]
    fn training_counts_in_the_phase_its_last_day_falls_in() {
        let records = [
            record(1, "2026-02-28", 500, 4000),
            record(2, "2026-03-01", 300, 2400),
            record(-4, "2026-06-30", 0, 1200),
            record(3, "2026-07-01", 500, 4000),
        ];
        let progress = phase_progress(&phase(1000, 0), &records, day("2026-05-01"));
        assert_eq!(progress.records, [2, -4]);
        assert_eq!((progress.days, progress.hours), (300, 3600));
        assert_eq!(progress.status, "in_progress");
    }

    #[test]
    fn either_figure_meets_the_phase_and_an_ended_phase_short_of_both_is_not_met() {
        let records = [record(1, "2026-04-01", 300, 4000)];
        let either = phase_progress(&phase(1000, 4000), &records, day("2026-05-01"));
        assert_eq!(either.status, "met");
        let short = phase_progress(&phase(1000, 4001), &records, day("2026-07-01"));
        assert_eq!(short.status, "not_met");
        let early = phase_progress(&phase(1000, 0), &[], day("2026-02-01"));
        assert_eq!(early.status, "not_started");
        let followed = phase_progress(&phase(0, 0), &records, day("2026-07-01"));
        assert_eq!(followed.status, "followed");
    }
}
