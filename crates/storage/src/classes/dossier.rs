//! The class dossier (R-CLS-1): its fields, who sees it, and the decisions that move it through
//! its states (R-CLS-2).

use super::refusal::Refusal;
use crate::audit::{self, Actor, AuditEvent};
use crate::crypto::DataKey;
use crate::db::Db;
use crate::entity::{account, class_decision, class_enrolment, person, training_class};
use crate::error::{StaleVersion, StoreError, StoreResult};
use crate::org::scope::AccessScope;
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::ClassDecisionId;
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::PlanItemId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::{EligibilityConditions, EnrolmentStatus, FundingSource};
use ganxun_domain::{ClassAction, ClassKind, ClassState, UnitType};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Which classes an account sees: those organised inside its unit scope, those it leads as head
/// teacher, those its own person is enrolled in, and those naming one of `leave_office_in` as
/// the office deciding their leave. The parts are unioned.
#[derive(Debug, Clone, Default)]
pub struct ClassVisibility {
    pub organised_in: AccessScope,
    pub head_teacher: Option<AccountId>,
    pub enrolled_person: Option<PersonId>,
    pub leave_office_in: Vec<UnitId>,
}

impl ClassVisibility {
    /// Every class: for use cases that have already checked the caller's reach.
    pub fn everything() -> Self {
        Self {
            organised_in: AccessScope::everything(),
            ..Self::default()
        }
    }

    pub fn is_nothing(&self) -> bool {
        self.organised_in.is_nothing()
            && self.head_teacher.is_none()
            && self.enrolled_person.is_none()
            && self.leave_office_in.is_empty()
    }

    pub(crate) fn condition(&self) -> Condition {
        if self.organised_in.all {
            return Condition::all();
        }
        let mut any = Condition::any();
        if !self.organised_in.is_nothing() {
            any = any.add(self.organised_in.condition(
                training_class::Column::OrganiserPath,
                training_class::Column::OrganiserUnitId,
                None::<training_class::Column>,
            ));
        }
        if let Some(account_id) = self.head_teacher {
            any = any.add(training_class::Column::HeadTeacherAccountId.eq(account_id));
        }
        if let Some(person_id) = self.enrolled_person {
            any = any.add(
                training_class::Column::Id.in_subquery(
                    Query::select()
                        .column(class_enrolment::Column::ClassId)
                        .from(class_enrolment::Entity)
                        .and_where(Expr::col(class_enrolment::Column::PersonId).eq(person_id))
                        .to_owned(),
                ),
            );
        }
        if !self.leave_office_in.is_empty() {
            any = any
                .add(training_class::Column::LeaveOfficeUnitId.is_in(self.leave_office_in.clone()));
        }
        if any.is_empty() {
            return Condition::all().add(Expr::val(1).eq(Expr::val(0)));
        }
        any
    }
}

/// The fields a unit fills in (R-CLS-1). Validated by the application before they get here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassFields {
    pub title: String,
    pub kind: ClassKind,
    pub organiser_unit_id: UnitId,
    pub host_unit_id: Option<UnitId>,
    pub host_name: String,
    pub host_type: UnitType,
    pub target_trainees: String,
    pub trainee_categories: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub venue: String,
    pub funding_source: FundingSource,
    pub fee_fen: i64,
    pub capacity: Option<i32>,
    pub head_teacher_account_id: Option<AccountId>,
    pub monitor_person_id: Option<PersonId>,
    pub liaison_name: String,
    /// The liaison's phone, already checked; sealed at rest, masked in every answer.
    pub liaison_phone: PhoneChange,
    /// Eligibility conditions as JSON (`EligibilityConditions`).
    pub eligibility: String,
    pub plan_item_id: Option<PlanItemId>,
    /// The office that decides leave (e.g. 人事科), checked to exist; none means those who run
    /// the class decide.
    pub leave_office_unit_id: Option<UnitId>,
}

/// What an edit does to the liaison's phone: the form only ever shows it masked, so leaving it
/// out keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneChange {
    Keep,
    Clear,
    /// The number and its masked form.
    Set(String, String),
}

/// A class as the application sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassRecord {
    pub id: ClassId,
    pub title: String,
    pub kind: ClassKind,
    pub organiser_unit_id: UnitId,
    pub organiser_name: String,
    #[serde(skip)]
    pub organiser_path: String,
    pub host_unit_id: Option<UnitId>,
    pub host_name: String,
    pub host_type: UnitType,
    pub target_trainees: String,
    pub trainee_categories: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub venue: String,
    pub funding_source: FundingSource,
    /// Fee standard per trainee, in fen (分).
    pub fee_fen: i64,
    pub capacity: Option<i32>,
    pub head_teacher_account_id: Option<AccountId>,
    pub head_teacher_name: Option<String>,
    pub monitor_person_id: Option<PersonId>,
    pub monitor_name: Option<String>,
    pub liaison_name: String,
    pub liaison_phone_masked: Option<String>,
    pub eligibility: EligibilityConditions,
    pub plan_item_id: Option<PlanItemId>,
    /// The office that decides leave, and its name.
    pub leave_office_unit_id: Option<UnitId>,
    pub leave_office_name: Option<String>,
    pub state: ClassState,
    /// The routing decision taken at submission: approver, filing, rule, flags.
    pub route: Option<ClassRoute>,
    /// Class hours of the teaching plan, in hundredths.
    pub total_hours: i64,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<AccountId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub report_due_on: Option<NaiveDate>,
    pub version: i32,
    pub created_by: AccountId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub enrolled: u64,
    pub waiting: u64,
}

/// One row of a class list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassSummary {
    pub id: ClassId,
    pub title: String,
    pub kind: ClassKind,
    pub organiser_unit_id: UnitId,
    pub organiser_name: String,
    pub host_name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub state: ClassState,
    pub capacity: Option<i32>,
    pub total_hours: i64,
    pub head_teacher_name: Option<String>,
    pub report_due_on: Option<NaiveDate>,
    /// Flag codes from the routing decision (`LATE_APPLICATION`, …).
    pub flags: Vec<String>,
}

/// Filters of the class list; all optional.
#[derive(Debug, Clone, Default)]
pub struct ClassFilter {
    pub states: Vec<ClassState>,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub kind: Option<ClassKind>,
    /// Only classes organised in this unit's subtree.
    pub unit_path: Option<String>,
}

/// Where a submitted class was routed, as kept with it: the domain's routing decision with the
/// Chinese explanation beside each flag, as the approver reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRoute {
    /// The routing rule that decided.
    pub rule: String,
    /// Who approves (`authority`, `party_school` …).
    pub approver: String,
    /// Who the class is filed with, when approved by one body and filed with another.
    #[serde(default)]
    pub file_with: Option<String>,
    pub lead_working_days: u32,
    /// The last on-time submission day.
    pub required_by: NaiveDate,
    #[serde(default)]
    pub flags: Vec<RouteFlag>,
}

/// Something the approver should know about an application (`LATE_APPLICATION`,
/// `OUTSIDE_SUBMIT_WINDOW`), with its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteFlag {
    pub code: String,
    /// The Chinese explanation.
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_by: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_working_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes: Option<NaiveDate>,
}

/// What a decision carries besides its reason: for a submission the route, for a report
/// whether it came late.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<ClassRoute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late: Option<bool>,
    /// Decisions written before December 2026 kept the flags' explanations here, beside the
    /// route; read once into the route's flags and never written again.
    #[serde(default, rename = "flags", skip_serializing)]
    pub(crate) legacy_flags: Vec<RouteFlag>,
}

impl DecisionDetail {
    /// Reads a stored detail; an unreadable one shows as "no detail".
    fn read(text: &str) -> Self {
        let mut detail: DecisionDetail = serde_json::from_str(text).unwrap_or_default();
        let legacy = std::mem::take(&mut detail.legacy_flags);
        if let Some(route) = &mut detail.route {
            for flag in route.flags.iter_mut().filter(|f| f.message.is_empty()) {
                if let Some(old) = legacy.iter().find(|old| old.code == flag.code) {
                    flag.message.clone_from(&old.message);
                }
            }
        }
        detail
    }
}

/// A decision on a class, as kept in its history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub id: ClassDecisionId,
    pub action: ClassAction,
    pub from_state: ClassState,
    pub to_state: ClassState,
    pub reason: String,
    pub detail: DecisionDetail,
    pub actor_id: Option<AccountId>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

fn categories_text(codes: &[String]) -> String {
    codes.join(",")
}

fn categories_of(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

fn flags_of(route: Option<&str>) -> Vec<String> {
    route
        .and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok())
        .and_then(|v| v.get("flags").cloned())
        .and_then(|f| f.as_array().cloned())
        .map(|flags| {
            flags
                .iter()
                .filter_map(|f| f.get("code").and_then(|c| c.as_str()).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn account_names(
    conn: &impl ConnectionTrait,
    ids: Vec<AccountId>,
) -> StoreResult<HashMap<AccountId, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect())
}

async fn record(conn: &impl ConnectionTrait, m: training_class::Model) -> StoreResult<ClassRecord> {
    let mut names = crate::org::unit_names(
        conn,
        std::iter::once(m.organiser_unit_id).chain(m.leave_office_unit_id),
    )
    .await?;
    let organiser_name = names.get(&m.organiser_unit_id).cloned().unwrap_or_default();
    let leave_office_name = m.leave_office_unit_id.and_then(|id| names.remove(&id));
    let head_teacher_name = match m.head_teacher_account_id {
        Some(id) => account_names(conn, vec![id]).await?.remove(&id),
        None => None,
    };
    let monitor_name = match m.monitor_person_id {
        Some(id) => person::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|p| p.name),
        None => None,
    };
    let count = |status: EnrolmentStatus| {
        class_enrolment::Entity::find()
            .filter(class_enrolment::Column::ClassId.eq(m.id))
            .filter(class_enrolment::Column::Status.eq(status))
            .count(conn)
    };
    let enrolled = count(EnrolmentStatus::Enrolled).await?;
    let waiting = count(EnrolmentStatus::Waiting).await?;
    Ok(ClassRecord {
        id: m.id,
        title: m.title,
        kind: m.kind,
        organiser_unit_id: m.organiser_unit_id,
        organiser_name,
        organiser_path: m.organiser_path,
        host_unit_id: m.host_unit_id,
        host_name: m.host_name,
        host_type: m.host_type,
        target_trainees: m.target_trainees,
        trainee_categories: categories_of(&m.trainee_categories),
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        venue: m.venue,
        funding_source: m.funding_source,
        fee_fen: m.fee_fen,
        capacity: m.capacity,
        head_teacher_account_id: m.head_teacher_account_id,
        head_teacher_name,
        monitor_person_id: m.monitor_person_id,
        monitor_name,
        liaison_name: m.liaison_name,
        liaison_phone_masked: m.liaison_phone_masked,
        // Written from the same type when saved; a text that no longer reads restricts nobody.
        eligibility: serde_json::from_str(&m.eligibility).unwrap_or_default(),
        plan_item_id: m.plan_item_id,
        leave_office_unit_id: m.leave_office_unit_id,
        leave_office_name,
        state: m.state,
        route: m
            .route
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok()),
        total_hours: m.total_hours,
        submitted_at: m.submitted_at,
        submitted_by: m.submitted_by,
        decided_at: m.decided_at,
        report_due_on: m.report_due_on,
        version: m.version,
        created_by: m.created_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
        enrolled,
        waiting,
    })
}

fn scoped(visibility: &ClassVisibility) -> sea_orm::Select<training_class::Entity> {
    training_class::Entity::find().filter(visibility.condition())
}

/// One class, if the caller sees it.
pub async fn get(db: &Db, visibility: &ClassVisibility, id: ClassId) -> StoreResult<ClassRecord> {
    let model = scoped(visibility)
        .filter(training_class::Column::Id.eq(id))
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    record(&db.conn, model).await
}

/// The classes the caller sees, newest start first, with the total count.
pub async fn list(
    db: &Db,
    visibility: &ClassVisibility,
    filter: &ClassFilter,
    page: u64,
    per_page: u64,
) -> StoreResult<(Vec<ClassSummary>, u64)> {
    let mut query = scoped(visibility);
    if !filter.states.is_empty() {
        query = query.filter(training_class::Column::State.is_in(filter.states.clone()));
    }
    if let Some(year) = filter.year {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
        query = query
            .filter(training_class::Column::StartsOn.gte(first))
            .filter(training_class::Column::StartsOn.lte(last));
    }
    if let Some(title) = filter.title.as_deref().filter(|t| !t.is_empty()) {
        query = query.filter(training_class::Column::Title.contains(title));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(training_class::Column::Kind.eq(kind));
    }
    if let Some(path) = &filter.unit_path {
        query = query.filter(crate::org::scope::subtree_condition(
            training_class::Column::OrganiserPath,
            path,
        ));
    }
    let total = query.clone().count(&db.conn).await?;
    let rows = query
        .order_by_desc(training_class::Column::StartsOn)
        .order_by_desc(training_class::Column::Id)
        .offset(page.saturating_sub(1) * per_page)
        .limit(per_page)
        .all(&db.conn)
        .await?;
    let units = crate::org::unit_names(&db.conn, rows.iter().map(|r| r.organiser_unit_id)).await?;
    let teachers = account_names(
        &db.conn,
        rows.iter()
            .filter_map(|r| r.head_teacher_account_id)
            .collect(),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|m| ClassSummary {
            id: m.id,
            organiser_name: units.get(&m.organiser_unit_id).cloned().unwrap_or_default(),
            head_teacher_name: m
                .head_teacher_account_id
                .and_then(|a| teachers.get(&a).cloned()),
            flags: flags_of(m.route.as_deref()),
            title: m.title,
            kind: m.kind,
            organiser_unit_id: m.organiser_unit_id,
            host_name: m.host_name,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            state: m.state,
            capacity: m.capacity,
            total_hours: m.total_hours,
            report_due_on: m.report_due_on,
        })
        .collect();
    Ok((items, total))
}

fn apply_fields(
    model: &mut training_class::ActiveModel,
    key: &DataKey,
    fields: ClassFields,
    organiser_path: String,
) {
    model.title = Set(fields.title);
    model.kind = Set(fields.kind);
    model.organiser_unit_id = Set(fields.organiser_unit_id);
    model.organiser_path = Set(organiser_path);
    model.host_unit_id = Set(fields.host_unit_id);
    model.host_name = Set(fields.host_name);
    model.host_type = Set(fields.host_type);
    model.target_trainees = Set(fields.target_trainees);
    model.trainee_categories = Set(categories_text(&fields.trainee_categories));
    model.starts_on = Set(fields.starts_on);
    model.ends_on = Set(fields.ends_on);
    model.venue = Set(fields.venue);
    model.funding_source = Set(fields.funding_source);
    model.fee_fen = Set(fields.fee_fen);
    model.capacity = Set(fields.capacity);
    model.head_teacher_account_id = Set(fields.head_teacher_account_id);
    model.monitor_person_id = Set(fields.monitor_person_id);
    model.liaison_name = Set(fields.liaison_name);
    match fields.liaison_phone {
        PhoneChange::Keep => {}
        PhoneChange::Clear => {
            model.liaison_phone_cipher = Set(None);
            model.liaison_phone_masked = Set(None);
        }
        PhoneChange::Set(plain, masked) => {
            model.liaison_phone_cipher = Set(Some(key.seal(&plain)));
            model.liaison_phone_masked = Set(Some(masked));
        }
    }
    model.eligibility = Set(fields.eligibility);
    model.plan_item_id = Set(fields.plan_item_id);
    model.leave_office_unit_id = Set(fields.leave_office_unit_id);
}

/// Creates a draft dossier organised by a unit inside `scope`.
pub async fn create(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    scope: &AccessScope,
    fields: ClassFields,
) -> StoreResult<ClassRecord> {
    let organiser = crate::org::get_unit(db, scope, fields.organiser_unit_id).await?;
    let tx = db.begin_write().await?;
    let mut model = training_class::ActiveModel {
        state: Set(ClassState::Draft),
        route: Set(None),
        total_hours: Set(0),
        submitted_at: Set(None),
        submitted_by: Set(None),
        decided_at: Set(None),
        report_due_on: Set(None),
        liaison_phone_cipher: Set(None),
        liaison_phone_masked: Set(None),
        version: Set(1),
        created_by: Set(actor.account_id.unwrap_or(AccountId(0))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    apply_fields(&mut model, db.key()?, fields, organiser.path);
    let inserted = model.insert(&tx).await?;
    let created = record(&tx, inserted).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.create", "training_class", created.id).after(&created),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// A class's state and title alone: what a sign-in needs, without the counts and names a
/// dossier carries (a sign-in burst reads this thousands of times).
pub async fn state_and_title(db: &Db, id: ClassId) -> StoreResult<(ClassState, String)> {
    training_class::Entity::find_by_id(id)
        .select_only()
        .column(training_class::Column::State)
        .column(training_class::Column::Title)
        .into_tuple()
        .one(&db.conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Loads a class for a decision, inside the write transaction.
pub async fn load_for_update(
    tx: &impl ConnectionTrait,
    id: ClassId,
) -> StoreResult<training_class::Model> {
    training_class::Entity::find_by_id(id)
        .one(tx)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Replaces a dossier's fields. Only while it is a draft (the application checks), and only
/// over the version the caller read.
#[allow(clippy::too_many_arguments, reason = "one edit has this many facts")]
pub async fn update_fields(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    visibility: &ClassVisibility,
    scope: &AccessScope,
    id: ClassId,
    expected_version: i32,
    editable_states: &[ClassState],
    fields: ClassFields,
) -> StoreResult<ClassRecord> {
    let before = get(db, visibility, id).await?;
    let organiser = crate::org::get_unit(db, scope, fields.organiser_unit_id).await?;
    let tx = db.begin_write().await?;
    let current = load_for_update(&tx, id).await?;
    if current.version != expected_version {
        return Err(StoreError::refused(StaleVersion));
    }
    if !editable_states.contains(&current.state) {
        return Err(StoreError::refused(Refusal::ClassNotEditable {
            state: current.state,
        }));
    }
    let mut model: training_class::ActiveModel = current.into();
    apply_fields(&mut model, db.key()?, fields, organiser.path);
    model.version = Set(expected_version + 1);
    model.updated_at = Set(now);
    let updated = record(&tx, model.update(&tx).await?).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.update", "training_class", id)
            .before(&before)
            .after(&updated),
    )
    .await?;
    tx.commit().await?;
    Ok(updated)
}

/// What a decision writes besides the state: set by the application from the domain's answer.
#[derive(Debug, Clone, Default)]
pub struct DecisionEffects {
    pub route: Option<String>,
    pub submitted: bool,
    pub decided: bool,
    pub report_due_on: Option<NaiveDate>,
    /// Notices that go out with the decision (e.g. to trainees' units when a class starts).
    pub notices: Vec<crate::notices::NewNotice>,
    /// Follow-ups of the class promised with the decision (e.g. `class_credits` when it ends).
    pub follow_ups: Vec<&'static str>,
}

/// Moves a class from `from` to `to`, refusing if another decision got there first, and keeps
/// the decision (who, when, why, details) in the class's history.
#[allow(
    clippy::too_many_arguments,
    reason = "one decision has this many facts"
)]
pub async fn decide(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: ClassId,
    action: ClassAction,
    from: ClassState,
    to: ClassState,
    reason: &str,
    detail: DecisionDetail,
    effects: DecisionEffects,
) -> StoreResult<ClassRecord> {
    let tx = db.begin_write().await?;
    let step = Step {
        action,
        from,
        to,
        reason,
        detail,
    };
    let after = decide_in(&tx, db.key()?, actor, now, id, step, effects).await?;
    tx.commit().await?;
    Ok(after)
}

/// One move of the state machine, as [`decide_in`] writes it.
pub(crate) struct Step<'a> {
    pub action: ClassAction,
    pub from: ClassState,
    pub to: ClassState,
    pub reason: &'a str,
    pub detail: DecisionDetail,
}

/// [`decide`] inside a transaction the caller commits, for use cases that change more than the
/// class (submitting a report moves the class to `reported`).
pub(crate) async fn decide_in(
    tx: &impl ConnectionTrait,
    key: &DataKey,
    actor: &Actor,
    now: DateTime<Utc>,
    id: ClassId,
    step: Step<'_>,
    effects: DecisionEffects,
) -> StoreResult<ClassRecord> {
    let Step {
        action,
        from,
        to,
        reason,
        detail,
    } = step;
    let mut update = Query::update();
    update
        .table(training_class::Entity)
        .value(training_class::Column::State, to)
        .value(
            training_class::Column::Version,
            Expr::col(training_class::Column::Version).add(1),
        )
        .value(training_class::Column::UpdatedAt, now)
        .and_where(Expr::col(training_class::Column::Id).eq(id))
        .and_where(Expr::col(training_class::Column::State).eq(from));
    if let Some(route) = &effects.route {
        update.value(training_class::Column::Route, route.as_str());
    }
    if effects.submitted {
        update
            .value(training_class::Column::SubmittedAt, now)
            .value(training_class::Column::SubmittedBy, actor.account_id);
    }
    if effects.decided {
        update.value(training_class::Column::DecidedAt, now);
    }
    if let Some(due) = effects.report_due_on {
        update.value(training_class::Column::ReportDueOn, due);
    }
    let changed = tx.execute(&update).await?.rows_affected();
    if changed == 0 {
        // Someone else decided first, or the class is gone.
        load_for_update(tx, id).await?;
        return Err(StoreError::refused(StaleVersion));
    }
    crate::notices::send_in(tx, now, effects.notices).await?;
    for kind in effects.follow_ups {
        crate::follow_ups::enqueue(tx, actor, now, kind, id.0).await?;
    }
    class_decision::ActiveModel {
        class_id: Set(id),
        action: Set(action),
        from_state: Set(from),
        to_state: Set(to),
        reason: Set(reason.to_owned()),
        detail: Set(serde_json::to_string(&detail).unwrap_or_else(|_| "{}".to_owned())),
        actor_id: Set(actor.account_id),
        actor_name: Set(actor.name.clone()),
        at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    // A class that ends (or is reopened) changes its trainees' training records (ADR 0012).
    if from.is_finished() != to.is_finished() {
        let trainees: Vec<PersonId> = class_enrolment::Entity::find()
            .select_only()
            .column(class_enrolment::Column::PersonId)
            .filter(class_enrolment::Column::ClassId.eq(id))
            .filter(class_enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
            .into_tuple()
            .all(tx)
            .await?;
        crate::compliance::board::mark_dirty(tx, now, trainees).await?;
    }
    let after = record(tx, load_for_update(tx, id).await?).await?;
    audit::append(
        tx,
        key,
        actor,
        now,
        AuditEvent::new("class.decision", "training_class", id)
            .before(serde_json::json!({ "state": from }))
            .after(serde_json::json!({ "state": to, "action": action, "reason": reason, "detail": detail })),
    )
    .await?;
    Ok(after)
}

/// The decisions on a class, oldest first.
pub async fn decisions(
    db: &Db,
    visibility: &ClassVisibility,
    id: ClassId,
) -> StoreResult<Vec<Decision>> {
    get(db, visibility, id).await?;
    Ok(class_decision::Entity::find()
        .filter(class_decision::Column::ClassId.eq(id))
        .order_by_asc(class_decision::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|d| Decision {
            id: d.id,
            action: d.action,
            from_state: d.from_state,
            to_state: d.to_state,
            reason: d.reason,
            detail: DecisionDetail::read(&d.detail),
            actor_id: d.actor_id,
            actor_name: d.actor_name,
            at: d.at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_decision_keeps_its_flag_explanations_and_a_newer_one_reads_as_written() {
        let older = r#"{"route":{"rule":"r1","approver":"organisation_department","file_with":null,
            "lead_working_days":20,"required_by":"2026-03-02",
            "flags":[{"code":"LATE_APPLICATION","required_by":"2026-03-02","submitted_on":"2026-03-10","lead_working_days":20}]},
            "flags":[{"code":"LATE_APPLICATION","message":"逾期申报"}]}"#;
        let read = DecisionDetail::read(older);
        let route = read.route.clone().unwrap();
        assert_eq!(route.flags[0].message, "逾期申报");
        let written = serde_json::to_string(&read).unwrap();
        let value: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert!(
            value.get("flags").is_none(),
            "the old place is not written again: {written}"
        );
        assert_eq!(value["route"]["flags"][0]["message"], "逾期申报");
        assert_eq!(DecisionDetail::read(&written), read);
        assert_eq!(DecisionDetail::read("not json"), DecisionDetail::default());
        assert_eq!(DecisionDetail::read(r#"{"late":true}"#).late, Some(true));
    }
}
