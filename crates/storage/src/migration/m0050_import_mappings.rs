//! The column mapping each unit last chose for an import (issue 17 item 10): one row per unit
//! and kind of import, replaced by the next import that maps columns.

use super::columns::{at, big, short, table, text, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("import_mapping")
                    .col(big("unit_id"))
                    .col(short("kind"))
                    .col(text("mapping"))
                    .col(at("updated_at"))
                    .col(short("updated_by"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_import_mapping_unit_kind",
            "import_mapping",
            &["unit_id", "kind"],
        )
        .await
    }
}
