use ganxun_domain::PersonId;
use ganxun_domain::UnitId;
use ganxun_domain::{Education, Rank, Sex};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PersonId,
    pub name: String,
    pub name_initials: String,
    pub sex: Sex,
    pub birth_date: Date,
    /// AES-256-GCM, nonce first; the key lives outside the database.
    pub id_card_cipher: Vec<u8>,
    /// Keyed hash (HMAC-SHA-256) for exact look-up and uniqueness.
    pub id_card_hash: String,
    /// The masked form, kept so lists never need to decrypt.
    pub id_card_masked: String,
    pub phone_cipher: Option<Vec<u8>>,
    pub phone_hash: Option<String>,
    pub phone_masked: Option<String>,
    pub unit_id: UnitId,
    /// Copy of the unit's path, so "unit and below" is one index range scan.
    pub unit_path: String,
    pub position: String,
    pub rank: Rank,
    pub education: Option<Education>,
    pub post_start_date: Option<Date>,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
