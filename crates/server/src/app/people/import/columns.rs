//! The column mapping of a roster import (issue 17 item 10): the file's header row with a guess
//! for each column — what the importing unit chose for that header last time, else the
//! template's headers and the synonyms real rosters use — and the mapping a person sends back,
//! read as header overrides and remembered for their unit once the import is written.

use crate::app::{App, AppError, AppResult, Principal};
use axum::body::Bytes;
use ganxun_domain::Permission;
use ganxun_sheets::{Guess, HeaderOverrides, PEOPLE};
use ganxun_storage::people::mapping::{self, Mapping};
use serde::Deserialize;
use utoipa::ToSchema;

/// What a person said one of the file's columns holds.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ColumnChoice {
    /// The header as the file gives it.
    pub header: String,
    /// The field (see `ImportColumns.fields`), or none to leave the column out.
    pub field: Option<String>,
}

/// A field the import reads.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct ImportField {
    pub key: String,
    /// The template's header.
    pub label: String,
    /// Every file must have it.
    pub required: bool,
}

/// One column of the file's header row.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct ImportColumn {
    /// 0 for column A.
    pub index: usize,
    pub header: String,
    /// The field it would be read as.
    pub field: Option<String>,
    /// `remembered` (as the unit chose last time), `recognised` (from the header) or `unknown`.
    pub guess: String,
    /// Up to three values from the rows below, long numbers masked.
    pub samples: Vec<String>,
}

/// A file's header row for mapping.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct ImportColumns {
    pub header_row: usize,
    pub columns: Vec<ImportColumn>,
    /// What the header lacks as guessed (Chinese names).
    pub missing: Vec<String>,
    pub fields: Vec<ImportField>,
    /// Groups of fields of which at least one is needed (单位代码 or 单位名称).
    pub one_of: Vec<Vec<String>>,
    /// Whether the importing unit's remembered mapping was applied.
    pub remembered: bool,
}

/// Reads the file's header row and guesses each column's field.
pub async fn columns(app: &App, principal: &Principal, bytes: Bytes) -> AppResult<ImportColumns> {
    principal.require(Permission::PeopleImport)?;
    let kept = remembered(app, principal).await?;
    let limits = app.settings.import.limits();
    let overrides = kept.clone();
    let preview = tokio::task::spawn_blocking(move || {
        ganxun_sheets::peek_columns(&bytes, &PEOPLE, &overrides, &limits)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?
    .map_err(|e| AppError::field("file", e.code(), e))?;
    let remembered = preview.columns.iter().any(|c| c.guess == Guess::Remembered);
    Ok(ImportColumns {
        header_row: preview.header_row,
        columns: preview
            .columns
            .into_iter()
            .map(|c| ImportColumn {
                index: c.index,
                header: c.header,
                field: c.field.map(str::to_owned),
                guess: match c.guess {
                    Guess::Remembered => "remembered",
                    Guess::Recognised => "recognised",
                    Guess::Unknown => "unknown",
                }
                .to_owned(),
                samples: c.samples,
            })
            .collect(),
        missing: preview.missing.into_iter().map(str::to_owned).collect(),
        fields: PEOPLE
            .columns
            .iter()
            .map(|c| ImportField {
                key: c.key.to_owned(),
                label: c.header_zh.to_owned(),
                required: c.required,
            })
            .collect(),
        one_of: PEOPLE
            .one_of
            .iter()
            .map(|(_, keys)| keys.iter().map(|k| (*k).to_owned()).collect())
            .collect(),
        remembered,
    })
}

/// The importing unit's remembered mapping as overrides (fields no longer known are dropped).
async fn remembered(app: &App, principal: &Principal) -> AppResult<HeaderOverrides> {
    let kept = mapping::remembered(&app.db, principal.unit_id, mapping::PEOPLE)
        .await?
        .unwrap_or_default();
    let pairs = kept
        .iter()
        .filter(|(_, field)| field.as_deref().is_none_or(|f| PEOPLE.column(f).is_some()))
        .map(|(header, field)| (header.as_str(), field.as_deref()));
    Ok(HeaderOverrides::new(&PEOPLE, pairs).unwrap_or_default())
}

/// The overrides a person sent, and the same as a mapping to remember.
pub(super) fn overrides(choices: &[ColumnChoice]) -> AppResult<(HeaderOverrides, Mapping)> {
    let overrides = HeaderOverrides::new(
        &PEOPLE,
        choices.iter().map(|c| {
            (
                c.header.as_str(),
                c.field.as_deref().filter(|f| !f.is_empty()),
            )
        }),
    )
    .map_err(|e| AppError::field("mapping", "IMPORT_FIELD_UNKNOWN", e))?;
    let kept = overrides
        .pairs()
        .map(|(header, field)| (header.to_owned(), field.map(str::to_owned)))
        .collect();
    Ok((overrides, kept))
}
