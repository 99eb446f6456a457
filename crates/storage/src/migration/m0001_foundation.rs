//! Organisations, people with dated history, accounts and roles, sessions, the audit chain.
//!
//! Every unique index and foreign key has a name, so a violation can be reported by name
//! (STYLE 5). Columns compared as byte ranges (tree paths, name prefixes) use the "C" collation
//! on PostgreSQL so that the range scans behave exactly as on SQLite.

use super::columns::{byte_ordered_text, fk, id, index, instant};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Meta {
    Table,
    Key,
    Value,
}

#[derive(DeriveIden)]
enum OrgUnit {
    Table,
    Id,
    Code,
    Name,
    UnitType,
    ParentId,
    Path,
    Depth,
    SortOrder,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
    Name,
    NameInitials,
    Sex,
    BirthDate,
    IdCardCipher,
    IdCardHash,
    IdCardMasked,
    PhoneCipher,
    PhoneHash,
    PhoneMasked,
    UnitId,
    UnitPath,
    Position,
    Rank,
    Education,
    PostStartDate,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PersonPost {
    Table,
    Id,
    PersonId,
    ValidFrom,
    UnitId,
    Position,
    Rank,
    RecordedAt,
    RecordedBy,
}

#[derive(DeriveIden)]
enum PersonCategory {
    Table,
    Id,
    PersonId,
    Category,
    ValidFrom,
    ValidTo,
    UnitId,
    UnitPath,
    Active,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    UnitId,
    PersonId,
    MustChangePassword,
    FailedAttempts,
    LockedUntil,
    Active,
    PasswordChangedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AccountRole {
    Table,
    Id,
    AccountId,
    Role,
    ScopeKind,
    ScopeUnits,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    AccountId,
    CsrfToken,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    EndedAt,
    Ip,
    UserAgent,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    ActorName,
    Ip,
    Action,
    EntityType,
    EntityId,
    Before,
    After,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    LastId,
    LastHash,
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        manager
            .create_table(
                Table::create()
                    .table(Meta::Table)
                    .col(ColumnDef::new(Meta::Key).string().not_null().primary_key())
                    .col(ColumnDef::new(Meta::Value).text().not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrgUnit::Table)
                    .col(id(OrgUnit::Id))
                    .col(ColumnDef::new(OrgUnit::Code).string().not_null())
                    .col(ColumnDef::new(OrgUnit::Name).string().not_null())
                    .col(ColumnDef::new(OrgUnit::UnitType).string().not_null())
                    .col(ColumnDef::new(OrgUnit::ParentId).big_integer().null())
                    .col(byte_ordered_text(backend, OrgUnit::Path))
                    .col(ColumnDef::new(OrgUnit::Depth).integer().not_null())
                    .col(
                        ColumnDef::new(OrgUnit::SortOrder)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(OrgUnit::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(instant(OrgUnit::CreatedAt))
                    .col(instant(OrgUnit::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_org_unit_parent",
                        (OrgUnit::Table, OrgUnit::ParentId),
                        (OrgUnit::Table, OrgUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_org_unit_code", OrgUnit::Table, &["code"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_org_unit_path", OrgUnit::Table, &["path"]))
            .await?;
        manager
            .create_index(index(
                "ix_org_unit_parent",
                OrgUnit::Table,
                &["parent_id", "sort_order"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Person::Table)
                    .col(id(Person::Id))
                    .col(byte_ordered_text(backend, Person::Name))
                    .col(byte_ordered_text(backend, Person::NameInitials))
                    .col(ColumnDef::new(Person::Sex).string().not_null())
                    .col(ColumnDef::new(Person::BirthDate).date().not_null())
                    .col(ColumnDef::new(Person::IdCardCipher).blob().not_null())
                    .col(ColumnDef::new(Person::IdCardHash).string().not_null())
                    .col(ColumnDef::new(Person::IdCardMasked).string().not_null())
                    .col(ColumnDef::new(Person::PhoneCipher).blob().null())
                    .col(ColumnDef::new(Person::PhoneHash).string().null())
                    .col(ColumnDef::new(Person::PhoneMasked).string().null())
                    .col(ColumnDef::new(Person::UnitId).big_integer().not_null())
                    .col(byte_ordered_text(backend, Person::UnitPath))
                    .col(
                        ColumnDef::new(Person::Position)
                            .string()
                            .not_null()
                            .default(""),
                    )
                    .col(ColumnDef::new(Person::Rank).string().not_null())
                    .col(ColumnDef::new(Person::Education).string().null())
                    .col(ColumnDef::new(Person::PostStartDate).date().null())
                    .col(
                        ColumnDef::new(Person::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        ColumnDef::new(Person::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(instant(Person::CreatedAt))
                    .col(instant(Person::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_person_unit",
                        (Person::Table, Person::UnitId),
                        (OrgUnit::Table, OrgUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_person_id_card", Person::Table, &["id_card_hash"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_person_phone", Person::Table, &["phone_hash"]))
            .await?;
        manager
            .create_index(index(
                "ix_person_unit_path",
                Person::Table,
                &["unit_path", "active", "id"],
            ))
            .await?;
        // Search indexes carry `active` so that filtering and counting never touch the table
        // (ADR 0001); lists are ordered by the same columns.
        manager
            .create_index(index("ix_person_unit", Person::Table, &["unit_id"]))
            .await?;
        manager
            .create_index(index(
                "ix_person_name",
                Person::Table,
                &["name", "active", "unit_path", "id"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_person_initials",
                Person::Table,
                &["name_initials", "active", "unit_path", "id"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_person_rank",
                Person::Table,
                &["rank", "unit_path", "active", "id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PersonPost::Table)
                    .col(id(PersonPost::Id))
                    .col(
                        ColumnDef::new(PersonPost::PersonId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PersonPost::ValidFrom).date().not_null())
                    .col(ColumnDef::new(PersonPost::UnitId).big_integer().not_null())
                    .col(
                        ColumnDef::new(PersonPost::Position)
                            .string()
                            .not_null()
                            .default(""),
                    )
                    .col(ColumnDef::new(PersonPost::Rank).string().not_null())
                    .col(instant(PersonPost::RecordedAt))
                    .col(ColumnDef::new(PersonPost::RecordedBy).string().not_null())
                    .foreign_key(&mut fk(
                        "fk_person_post_person",
                        (PersonPost::Table, PersonPost::PersonId),
                        (Person::Table, Person::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_person_post_unit",
                        (PersonPost::Table, PersonPost::UnitId),
                        (OrgUnit::Table, OrgUnit::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_person_post_date",
                    PersonPost::Table,
                    &["person_id", "valid_from"],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PersonCategory::Table)
                    .col(id(PersonCategory::Id))
                    .col(
                        ColumnDef::new(PersonCategory::PersonId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(PersonCategory::Category).string().not_null())
                    .col(ColumnDef::new(PersonCategory::ValidFrom).date().not_null())
                    .col(ColumnDef::new(PersonCategory::ValidTo).date().null())
                    // Copies of the person's unit and status, kept in step in the same
                    // transactions, so "how many reserve cadres in my county" is one index
                    // range (ADR 0001).
                    .col(
                        ColumnDef::new(PersonCategory::UnitId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(byte_ordered_text(backend, PersonCategory::UnitPath))
                    .col(
                        ColumnDef::new(PersonCategory::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .foreign_key(&mut fk(
                        "fk_person_category_person",
                        (PersonCategory::Table, PersonCategory::PersonId),
                        (Person::Table, Person::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_person_category_person",
                PersonCategory::Table,
                &["person_id", "category", "valid_to"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_person_category_current",
                PersonCategory::Table,
                &["category", "valid_to", "unit_path", "active", "person_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Account::Table)
                    .col(id(Account::Id))
                    .col(ColumnDef::new(Account::Username).string().not_null())
                    .col(ColumnDef::new(Account::DisplayName).string().not_null())
                    .col(ColumnDef::new(Account::PasswordHash).string().not_null())
                    .col(ColumnDef::new(Account::UnitId).big_integer().not_null())
                    .col(ColumnDef::new(Account::PersonId).big_integer().null())
                    .col(
                        ColumnDef::new(Account::MustChangePassword)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        ColumnDef::new(Account::FailedAttempts)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Account::LockedUntil)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Account::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(instant(Account::PasswordChangedAt))
                    .col(instant(Account::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_account_unit",
                        (Account::Table, Account::UnitId),
                        (OrgUnit::Table, OrgUnit::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_account_person",
                        (Account::Table, Account::PersonId),
                        (Person::Table, Person::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_account_username", Account::Table, &["username"])
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccountRole::Table)
                    .col(id(AccountRole::Id))
                    .col(
                        ColumnDef::new(AccountRole::AccountId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(AccountRole::Role).string().not_null())
                    .col(ColumnDef::new(AccountRole::ScopeKind).string().not_null())
                    .col(
                        ColumnDef::new(AccountRole::ScopeUnits)
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .foreign_key(&mut fk(
                        "fk_account_role_account",
                        (AccountRole::Table, AccountRole::AccountId),
                        (Account::Table, Account::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_account_role",
                    AccountRole::Table,
                    &["account_id", "role"],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(
                        ColumnDef::new(Session::Id)
                            .string()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Session::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Session::CsrfToken).string().not_null())
                    .col(instant(Session::CreatedAt))
                    .col(instant(Session::LastSeenAt))
                    .col(instant(Session::ExpiresAt))
                    .col(
                        ColumnDef::new(Session::EndedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Session::Ip).string().not_null().default(""))
                    .col(
                        ColumnDef::new(Session::UserAgent)
                            .string()
                            .not_null()
                            .default(""),
                    )
                    .foreign_key(&mut fk(
                        "fk_session_account",
                        (Session::Table, Session::AccountId),
                        (Account::Table, Account::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_session_account", Session::Table, &["account_id"]))
            .await?;

        // The audit log: ids are assigned by the chain (last id + 1), not by a sequence, so a gap
        // is evidence of a deletion. `at` is text in one fixed UTC format: it is hashed as stored.
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(
                        ColumnDef::new(AuditLog::Id)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AuditLog::At).string().not_null())
                    .col(ColumnDef::new(AuditLog::ActorId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::ActorName).string().not_null())
                    .col(ColumnDef::new(AuditLog::Ip).string().not_null())
                    .col(ColumnDef::new(AuditLog::Action).string().not_null())
                    .col(ColumnDef::new(AuditLog::EntityType).string().not_null())
                    .col(ColumnDef::new(AuditLog::EntityId).string().not_null())
                    .col(ColumnDef::new(AuditLog::Before).text().null())
                    .col(ColumnDef::new(AuditLog::After).text().null())
                    .col(ColumnDef::new(AuditLog::PrevHash).string().not_null())
                    .col(ColumnDef::new(AuditLog::Hash).string().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_audit_log_at", AuditLog::Table, &["at"]))
            .await?;
        manager
            .create_index(index(
                "ix_audit_log_actor",
                AuditLog::Table,
                &["actor_id", "id"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_audit_log_action",
                AuditLog::Table,
                &["action", "id"],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_audit_log_entity",
                AuditLog::Table,
                &["entity_type", "entity_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(
                        ColumnDef::new(AuditHead::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AuditHead::LastId).big_integer().not_null())
                    .col(ColumnDef::new(AuditHead::LastHash).string().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditHead::Table)
                    .columns([AuditHead::Id, AuditHead::LastId, AuditHead::LastHash])
                    .values_panic([
                        1.into(),
                        0i64.into(),
                        crate::audit::genesis::GENESIS_HASH.into(),
                    ])
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
