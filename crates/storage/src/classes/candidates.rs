//! Who may be named to a class (点名调学, issue 17 item 8): the register's search narrowed by two
//! facts other features keep — training done this year (a seat in a class that has run, an
//! approved external record) and the maintained compliance statuses (ADR 0012) — and, for the
//! people of a page, where each stands in this class, this year and under the rules.

use crate::crypto::DataKey;
use crate::db::Db;
use crate::entity::{class_enrolment, compliance_status, person, training_class, training_record};
use crate::error::StoreResult;
use crate::org::scope::AccessScope;
use crate::people::{Page, PeopleQuery, PersonView, search_narrowed};
use chrono::NaiveDate;
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::compliance::BoardStatus;
use ganxun_domain::review::ReviewState;
use ganxun_domain::{ClassId, ClassState, PersonId};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use std::collections::BTreeMap;

/// A calendar year up to a day: what "this year" means for training done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearSoFar {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub today: NaiveDate,
}

/// Short of a compliance rule: a maintained status among `statuses`, of one rule set or rule
/// when named (a promotion rule names its make-ups, `rule@promotion`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShortOf {
    pub statuses: Vec<BoardStatus>,
    pub kind: Option<String>,
    pub rule_id: Option<String>,
}

/// The register's filters and the two narrowing facts.
#[derive(Debug, Clone, Default)]
pub struct CandidateQuery {
    pub people: PeopleQuery,
    /// Only people with no training this year.
    pub untrained: Option<YearSoFar>,
    pub short_of: Option<ShortOf>,
}

/// The states of a class that has run, or runs now: a seat in one is training done.
fn has_run() -> Vec<ClassState> {
    let mut states = ClassState::FINISHED.to_vec();
    states.push(ClassState::InProgress);
    states
}

/// Seats of `person` in classes that have run this year (started by today, ending in it).
fn seats_run_this_year(year: YearSoFar) -> SelectStatement {
    let mut q = Query::select();
    q.expr(Expr::val(1))
        .from(class_enrolment::Entity)
        .inner_join(
            training_class::Entity,
            Expr::col((training_class::Entity, training_class::Column::Id))
                .equals((class_enrolment::Entity, class_enrolment::Column::ClassId)),
        )
        .and_where(
            Expr::col((class_enrolment::Entity, class_enrolment::Column::PersonId))
                .equals((person::Entity, person::Column::Id)),
        )
        .and_where(
            Expr::col((class_enrolment::Entity, class_enrolment::Column::Status))
                .eq(EnrolmentStatus::Enrolled),
        )
        .and_where(
            Expr::col((training_class::Entity, training_class::Column::State)).is_in(has_run()),
        )
        .and_where(
            Expr::col((training_class::Entity, training_class::Column::EndsOn)).gte(year.first_day),
        )
        .and_where(
            Expr::col((training_class::Entity, training_class::Column::StartsOn)).lte(year.today),
        );
    q
}

/// Approved external records (R-ARC-1) of `person` overlapping this year.
fn records_this_year(year: YearSoFar) -> SelectStatement {
    let mut q = Query::select();
    q.expr(Expr::val(1))
        .from(training_record::Entity)
        .and_where(
            Expr::col((training_record::Entity, training_record::Column::PersonId))
                .equals((person::Entity, person::Column::Id)),
        )
        .and_where(
            Expr::col((training_record::Entity, training_record::Column::State))
                .eq(ReviewState::Approved),
        )
        .and_where(
            Expr::col((training_record::Entity, training_record::Column::EndsOn))
                .gte(year.first_day),
        )
        .and_where(
            Expr::col((training_record::Entity, training_record::Column::StartsOn))
                .lte(year.last_day),
        );
    q
}

/// The people with a maintained status matching `short`.
fn short_of(short: &ShortOf) -> SelectStatement {
    use compliance_status::Column as S;
    let mut q = Query::select();
    q.column(S::PersonId).from(compliance_status::Entity);
    if !short.statuses.is_empty() {
        q.and_where(Expr::col(S::Status).is_in(short.statuses.iter().copied()));
    }
    if let Some(kind) = &short.kind {
        q.and_where(Expr::col(S::Kind).eq(kind.as_str()));
    }
    if let Some(rule_id) = &short.rule_id {
        q.cond_where(
            Condition::any()
                .add(S::RuleId.eq(rule_id.as_str()))
                .add(S::RuleId.starts_with(format!("{rule_id}@"))),
        );
    }
    q
}

/// A page of people in `scope` matching the query, counted as the register counts.
pub async fn search(
    db: &Db,
    key: &DataKey,
    scope: &AccessScope,
    query: &CandidateQuery,
    page: u64,
    page_size: u64,
) -> StoreResult<Page<PersonView>> {
    let mut narrow = Condition::all();
    if let Some(year) = query.untrained {
        narrow = narrow
            .add(Expr::exists(seats_run_this_year(year)).not())
            .add(Expr::exists(records_this_year(year)).not());
    }
    if let Some(short) = &query.short_of {
        narrow = narrow.add(person::Column::Id.in_subquery(short_of(short)));
    }
    search_narrowed(db, key, scope, &query.people, narrow, page, page_size).await
}

/// Where one person of a page stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    /// Their place in this class, if they asked for one (removed included).
    pub listed: Option<EnrolmentStatus>,
    /// Classes run this year with a seat, and approved external records this year.
    pub trained_this_year: u32,
    /// Seats in other classes of this year that have not started yet.
    pub booked_this_year: u32,
    /// Maintained statuses short of met: (kind, rule id, status).
    pub short: Vec<(String, String, BoardStatus)>,
}

/// The standings of `ids` for `class_id` (no scope: the caller found them through the search).
pub async fn standings(
    db: &Db,
    class_id: ClassId,
    year: YearSoFar,
    ids: &[PersonId],
) -> StoreResult<BTreeMap<PersonId, Standing>> {
    let mut out: BTreeMap<PersonId, Standing> =
        ids.iter().map(|&id| (id, Standing::default())).collect();
    if ids.is_empty() {
        return Ok(out);
    }
    let seats = class_enrolment::Entity::find()
        .filter(class_enrolment::Column::PersonId.is_in(ids.iter().copied()))
        .all(&db.conn)
        .await?;
    let classes: BTreeMap<ClassId, training_class::Model> = training_class::Entity::find()
        .filter(training_class::Column::Id.is_in(seats.iter().map(|s| s.class_id)))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let run = has_run();
    for seat in &seats {
        let Some(entry) = out.get_mut(&seat.person_id) else {
            continue;
        };
        if seat.class_id == class_id {
            entry.listed = Some(seat.status);
            continue;
        }
        let Some(class) = classes.get(&seat.class_id) else {
            continue;
        };
        if seat.status != EnrolmentStatus::Enrolled
            || class.ends_on < year.first_day
            || class.starts_on > year.last_day
        {
            continue;
        }
        if run.contains(&class.state) && class.starts_on <= year.today {
            entry.trained_this_year += 1;
        } else if !matches!(
            class.state,
            ClassState::Cancelled | ClassState::Rejected | ClassState::Draft
        ) {
            entry.booked_this_year += 1;
        }
    }
    for record in training_record::Entity::find()
        .filter(training_record::Column::PersonId.is_in(ids.iter().copied()))
        .filter(training_record::Column::State.eq(ReviewState::Approved))
        .filter(training_record::Column::EndsOn.gte(year.first_day))
        .filter(training_record::Column::StartsOn.lte(year.last_day))
        .all(&db.conn)
        .await?
    {
        if let Some(entry) = out.get_mut(&record.person_id) {
            entry.trained_this_year += 1;
        }
    }
    for status in compliance_status::Entity::find()
        .filter(compliance_status::Column::PersonId.is_in(ids.iter().copied()))
        .all(&db.conn)
        .await?
    {
        let short = status.status.counted_as() != ganxun_domain::compliance::Status::Met;
        if let (true, Some(entry)) = (short, out.get_mut(&status.person_id)) {
            entry
                .short
                .push((status.kind, status.rule_id, status.status));
        }
    }
    Ok(out)
}
