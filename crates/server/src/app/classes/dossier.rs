//! Creating, editing, reading and listing class dossiers (R-CLS-1).

use super::{load, visibility};
use crate::app::paging::{Paging, Sizes, paging};
use crate::app::{App, AppError, AppResult, FieldError, Principal};
use chrono::NaiveDate;
use ganxun_domain::AccountId;
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::PlanItemId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::{ClassDates, EligibilityConditions, FundingSource};
use ganxun_domain::code_enum::Vocabulary;
use ganxun_domain::{Category, ClassKind, ClassState, Permission, Phone, Role, UnitType};
use ganxun_storage::classes::{
    self, ClassFields, ClassFilter, ClassRecord, ClassSummary, PhoneChange,
};
use ganxun_storage::{accounts, org};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A dossier as a unit fills it in.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ClassInput {
    pub title: String,
    /// A class kind code (see `/api/v1/vocabularies`).
    pub kind: String,
    #[schema(value_type = i64)]
    pub organiser_unit_id: UnitId,
    /// The hosting institution when it is a unit of the tree (a party school).
    #[schema(value_type = Option<i64>)]
    pub host_unit_id: Option<UnitId>,
    /// The hosting institution's name; defaults to the host unit's name.
    #[serde(default)]
    pub host_name: String,
    #[serde(default)]
    pub target_trainees: String,
    /// Category codes of the target trainees: routing and report deadlines read them.
    #[serde(default)]
    pub trainee_categories: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[serde(default)]
    pub venue: String,
    pub funding_source: String,
    /// Fee standard per trainee in fen (分).
    #[serde(default)]
    pub fee_fen: i64,
    pub capacity: Option<i32>,
    #[schema(value_type = Option<i64>)]
    pub head_teacher_account_id: Option<AccountId>,
    #[schema(value_type = Option<i64>)]
    pub monitor_person_id: Option<PersonId>,
    #[serde(default)]
    pub liaison_name: String,
    /// Absent: keep the stored number; empty: remove it.
    pub liaison_phone: Option<String>,
    /// Conditions such as `{"max_age": 45, "min_years_in_post": 1}`.
    #[serde(default)]
    pub eligibility: EligibilityConditions,
    #[schema(value_type = Option<i64>)]
    pub plan_item_id: Option<PlanItemId>,
    /// The office that decides trainees' leave (e.g. 人事科); empty: those who run the class.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub leave_office_unit_id: Option<UnitId>,
    /// The version read, required when editing.
    pub version: Option<i32>,
}

fn text(
    field: &str,
    value: &str,
    max: usize,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = value.trim();
    if required && value.is_empty() {
        errors.push(FieldError::new(
            field,
            "REQUIRED",
            format!("请填写{}", label(field)),
        ));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "TOO_LONG",
            format!("{}不能超过 {max} 个字", label(field)),
        ));
    }
    value.to_owned()
}

fn label(field: &str) -> &'static str {
    match field {
        "title" => "班次名称",
        "host_name" => "承办机构",
        "target_trainees" => "培训对象",
        "venue" => "培训地点",
        "liaison_name" => "联络员",
        _ => "该项",
    }
}

/// Checks the input and resolves the host; every problem at once.
async fn fields(app: &App, principal: &Principal, input: &ClassInput) -> AppResult<ClassFields> {
    let mut errors = Vec::new();
    let title = text("title", &input.title, 100, true, &mut errors);
    let kind = ClassKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "UNKNOWN_CLASS_KIND",
            format!("无法识别的培训类型：{}", input.kind),
        ));
    }
    let mut categories = Vec::new();
    for code in &input.trainee_categories {
        match Category::parse(code) {
            Some(c) => categories.push(c.code().to_owned()),
            None => errors.push(FieldError::new(
                "trainee_categories",
                "UNKNOWN_CATEGORY",
                format!("无法识别的人员类别：{code}"),
            )),
        }
    }
    if let Err(e) = ClassDates::new(input.starts_on, input.ends_on) {
        errors.push(FieldError::new("ends_on", e.code(), e));
    }
    let funding_source = FundingSource::parse(&input.funding_source);
    if funding_source.is_none() {
        errors.push(FieldError::new(
            "funding_source",
            "UNKNOWN_FUNDING_SOURCE",
            format!("无法识别的经费来源：{}", input.funding_source),
        ));
    }
    if !(0..=100_000_000).contains(&input.fee_fen) {
        errors.push(FieldError::new(
            "fee_fen",
            "FEE_INVALID",
            "收费标准须在 0 至 100 万元之间",
        ));
    }
    if input.capacity.is_some_and(|c| !(1..=10_000).contains(&c)) {
        errors.push(FieldError::new(
            "capacity",
            "CAPACITY_INVALID",
            "班额须在 1 至 10000 人之间；不限人数请留空",
        ));
    }
    // Absent keeps the stored number (forms show it masked); empty clears it.
    let liaison_phone = match input.liaison_phone.as_deref().map(str::trim) {
        None => PhoneChange::Keep,
        Some("") => PhoneChange::Clear,
        Some(text) => match Phone::parse(text) {
            Ok(phone) => PhoneChange::Set(phone.as_str().to_owned(), phone.masked()),
            Err(e) => {
                errors.push(FieldError::new("liaison_phone", e.code(), e));
                PhoneChange::Keep
            }
        },
    };
    if let Err(e) = input.eligibility.validate() {
        errors.push(FieldError::new("eligibility", e.code(), e));
    }
    if let Some(account_id) = input.head_teacher_account_id {
        let holds_role = accounts::principal(&app.db, account_id)
            .await
            .map(|a| a.active && a.roles.iter().any(|g| g.role == Role::HeadTeacher))
            .unwrap_or(false);
        if !holds_role {
            errors.push(FieldError::new(
                "head_teacher_account_id",
                "NOT_A_HEAD_TEACHER",
                "所选账号不是在用的班主任账号",
            ));
        }
    }
    let (host_name, host_type) = match input.host_unit_id {
        Some(id) => match super::hosts::check_host(app, principal, id).await? {
            Ok((name, unit_type)) => {
                let name = if input.host_name.trim().is_empty() {
                    name
                } else {
                    input.host_name.trim().to_owned()
                };
                (name, unit_type)
            }
            Err(problem) => {
                errors.push(problem);
                (String::new(), UnitType::Institution)
            }
        },
        None => (
            text("host_name", &input.host_name, 100, true, &mut errors),
            UnitType::Institution,
        ),
    };
    if let Some(id) = input.leave_office_unit_id {
        let active = org::get_unit_unscoped(&app.db, id)
            .await
            .is_ok_and(|unit| unit.active);
        if !active {
            errors.push(FieldError::new(
                "leave_office_unit_id",
                "UNKNOWN_UNIT",
                "请假审批科室不存在或已停用",
            ));
        }
    }
    let target_trainees = text(
        "target_trainees",
        &input.target_trainees,
        500,
        false,
        &mut errors,
    );
    let venue = text("venue", &input.venue, 200, false, &mut errors);
    let liaison_name = text("liaison_name", &input.liaison_name, 50, false, &mut errors);
    let (Some(kind), Some(funding_source), true) = (kind, funding_source, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    Ok(ClassFields {
        title,
        kind,
        organiser_unit_id: input.organiser_unit_id,
        host_unit_id: input.host_unit_id,
        host_name,
        host_type,
        target_trainees,
        trainee_categories: categories,
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        venue,
        funding_source,
        fee_fen: input.fee_fen,
        capacity: input.capacity,
        head_teacher_account_id: input.head_teacher_account_id,
        monitor_person_id: input.monitor_person_id,
        liaison_name,
        liaison_phone,
        eligibility: serde_json::to_string(&input.eligibility).unwrap_or_else(|_| "{}".to_owned()),
        plan_item_id: input.plan_item_id,
        leave_office_unit_id: input.leave_office_unit_id,
    })
}

/// Creates a draft organised by a unit inside the caller's class-writing scope.
pub async fn create(
    app: &App,
    principal: &Principal,
    input: &ClassInput,
) -> AppResult<ClassRecord> {
    let scope = principal.scope(app, Permission::ClassWrite).await?;
    let fields = fields(app, principal, input).await?;
    Ok(classes::create(&app.db, &principal.actor(), app.now(), &scope, fields).await?)
}

/// The states in which the dossier itself may change: before it is submitted.
pub const EDITABLE: &[ClassState] = &[ClassState::Draft];

/// Edits a draft dossier over the version the caller read.
pub async fn update(
    app: &App,
    principal: &Principal,
    id: ClassId,
    input: &ClassInput,
) -> AppResult<ClassRecord> {
    let scope = principal.scope(app, Permission::ClassWrite).await?;
    let visibility = visibility(app, principal, Permission::ClassWrite).await?;
    let version = input.version.ok_or_else(|| {
        AppError::field(
            "version",
            "VERSION_REQUIRED",
            "请提供读取时的版本号 version",
        )
    })?;
    let fields = fields(app, principal, input).await?;
    Ok(classes::update_fields(
        &app.db,
        &principal.actor(),
        app.now(),
        &visibility,
        &scope,
        id,
        version,
        EDITABLE,
        fields,
    )
    .await?)
}

/// One class with what the caller may do to it.
#[derive(Debug, Clone, Serialize)]
pub struct ClassDetail {
    #[serde(flatten)]
    pub class: ClassRecord,
    /// Action codes the caller may take now (state machine and role together).
    pub actions: Vec<String>,
    /// While submitted: who may approve or file it, and why not the caller.
    pub approval: Option<super::permitted::ApprovalInfo>,
}

pub async fn get(app: &App, principal: &Principal, id: ClassId) -> AppResult<ClassDetail> {
    let class = match load(app, principal, Permission::ClassRead, id).await {
        Err(AppError::NotFound) if principal.may(Permission::ClassEnrol) => {
            // A unit nominating to a class organised elsewhere reads it while it enrols.
            let everything = ganxun_storage::classes::ClassVisibility::everything();
            let class = classes::get(&app.db, &everything, id).await?;
            if class.state != ClassState::Enrolling {
                return Err(AppError::NotFound);
            }
            return Ok(ClassDetail {
                class,
                actions: Vec::new(),
                approval: None,
            });
        }
        other => other?,
    };
    let actions = super::permitted::available_actions(app, principal, &class).await?;
    let approval = super::permitted::approval_info(app, principal, &class).await?;
    Ok(ClassDetail {
        class,
        actions,
        approval,
    })
}

/// Query of the class list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClassQuery {
    /// Comma-separated state codes.
    pub state: Option<String>,
    pub year: Option<i32>,
    pub q: Option<String>,
    pub kind: Option<String>,
    #[param(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassPage {
    pub items: Vec<ClassSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// Class lists: 20 classes unless asked, at most 200.
const PAGE_SIZES: Sizes = Sizes {
    field: "per_page",
    default: 20,
    max: 200,
};

pub async fn list(app: &App, principal: &Principal, query: &ClassQuery) -> AppResult<ClassPage> {
    let visibility = visibility(app, principal, Permission::ClassRead).await?;
    let unit_path = match query.unit_id {
        Some(id) => Some(org::get_unit_unscoped(&app.db, id).await?.path),
        None => None,
    };
    let Paging { page, size } = paging(query.page, query.per_page, PAGE_SIZES)?;
    let per_page = size;
    let asked: Vec<&str> = query
        .state
        .as_deref()
        .map(|s| s.split(',').filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    let states: Vec<ClassState> = asked
        .iter()
        .filter_map(|code| ClassState::from_code(code).ok())
        .collect();
    let kind = query.kind.as_deref().filter(|k| !k.is_empty());
    let filter = ClassFilter {
        states,
        year: query.year,
        title: query.q.clone(),
        kind: kind.and_then(|k| ClassKind::from_code(k).ok()),
        unit_path,
    };
    // A state or kind no class can have matches no class.
    let matches_none = (!asked.is_empty() && filter.states.is_empty())
        || (kind.is_some() && filter.kind.is_none());
    let (items, total) = if matches_none {
        (Vec::new(), 0)
    } else {
        classes::list(&app.db, &visibility, &filter, page, per_page).await?
    };
    Ok(ClassPage {
        items,
        total,
        page,
        per_page,
    })
}

/// Classes open for nomination: enrolling, in any unit (units nominate their own people).
pub async fn open_for_nomination(app: &App, principal: &Principal) -> AppResult<Vec<ClassSummary>> {
    principal.require(Permission::ClassEnrol)?;
    let everything = ganxun_storage::classes::ClassVisibility::everything();
    let filter = ClassFilter {
        states: vec![ClassState::Enrolling],
        ..Default::default()
    };
    Ok(classes::list(&app.db, &everything, &filter, 1, 200)
        .await?
        .0)
}

/// Accounts that may be named head teacher, for the dossier form.
pub async fn head_teachers(
    app: &App,
    principal: &Principal,
) -> AppResult<Vec<accounts::RoleHolder>> {
    if !principal.may(Permission::ClassWrite) && !principal.may(Permission::ClassRun) {
        return Err(AppError::Forbidden);
    }
    Ok(accounts::holders_of(&app.db, Role::HeadTeacher).await?)
}
