use ganxun_domain::AccountId;
use ganxun_domain::PersonId;
use ganxun_domain::PlanItemId;
use ganxun_domain::UnitId;
use ganxun_domain::classes::FundingSource;
use ganxun_domain::{ClassId, ClassKind, ClassState, UnitType};
use sea_orm::entity::prelude::*;

/// A class dossier (R-CLS-1).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_class")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: ClassId,
    pub title: String,
    pub kind: ClassKind,
    pub organiser_unit_id: UnitId,
    pub organiser_path: String,
    pub host_unit_id: Option<UnitId>,
    pub host_name: String,
    pub host_type: UnitType,
    pub target_trainees: String,
    pub trainee_categories: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub venue: String,
    pub funding_source: FundingSource,
    pub fee_fen: i64,
    pub capacity: Option<i32>,
    pub head_teacher_account_id: Option<AccountId>,
    pub monitor_person_id: Option<PersonId>,
    pub liaison_name: String,
    pub liaison_phone_cipher: Option<Vec<u8>>,
    pub liaison_phone_masked: Option<String>,
    pub eligibility: String,
    pub plan_item_id: Option<PlanItemId>,
    pub state: ClassState,
    pub route: Option<String>,
    pub total_hours: i64,
    pub submitted_at: Option<DateTimeUtc>,
    pub submitted_by: Option<AccountId>,
    pub decided_at: Option<DateTimeUtc>,
    pub report_due_on: Option<Date>,
    pub version: i32,
    pub created_by: AccountId,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The office that decides leave (m0004); none means those who run the class.
    pub leave_office_unit_id: Option<UnitId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
