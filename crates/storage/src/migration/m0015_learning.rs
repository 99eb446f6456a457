//! Online learning (issue 16): the media the server measured, courses of lessons, each
//! person's credited segments per lesson, playbacks (one open per person: the lease), the
//! heartbeats that earned nothing (kept as evidence) and each person's credited time per day.

use super::columns::{
    at, big, date, flag, int, opt_big, opt_instant, opt_text, plain, short, table, text, unique,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table("learning_media")
                    // The file is kept in the media folder under its digest: one copy per content.
                    .col(short("sha256"))
                    .col(text("original_name"))
                    .col(big("bytes"))
                    // Read from the file by the server, never from the browser.
                    .col(big("duration_ms"))
                    .col(int("width"))
                    .col(int("height"))
                    .col(flag("fast_start"))
                    .col(short("uploaded_by"))
                    .col(at("uploaded_at"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_learning_media_sha256",
            "learning_media",
            &["sha256"],
        )
        .await?;
        manager
            .create_table(
                table("learning_course")
                    .col(text("title"))
                    // A training tag compliance counts (theory, party spirit, policy …).
                    .col(short("category"))
                    .col(text("summary"))
                    // draft, published, retired
                    .col(short("state"))
                    .col(int("version"))
                    .col(short("created_by"))
                    .col(at("created_at"))
                    .col(opt_instant("published_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                table("learning_lesson")
                    .col(big("course_id"))
                    .col(int("position"))
                    .col(text("title"))
                    .col(big("media_id"))
                    // The media's own length, copied so a playback needs one row.
                    .col(big("duration_ms"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_learning_lesson_course",
            "learning_lesson",
            &["course_id", "position"],
        )
        .await?;
        manager
            .create_table(
                table("learning_progress")
                    .col(big("person_id"))
                    .col(big("lesson_id"))
                    // The credited parts of the lesson, `[[start_ms, end_ms], …]`.
                    .col(text("watched"))
                    .col(big("earned_ms"))
                    .col(big("resume_ms"))
                    // Class hours (hundredths) the finished lesson earned, by the conversion
                    // in force when it was finished (R-REG-8); 0 until then.
                    .col(int("hours"))
                    .col(opt_instant("completed_at"))
                    .col(at("updated_at"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_learning_progress_person_lesson",
            "learning_progress",
            &["person_id", "lesson_id"],
        )
        .await?;
        manager
            .create_table(
                table("learning_playback")
                    .col(big("person_id"))
                    .col(big("lesson_id"))
                    .col(big("account_id"))
                    .col(short("ip"))
                    .col(at("started_at"))
                    .col(opt_instant("last_at"))
                    .col(opt_big("last_position_ms"))
                    // When the next presence check is due; the one waiting, and its answer.
                    .col(at("presence_due_at"))
                    .col(opt_instant("presence_since"))
                    .col(opt_text("presence_code"))
                    // Watched while the check waits: credited only with the right answer.
                    .col(text("held"))
                    .col(big("earned_ms"))
                    .col(int("refused_beats"))
                    .col(int("version"))
                    // 0 while open, the playback's own id once ended: with the unique index,
                    // one open playback per person on both backends (the lease).
                    .col(big("open_key"))
                    .col(opt_instant("ended_at"))
                    .col(opt_text("end_reason"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_learning_playback_open",
            "learning_playback",
            &["person_id", "open_key"],
        )
        .await?;
        manager
            .create_table(
                table("learning_refusal")
                    .col(big("playback_id"))
                    .col(big("person_id"))
                    .col(at("at"))
                    .col(short("reason"))
                    .col(big("position_ms"))
                    .to_owned(),
            )
            .await?;
        plain(
            manager,
            "ix_learning_refusal_person",
            "learning_refusal",
            &["person_id", "at"],
        )
        .await?;
        manager
            .create_table(
                table("learning_day")
                    .col(big("person_id"))
                    .col(date("day"))
                    .col(big("earned_ms"))
                    .to_owned(),
            )
            .await?;
        unique(
            manager,
            "uq_learning_day_person",
            "learning_day",
            &["person_id", "day"],
        )
        .await?;
        Ok(())
    }
}
