//! Final grades (R-GRD-1): a class's grading scheme and the component scores entered by hand.
//! The sheet itself is computed by the domain from these and the class's other records.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{class_grade_score, class_grading, credit_fact};
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use ganxun_domain::ClassId;
use ganxun_domain::PersonId;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// The stored scheme of a class (JSON), if one was saved.
pub async fn scheme(db: &Db, class_id: ClassId) -> StoreResult<Option<String>> {
    Ok(class_grading::Entity::find()
        .filter(class_grading::Column::ClassId.eq(class_id))
        .one(&db.conn)
        .await?
        .map(|g| g.scheme))
}

/// Saves a class's scheme (checked by the application).
pub async fn save_scheme(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    scheme: &str,
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    let found = class_grading::Entity::find()
        .filter(class_grading::Column::ClassId.eq(class_id))
        .one(&tx)
        .await?;
    let before = found.as_ref().map(|g| g.scheme.clone());
    match found {
        Some(g) => {
            let mut model: class_grading::ActiveModel = g.into();
            model.scheme = Set(scheme.to_owned());
            model.saved_by = Set(actor.name.clone());
            model.saved_at = Set(now);
            model.update(&tx).await?;
        }
        None => {
            class_grading::ActiveModel {
                class_id: Set(class_id),
                scheme: Set(scheme.to_owned()),
                saved_by: Set(actor.name.clone()),
                saved_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
        }
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.grading", "training_class", class_id)
            .before(before)
            .after(scheme),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets one component's scores for some trainees (others keep theirs). `adopt` is the scheme
/// a class without a saved one takes in the same transaction (the one the scores were entered
/// against, ADR 0023).
#[allow(
    clippy::too_many_arguments,
    reason = "the scores, and the scheme they adopt"
)]
pub async fn set_scores(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    class_id: ClassId,
    component: &str,
    scores: &[(PersonId, i32)],
    adopt: Option<&str>,
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    if let Some(scheme) = adopt {
        let saved = class_grading::Entity::find()
            .filter(class_grading::Column::ClassId.eq(class_id))
            .one(&tx)
            .await?;
        if saved.is_none() {
            class_grading::ActiveModel {
                class_id: Set(class_id),
                scheme: Set(scheme.to_owned()),
                saved_by: Set(actor.name.clone()),
                saved_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
            audit::append(
                &tx,
                db.key()?,
                actor,
                now,
                AuditEvent::new("class.grading", "training_class", class_id).after(scheme),
            )
            .await?;
        }
    }
    for &(person_id, score) in scores {
        let found = class_grade_score::Entity::find()
            .filter(class_grade_score::Column::ClassId.eq(class_id))
            .filter(class_grade_score::Column::PersonId.eq(person_id))
            .filter(class_grade_score::Column::Component.eq(component))
            .one(&tx)
            .await?;
        match found {
            Some(row) => {
                let mut model: class_grade_score::ActiveModel = row.into();
                model.score = Set(score);
                model.entered_by = Set(actor.name.clone());
                model.entered_at = Set(now);
                model.update(&tx).await?;
            }
            None => {
                class_grade_score::ActiveModel {
                    class_id: Set(class_id),
                    person_id: Set(person_id),
                    component: Set(component.to_owned()),
                    score: Set(score),
                    entered_by: Set(actor.name.clone()),
                    entered_at: Set(now),
                    ..Default::default()
                }
                .insert(&tx)
                .await?;
            }
        }
    }
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("class.grades", "training_class", class_id)
            .after(serde_json::json!({"component": component, "scores": scores})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Scores entered by hand: (person, component, hundredths).
pub async fn manual_scores(
    db: &Db,
    class_id: ClassId,
) -> StoreResult<Vec<(PersonId, String, i32)>> {
    Ok(class_grade_score::Entity::find()
        .filter(class_grade_score::Column::ClassId.eq(class_id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|s| (s.person_id, s.component, s.score))
        .collect())
}

/// Approved exam or assignment scores recorded for a class: (person, hundredths).
pub async fn recorded_scores(
    db: &Db,
    class_id: ClassId,
    kind: &str,
) -> StoreResult<Vec<(PersonId, u32)>> {
    Ok(credit_fact::Entity::find()
        .filter(credit_fact::Column::ClassId.eq(class_id))
        .filter(credit_fact::Column::Kind.eq(kind))
        .filter(credit_fact::Column::State.eq(ganxun_domain::review::ReviewState::Approved.code()))
        .all(&db.conn)
        .await?
        .into_iter()
        .filter_map(|f| {
            let data: serde_json::Value = serde_json::from_str(&f.data).ok()?;
            let score = u32::try_from(data["score"].as_u64()?).ok()?;
            Some((f.person_id?, score))
        })
        .collect())
}
