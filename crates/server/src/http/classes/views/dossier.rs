//! A class's record, its list rows, its route and the decisions on it.

use crate::app::classes::dossier;
use crate::app::classes::permitted::ApprovalInfo;
use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::AccountId;
use ganxun_domain::ClassDecisionId;
use ganxun_domain::PersonId;
use ganxun_domain::PlanItemId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::FundingSource;
use ganxun_domain::classes::eligibility::EligibilityConditions;
use ganxun_domain::{ClassAction, ClassId, ClassKind, ClassState, UnitType};
use serde::Serialize;
use utoipa::ToSchema;

/// A class as the application sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassRecord {
    #[schema(value_type = i64)]
    pub id: ClassId,
    pub title: String,
    #[schema(value_type = String)]
    pub kind: ClassKind,
    #[schema(value_type = i64)]
    pub organiser_unit_id: UnitId,
    pub organiser_name: String,
    #[schema(value_type = Option<i64>)]
    pub host_unit_id: Option<UnitId>,
    pub host_name: String,
    #[schema(value_type = String)]
    pub host_type: UnitType,
    pub target_trainees: String,
    pub trainee_categories: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub venue: String,
    #[schema(value_type = String)]
    pub funding_source: FundingSource,
    /// Fee standard per trainee, in fen (分).
    pub fee_fen: i64,
    pub capacity: Option<i32>,
    #[schema(value_type = Option<i64>)]
    pub head_teacher_account_id: Option<AccountId>,
    pub head_teacher_name: Option<String>,
    #[schema(value_type = Option<i64>)]
    pub monitor_person_id: Option<PersonId>,
    pub monitor_name: Option<String>,
    pub liaison_name: String,
    pub liaison_phone_masked: Option<String>,
    pub eligibility: EligibilityConditions,
    #[schema(value_type = Option<i64>)]
    pub plan_item_id: Option<PlanItemId>,
    /// The office that decides leave, and its name.
    #[schema(value_type = Option<i64>)]
    pub leave_office_unit_id: Option<UnitId>,
    pub leave_office_name: Option<String>,
    #[schema(value_type = String)]
    pub state: ClassState,
    /// The routing decision taken at submission: approver, filing, rule, flags.
    pub route: Option<ClassRoute>,
    /// Class hours of the teaching plan, in hundredths.
    pub total_hours: i64,
    pub submitted_at: Option<DateTime<Utc>>,
    #[schema(value_type = Option<i64>)]
    pub submitted_by: Option<AccountId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub report_due_on: Option<NaiveDate>,
    pub version: i32,
    #[schema(value_type = i64)]
    pub created_by: AccountId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub enrolled: u64,
    pub waiting: u64,
}

impl From<ganxun_storage::classes::ClassRecord> for ClassRecord {
    fn from(r: ganxun_storage::classes::ClassRecord) -> Self {
        Self {
            id: r.id,
            title: r.title,
            kind: r.kind,
            organiser_unit_id: r.organiser_unit_id,
            organiser_name: r.organiser_name,
            host_unit_id: r.host_unit_id,
            host_name: r.host_name,
            host_type: r.host_type,
            target_trainees: r.target_trainees,
            trainee_categories: r.trainee_categories,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            venue: r.venue,
            funding_source: r.funding_source,
            fee_fen: r.fee_fen,
            capacity: r.capacity,
            head_teacher_account_id: r.head_teacher_account_id,
            head_teacher_name: r.head_teacher_name,
            monitor_person_id: r.monitor_person_id,
            monitor_name: r.monitor_name,
            liaison_name: r.liaison_name,
            liaison_phone_masked: r.liaison_phone_masked,
            eligibility: r.eligibility,
            plan_item_id: r.plan_item_id,
            leave_office_unit_id: r.leave_office_unit_id,
            leave_office_name: r.leave_office_name,
            state: r.state,
            route: r.route.map(Into::into),
            total_hours: r.total_hours,
            submitted_at: r.submitted_at,
            submitted_by: r.submitted_by,
            decided_at: r.decided_at,
            report_due_on: r.report_due_on,
            version: r.version,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
            enrolled: r.enrolled,
            waiting: r.waiting,
        }
    }
}

/// One row of a class list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassSummary {
    #[schema(value_type = i64)]
    pub id: ClassId,
    pub title: String,
    #[schema(value_type = String)]
    pub kind: ClassKind,
    #[schema(value_type = i64)]
    pub organiser_unit_id: UnitId,
    pub organiser_name: String,
    pub host_name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[schema(value_type = String)]
    pub state: ClassState,
    pub capacity: Option<i32>,
    pub total_hours: i64,
    pub head_teacher_name: Option<String>,
    pub report_due_on: Option<NaiveDate>,
    /// Flag codes from the routing decision (`LATE_APPLICATION`, …).
    pub flags: Vec<String>,
}

impl From<ganxun_storage::classes::ClassSummary> for ClassSummary {
    fn from(r: ganxun_storage::classes::ClassSummary) -> Self {
        Self {
            id: r.id,
            title: r.title,
            kind: r.kind,
            organiser_unit_id: r.organiser_unit_id,
            organiser_name: r.organiser_name,
            host_name: r.host_name,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            state: r.state,
            capacity: r.capacity,
            total_hours: r.total_hours,
            head_teacher_name: r.head_teacher_name,
            report_due_on: r.report_due_on,
            flags: r.flags,
        }
    }
}

/// Where a submitted class was routed, as kept with it: the domain's routing decision with the
/// Chinese explanation beside each flag, as the approver reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
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

impl From<ganxun_storage::classes::ClassRoute> for ClassRoute {
    fn from(r: ganxun_storage::classes::ClassRoute) -> Self {
        Self {
            rule: r.rule,
            approver: r.approver,
            file_with: r.file_with,
            lead_working_days: r.lead_working_days,
            required_by: r.required_by,
            flags: r.flags.into_iter().map(Into::into).collect(),
        }
    }
}

/// Something the approver should know about an application (`LATE_APPLICATION`,
/// `OUTSIDE_SUBMIT_WINDOW`), with its figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
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

impl From<ganxun_storage::classes::RouteFlag> for RouteFlag {
    fn from(r: ganxun_storage::classes::RouteFlag) -> Self {
        Self {
            code: r.code,
            message: r.message,
            required_by: r.required_by,
            submitted_on: r.submitted_on,
            lead_working_days: r.lead_working_days,
            window: r.window,
            opens: r.opens,
            closes: r.closes,
        }
    }
}

/// What a decision carries besides its reason: for a submission the route, for a report
/// whether it came late.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<ClassRoute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late: Option<bool>,
}

impl From<ganxun_storage::classes::DecisionDetail> for DecisionDetail {
    fn from(r: ganxun_storage::classes::DecisionDetail) -> Self {
        Self {
            route: r.route.map(Into::into),
            late: r.late,
        }
    }
}

/// A decision on a class, as kept in its history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Decision {
    #[schema(value_type = i64)]
    pub id: ClassDecisionId,
    #[schema(value_type = String)]
    pub action: ClassAction,
    #[schema(value_type = String)]
    pub from_state: ClassState,
    #[schema(value_type = String)]
    pub to_state: ClassState,
    pub reason: String,
    pub detail: DecisionDetail,
    #[schema(value_type = Option<i64>)]
    pub actor_id: Option<AccountId>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

impl From<ganxun_storage::classes::Decision> for Decision {
    fn from(r: ganxun_storage::classes::Decision) -> Self {
        Self {
            id: r.id,
            action: r.action,
            from_state: r.from_state,
            to_state: r.to_state,
            reason: r.reason,
            detail: r.detail.into(),
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            at: r.at,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassPage {
    pub items: Vec<ClassSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

impl From<dossier::ClassPage> for ClassPage {
    fn from(r: dossier::ClassPage) -> Self {
        Self {
            items: r.items.into_iter().map(Into::into).collect(),
            total: r.total,
            page: r.page,
            per_page: r.per_page,
        }
    }
}

/// One class with what the caller may do to it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassDetail {
    #[serde(flatten)]
    pub class: ClassRecord,
    /// Action codes the caller may take now (state machine and role together).
    pub actions: Vec<String>,
    /// While submitted: who may approve or file it, and why not the caller.
    pub approval: Option<ApprovalInfo>,
}

impl From<dossier::ClassDetail> for ClassDetail {
    fn from(r: dossier::ClassDetail) -> Self {
        Self {
            class: r.class.into(),
            actions: r.actions,
            approval: r.approval,
        }
    }
}
