//! Cadre register use cases: input parsed into domain values at the boundary, every field's
//! problem reported at once, every query through the caller's scope.

use super::paging::{Sizes, paging};
use super::{App, AppError, AppResult, FieldError, Principal};
use chrono::NaiveDate;
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::people::idcard::check_consistency;
use ganxun_domain::{Category, Education, IdCardNumber, Permission, PersonName, Phone, Rank};
use ganxun_storage::people::{
    self, NewPerson, Page, PeopleQuery, PersonAsOf, PersonChanges, PersonHistory, PersonView,
    PostChange, RevealField, Revealed,
};
use ganxun_storage::{AuditEvent, audit};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

mod import;
pub use import::{
    ColumnChoice, ImportChoices, ImportColumn, ImportColumns, ImportField, ImportProgress,
    ImportReport, ImportRowReport, UnitChoice, UnitNameMatch, UnitNameStatus, UnitRef, columns,
    import, import_report_xlsx, import_with,
};

/// A person as a form or an API client sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PersonInput {
    pub name: String,
    pub id_card: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// `male` / `female`; when given it must agree with the ID number.
    #[serde(default)]
    pub sex: Option<String>,
    /// When given it must agree with the ID number.
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    #[serde(default)]
    pub position: Option<String>,
    /// A rank code (see `/api/v1/vocabularies`).
    pub rank: String,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub education: Option<String>,
    #[serde(default)]
    pub post_start_date: Option<NaiveDate>,
    /// The date the post and categories are recorded from (default: today).
    #[serde(default)]
    pub effective_date: Option<NaiveDate>,
}

/// Changes to a person; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PersonPatch {
    /// The version read; a newer one on the server refuses the change (`STALE_VERSION`).
    pub version: Option<i32>,
    pub name: Option<String>,
    pub id_card: Option<String>,
    /// An empty string removes the phone number.
    pub phone: Option<String>,
    pub education: Option<String>,
    pub post_start_date: Option<NaiveDate>,
    pub active: Option<bool>,
    /// A change of unit, position or rank, dated by `effective_date`.
    #[schema(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
    pub position: Option<String>,
    pub rank: Option<String>,
    pub categories: Option<Vec<String>>,
    pub effective_date: Option<NaiveDate>,
}

/// Search parameters of the people list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleSearch {
    /// Name, pinyin initials (`zw` finds 钟伟) or a full ID number, whichever it looks like.
    pub q: Option<String>,
    pub name: Option<String>,
    pub initials: Option<String>,
    pub id_card: Option<String>,
    pub phone: Option<String>,
    /// A unit: people in it and every unit below it.
    #[param(value_type = Option<i64>)]
    pub unit_id: Option<UnitId>,
    pub category: Option<String>,
    pub rank: Option<String>,
    pub include_inactive: Option<bool>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

fn vocabulary<T>(
    field: &str,
    code: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let parsed = parse(text);
    if parsed.is_none() {
        errors.push(FieldError::new(
            field,
            code,
            format!("无法识别的取值：{text}"),
        ));
    }
    parsed
}

fn parse_categories(texts: &[String], errors: &mut Vec<FieldError>) -> Vec<Category> {
    texts
        .iter()
        .filter_map(|t| vocabulary("categories", "UNKNOWN_CATEGORY", t, Category::parse, errors))
        .collect()
}

fn parse_phone(text: &str, errors: &mut Vec<FieldError>) -> Option<Phone> {
    Phone::parse(text)
        .map_err(|e| errors.push(FieldError::new("phone", e.code(), e)))
        .ok()
}

fn parse_name(text: &str, errors: &mut Vec<FieldError>) -> Option<PersonName> {
    PersonName::parse(text)
        .map(|(name, _)| name)
        .map_err(|e| errors.push(FieldError::new("name", e.code(), e)))
        .ok()
}

fn parse_id_card(text: &str, errors: &mut Vec<FieldError>) -> Option<IdCardNumber> {
    IdCardNumber::parse(text)
        .map_err(|e| errors.push(FieldError::new("id_card", e.code(), e)))
        .ok()
}

fn position_of(text: Option<&str>, errors: &mut Vec<FieldError>) -> String {
    let position = text.unwrap_or_default().trim().to_owned();
    if position.chars().count() > 100 {
        errors.push(FieldError::new(
            "position",
            "POSITION_TOO_LONG",
            "职务不能超过 100 个字",
        ));
    }
    position
}

/// Parses a new person, collecting every field's problem.
pub fn parse_new_person(app: &App, input: &PersonInput) -> Result<NewPerson, AppError> {
    let mut errors = Vec::new();
    let name = parse_name(&input.name, &mut errors);
    let id_card = parse_id_card(&input.id_card, &mut errors);
    let phone = input
        .phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .and_then(|p| parse_phone(p, &mut errors));
    let sex = input.sex.as_deref().and_then(|s| {
        vocabulary(
            "sex",
            "UNKNOWN_SEX",
            s,
            ganxun_domain::Sex::parse,
            &mut errors,
        )
    });
    let rank = vocabulary(
        "rank",
        "UNKNOWN_RANK",
        &input.rank,
        Rank::parse,
        &mut errors,
    );
    let education = input
        .education
        .as_deref()
        .filter(|e| !e.is_empty())
        .and_then(|e| {
            vocabulary(
                "education",
                "UNKNOWN_EDUCATION",
                e,
                Education::parse,
                &mut errors,
            )
        });
    let categories = parse_categories(&input.categories, &mut errors);
    let position = position_of(input.position.as_deref(), &mut errors);
    if let Some(id) = &id_card {
        if let Err(e) = check_consistency(id, input.birth_date, sex) {
            let field = if input.birth_date.is_some_and(|d| d != id.birth_date()) {
                "birth_date"
            } else {
                "sex"
            };
            errors.push(FieldError::new(field, e.code(), e));
        }
        if id.birth_date() > app.today() {
            errors.push(FieldError::new(
                "id_card",
                "ID_CARD_BIRTH_DATE",
                "身份证号中的出生日期晚于今天",
            ));
        }
    }
    match (name, id_card, rank) {
        (Some(name), Some(id_card), Some(rank)) if errors.is_empty() => Ok(NewPerson {
            name,
            sex: id_card.sex(),
            birth_date: id_card.birth_date(),
            id_card,
            phone,
            unit_id: input.unit_id,
            position,
            rank,
            categories,
            education,
            post_start_date: input.post_start_date,
            effective_date: input.effective_date.unwrap_or_else(|| app.today()),
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

fn parse_patch(
    app: &App,
    patch: &PersonPatch,
    current: &PersonView,
) -> Result<PersonChanges, AppError> {
    let mut errors = Vec::new();
    let effective_date = patch.effective_date.unwrap_or_else(|| app.today());
    let mut changes = PersonChanges {
        expected_version: patch.version,
        name: patch
            .name
            .as_deref()
            .and_then(|n| parse_name(n, &mut errors)),
        id_card: patch
            .id_card
            .as_deref()
            .and_then(|i| parse_id_card(i, &mut errors)),
        phone: patch.phone.as_deref().map(|p| {
            if p.trim().is_empty() {
                None
            } else {
                parse_phone(p, &mut errors)
            }
        }),
        education: patch.education.as_deref().map(|e| {
            if e.is_empty() {
                None
            } else {
                vocabulary(
                    "education",
                    "UNKNOWN_EDUCATION",
                    e,
                    Education::parse,
                    &mut errors,
                )
            }
        }),
        post_start_date: patch.post_start_date.map(Some),
        active: patch.active,
        ..PersonChanges::default()
    };
    if patch.unit_id.is_some() || patch.position.is_some() || patch.rank.is_some() {
        let rank = match &patch.rank {
            Some(text) => vocabulary("rank", "UNKNOWN_RANK", text, Rank::parse, &mut errors),
            None => Some(current.rank),
        };
        let position = match &patch.position {
            Some(_) => position_of(patch.position.as_deref(), &mut errors),
            None => current.position.clone(),
        };
        let unit_id = patch.unit_id.unwrap_or(current.unit_id);
        // Only a real change of post makes a new dated record.
        let changed = unit_id != current.unit_id
            || position != current.position
            || rank != Some(current.rank);
        if let Some(rank) = rank.filter(|_| changed) {
            changes.post = Some(PostChange {
                unit_id,
                position,
                rank,
                effective_date,
            });
        }
    }
    if let Some(texts) = &patch.categories {
        changes.categories = Some((parse_categories(texts, &mut errors), effective_date));
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(AppError::Validation(errors))
    }
}

pub async fn create(
    app: &App,
    principal: &Principal,
    input: &PersonInput,
) -> AppResult<PersonView> {
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    let new = parse_new_person(app, input)?;
    Ok(people::create(
        &app.db,
        &app.key,
        &principal.actor(),
        app.now(),
        &scope,
        new,
    )
    .await?)
}

pub async fn update(
    app: &App,
    principal: &Principal,
    id: PersonId,
    patch: &PersonPatch,
) -> AppResult<PersonView> {
    let scope = principal.scope(app, Permission::PeopleWrite).await?;
    let current = people::get(&app.db, &scope, id).await?;
    let changes = parse_patch(app, patch, &current)?;
    Ok(people::update(
        &app.db,
        &app.key,
        &principal.actor(),
        app.now(),
        &scope,
        id,
        changes,
    )
    .await?)
}

pub async fn get(app: &App, principal: &Principal, id: PersonId) -> AppResult<PersonView> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    Ok(people::get(&app.db, &scope, id).await?)
}

pub async fn history(app: &App, principal: &Principal, id: PersonId) -> AppResult<PersonHistory> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    Ok(people::history(&app.db, &scope, id).await?)
}

pub async fn as_of(
    app: &App,
    principal: &Principal,
    id: PersonId,
    date: NaiveDate,
) -> AppResult<PersonAsOf> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    people::as_of(&app.db, &scope, id, date)
        .await?
        .ok_or_else(|| {
            AppError::field(
                "date",
                "NO_RECORD_ON_DATE",
                format!("{date} 时该人员尚无任职记录"),
            )
        })
}

pub async fn reveal(
    app: &App,
    principal: &Principal,
    id: PersonId,
    fields: &[RevealField],
) -> AppResult<Revealed> {
    let revealed = match principal.scope(app, Permission::PeopleReveal).await {
        // Checked after the permission: a role that may not reveal learns nothing more.
        Ok(_) if fields.is_empty() => {
            return Err(AppError::Validation(vec![FieldError::new(
                "fields",
                "NO_FIELDS",
                "请选择要查看的字段",
            )]));
        }
        Ok(scope) => people::reveal(
            &app.db,
            &app.key,
            &principal.actor(),
            app.now(),
            &scope,
            id,
            fields,
        )
        .await
        .map_err(AppError::from),
        Err(denied) => Err(denied),
    };
    // A refused reveal is audited too (issue 14 item 6): probing for numbers one may not see
    // must leave a trace.
    if let Err(denied @ (AppError::Forbidden | AppError::NotFound)) = &revealed {
        let reason = if matches!(denied, AppError::Forbidden) {
            "forbidden"
        } else {
            "not_found_or_out_of_scope"
        };
        audit::record(
            &app.db,
            &principal.actor(),
            app.now(),
            AuditEvent::new("person.reveal_denied", "person", id)
                .after(serde_json::json!({ "fields": field_names(fields), "reason": reason })),
        )
        .await?;
    }
    revealed
}

fn field_names(fields: &[RevealField]) -> Vec<&'static str> {
    fields
        .iter()
        .map(|f| match f {
            RevealField::IdCard => "id_card",
            RevealField::Phone => "phone",
        })
        .collect()
}

/// People lists: 20 people unless asked, at most 200.
const PAGE_SIZES: Sizes = Sizes {
    field: "page_size",
    default: 20,
    max: 200,
};

/// Turns search parameters into a query, guessing what `q` is.
pub fn parse_search(search: &PeopleSearch) -> Result<PeopleQuery, AppError> {
    let mut errors = Vec::new();
    let mut query = PeopleQuery {
        name_prefix: search
            .name
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        initials_prefix: search
            .initials
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        id_card: search
            .id_card
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|s| parse_id_card(s, &mut errors)),
        phone: search
            .phone
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|s| parse_phone(s, &mut errors)),
        unit_subtree: search.unit_id,
        category: search
            .category
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|c| {
                vocabulary(
                    "category",
                    "UNKNOWN_CATEGORY",
                    c,
                    Category::parse,
                    &mut errors,
                )
            }),
        rank: search
            .rank
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|r| vocabulary("rank", "UNKNOWN_RANK", r, Rank::parse, &mut errors)),
        include_inactive: search.include_inactive.unwrap_or(false),
    };
    if let Some(q) = search.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        if let Ok(id) = IdCardNumber::parse(q) {
            query.id_card = Some(id);
        } else if q.chars().all(|c| c.is_ascii_alphabetic()) {
            query.initials_prefix = Some(q.to_lowercase());
        } else if q.len() >= 11 && q.chars().all(|c| c.is_ascii_digit() || c == '-') {
            query.phone = Phone::parse(q).ok();
            if query.phone.is_none() {
                errors.push(FieldError::new(
                    "q",
                    "SEARCH_NUMBER_INVALID",
                    "号码既不是有效的身份证号，也不是有效的电话号码",
                ));
            }
        } else {
            query.name_prefix = Some(q.to_owned());
        }
    }
    if errors.is_empty() {
        Ok(query)
    } else {
        Err(AppError::Validation(errors))
    }
}

pub async fn search(
    app: &App,
    principal: &Principal,
    search: &PeopleSearch,
) -> AppResult<Page<PersonView>> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let query = parse_search(search)?;
    let paged = paging(search.page, search.page_size, PAGE_SIZES)?;
    let page_size = paged.size;
    // Lists count up to COUNT_CAP; paging past it would scan without end. Narrow the search.
    if paged.offset() >= people::COUNT_CAP {
        return Err(AppError::field(
            "page",
            "PAGE_TOO_DEEP",
            format!(
                "只能翻阅前 {} 条结果，请增加查询条件缩小范围",
                people::COUNT_CAP
            ),
        ));
    }
    Ok(people::search(&app.db, &app.key, &scope, &query, paged.page, page_size).await?)
}

/// Writes every person matching the search to an .xlsx workbook (numbers masked).
pub async fn export_xlsx(
    app: &App,
    principal: &Principal,
    search: &PeopleSearch,
) -> AppResult<Vec<u8>> {
    let scope = principal.scope(app, Permission::PeopleExport).await?;
    let query = parse_search(search)?;
    let units =
        ganxun_storage::org::list_units(&app.db, &ganxun_storage::AccessScope::everything(), true)
            .await?;
    let codes: std::collections::HashMap<UnitId, String> =
        units.into_iter().map(|u| (u.id, u.code)).collect();
    let mut rows = Vec::new();
    people::for_each_batch(&app.db, &app.key, &scope, &query, |batch| {
        rows.extend(batch.into_iter().map(|p| export_row(&p, &codes)));
        Ok(())
    })
    .await?;
    let count = rows.len();
    let bytes =
        ganxun_sheets::people_xlsx(rows).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    ganxun_storage::audit::record(
        &app.db,
        &principal.actor(),
        app.now(),
        ganxun_storage::AuditEvent::new("person.export", "person", "*")
            .after(serde_json::json!({ "rows": count })),
    )
    .await?;
    Ok(bytes)
}

fn export_row(
    p: &PersonView,
    codes: &std::collections::HashMap<UnitId, String>,
) -> ganxun_sheets::ExportPerson {
    ganxun_sheets::ExportPerson {
        name: p.name.clone(),
        sex: p.sex.label_zh().to_owned(),
        birth_date: p.birth_date.to_string(),
        id_card: p.id_card_masked.clone(),
        phone: p.phone_masked.clone().unwrap_or_default(),
        unit_code: codes.get(&p.unit_id).cloned().unwrap_or_default(),
        unit_name: p.unit_name.clone(),
        position: p.position.clone(),
        rank: p.rank.label_zh().to_owned(),
        categories: p
            .categories
            .iter()
            .map(|c| c.label_zh())
            .collect::<Vec<_>>()
            .join("、"),
        education: p
            .education
            .map(|e| e.label_zh().to_owned())
            .unwrap_or_default(),
        post_start_date: p.post_start_date.map(|d| d.to_string()).unwrap_or_default(),
    }
}

/// Dashboard counts under `unit_id`, by default the top of the caller's scope.
pub async fn stats(
    app: &App,
    principal: &Principal,
    unit_id: Option<UnitId>,
) -> AppResult<ganxun_storage::people::PeopleStats> {
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let unit_id = match unit_id {
        Some(id) => id,
        None => default_stats_unit(app, principal).await?,
    };
    Ok(people::stats(&app.db, &scope, unit_id).await?)
}

/// The top of what the caller sees: the root for "all", the first chosen unit, else their own unit.
async fn default_stats_unit(app: &App, principal: &Principal) -> AppResult<UnitId> {
    use ganxun_domain::ScopeKind;
    let grant = principal
        .grants
        .iter()
        .find(|g| g.role.permits(Permission::PeopleRead));
    match grant.map(|g| (g.scope.kind, g.scope.units.first())) {
        Some((ScopeKind::All, _)) => {
            let units = ganxun_storage::org::list_units(
                &app.db,
                &ganxun_storage::AccessScope::everything(),
                false,
            )
            .await?;
            Ok(units
                .iter()
                .find(|u| u.parent_id.is_none())
                .map_or(principal.unit_id, |u| u.id))
        }
        Some((ScopeKind::Units, Some(first))) => Ok(*first),
        _ => Ok(principal.unit_id),
    }
}
