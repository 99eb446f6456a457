//! ganxun's spreadsheets (R-PPL-3): the people import template, reading rosters as they really
//! arrive (.xlsx, or .csv in UTF-8 or GB18030, with padded names, lost characters and ID numbers
//! that Excel turned into numbers), validating them row by row, and exporting people in the
//! same layout; the exam and assignment score sheet (R-CRD-4), read by the same header-driven
//! reader ([`read_table`] with a [`ColumnSet`]); report tables (rosters, attendance, credits).
//!
//! Import never fails a whole file for a bad row: [`read_people`] fails only when the file is
//! not a roster at all; [`validate_people`] takes every good row and reports every other one with
//! its row number, column, a stable code and a Chinese reason. Whatever is normalised on the way
//! (a space removed from `钟 伟`, a lowercase `x`) is reported as a note, never done silently.
//!
//! Pure and synchronous apart from the temporary file the export streams through.

mod archive_check;
mod blank;
mod columns;
mod dates;
mod error;
mod limits;
mod mapping;
mod read;
mod roster;
mod scores;
mod template;
mod units;
mod validate;
mod write;

pub use columns::{Column, ColumnSet, PEOPLE, PEOPLE_COLUMNS, column, header_key, keys};
pub use error::SheetError;
pub use limits::ReadLimits;
pub use mapping::{ColumnsPreview, Guess, HeaderOverrides, SourceColumn, UnknownField};
pub use read::{
    RawRow, peek_columns, read_mapped, read_people, read_people_mapped, read_people_with,
    read_table, read_table_with,
};
pub use roster::{Cell, RosterSheetRow, Table, roster_xlsx, sign_in_sheet_xlsx, tables_xlsx};
pub use scores::{
    SCORE_COLUMNS, SCORES, ScoreTemplateRow, read_scores, score_keys, scores_template_xlsx,
};
pub use units::{UNIT_COLUMNS, UNITS, parse_unit_type, unit_keys, units_template_xlsx};
pub use validate::{MAX_TEXT_CHARS, ParsedPerson, RowProblem, validate_people};
pub use write::{ExportPerson, TEMPLATE_EXAMPLE_ID_CARD, people_template_xlsx, people_xlsx};
