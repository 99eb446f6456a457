//! Enrolment (R-CLS-4): the authority names trainees (点名调学) or units nominate their own;
//! capacity with a waiting list; eligibility checked with every reason for a refusal; arrival.

use super::{load, organised_within, require_activity, visibility};
use crate::app::{App, AppError, AppResult, Principal};
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use ganxun_domain::classes::{Eligibility, EnrolmentSource, PersonFacts};
use ganxun_domain::{ClassActivity, ClassState, Permission};
use ganxun_storage::StoreError;
use ganxun_storage::classes::enrolment::{self, EnrolmentRow, UnitArrival};
use ganxun_storage::classes::{self, ClassRecord, ClassVisibility};
use ganxun_storage::people;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The reason given for someone the caller does not reach (or who does not exist).
pub const OUT_OF_SCOPE: &str = "OUT_OF_SCOPE";

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EnrolInput {
    #[schema(value_type = Vec<i64>)]
    pub person_ids: Vec<PersonId>,
    #[serde(default)]
    pub note: String,
}

/// A reason in the answer: code and Chinese message.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReasonView {
    pub code: String,
    pub message: String,
}

/// Someone who may not enrol, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Refused {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    pub reasons: Vec<ReasonView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolResult {
    /// `named` when the authority enrolled them, `nominated` when a unit did.
    #[schema(value_type = String)]
    pub source: EnrolmentSource,
    #[schema(value_type = Vec<i64>)]
    pub enrolled: Vec<PersonId>,
    #[schema(value_type = Vec<i64>)]
    pub waiting: Vec<PersonId>,
    #[schema(value_type = Vec<i64>)]
    pub duplicates: Vec<PersonId>,
    pub refused: Vec<Refused>,
}

/// The class for enrolment: visible to the caller, or open for nomination (enrolling).
pub(super) async fn class_for_enrolment(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<ClassRecord> {
    principal.require(Permission::ClassEnrol)?;
    let class = match load(app, principal, Permission::ClassRead, class_id).await {
        Ok(class) => class,
        Err(AppError::NotFound) => {
            let class = classes::get(&app.db, &ClassVisibility::everything(), class_id).await?;
            if class.state != ClassState::Enrolling {
                return Err(AppError::NotFound);
            }
            class
        }
        Err(other) => return Err(other),
    };
    require_activity(&class, ClassActivity::Enrol)?;
    Ok(class)
}

/// Enrols people the caller may see, after checking the class's conditions for each.
pub async fn enrol(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    input: &EnrolInput,
) -> AppResult<EnrolResult> {
    principal.require(Permission::ClassEnrol)?;
    if input.person_ids.is_empty() || input.person_ids.len() > 2000 {
        return Err(AppError::field(
            "person_ids",
            "ENROL_COUNT",
            "一次须选择 1 至 2000 名学员",
        ));
    }
    let class = class_for_enrolment(app, principal, class_id).await?;
    let people_scope = principal.scope(app, Permission::PeopleRead).await?;
    let approver_scope = if principal.may(Permission::ClassApprove) {
        principal.scope(app, Permission::ClassApprove).await?
    } else {
        ganxun_storage::AccessScope::nothing()
    };
    let source = if organised_within(&class, &approver_scope) {
        EnrolmentSource::Named
    } else {
        EnrolmentSource::Nominated
    };
    let conditions = &class.eligibility;
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    for &person_id in &input.person_ids {
        // Someone outside the caller's scope is refused like an unknown id, so a list taken
        // from elsewhere (the compliance overview, a name list) is reported row by row
        // instead of failing whole; the answer tells nothing of who is outside.
        let person = match people::get(&app.db, &people_scope, person_id).await {
            Ok(person) => person,
            Err(StoreError::NotFound) => {
                refused.push(Refused {
                    person_id,
                    name: String::new(),
                    reasons: vec![ReasonView {
                        code: OUT_OF_SCOPE.to_owned(),
                        message: "不在您的管理范围内，或查无此人".to_owned(),
                    }],
                });
                continue;
            }
            Err(other) => return Err(other.into()),
        };
        let facts = PersonFacts {
            birth_date: Some(person.birth_date),
            in_post_since: person.post_start_date,
            categories: person.categories.clone(),
            rank: Some(person.rank),
        };
        match conditions.evaluate(&facts, class.starts_on) {
            Eligibility::Eligible => accepted.push(person_id),
            Eligibility::Refused(reasons) => refused.push(Refused {
                person_id,
                name: person.name.clone(),
                reasons: reasons
                    .iter()
                    .map(|r| ReasonView {
                        code: r.code().to_owned(),
                        message: r.to_string(),
                    })
                    .collect(),
            }),
        }
    }
    let capacity = class.capacity.and_then(|c| u32::try_from(c).ok());
    let outcome = if accepted.is_empty() {
        Default::default()
    } else {
        enrolment::enrol(
            &app.db,
            &principal.actor(),
            app.now(),
            class_id,
            capacity,
            &accepted,
            source,
            input.note.trim(),
        )
        .await?
    };
    Ok(EnrolResult {
        source,
        enrolled: outcome.enrolled,
        waiting: outcome.waiting,
        duplicates: outcome.duplicates,
        refused,
    })
}

/// The roster: everyone for those who run or oversee the class; only their own people for a
/// unit that merely nominated to it.
pub async fn roster(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Vec<EnrolmentRow>> {
    let (class, full) = match load(app, principal, Permission::ClassRead, class_id).await {
        Ok(class) => (class, true),
        Err(AppError::NotFound) => (class_for_enrolment(app, principal, class_id).await?, false),
        Err(other) => return Err(other),
    };
    let rows = enrolment::list(&app.db, &ClassVisibility::everything(), class.id).await?;
    if full {
        return Ok(rows);
    }
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let mut own = Vec::new();
    for row in rows {
        if people::get(&app.db, &scope, row.person_id).await.is_ok() {
            own.push(row);
        }
    }
    Ok(own)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RemoveInput {
    #[serde(default)]
    pub reason: String,
}

/// Takes someone off a class before it ends; the first person waiting gets the seat.
pub async fn remove(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    person_id: PersonId,
    input: &RemoveInput,
) -> AppResult<Option<PersonId>> {
    let class = match load(app, principal, Permission::ClassRun, class_id).await {
        Ok(class) => class,
        Err(AppError::NotFound | AppError::Forbidden) => {
            // A unit may withdraw its own nominee.
            let class = class_for_enrolment(app, principal, class_id).await?;
            let scope = principal.scope(app, Permission::PeopleRead).await?;
            people::get(&app.db, &scope, person_id).await?;
            class
        }
        Err(other) => return Err(other),
    };
    require_activity(&class, ClassActivity::Enrol)?;
    if input.reason.trim().is_empty() {
        return Err(AppError::field(
            "reason",
            "REASON_REQUIRED",
            "撤销报名须说明原因",
        ));
    }
    let capacity = class.capacity.and_then(|c| u32::try_from(c).ok());
    Ok(enrolment::remove(
        &app.db,
        &principal.actor(),
        app.now(),
        class_id,
        capacity,
        person_id,
        input.reason.trim(),
    )
    .await?)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ArrivalInput {
    pub marks: Vec<ArrivalMark>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ArrivalMark {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub arrived: bool,
}

/// Records who arrived, once the class has started.
pub async fn mark_arrival(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    input: &ArrivalInput,
) -> AppResult<Vec<UnitArrival>> {
    let class = load(app, principal, Permission::ClassRun, class_id).await?;
    if class.state != ClassState::InProgress {
        return Err(AppError::rule(
            "CLASS_NOT_RUNNING",
            "开班后才能登记到位情况",
        ));
    }
    let marks: Vec<(PersonId, bool)> = input
        .marks
        .iter()
        .map(|m| (m.person_id, m.arrived))
        .collect();
    enrolment::mark_arrival(&app.db, &principal.actor(), app.now(), class_id, &marks).await?;
    arrival(app, principal, class_id).await
}

/// Arrival per unit (到位情况).
pub async fn arrival(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
) -> AppResult<Vec<UnitArrival>> {
    let v = visibility(app, principal, Permission::ClassRead).await?;
    Ok(enrolment::arrival_by_unit(&app.db, &v, class_id).await?)
}
