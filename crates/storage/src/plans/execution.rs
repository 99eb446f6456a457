//! The classes that carried out a plan (年度培训计划执行情况, issue 17 item 12): those created
//! from its items, and those its unit organised in the plan's year outside it (计划外), each
//! with how many trainees are enrolled.

use super::Plan;
use crate::db::Db;
use crate::entity::{class_enrolment, training_class};
use crate::error::StoreResult;
use chrono::NaiveDate;
use ganxun_domain::ClassId;
use ganxun_domain::ClassState;
use ganxun_domain::PlanItemId;
use ganxun_domain::classes::EnrolmentStatus;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;

/// A class as the plan's execution report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldClass {
    pub id: ClassId,
    pub title: String,
    /// The plan item it was created from; none for a class outside the plan.
    pub plan_item_id: Option<PlanItemId>,
    pub state: ClassState,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub host_name: String,
    /// Trainees enrolled (not waiting, withdrawn or removed).
    pub enrolled: i64,
}

/// The classes created from the plan's items, and the classes its unit organised starting in
/// its year without an item, by start date.
pub async fn held_classes(db: &Db, plan: &Plan) -> StoreResult<(Vec<HeldClass>, Vec<HeldClass>)> {
    let item_ids: Vec<PlanItemId> = plan.items.iter().map(|i| i.id).collect();
    let planned = if item_ids.is_empty() {
        Vec::new()
    } else {
        training_class::Entity::find()
            .filter(training_class::Column::PlanItemId.is_in(item_ids))
            .order_by_asc(training_class::Column::StartsOn)
            .order_by_asc(training_class::Column::Id)
            .all(&db.conn)
            .await?
    };
    let (first, last) = (
        NaiveDate::from_ymd_opt(plan.year, 1, 1),
        NaiveDate::from_ymd_opt(plan.year, 12, 31),
    );
    let unplanned = match (first, last) {
        (Some(first), Some(last)) => {
            training_class::Entity::find()
                .filter(training_class::Column::OrganiserUnitId.eq(plan.unit_id))
                .filter(training_class::Column::PlanItemId.is_null())
                .filter(training_class::Column::StartsOn.between(first, last))
                .order_by_asc(training_class::Column::StartsOn)
                .order_by_asc(training_class::Column::Id)
                .all(&db.conn)
                .await?
        }
        _ => Vec::new(),
    };
    let ids: Vec<ClassId> = planned.iter().chain(&unplanned).map(|c| c.id).collect();
    let enrolled: HashMap<ClassId, i64> = if ids.is_empty() {
        HashMap::new()
    } else {
        class_enrolment::Entity::find()
            .select_only()
            .column(class_enrolment::Column::ClassId)
            .column_as(class_enrolment::Column::Id.count(), "enrolled")
            .filter(class_enrolment::Column::ClassId.is_in(ids))
            .filter(class_enrolment::Column::Status.eq(EnrolmentStatus::Enrolled))
            .group_by(class_enrolment::Column::ClassId)
            .into_tuple::<(ClassId, i64)>()
            .all(&db.conn)
            .await?
            .into_iter()
            .collect()
    };
    let held = |rows: Vec<training_class::Model>| -> Vec<HeldClass> {
        rows.into_iter()
            .map(|c| HeldClass {
                enrolled: enrolled.get(&c.id).copied().unwrap_or(0),
                id: c.id,
                title: c.title,
                plan_item_id: c.plan_item_id,
                state: c.state,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                host_name: c.host_name,
            })
            .collect()
    };
    Ok((held(planned), held(unplanned)))
}
