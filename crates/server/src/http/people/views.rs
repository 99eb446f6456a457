//! What the people API returns: a person (numbers masked), pages of them, their history and
//! the dashboard counts, as API types made from the storage rows.

use chrono::{DateTime, NaiveDate, Utc};
use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::{Category, Education, Rank, Sex};
use ganxun_storage::people;
use serde::Serialize;
use utoipa::ToSchema;

/// A person as every response sees them: personal numbers masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonView {
    #[schema(value_type = i64)]
    pub id: PersonId,
    pub name: String,
    pub name_initials: String,
    #[schema(value_type = String)]
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub id_card_masked: String,
    pub phone_masked: Option<String>,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub position: String,
    #[schema(value_type = String)]
    pub rank: Rank,
    #[schema(value_type = Vec<String>)]
    pub categories: Vec<Category>,
    #[schema(value_type = Option<String>)]
    pub education: Option<Education>,
    pub post_start_date: Option<NaiveDate>,
    pub active: bool,
    pub version: i32,
}

impl From<people::PersonView> for PersonView {
    fn from(r: people::PersonView) -> Self {
        Self {
            id: r.id,
            name: r.name,
            name_initials: r.name_initials,
            sex: r.sex,
            birth_date: r.birth_date,
            id_card_masked: r.id_card_masked,
            phone_masked: r.phone_masked,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            position: r.position,
            rank: r.rank,
            categories: r.categories,
            education: r.education,
            post_start_date: r.post_start_date,
            active: r.active,
            version: r.version,
        }
    }
}

/// The dated history of a person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonHistory {
    pub posts: Vec<PostRecord>,
    pub categories: Vec<CategoryRecord>,
}

impl From<people::PersonHistory> for PersonHistory {
    fn from(r: people::PersonHistory) -> Self {
        Self {
            posts: r.posts.into_iter().map(Into::into).collect(),
            categories: r.categories.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostRecord {
    pub valid_from: NaiveDate,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub position: String,
    #[schema(value_type = String)]
    pub rank: Rank,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

impl From<people::PostRecord> for PostRecord {
    fn from(r: people::PostRecord) -> Self {
        Self {
            valid_from: r.valid_from,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            position: r.position,
            rank: r.rank,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryRecord {
    #[schema(value_type = String)]
    pub category: Category,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl From<people::CategoryRecord> for CategoryRecord {
    fn from(r: people::CategoryRecord) -> Self {
        Self {
            category: r.category,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
        }
    }
}

/// What a person was on a given date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonAsOf {
    pub date: NaiveDate,
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub position: String,
    #[schema(value_type = String)]
    pub rank: Rank,
    #[schema(value_type = Vec<String>)]
    pub categories: Vec<Category>,
}

impl From<people::PersonAsOf> for PersonAsOf {
    fn from(r: people::PersonAsOf) -> Self {
        Self {
            date: r.date,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            position: r.position,
            rank: r.rank,
            categories: r.categories,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Revealed {
    pub id_card: Option<String>,
    pub phone: Option<String>,
}

impl From<people::Revealed> for Revealed {
    fn from(r: people::Revealed) -> Self {
        Self {
            id_card: r.id_card,
            phone: r.phone,
        }
    }
}

/// A count under a label, for dashboards.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: u64,
}

impl From<people::Count> for Count {
    fn from(r: people::Count) -> Self {
        Self {
            code: r.code,
            label: r.label,
            count: r.count,
        }
    }
}

/// People under one unit, for dashboards.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitCount {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub name: String,
    pub count: u64,
}

impl From<people::UnitCount> for UnitCount {
    fn from(r: people::UnitCount) -> Self {
        Self {
            unit_id: r.unit_id,
            name: r.name,
            count: r.count,
        }
    }
}

/// Active people in a scope, counted by category, rank and by the direct children of a unit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PeopleStats {
    #[schema(value_type = i64)]
    pub unit_id: UnitId,
    pub unit_name: String,
    pub total: u64,
    pub by_category: Vec<Count>,
    pub by_rank: Vec<Count>,
    /// Each direct child of the unit with its whole subtree; the unit's own people first.
    pub by_unit: Vec<UnitCount>,
}

impl From<people::PeopleStats> for PeopleStats {
    fn from(r: people::PeopleStats) -> Self {
        Self {
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            total: r.total,
            by_category: r.by_category.into_iter().map(Into::into).collect(),
            by_rank: r.by_rank.into_iter().map(Into::into).collect(),
            by_unit: r.by_unit.into_iter().map(Into::into).collect(),
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub page_size: u64,
    /// Exact when `total_exact`, else a lower bound (`COUNT_CAP`).
    pub total: u64,
    pub total_exact: bool,
}

impl<T, U: Into<T>> From<people::Page<U>> for Page<T> {
    fn from(p: people::Page<U>) -> Self {
        Self {
            items: p.items.into_iter().map(Into::into).collect(),
            page: p.page,
            page_size: p.page_size,
            total: p.total,
            total_exact: p.total_exact,
        }
    }
}
