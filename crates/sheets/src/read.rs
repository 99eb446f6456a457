//! Reading a sheet: .xlsx or .csv bytes to rows of text keyed by column, driven by a
//! [`ColumnSet`] (the people roster, the score sheet …).
//!
//! Nothing is interpreted here beyond turning cells into text: a number becomes its digits, an
//! Excel date `YYYY-MM-DD`. Validation, with its row-by-row report, is the caller's
//! ([`crate::validate_people`] for rosters).

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx};
use serde::Serialize;

use crate::archive_check::check_archive;
use crate::blank::is_blank;
use crate::columns::{ColumnSet, PEOPLE};
use crate::error::SheetError;
use crate::limits::{Deadline, ReadLimits};
use crate::mapping::{ColumnsPreview, HeaderOverrides};

/// One data row of a roster as text, keyed by column key. Cells left blank are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RawRow {
    /// The row number as Excel shows it: the header is row 1 (in a sheet with a title above
    /// the header, the header's own row number).
    pub row_number: usize,
    pub cells: BTreeMap<&'static str, String>,
}

impl RawRow {
    /// The text of a cell, exactly as read.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.cells.get(key).map(String::as_str)
    }
}

/// How many non-empty rows at the top of a sheet are searched for the header (title rows such
/// as “2024 年干部名单” often stand above it).
const HEADER_SEARCH_ROWS: usize = 20;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Compound documents: the old .xls format, and any Office file with an opening password.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads a people roster: [`read_table`] with the people template's columns.
///
/// An ID number typed into Excel as a number has lost its last digits; it is read as Excel
/// shows it (`1.10105194912310E+17`) so that validation reports it, never guessed back.
pub fn read_people(bytes: &[u8]) -> Result<Vec<RawRow>, SheetError> {
    read_table(bytes, &PEOPLE)
}

/// [`read_people`] under the given limits.
pub fn read_people_with(bytes: &[u8], limits: &ReadLimits) -> Result<Vec<RawRow>, SheetError> {
    read_table_with(bytes, &PEOPLE, limits)
}

/// [`read_people_with`] with the columns the person importing chose (a header named in
/// `overrides` is read as they said, the others as usual).
pub fn read_people_mapped(
    bytes: &[u8],
    limits: &ReadLimits,
    overrides: &HeaderOverrides,
) -> Result<Vec<RawRow>, SheetError> {
    read_mapped(bytes, &PEOPLE, overrides, limits)
}

/// Reads .xlsx (detect by the ZIP magic "PK\x03\x04") or .csv (UTF-8 with or without BOM;
/// otherwise decode as GB18030) with the columns of `set`. Maps headers by Chinese header (with
/// or without the *), English header, key or alias; unknown columns are ignored; a missing
/// required column is an error. The header may stand below title rows. Empty rows are skipped.
/// Excel date cells and numeric cells become text; dates as YYYY-MM-DD.
pub fn read_table(bytes: &[u8], set: &ColumnSet) -> Result<Vec<RawRow>, SheetError> {
    read_table_with(bytes, set, &ReadLimits::default())
}

/// [`read_table`] under the given limits: a file past any of them is refused as a whole with
/// its own error, and no file, however built, makes the reader panic.
pub fn read_table_with(
    bytes: &[u8],
    set: &ColumnSet,
    limits: &ReadLimits,
) -> Result<Vec<RawRow>, SheetError> {
    read_mapped(bytes, set, &HeaderOverrides::default(), limits)
}

/// [`read_table_with`] with headers read as `overrides` says.
pub fn read_mapped(
    bytes: &[u8],
    set: &ColumnSet,
    overrides: &HeaderOverrides,
    limits: &ReadLimits,
) -> Result<Vec<RawRow>, SheetError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SheetError::Empty);
    }
    let deadline = Deadline::start(limits);
    if bytes.starts_with(ZIP_MAGIC) {
        check_archive(bytes, limits, &deadline)?;
        // The XML parser below is not ours: should a damaged file still make it panic, the
        // upload is refused like any other damaged file instead of killing the request.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_xlsx(bytes, set, overrides, limits, &deadline)
        }))
        .unwrap_or_else(|_| {
            Err(SheetError::Unreadable(
                "文件内容已损坏，无法按 Excel 格式解读".to_owned(),
            ))
        })
    } else if bytes.starts_with(OLE_MAGIC) {
        Err(SheetError::Unreadable(
            "文件是旧版 Excel（.xls）格式，或设置了打开密码".to_owned(),
        ))
    } else {
        let mut collector = Collector::new(set, overrides, limits, &deadline);
        read_csv(bytes, &mut |row, cells| collector.push(row, cells))?;
        collector.finish()
    }
}

/// A file's header row and columns for mapping (.xlsx or .csv, under `limits`): the first
/// sheet whose header has every required column as mapped, else the sheet whose header comes
/// closest. Fails like [`read_table`] on a file that is not a spreadsheet, and with
/// `MissingColumns` on one with no rows at all.
pub fn peek_columns(
    bytes: &[u8],
    set: &ColumnSet,
    overrides: &HeaderOverrides,
    limits: &ReadLimits,
) -> Result<ColumnsPreview, SheetError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SheetError::Empty);
    }
    let deadline = Deadline::start(limits);
    let sheets: Vec<Vec<SheetRow>> = if bytes.starts_with(ZIP_MAGIC) {
        check_archive(bytes, limits, &deadline)?;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut workbook: Xlsx<_> =
                Xlsx::new(Cursor::new(bytes)).map_err(|e| SheetError::Unreadable(e.to_string()))?;
            let mut sheets = Vec::new();
            for name in sheet_names(&workbook, set) {
                let mut peek = Peek::new(limits, &deadline);
                read_xlsx_sheet(&mut workbook, &name, &deadline, &mut |row, cells| {
                    peek.push(row, cells)
                })?;
                sheets.push(peek.rows);
            }
            Ok(sheets)
        }))
        .unwrap_or_else(|_| {
            Err(SheetError::Unreadable(
                "文件内容已损坏，无法按 Excel 格式解读".to_owned(),
            ))
        })?
    } else if bytes.starts_with(OLE_MAGIC) {
        return Err(SheetError::Unreadable(
            "文件是旧版 Excel（.xls）格式，或设置了打开密码".to_owned(),
        ));
    } else {
        let mut peek = Peek::new(limits, &deadline);
        read_csv(bytes, &mut |row, cells| peek.push(row, cells))?;
        vec![peek.rows]
    };
    let previews: Vec<ColumnsPreview> = sheets
        .iter()
        .filter_map(|rows| crate::mapping::preview(set, overrides, rows))
        .collect();
    let recognised = |p: &ColumnsPreview| p.columns.iter().filter(|c| c.field.is_some()).count();
    let chosen = match previews.iter().position(|p| p.missing.is_empty()) {
        Some(at) => previews.into_iter().nth(at),
        None => {
            let best = previews.iter().map(recognised).max();
            let at = previews.iter().position(|p| Some(recognised(p)) == best);
            at.and_then(|at| previews.into_iter().nth(at))
        }
    };
    chosen.ok_or_else(|| SheetError::MissingColumns(set.required_headers()))
}

/// A sheet's row as read: its number and its cells by column.
type SheetRow = (usize, Vec<(usize, String)>);

/// Keeps the first non-empty rows of a sheet: enough for the header search and a few values
/// below the header.
struct Peek<'a> {
    limits: &'a ReadLimits,
    deadline: &'a Deadline,
    rows: Vec<SheetRow>,
}

impl<'a> Peek<'a> {
    fn new(limits: &'a ReadLimits, deadline: &'a Deadline) -> Self {
        Peek {
            limits,
            deadline,
            rows: Vec::new(),
        }
    }

    fn push(&mut self, row_number: usize, cells: Vec<(usize, String)>) -> Result<Flow, SheetError> {
        let limit = self.limits.max_cell_chars;
        if cells
            .iter()
            .any(|(_, text)| text.len() > limit && text.chars().count() > limit)
        {
            return Err(SheetError::CellTooLong {
                row: row_number,
                limit,
            });
        }
        self.deadline.check()?;
        if cells.iter().all(|(_, text)| is_blank(text)) {
            return Ok(Flow::Continue);
        }
        self.rows.push((row_number, cells));
        Ok(if self.rows.len() >= crate::mapping::HEADER_ROWS + 5 {
            Flow::Stop
        } else {
            Flow::Continue
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Rows to RawRows: finding the header, then mapping cells by column.

/// The header row found: which sheet column holds which key.
struct Header {
    columns: Vec<(usize, &'static str)>,
}

/// Takes a sheet's rows one at a time (empty rows need not be given), finds the header among the
/// first rows and collects the data rows below it.
struct Collector<'a> {
    set: &'a ColumnSet,
    overrides: &'a HeaderOverrides,
    limits: &'a ReadLimits,
    deadline: &'a Deadline,
    header: Option<Header>,
    /// Rows looked at while searching for the header.
    searched: usize,
    /// The missing required columns of the best header candidate seen so far.
    best_missing: Option<Vec<&'static str>>,
    rows: Vec<RawRow>,
}

enum Flow {
    Continue,
    /// No header in the first rows: stop reading this sheet.
    Stop,
}

impl<'a> Collector<'a> {
    fn new(
        set: &'a ColumnSet,
        overrides: &'a HeaderOverrides,
        limits: &'a ReadLimits,
        deadline: &'a Deadline,
    ) -> Self {
        Collector {
            set,
            overrides,
            limits,
            deadline,
            header: None,
            searched: 0,
            best_missing: None,
            rows: Vec::new(),
        }
    }

    fn push(&mut self, row_number: usize, cells: Vec<(usize, String)>) -> Result<Flow, SheetError> {
        let limit = self.limits.max_cell_chars;
        if cells
            .iter()
            .any(|(_, text)| text.len() > limit && text.chars().count() > limit)
        {
            return Err(SheetError::CellTooLong {
                row: row_number,
                limit,
            });
        }
        // About 25 ns a row: cheap enough to ask every time.
        self.deadline.check()?;
        if cells.iter().all(|(_, text)| is_blank(text)) {
            return Ok(Flow::Continue);
        }
        let Some(header) = &self.header else {
            return self.consider_header(&cells);
        };
        let mut mapped = BTreeMap::new();
        for (column, text) in cells {
            if is_blank(&text) {
                continue;
            }
            if let Some((_, key)) = header.columns.iter().find(|(c, _)| *c == column) {
                mapped.insert(*key, text);
            }
        }
        if !mapped.is_empty() {
            if self.rows.len() >= self.limits.max_rows {
                return Err(SheetError::TooManyRows(self.limits.max_rows));
            }
            self.rows.push(RawRow {
                row_number,
                cells: mapped,
            });
        }
        Ok(Flow::Continue)
    }

    fn consider_header(&mut self, cells: &[(usize, String)]) -> Result<Flow, SheetError> {
        self.searched += 1;
        let mut columns: Vec<(usize, &'static str)> = Vec::new();
        for (column, text) in cells {
            if let Some(key) = self.overrides.key_for(self.set, text) {
                if columns.iter().any(|(_, k)| *k == key) {
                    return Err(SheetError::DuplicateColumn(self.set.header_zh(key)));
                }
                columns.push((*column, key));
            }
        }
        let keys: Vec<&str> = columns.iter().map(|(_, k)| *k).collect();
        let missing = self.set.missing(&keys);
        if missing.is_empty() {
            self.header = Some(Header { columns });
            return Ok(Flow::Continue);
        }
        if self
            .best_missing
            .as_ref()
            .is_none_or(|best| missing.len() < best.len())
        {
            self.best_missing = Some(missing);
        }
        Ok(if self.searched >= HEADER_SEARCH_ROWS {
            Flow::Stop
        } else {
            Flow::Continue
        })
    }

    fn finish(self) -> Result<Vec<RawRow>, SheetError> {
        if self.header.is_some() {
            return Ok(self.rows);
        }
        let set = self.set;
        Err(SheetError::MissingColumns(
            self.best_missing.unwrap_or_else(|| set.required_headers()),
        ))
    }
}

/// Of two failed sheets, the one to report: the one closest to a roster.
fn closer(a: SheetError, b: SheetError) -> SheetError {
    match (&a, &b) {
        (SheetError::MissingColumns(x), SheetError::MissingColumns(y)) if y.len() < x.len() => b,
        _ => a,
    }
}

// ---------------------------------------------------------------------------------------------
// .xlsx

/// The worksheets in the order they are read: the template's sheet first, then the visible
/// worksheets in order, then the hidden ones.
fn sheet_names(workbook: &Xlsx<Cursor<&[u8]>>, set: &ColumnSet) -> Vec<String> {
    let mut names: Vec<(u8, String)> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| {
            let rank = match (s.name == set.sheet, s.visible) {
                (true, _) => 0,
                (false, SheetVisible::Visible) => 1,
                (false, _) => 2,
            };
            (rank, s.name.clone())
        })
        .collect();
    names.sort_by_key(|(rank, _)| *rank);
    names.into_iter().map(|(_, name)| name).collect()
}

fn read_xlsx(
    bytes: &[u8],
    set: &ColumnSet,
    overrides: &HeaderOverrides,
    limits: &ReadLimits,
    deadline: &Deadline,
) -> Result<Vec<RawRow>, SheetError> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let mut failure: Option<SheetError> = None;
    for name in sheet_names(&workbook, set) {
        let mut collector = Collector::new(set, overrides, limits, deadline);
        let read = read_xlsx_sheet(&mut workbook, &name, deadline, &mut |row, cells| {
            collector.push(row, cells)
        })
        .and_then(|()| collector.finish());
        match read {
            Ok(rows) => return Ok(rows),
            Err(error @ SheetError::MissingColumns(_)) => {
                failure = Some(match failure {
                    Some(previous) => closer(previous, error),
                    None => error,
                });
            }
            Err(error) => return Err(error),
        }
    }
    Err(failure.unwrap_or_else(|| SheetError::Unreadable("工作簿中没有工作表".to_owned())))
}

/// What takes a sheet's non-empty rows one at a time: the row number and its cells by column.
type RowSink<'s> = dyn FnMut(usize, Vec<(usize, String)>) -> Result<Flow, SheetError> + 's;

/// Streams one worksheet's cells (never the whole rectangle: a stray cell far down and to the
/// right must not make the reader allocate every cell between) into `sink`, row by row, until
/// it says stop.
fn read_xlsx_sheet(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    deadline: &Deadline,
    sink: &mut RowSink<'_>,
) -> Result<(), SheetError> {
    let unreadable = |e: calamine::XlsxError| SheetError::Unreadable(e.to_string());
    let mut reader = workbook.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut current: Option<(u32, Vec<(usize, String)>)> = None;
    let mut cells_read: u32 = 0;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        // Empty cells never reach the collector, whose clock would then never be asked.
        cells_read = cells_read.wrapping_add(1);
        if cells_read.is_multiple_of(4096) {
            deadline.check()?;
        }
        let (row, column) = cell.get_position();
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        match &mut current {
            Some((current_row, cells)) if *current_row == row => {
                cells.push((column as usize, text))
            }
            _ => {
                if let Some((done_row, cells)) =
                    current.replace((row, vec![(column as usize, text)]))
                    && let Flow::Stop = sink(done_row as usize + 1, cells)?
                {
                    return Ok(());
                }
            }
        }
    }
    if let Some((row, cells)) = current {
        sink(row as usize + 1, cells)?;
    }
    Ok(())
}

/// A cell as text: strings as they are, numbers as their digits, dates as `YYYY-MM-DD`.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
            text.clone()
        }
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => number_text(*number),
        DataRef::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::Error(error) => error.to_string(),
        DataRef::DateTime(datetime) => {
            match datetime.as_datetime().filter(|_| !datetime.is_duration()) {
                Some(datetime) if datetime.time() == chrono::NaiveTime::MIN => {
                    datetime.format("%Y-%m-%d").to_string()
                }
                Some(datetime) => datetime.format("%Y-%m-%d %H:%M:%S").to_string(),
                None => number_text(datetime.as_f64()),
            }
        }
    }
}

/// The largest integer Excel stores exactly: it keeps 15 significant digits.
const EXACT_INTEGER_LIMIT: f64 = 1e15;

/// A number as text. Whole numbers below 10^15 are exact and shown as digits (a phone number
/// typed as a number is fine); larger ones have lost digits in Excel and are shown as Excel
/// shows them, `1.10105194912310E+17`, so that nobody mistakes them for the number typed.
pub(crate) fn number_text(number: f64) -> String {
    if number.is_finite() && number.fract() == 0.0 && number.abs() < EXACT_INTEGER_LIMIT {
        // Exact: |number| < 10^15 < 2^63.
        #[allow(clippy::cast_possible_truncation)]
        let integer = number as i64;
        return integer.to_string();
    }
    if number.is_finite() && number.abs() >= EXACT_INTEGER_LIMIT {
        let text = format!("{number:E}");
        return match text.split_once('E') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                format!("{mantissa}E+{exponent}")
            }
            _ => text,
        };
    }
    number.to_string()
}

// ---------------------------------------------------------------------------------------------
// .csv

/// Reads a CSV's records into `sink` until it says stop.
fn read_csv(bytes: &[u8], sink: &mut RowSink<'_>) -> Result<(), SheetError> {
    let text = decode_text(bytes)?;
    if looks_binary(&text) {
        return Err(SheetError::NotASpreadsheet);
    }
    // Excel's “sep=;” directive: a first line naming the delimiter, not shown as a row.
    let (text, directive) = match text.split_once('\n') {
        Some((first, rest)) if first.trim_end().len() == 5 && first.starts_with("sep=") => {
            (rest, first.trim_end().chars().nth(4))
        }
        _ => (text.as_str(), None),
    };
    let delimiter = match directive {
        Some(c) if c.is_ascii() => c as u8,
        _ => guess_delimiter(text),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());

    // Excel shows a blank line as an empty row (the csv reader skips it) and a quoted line break
    // as part of one cell, so the row number counts records plus the blank lines before each.
    let mut excel_row = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Unreadable(format!("CSV 格式错误：{e}")))?;
        let start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok());
        excel_row += 1 + start.map_or(0, |start| blank_lines_at(text.as_bytes(), start));
        let cells = record
            .iter()
            .enumerate()
            .map(|(i, field)| (i, field.to_owned()))
            .collect();
        if let Flow::Stop = sink(excel_row, cells)? {
            break;
        }
    }
    Ok(())
}

/// The blank lines the csv reader skipped before the record it started reading at `start`.
/// The reader stops after the `\r` of a `\r\n` terminator, so a `\n` right after a `\r` still
/// belongs to the previous record.
fn blank_lines_at(text: &[u8], start: usize) -> usize {
    let mut at = start;
    if text.get(at) == Some(&b'\n') && at > 0 && text.get(at - 1) == Some(&b'\r') {
        at += 1;
    }
    let mut lines = 0;
    while let Some(&byte) = text.get(at) {
        match byte {
            b'\r' if text.get(at + 1) == Some(&b'\n') => at += 2,
            b'\r' | b'\n' => at += 1,
            _ => break,
        }
        lines += 1;
    }
    lines
}

/// Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's “Unicode text”),
/// otherwise GB18030 (what Excel on Chinese Windows saves as “CSV”). Bytes that decode to
/// nothing sensible become U+FFFD and are caught, cell by cell, by validation.
fn decode_text(bytes: &[u8]) -> Result<String, SheetError> {
    use encoding_rs::{GB18030, UTF_8, UTF_16BE, UTF_16LE};
    if bytes.starts_with(b"%PDF") {
        return Err(SheetError::NotASpreadsheet);
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        UTF_8.decode_without_bom_handling(rest).0
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        UTF_16LE.decode_without_bom_handling(rest).0
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        UTF_16BE.decode_without_bom_handling(rest).0
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.into()
    } else {
        GB18030.decode_without_bom_handling(bytes).0
    };
    Ok(text.into_owned())
}

/// Text that is not a table: NUL characters, or many control characters near the start.
fn looks_binary(text: &str) -> bool {
    let head: Vec<char> = text.chars().take(4096).collect();
    let controls = head
        .iter()
        .filter(|&&c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
        .count();
    head.contains(&'\0') || controls * 100 > head.len()
}

/// The delimiter of the first line: comma unless tabs or semicolons clearly dominate.
fn guess_delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let (commas, tabs, semicolons) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_below_ten_to_the_fifteen_are_written_as_digits() {
        assert_eq!(number_text(13912345678.0), "13912345678");
        assert_eq!(number_text(20220501.0), "20220501");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(1985.03), "1985.03");
    }

    #[test]
    fn numbers_that_lost_digits_are_shown_as_excel_shows_them() {
        assert_eq!(number_text(110105194912310000.0), "1.1010519491231E+17");
        assert_eq!(number_text(1e15), "1E+15");
    }

    #[test]
    fn blank_means_only_whitespace_or_invisible_characters() {
        assert!(is_blank(""));
        assert!(is_blank(" \u{3000}\t\u{FEFF}"));
        assert!(!is_blank(" 钟 "));
    }

    #[test]
    fn the_delimiter_is_guessed_from_the_first_line() {
        assert_eq!(guess_delimiter("姓名,身份证号\n"), b',');
        assert_eq!(guess_delimiter("\n姓名\t身份证号\t职级\n"), b'\t');
        assert_eq!(guess_delimiter("姓名;身份证号;职级\n"), b';');
    }

    #[test]
    fn row_numbers_count_blank_lines_with_either_line_ending() {
        for newline in ["\n", "\r\n", "\r"] {
            let text = [
                "姓名,身份证号,单位代码,职级",
                "",
                "a,1,x,y",
                "\"b\nb\",2,x,y",
                "",
                "",
                "c,3,x,y",
                "",
            ]
            .join(newline);
            let rows = read_people(text.as_bytes()).unwrap();
            let numbers: Vec<usize> = rows.iter().map(|r| r.row_number).collect();
            assert_eq!(numbers, [3, 4, 7], "{newline:?}");
        }
    }

    #[test]
    fn gb18030_text_is_decoded_when_the_bytes_are_not_utf8() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("姓名,职级\n钟伟,一级科员\n");
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(decode_text(&bytes).unwrap(), "姓名,职级\n钟伟,一级科员\n");
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("姓名\t职级".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_text(&bytes).unwrap(), "姓名\t职级");
    }

    #[test]
    fn binary_data_is_not_a_spreadsheet() {
        assert_eq!(
            read_people(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(SheetError::NotASpreadsheet)
        );
        assert_eq!(read_people(b"%PDF-1.7\n"), Err(SheetError::NotASpreadsheet));
        assert_eq!(read_people(b""), Err(SheetError::Empty));
        assert_eq!(read_people(b" \r\n"), Err(SheetError::Empty));
    }

    const FRUIT_COLUMNS: &[crate::Column] = &[
        crate::Column {
            key: "fruit",
            header_zh: "水果",
            header_en: "Fruit",
            required: true,
            hint_zh: "",
        },
        crate::Column {
            key: "count",
            header_zh: "数量",
            header_en: "Count",
            required: false,
            hint_zh: "",
        },
    ];
    const FRUIT: ColumnSet = ColumnSet {
        columns: FRUIT_COLUMNS,
        aliases: &[("个数", "count")],
        sheet: "水果",
        one_of: &[],
    };

    #[test]
    fn any_column_set_drives_the_reader_in_xlsx_with_its_own_sheet_first() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let other = workbook.add_worksheet();
        other.set_name("封面").unwrap();
        other.write_string(0, 0, "水果").unwrap();
        other.write_string(1, 0, "不是这一页").unwrap();
        let sheet = workbook.add_worksheet();
        sheet.set_name("水果").unwrap();
        sheet.write_string(0, 0, "2026 年水果清单").unwrap();
        sheet.write_string(2, 1, "个数").unwrap();
        sheet.write_string(2, 2, "水果*").unwrap();
        sheet.write_number(3, 1, 12.0).unwrap();
        sheet.write_string(3, 2, "苹果").unwrap();
        sheet.write_number(5, 1, 2.5).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let rows = read_table(&bytes, &FRUIT).unwrap();
        let read: Vec<(usize, Option<&str>, Option<&str>)> = rows
            .iter()
            .map(|r| (r.row_number, r.get("fruit"), r.get("count")))
            .collect();
        assert_eq!(
            read,
            [(4, Some("苹果"), Some("12")), (6, None, Some("2.5"))]
        );
        // The people reader finds no roster in it.
        assert!(matches!(
            read_people(&bytes),
            Err(SheetError::MissingColumns(_))
        ));
    }

    #[test]
    fn a_column_set_names_its_own_missing_and_duplicated_columns() {
        assert_eq!(
            read_table("数量\n3\n".as_bytes(), &FRUIT),
            Err(SheetError::MissingColumns(vec!["水果"]))
        );
        assert_eq!(
            read_table("水果,Fruit\n梨,梨\n".as_bytes(), &FRUIT),
            Err(SheetError::DuplicateColumn("水果"))
        );
        assert_eq!(read_table(b"  \n", &FRUIT), Err(SheetError::Empty));
    }
}
