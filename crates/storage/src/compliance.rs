//! What the compliance review reads about one person (issue 7, ADR 0009): the dated post
//! records with their ids (a promotion is named by the record that made it), the category
//! history, the classes the person was enrolled in, with the days their sessions fell on, and
//! the approved records of training done outside the system (R-ARC-1).
//! The application turns these rows into the evaluator's `ComplianceFacts`.

use crate::classes::enrolment::ENROLLED;
use crate::db::Db;
use crate::entity::{class_enrolment, class_session, person_category, person_post, training_class};
use crate::error::StoreResult;
use crate::scope::AccessScope;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, BTreeSet};

/// One dated post record: it holds from `valid_from` until the next record's `valid_from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostStep {
    pub id: i64,
    pub valid_from: NaiveDate,
    pub rank: String,
}

/// A category held from `valid_from` up to the day before `valid_to` (open when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategorySpan {
    pub category: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

/// A class the person holds a seat in (enrolled: not waiting, removed or withdrawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassTaken {
    pub class_id: i64,
    pub title: String,
    pub kind: String,
    pub host_type: String,
    pub host_name: String,
    pub state: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Class hours of the teaching plan, in hundredths.
    pub total_hours: i64,
    /// The distinct days the class's sessions fall on.
    pub session_days: u32,
}

/// Everything stored about one person that compliance reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplianceRows {
    /// Oldest first; records of the same day in the order they were made.
    pub posts: Vec<PostStep>,
    pub categories: Vec<CategorySpan>,
    /// By last day, then id.
    pub classes: Vec<ClassTaken>,
    /// Approved external training records, by last day, then id. Pending and rejected ones
    /// never count.
    pub external: Vec<crate::training_records::TrainingRecordRow>,
}

/// The rows of person `id`, if `scope` reaches them (`NotFound` otherwise, as for the person).
pub async fn rows_of(db: &Db, scope: &AccessScope, id: i64) -> StoreResult<ComplianceRows> {
    crate::people::get(db, scope, id).await?;
    let posts = person_post::Entity::find()
        .filter(person_post::Column::PersonId.eq(id))
        .order_by_asc(person_post::Column::ValidFrom)
        .order_by_asc(person_post::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|p| PostStep {
            id: p.id,
            valid_from: p.valid_from,
            rank: p.rank,
        })
        .collect();
    let categories = person_category::Entity::find()
        .filter(person_category::Column::PersonId.eq(id))
        .order_by_asc(person_category::Column::ValidFrom)
        .order_by_asc(person_category::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|c| CategorySpan {
            category: c.category,
            valid_from: c.valid_from,
            valid_to: c.valid_to,
        })
        .collect();
    let class_ids: Vec<i64> = class_enrolment::Entity::find()
        .filter(class_enrolment::Column::PersonId.eq(id))
        .filter(class_enrolment::Column::Status.eq(ENROLLED))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| e.class_id)
        .collect();
    let mut days: BTreeMap<i64, BTreeSet<NaiveDate>> = BTreeMap::new();
    for session in class_session::Entity::find()
        .filter(class_session::Column::ClassId.is_in(class_ids.clone()))
        .all(&db.conn)
        .await?
    {
        days.entry(session.class_id)
            .or_default()
            .insert(session.date);
    }
    let classes = training_class::Entity::find()
        .filter(training_class::Column::Id.is_in(class_ids))
        .order_by_asc(training_class::Column::EndsOn)
        .order_by_asc(training_class::Column::Id)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|c| ClassTaken {
            session_days: days
                .get(&c.id)
                .map_or(0, |d| u32::try_from(d.len()).unwrap_or(u32::MAX)),
            class_id: c.id,
            title: c.title,
            kind: c.kind,
            host_type: c.host_type,
            host_name: c.host_name,
            state: c.state,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            total_hours: c.total_hours,
        })
        .collect();
    let external = crate::training_records::approved_of(db, id).await?;
    Ok(ComplianceRows {
        posts,
        categories,
        classes,
        external,
    })
}
