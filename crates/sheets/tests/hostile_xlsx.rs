//! Files built to hurt the reader (issue 14): zip bombs, enormous shared-string tables, shared
//! strings that point nowhere, too many rows, one huge cell, damaged archives. Each is refused as
//! a whole with its own error; none panics. The limits are made small here so the files stay
//! small; the same checks run with the default limits in the server (docs/RELIABILITY.md has
//! the measured memory of a real 1.5 GB bomb).

// Helpers that build damaged files fail the test on any surprise, which is what a test wants.
#![allow(clippy::unwrap_used)]

use std::io::{Cursor, Read, Write};
use std::time::Duration;

use ganxun_sheets::{ReadLimits, SheetError, read_people, read_people_with};
use proptest::prelude::*;
use rust_xlsxwriter::Workbook;

/// A valid one-person roster as .xlsx, written with shared strings as Excel does.
fn roster() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = ["姓名", "身份证号", "单位代码", "职级"];
    let values = ["钟伟", "11010519491231002X", "001", "一级科员"];
    for (column, (h, v)) in header.iter().zip(values).enumerate() {
        let column = u16::try_from(column).unwrap();
        sheet.write_string(0, column, *h).unwrap();
        sheet.write_string(1, column, v).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

/// The same archive with one part's content replaced (or added).
fn with_part(xlsx: &[u8], name: &str, content: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut replaced = false;
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let part_name = part.name().unwrap().into_owned();
        out.start_file(part_name.as_str(), options).unwrap();
        if part_name == name {
            out.write_all(content).unwrap();
            replaced = true;
        } else {
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).unwrap();
            out.write_all(&bytes).unwrap();
        }
    }
    if !replaced {
        out.start_file(name, options).unwrap();
        out.write_all(content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn part(xlsx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn small_limits() -> ReadLimits {
    ReadLimits {
        max_inflated_bytes: 8 << 20,
        max_sheet_bytes: 2 << 20,
        max_shared_strings_bytes: 1 << 20,
        max_other_part_bytes: 256 << 10,
        ..ReadLimits::default()
    }
}

/// A worksheet of `rows` identical data rows below the header (inline strings, so no shared
/// table is needed); compresses to almost nothing.
fn sheet_of_rows(rows: usize) -> Vec<u8> {
    let cell = |r: usize, c: &str, v: &str| {
        format!(r#"<c r="{c}{r}" t="inlineStr"><is><t>{v}</t></is></c>"#)
    };
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    xml.push_str(r#"<row r="1">"#);
    for (c, h) in ["A", "B", "C", "D"]
        .iter()
        .zip(["姓名", "身份证号", "单位代码", "职级"])
    {
        xml.push_str(&cell(1, c, h));
    }
    xml.push_str("</row>");
    for r in 2..rows + 2 {
        xml.push_str(&format!(r#"<row r="{r}">"#));
        for (c, v) in
            ["A", "B", "C", "D"]
                .iter()
                .zip(["钟伟", "11010519491231002X", "001", "一级科员"])
        {
            xml.push_str(&cell(r, c, v));
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml.into_bytes()
}

#[test]
fn the_plain_roster_reads_under_the_small_limits() {
    let rows = read_people_with(&roster(), &small_limits()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get("name"), Some("钟伟"));
}

#[test]
fn a_worksheet_that_inflates_past_its_limit_is_refused_before_parsing() {
    // Several bytes of XML per byte sent: a bomb in miniature.
    let bomb = sheet_of_rows(20_000);
    assert!(bomb.len() > 2 << 20);
    let file = with_part(&roster(), "xl/worksheets/sheet1.xml", &bomb);
    assert!(file.len() < bomb.len() / 5, "{} compressed", file.len());
    let error = read_people_with(&file, &small_limits()).unwrap_err();
    assert_eq!(error.code(), "SHEET_TOO_LARGE", "{error}");
    assert!(
        error.to_string().contains("工作表解压后超过 2 MB"),
        "{error}"
    );
}

#[test]
fn a_shared_string_table_past_its_limit_is_refused() {
    let mut table = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    while table.len() < (1 << 20) + 10 {
        table.push_str("<si><t>a</t></si>");
    }
    table.push_str("</sst>");
    let file = with_part(&roster(), "xl/sharedStrings.xml", table.as_bytes());
    let error = read_people_with(&file, &small_limits()).unwrap_err();
    assert_eq!(error.code(), "SHEET_TOO_LARGE", "{error}");
    assert!(error.to_string().contains("共享文本表"), "{error}");
}

#[test]
fn any_other_part_past_its_limit_is_refused() {
    let styles = vec![b' '; 300 << 10];
    let file = with_part(&roster(), "xl/styles.xml", &styles);
    let error = read_people_with(&file, &small_limits()).unwrap_err();
    assert_eq!(error.code(), "SHEET_TOO_LARGE", "{error}");
}

#[test]
fn too_many_rows_is_refused_with_the_limit_named() {
    let file = with_part(&roster(), "xl/worksheets/sheet1.xml", &sheet_of_rows(30));
    let limits = ReadLimits {
        max_rows: 25,
        ..ReadLimits::default()
    };
    assert_eq!(
        read_people_with(&file, &limits),
        Err(SheetError::TooManyRows(25))
    );
    let limits = ReadLimits {
        max_rows: 30,
        ..ReadLimits::default()
    };
    assert_eq!(read_people_with(&file, &limits).unwrap().len(), 30);
}

#[test]
fn one_huge_cell_is_refused_with_its_row() {
    let long = "钟".repeat(50);
    let csv = format!("姓名,身份证号,单位代码,职级\n钟伟,1,001,一级科员\n{long},2,001,一级科员\n");
    let limits = ReadLimits {
        max_cell_chars: 40,
        ..ReadLimits::default()
    };
    assert_eq!(
        read_people_with(csv.as_bytes(), &limits),
        Err(SheetError::CellTooLong { row: 3, limit: 40 })
    );
}

#[test]
fn a_read_past_its_time_is_stopped() {
    let file = with_part(&roster(), "xl/worksheets/sheet1.xml", &sheet_of_rows(10));
    let limits = ReadLimits {
        max_duration: Duration::ZERO,
        ..ReadLimits::default()
    };
    assert_eq!(
        read_people_with(&file, &limits),
        Err(SheetError::TooSlow(0))
    );
}

#[test]
fn a_shared_string_index_that_points_nowhere_is_an_error_not_a_panic() {
    let file = roster();
    let sheet = part(&file, "xl/worksheets/sheet1.xml");
    for index in ["99999", "-1", "abc", "18446744073709551616", ""] {
        // Every shared-string cell now points at `index`.
        let broken = regex_free_replace_values(&sheet, index);
        let damaged = with_part(&file, "xl/worksheets/sheet1.xml", broken.as_bytes());
        // Every cell now reads the same text (or nothing), so no header can be found: an
        // error, returned rather than a panic.
        let outcome = read_people(&damaged);
        assert!(outcome.is_err(), "{index}: {outcome:?}");
    }
}

/// Replaces the text of every `<v>…</v>` in a sheet.
fn regex_free_replace_values(sheet: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = sheet;
    while let Some(start) = rest.find("<v>") {
        let Some(end) = rest[start..].find("</v>") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str("<v>");
        out.push_str(value);
        out.push_str("</v>");
        rest = &rest[start + end + 4..];
    }
    out.push_str(rest);
    out
}

#[test]
fn a_damaged_archive_is_unreadable() {
    let file = roster();
    for cut in [10, file.len() / 2, file.len() - 10] {
        let error = read_people(&file[..cut]).unwrap_err();
        assert_eq!(error.code(), "SHEET_UNREADABLE", "cut at {cut}: {error}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Bytes flipped anywhere in a real .xlsx: a clean answer every time.
    #[test]
    fn damaged_bytes_never_panic(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut file = roster();
        for (at, byte) in flips {
            let i = at.index(file.len());
            file[i] = byte;
        }
        let _ = read_people(&file);
    }

    /// XML damaged inside the worksheet (the archive stays valid, so the parser sees it).
    #[test]
    fn damaged_sheet_xml_never_panics(cut in 0usize..2000, junk in "[<>/=\"a-z0-9 ]{0,40}") {
        let file = roster();
        let sheet = part(&file, "xl/worksheets/sheet1.xml");
        let at = cut.min(sheet.len());
        let at = (0..=at).rev().find(|i| sheet.is_char_boundary(*i)).unwrap_or(0);
        let broken = format!("{}{}{}", &sheet[..at], junk, &sheet[at..]);
        let damaged = with_part(&file, "xl/worksheets/sheet1.xml", broken.as_bytes());
        let _ = read_people(&damaged);
    }
}
