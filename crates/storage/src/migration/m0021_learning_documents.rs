//! Document lessons (issue 16: PDFs shown in the page, timed by the server): a media file is a
//! video or a document with its page count; a lesson keeps its document's pages; a playback
//! the page it last reported; a learner's progress how long each page was on screen and the
//! page to resume at.

use super::columns::c;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One column per statement: SQLite alters a table one change at a time.
async fn add(
    manager: &SchemaManager<'_>,
    table: &str,
    column: &mut ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(c(table)).add_column(column).to_owned())
        .await
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Every file kept before was a video.
        add(
            manager,
            "learning_media",
            ColumnDef::new(c("kind"))
                .string()
                .not_null()
                .default("video"),
        )
        .await?;
        add(
            manager,
            "learning_media",
            ColumnDef::new(c("pages")).integer().not_null().default(0),
        )
        .await?;
        add(
            manager,
            "learning_lesson",
            ColumnDef::new(c("pages")).integer().not_null().default(0),
        )
        .await?;
        add(
            manager,
            "learning_playback",
            ColumnDef::new(c("last_page")).integer().null(),
        )
        .await?;
        // Milliseconds on screen per page, page 1 first ("12000,0,9000"); empty for a video.
        add(
            manager,
            "learning_progress",
            ColumnDef::new(c("page_views"))
                .text()
                .not_null()
                .default(""),
        )
        .await?;
        add(
            manager,
            "learning_progress",
            ColumnDef::new(c("resume_page"))
                .integer()
                .not_null()
                .default(0),
        )
        .await
    }
}
