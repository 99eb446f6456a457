//! Column mapping (issue 17 item 10): a real roster's headers are not the template's. The person
//! importing sees the file's header row, each column with a guess of what it holds, and says
//! which column is which; what they said is read as [`HeaderOverrides`], consulted before the
//! template's own headers and synonyms.

use std::collections::HashMap;

use serde::Serialize;

use crate::blank::is_blank;
use crate::columns::{ColumnSet, header_key};

/// What the person importing said a header holds: a column key, or `None` for "not imported".
/// Keyed by the header's normal form, so `工作 单位` and `工作单位*` are one header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderOverrides {
    by_header: HashMap<String, Option<&'static str>>,
}

/// A mapping named a field the sheet does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("无法识别的导入字段“{0}”")]
pub struct UnknownField(pub String);

impl HeaderOverrides {
    /// Builds the overrides from `(header as written, field key or none)` pairs; a key the set
    /// does not know is refused. A blank header is skipped.
    pub fn new<'a>(
        set: &ColumnSet,
        pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Result<Self, UnknownField> {
        let mut by_header = HashMap::new();
        for (header, field) in pairs {
            let header = header_key(header);
            if header.is_empty() {
                continue;
            }
            let key = match field {
                None => None,
                Some(field) => Some(
                    set.column(field)
                        .map(|c| c.key)
                        .ok_or_else(|| UnknownField(field.to_owned()))?,
                ),
            };
            by_header.insert(header, key);
        }
        Ok(Self { by_header })
    }

    pub fn is_empty(&self) -> bool {
        self.by_header.is_empty()
    }

    /// The pairs, by the header's normal form, for keeping.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, Option<&'static str>)> {
        self.by_header.iter().map(|(h, k)| (h.as_str(), *k))
    }

    /// These overrides with `newer` laid over them (a header both name is read as `newer` says).
    #[must_use]
    pub fn merged(mut self, newer: &HeaderOverrides) -> Self {
        for (header, key) in &newer.by_header {
            self.by_header.insert(header.clone(), *key);
        }
        self
    }

    /// What a header holds: as overridden, else as the set recognises it.
    pub fn key_for(&self, set: &ColumnSet, text: &str) -> Option<&'static str> {
        self.lookup(set, text).0
    }

    /// What a header holds and whether an override said so.
    fn lookup(&self, set: &ColumnSet, text: &str) -> (Option<&'static str>, bool) {
        match self.by_header.get(&header_key(text)) {
            Some(key) => (*key, true),
            None => (set.key_for_header(text), false),
        }
    }
}

/// How a column's field was guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Guess {
    /// As the person's unit mapped this header the last time (an override).
    Remembered,
    /// From the header: the template's own, or a synonym real rosters use.
    Recognised,
    /// Nothing known: the column is not imported unless someone maps it.
    Unknown,
}

/// One column of a file's header row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceColumn {
    /// The column's position, 0 for the first (A).
    pub index: usize,
    /// The header as written (trimmed).
    pub header: String,
    /// The field it is read as, if any.
    pub field: Option<&'static str>,
    pub guess: Guess,
    /// Up to three values from the rows below, long digit runs masked (ID and phone numbers).
    pub samples: Vec<String>,
}

/// A file's header row and its columns, for mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnsPreview {
    /// The header's row number as Excel shows it.
    pub header_row: usize,
    pub columns: Vec<SourceColumn>,
    /// What the header still lacks, as mapped (the Chinese names of required columns).
    pub missing: Vec<&'static str>,
}

/// Rows searched for the header, as the reader does.
pub(crate) const HEADER_ROWS: usize = 20;
/// Values shown per column.
const SAMPLES: usize = 3;

/// Chooses the header among the first non-empty `rows` of a sheet: the first row that has every
/// required column; else the row with the most recognised headers; else (nothing recognised)
/// the first of the widest rows. `None` for a sheet with no rows.
pub(crate) fn preview(
    set: &ColumnSet,
    overrides: &HeaderOverrides,
    rows: &[(usize, Vec<(usize, String)>)],
) -> Option<ColumnsPreview> {
    let candidates = &rows[..rows.len().min(HEADER_ROWS)];
    let keys_of = |cells: &[(usize, String)]| -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = Vec::new();
        for (_, text) in cells {
            if let Some(key) = overrides.key_for(set, text)
                && !keys.contains(&key)
            {
                keys.push(key);
            }
        }
        keys
    };
    let complete = candidates
        .iter()
        .position(|(_, cells)| set.missing(&keys_of(cells)).is_empty());
    let at = complete.or_else(|| {
        let best = candidates
            .iter()
            .map(|(_, cells)| keys_of(cells).len())
            .max()?;
        if best > 0 {
            candidates
                .iter()
                .position(|(_, cells)| keys_of(cells).len() == best)
        } else {
            let widest = candidates.iter().map(|(_, cells)| non_blank(cells)).max()?;
            candidates
                .iter()
                .position(|(_, cells)| non_blank(cells) == widest)
        }
    })?;
    let (header_row, header_cells) = &candidates[at];
    let below = &rows[at + 1..];
    let mut taken: Vec<&'static str> = Vec::new();
    let mut columns = Vec::new();
    for (index, text) in header_cells {
        if is_blank(text) {
            continue;
        }
        let (mut field, overridden) = overrides.lookup(set, text);
        // A field is read from one column only: a later column with the same guess is left
        // for the person to decide.
        if let Some(key) = field {
            if taken.contains(&key) {
                field = None;
            } else {
                taken.push(key);
            }
        }
        let guess = match (field, overridden) {
            (_, true) => Guess::Remembered,
            (Some(_), false) => Guess::Recognised,
            (None, false) => Guess::Unknown,
        };
        let samples = below
            .iter()
            .filter_map(|(_, cells)| {
                cells
                    .iter()
                    .find(|(i, t)| i == index && !is_blank(t))
                    .map(|(_, t)| masked(t.trim()))
            })
            .take(SAMPLES)
            .collect();
        columns.push(SourceColumn {
            index: *index,
            header: text.trim().to_owned(),
            field,
            guess,
            samples,
        });
    }
    Some(ColumnsPreview {
        header_row: *header_row,
        missing: set.missing(&taken),
        columns,
    })
}

fn non_blank(cells: &[(usize, String)]) -> usize {
    cells.iter().filter(|(_, t)| !is_blank(t)).count()
}

/// A value with each run of seven or more digits masked but for its first three and last two
/// (`110105********002X` style): the preview shows what a column holds, not whose number it is.
fn masked(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() >= 7 {
                out.extend(&run[..3]);
                out.extend(std::iter::repeat_n('*', run.len() - 5));
                out.extend(&run[run.len() - 2..]);
            } else {
                out.extend(run);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PEOPLE, keys};

    fn row(number: usize, cells: &[&str]) -> (usize, Vec<(usize, String)>) {
        (
            number,
            cells
                .iter()
                .enumerate()
                .map(|(i, t)| (i, (*t).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn a_real_rosters_header_is_found_below_its_title_with_synonyms_guessed() {
        let rows = [
            row(1, &["远程培训参训人员名单"]),
            row(2, &["序号", "单 位", "姓 名", "身份证号码"]),
            row(3, &["1", "市实验小学", "游传桂", "110105194912310021"]),
        ];
        let preview = preview(&PEOPLE, &HeaderOverrides::default(), &rows).unwrap();
        assert_eq!(preview.header_row, 2);
        let fields: Vec<_> = preview.columns.iter().map(|c| (c.field, c.guess)).collect();
        assert_eq!(
            fields,
            [
                (None, Guess::Unknown),
                (Some(keys::UNIT_NAME), Guess::Recognised),
                (Some(keys::NAME), Guess::Recognised),
                (Some(keys::ID_CARD), Guess::Recognised),
            ]
        );
        assert!(preview.missing.is_empty(), "{:?}", preview.missing);
        assert_eq!(preview.columns[3].samples, ["110*************21"]);
        assert_eq!(preview.columns[1].samples, ["市实验小学"]);
    }

    #[test]
    fn overrides_come_first_and_may_leave_a_column_out() {
        let overrides =
            HeaderOverrides::new(&PEOPLE, [("干部姓名", Some(keys::NAME)), ("单位", None)])
                .unwrap();
        let rows = [row(1, &["干部姓名", "单位", "证件号码"])];
        let preview = preview(&PEOPLE, &overrides, &rows).unwrap();
        let fields: Vec<_> = preview.columns.iter().map(|c| (c.field, c.guess)).collect();
        assert_eq!(
            fields,
            [
                (Some(keys::NAME), Guess::Remembered),
                (None, Guess::Remembered),
                (Some(keys::ID_CARD), Guess::Recognised),
            ]
        );
        assert_eq!(preview.missing, ["单位代码或单位名称"]);
        assert_eq!(
            HeaderOverrides::new(&PEOPLE, [("x", Some("salary"))]),
            Err(UnknownField("salary".to_owned()))
        );
    }

    #[test]
    fn a_sheet_with_no_known_header_offers_its_widest_first_row() {
        let rows = [
            row(1, &["名单"]),
            row(2, &["甲", "乙", "丙"]),
            row(3, &["1", "2", "3"]),
        ];
        let found = preview(&PEOPLE, &HeaderOverrides::default(), &rows).unwrap();
        assert_eq!(found.header_row, 2);
        assert!(found.columns.iter().all(|c| c.field.is_none()));
        assert_eq!(found.missing, ["姓名", "身份证号", "单位代码或单位名称"]);
        assert!(preview(&PEOPLE, &HeaderOverrides::default(), &[]).is_none());
    }

    #[test]
    fn long_digit_runs_are_masked_and_short_ones_kept() {
        assert_eq!(masked("13912345678"), "139******78");
        assert_eq!(masked("0728-3223373"), "0728-322**73");
        assert_eq!(masked("1985.03"), "1985.03");
    }
}
