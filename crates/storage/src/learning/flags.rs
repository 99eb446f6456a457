//! Flags raised while learning is counted, and their review: each is written in the
//! transaction that saw it, with the evidence in words; the authority reads them, marks each
//! reviewed with a note, and nothing is taken away by a flag alone.

use crate::audit::{self, Actor, AuditEvent};
use crate::db::Db;
use crate::entity::{learning_flag, learning_playback};
use crate::error::{StoreError, StoreResult};
use crate::org::scope::AccessScope;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use ganxun_domain::FlagId;
use ganxun_domain::PersonId;
use ganxun_domain::PlaybackId;
use ganxun_domain::calendar::china_midnight;
use ganxun_domain::learning::FlagKind;
use ganxun_domain::learning::flags::{SHARED_ADDRESS_WINDOW, shared_address};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::BTreeMap;

/// A flag as the review list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub id: FlagId,
    pub person_id: PersonId,
    pub person_name: String,
    pub unit_name: String,
    pub playback_id: Option<PlaybackId>,
    pub kind: FlagKind,
    pub detail: String,
    pub at: DateTime<Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_note: Option<String>,
}

/// Raises a flag inside the caller's transaction.
pub(crate) async fn raise(
    conn: &impl ConnectionTrait,
    person_id: PersonId,
    playback_id: Option<PlaybackId>,
    kind: FlagKind,
    detail: String,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    learning_flag::Entity::insert(new_flag(person_id, playback_id, kind, detail, now))
        .exec(conn)
        .await?;
    Ok(())
}

/// A flag's row, not reviewed yet (a batch of heartbeats writes its flags together).
pub(crate) fn new_flag(
    person_id: PersonId,
    playback_id: Option<PlaybackId>,
    kind: FlagKind,
    detail: String,
    now: DateTime<Utc>,
) -> learning_flag::ActiveModel {
    learning_flag::ActiveModel {
        person_id: Set(person_id),
        playback_id: Set(playback_id),
        kind: Set(kind.code().to_owned()),
        detail: Set(detail),
        at: Set(now),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        review_note: Set(None),
        ..Default::default()
    }
}

/// After a playback started from `ip`: flags the person when enough different learners started
/// from that address within the window (once per person and window).
pub(crate) async fn check_shared_address(
    conn: &impl ConnectionTrait,
    person_id: PersonId,
    playback_id: PlaybackId,
    ip: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let since = now - SHARED_ADDRESS_WINDOW;
    let starts: Vec<(PersonId, DateTime<Utc>)> = learning_playback::Entity::find()
        .select_only()
        .columns([
            learning_playback::Column::PersonId,
            learning_playback::Column::StartedAt,
        ])
        .filter(learning_playback::Column::Ip.eq(ip))
        .filter(learning_playback::Column::StartedAt.gte(since))
        .into_tuple()
        .all(conn)
        .await?;
    if !shared_address(&starts, now) {
        return Ok(());
    }
    let already = learning_flag::Entity::find()
        .filter(learning_flag::Column::PersonId.eq(person_id))
        .filter(learning_flag::Column::Kind.eq(FlagKind::SharedAddress.code()))
        .filter(learning_flag::Column::At.gte(since))
        .one(conn)
        .await?
        .is_some();
    if already {
        return Ok(());
    }
    let people: std::collections::BTreeSet<PersonId> = starts.iter().map(|(p, _)| *p).collect();
    raise(
        conn,
        person_id,
        Some(playback_id),
        FlagKind::SharedAddress,
        format!(
            "10 分钟内有 {} 个账号从同一地址 {ip} 开始学习",
            people.len()
        ),
        now,
    )
    .await
}

/// Looks back over one China day: who learned in `ROUND_THE_CLOCK_HOURS` or more of its
/// hours, and who learned in the same minutes on `SAME_SCHEDULE_DAYS` of the seven days up to
/// it. Examining a day again raises nothing twice. Returns how many flags it raised.
pub async fn examine_day(db: &Db, day: NaiveDate, now: DateTime<Utc>) -> StoreResult<usize> {
    use ganxun_domain::learning::flags::{
        ROUND_THE_CLOCK_HOURS, SAME_SCHEDULE_DAYS, Span, active_hours, identical_days,
    };
    let conn = db.connection();
    let next = day + TimeDelta::days(1);
    let week_start = day - TimeDelta::days(6);
    let spans: Vec<(PersonId, DateTime<Utc>, Option<DateTime<Utc>>)> =
        learning_playback::Entity::find()
            .select_only()
            .columns([
                learning_playback::Column::PersonId,
                learning_playback::Column::StartedAt,
                learning_playback::Column::LastAt,
            ])
            .filter(learning_playback::Column::StartedAt.gte(china_midnight(week_start)))
            .filter(learning_playback::Column::StartedAt.lt(china_midnight(next)))
            .filter(learning_playback::Column::LastAt.is_not_null())
            .into_tuple()
            .all(conn)
            .await?;
    // Person → China date → spans that earned (start to last credited heartbeat).
    let mut by_person: BTreeMap<PersonId, BTreeMap<NaiveDate, Vec<Span>>> = BTreeMap::new();
    for (person, from, to) in spans {
        if let Some(to) = to.filter(|to| *to > from) {
            by_person
                .entry(person)
                .or_default()
                .entry(ganxun_domain::china_date(from))
                .or_default()
                .push((from, to));
        }
    }
    let date = day.format("%Y-%m-%d").to_string();
    let mut raised = 0;
    for (person, days) in by_person {
        let around: Vec<_> = [day - TimeDelta::days(1), day]
            .iter()
            .filter_map(|d| days.get(d))
            .flatten()
            .copied()
            .collect();
        let hours = active_hours(&around, day).len();
        if hours >= ROUND_THE_CLOCK_HOURS
            && !already(conn, person, FlagKind::RoundTheClock, &date).await?
        {
            let detail =
                format!("{date} 一天中有 {hours} 个小时在学习计时（常人需要休息，疑为挂机或脚本）");
            raise(conn, person, None, FlagKind::RoundTheClock, detail, now).await?;
            raised += 1;
        }
        let recent = learning_flag::Entity::find()
            .filter(learning_flag::Column::PersonId.eq(person))
            .filter(learning_flag::Column::Kind.eq(FlagKind::IdenticalDays.code()))
            .filter(learning_flag::Column::At.gte(now - TimeDelta::days(7)))
            .one(conn)
            .await?
            .is_some();
        if days.contains_key(&day) && identical_days(&days) && !recent {
            let detail = format!(
                "截至 {date} 的 7 天中，至少 {SAME_SCHEDULE_DAYS} 天的开始和结束学习时间相差不到 1 分钟（疑为定时脚本）"
            );
            raise(conn, person, None, FlagKind::IdenticalDays, detail, now).await?;
            raised += 1;
        }
    }
    Ok(raised)
}

/// A flag of this kind about this day exists for the person (its detail begins with the date).
async fn already(
    conn: &impl ConnectionTrait,
    person: PersonId,
    kind: FlagKind,
    date: &str,
) -> StoreResult<bool> {
    Ok(learning_flag::Entity::find()
        .filter(learning_flag::Column::PersonId.eq(person))
        .filter(learning_flag::Column::Kind.eq(kind.code()))
        .filter(learning_flag::Column::Detail.starts_with(date))
        .one(conn)
        .await?
        .is_some())
}

/// Flags in the scope, newest first; `open_only` leaves out the reviewed ones.
pub async fn list(db: &Db, scope: &AccessScope, open_only: bool) -> StoreResult<Vec<Flag>> {
    let conn = db.connection();
    let mut query = learning_flag::Entity::find()
        .order_by_desc(learning_flag::Column::At)
        .order_by_desc(learning_flag::Column::Id)
        .limit(1000);
    if open_only {
        query = query.filter(learning_flag::Column::ReviewedAt.is_null());
    }
    let flags = query.all(conn).await?;
    let people = super::named(conn, flags.iter().map(|f| f.person_id)).await?;
    Ok(flags
        .into_iter()
        .filter_map(|f| {
            let who = people.get(&f.person_id)?;
            if !scope.reaches(&who.unit_path, who.unit_id, f.person_id) {
                return None;
            }
            Some(Flag {
                id: f.id,
                person_id: f.person_id,
                person_name: who.name.clone(),
                unit_name: who.unit_name.clone(),
                playback_id: f.playback_id,
                kind: FlagKind::parse(&f.kind)?,
                detail: f.detail,
                at: f.at,
                reviewed_by: f.reviewed_by,
                reviewed_at: f.reviewed_at,
                review_note: f.review_note,
            })
        })
        .collect())
}

/// Marks a flag reviewed with the reviewer's note (audited).
pub async fn review(
    db: &Db,
    actor: &Actor,
    now: DateTime<Utc>,
    id: FlagId,
    note: &str,
) -> StoreResult<()> {
    let tx = db.begin_write().await?;
    let flag = learning_flag::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut model: learning_flag::ActiveModel = flag.into();
    model.reviewed_by = Set(Some(actor.name.clone()));
    model.reviewed_at = Set(Some(now));
    model.review_note = Set(Some(note.to_owned()));
    model.update(&tx).await?;
    audit::append(
        &tx,
        db.key()?,
        actor,
        now,
        AuditEvent::new("learning.flag.review", "learning_flag", id)
            .after(serde_json::json!({ "note": note })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
