//! A class's roster (学员名册) and a session's sign-in sheet (签到表) as print-ready workbooks:
//! a merged title, a subtitle, bordered cells, a frozen header that also repeats on every printed
//! page, A4 fitted to the page width and numbered pages. The PDF versions live in ganxun-print;
//! these are for offices that adjust a list in Excel before printing it.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::error::SheetError;

/// One trainee on the roster, every value already the text to show (phones masked by the caller).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterSheetRow {
    pub seq: u32,
    pub name: String,
    pub gender: String,
    pub unit: String,
    pub post: String,
    pub phone_masked: String,
    /// 已报名 / 候补.
    pub status: String,
}

const ROSTER_HEADERS: [(&str, f64); 7] = [
    ("序号", 6.0),
    ("姓名", 10.0),
    ("性别", 6.0),
    ("工作单位", 34.0),
    ("职务", 20.0),
    ("联系电话", 15.0),
    ("状态", 8.0),
];

const SIGN_IN_HEADERS: [(&str, f64); 5] = [
    ("序号", 6.0),
    ("姓名", 12.0),
    ("单位", 38.0),
    ("签名", 22.0),
    ("备注", 12.0),
];

/// Excel's paper size code for A4.
const PAPER_A4: u8 = 9;

/// The row of the column headers (0-based): below the title and the subtitle.
const HEADER_ROW: u32 = 2;

/// Sign-in rows are tall enough to sign by hand (points; about 11 mm).
const SIGN_IN_ROW_HEIGHT: f64 = 32.0;

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    centred: Format,
    hundredths: Format,
    yuan: Format,
    text: Format,
    note: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new()
                .set_font_size(10.5)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xE7E6E6))
                .set_align(FormatAlign::Center),
            centred: cell.clone().set_align(FormatAlign::Center),
            hundredths: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00"),
            yuan: cell
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("#,##0.00"),
            // Text cells are text-formatted so that Excel does not turn a phone into a number.
            text: cell.set_num_format("@"),
            note: Format::new().set_font_size(10.5),
        }
    }
}

/// The class roster: columns 序号 姓名 性别 工作单位 职务 联系电话 状态, under a merged title
/// row (the class title) and a subtitle row (period, venue, head teacher).
pub fn roster_xlsx(
    title: &str,
    subtitle: &str,
    rows: &[RosterSheetRow],
) -> Result<Vec<u8>, SheetError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("学员名册")?;
    lay_out(sheet, title, subtitle, &ROSTER_HEADERS, &formats)?;
    for (index, row) in rows.iter().enumerate() {
        let at = data_row(index)?;
        sheet.write_number_with_format(at, 0, row.seq, &formats.centred)?;
        write_text(sheet, at, 1, &row.name, &formats.centred)?;
        write_text(sheet, at, 2, &row.gender, &formats.centred)?;
        write_text(sheet, at, 3, &row.unit, &formats.text)?;
        write_text(sheet, at, 4, &row.post, &formats.text)?;
        write_text(sheet, at, 5, &row.phone_masked, &formats.centred)?;
        write_text(sheet, at, 6, &row.status, &formats.centred)?;
    }
    let waiting = rows.iter().filter(|row| row.status == "候补").count();
    let summary = format!(
        "共 {} 人，其中已报名 {} 人、候补 {} 人。",
        rows.len(),
        rows.len() - waiting,
        waiting
    );
    sheet.write_string_with_format(data_row(rows.len())? + 1, 0, summary, &formats.note)?;
    Ok(workbook.save_to_buffer()?)
}

/// A session's sign-in sheet: columns 序号 姓名 单位 签名 备注, rows `(seq, name, unit)` tall
/// enough to sign by hand, and a line for the number present and the checker's signature.
pub fn sign_in_sheet_xlsx(
    title: &str,
    subtitle: &str,
    rows: &[(u32, String, String)],
) -> Result<Vec<u8>, SheetError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("签到表")?;
    lay_out(sheet, title, subtitle, &SIGN_IN_HEADERS, &formats)?;
    for (index, (seq, name, unit)) in rows.iter().enumerate() {
        let at = data_row(index)?;
        sheet.set_row_height(at, SIGN_IN_ROW_HEIGHT)?;
        sheet.write_number_with_format(at, 0, *seq, &formats.centred)?;
        write_text(sheet, at, 1, name, &formats.centred)?;
        write_text(sheet, at, 2, unit, &formats.text)?;
        sheet.write_blank(at, 3, &formats.centred)?;
        sheet.write_blank(at, 4, &formats.centred)?;
    }
    let closing = format!(
        "应到 {} 人    实到 ____ 人    考勤人（签字）：__________",
        rows.len()
    );
    let at = data_row(rows.len())? + 1;
    sheet.set_row_height(at, 24)?;
    sheet.write_string_with_format(at, 0, closing, &formats.note)?;
    Ok(workbook.save_to_buffer()?)
}

/// Title, subtitle, headers, widths, frozen header and the print setup both sheets share.
fn lay_out(
    sheet: &mut Worksheet,
    title: &str,
    subtitle: &str,
    headers: &[(&str, f64)],
    formats: &Formats,
) -> Result<(), SheetError> {
    let last_col = u16::try_from(headers.len().saturating_sub(1)).unwrap_or(u16::MAX);
    for (index, (header, width)) in (0u16..).zip(headers) {
        sheet.set_column_width(index, *width)?;
        sheet.write_string_with_format(HEADER_ROW, index, *header, &formats.header)?;
    }
    // Merged cells are written as strings too: a title starting with "=" stays text.
    sheet.merge_range(0, 0, 0, last_col, title, &formats.title)?;
    sheet.merge_range(1, 0, 1, last_col, subtitle, &formats.subtitle)?;
    sheet.set_row_height(0, 30)?;
    sheet.set_row_height(1, 20)?;
    sheet.set_row_height(HEADER_ROW, 22)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;

    sheet.set_paper_size(PAPER_A4);
    sheet.set_portrait();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.5, 0.5, 0.6, 0.7, 0.3, 0.3);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

/// Text as a string cell, never a formula, with the cell's border even when empty.
fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: &Format,
) -> Result<(), SheetError> {
    if value.is_empty() {
        sheet.write_blank(row, col, format)?;
    } else {
        sheet.write_string_with_format(row, col, value, format)?;
    }
    Ok(())
}

/// One cell of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// An exact amount in hundredths (credits, scores), written as a number shown with two
    /// decimals: 1050 → 10.50.
    Hundredths(i64),
    /// Money in fen, written in 元 as a number shown with thousands separated: 12345600 →
    /// 123,456.00.
    Yuan(i64),
}

/// A report table: one worksheet with the same title, header and print setup as the roster,
/// landscape when it is wide.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub sheet: String,
    pub title: String,
    pub subtitle: String,
    /// Column headers with their widths (characters).
    pub headers: Vec<(String, f64)>,
    pub rows: Vec<Vec<Cell>>,
}

/// Report tables as one workbook, a sheet each (attendance reports and the like).
pub fn tables_xlsx(tables: &[Table]) -> Result<Vec<u8>, SheetError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.sheet)?;
        let headers: Vec<(&str, f64)> = table
            .headers
            .iter()
            .map(|(h, w)| (h.as_str(), *w))
            .collect();
        lay_out(sheet, &table.title, &table.subtitle, &headers, &formats)?;
        if headers.len() > 8 {
            sheet.set_landscape();
        }
        for (index, row) in table.rows.iter().enumerate() {
            let at = data_row(index)?;
            for (col, cell) in (0u16..).zip(row) {
                match cell {
                    Cell::Text(text) => write_text(sheet, at, col, text, &formats.centred)?,
                    Cell::Number(number) => {
                        sheet.write_number_with_format(at, col, *number, &formats.centred)?;
                    }
                    Cell::Hundredths(amount) => {
                        // Exact: amounts are far below 2^53 hundredths.
                        let number = *amount as f64 / 100.0;
                        sheet.write_number_with_format(at, col, number, &formats.hundredths)?;
                    }
                    Cell::Yuan(fen) => {
                        // Exact below 2^53 fen; shown with thousands separated.
                        let number = *fen as f64 / 100.0;
                        sheet.write_number_with_format(at, col, number, &formats.yuan)?;
                    }
                }
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// The sheet row of the `index`-th trainee.
fn data_row(index: usize) -> Result<u32, SheetError> {
    u32::try_from(index)
        .ok()
        .and_then(|index| index.checked_add(HEADER_ROW + 1))
        .ok_or_else(|| SheetError::Write("人数超过 Excel 表格的上限".to_owned()))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::*;

    fn read(bytes: Vec<u8>, sheet: &str) -> (calamine::Range<Data>, calamine::Range<String>) {
        let mut workbook = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
        let values = workbook.worksheet_range(sheet).expect("the sheet");
        let formulas = workbook.worksheet_formula(sheet).expect("formulas");
        (values, formulas)
    }

    fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
        range
            .get_value((row, col))
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    #[test]
    fn report_tables_keep_text_as_text_and_numbers_as_numbers() {
        let table = Table {
            sheet: "学员考勤".into(),
            title: "考勤汇总".into(),
            subtitle: "2026年3月2日".into(),
            headers: vec![("姓名".into(), 10.0), ("出勤率".into(), 8.0)],
            rows: vec![vec![
                Cell::Text("=钟伟".into()),
                Cell::Number(0.95),
                Cell::Hundredths(-1050),
            ]],
        };
        let (values, formulas) = read(tables_xlsx(&[table]).expect("written"), "学员考勤");
        assert_eq!(text(&values, 2, 0), "姓名");
        assert_eq!(text(&values, 3, 0), "=钟伟");
        assert_eq!(values.get_value((3, 1)), Some(&Data::Float(0.95)));
        assert_eq!(values.get_value((3, 2)), Some(&Data::Float(-10.5)));
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formulas"
        );
    }

    fn trainee(seq: u32, name: &str, unit: &str) -> RosterSheetRow {
        RosterSheetRow {
            seq,
            name: name.to_owned(),
            gender: "女".to_owned(),
            unit: unit.to_owned(),
            post: "副科长".to_owned(),
            phone_masked: "139****5678".to_owned(),
            status: "已报名".to_owned(),
        }
    }

    #[test]
    fn the_roster_has_title_subtitle_headers_and_one_row_per_trainee() {
        let rows = [
            trainee(1, "王芳", "县委组织部"),
            RosterSheetRow {
                status: "候补".to_owned(),
                ..trainee(2, "欧阳晓明", "县教育局")
            },
        ];
        let bytes = roster_xlsx(
            "2026年春季科级干部任职培训班",
            "培训时间：2026年3月2日至3月6日  地点：县委党校  班主任：李明",
            &rows,
        )
        .expect("written");
        let (range, _) = read(bytes, "学员名册");
        assert_eq!(text(&range, 0, 0), "2026年春季科级干部任职培训班");
        assert!(text(&range, 1, 0).contains("班主任：李明"));
        let headers: Vec<String> = (0..7).map(|col| text(&range, 2, col)).collect();
        assert_eq!(
            headers,
            [
                "序号",
                "姓名",
                "性别",
                "工作单位",
                "职务",
                "联系电话",
                "状态"
            ]
        );
        let second: Vec<String> = (0..7).map(|col| text(&range, 4, col)).collect();
        assert_eq!(
            second,
            [
                "2",
                "欧阳晓明",
                "女",
                "县教育局",
                "副科长",
                "139****5678",
                "候补"
            ]
        );
        assert_eq!(text(&range, 6, 0), "共 2 人，其中已报名 1 人、候补 1 人。");
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        let rows = [RosterSheetRow {
            post: "=HYPERLINK(\"http://x\")".to_owned(),
            unit: "+1".to_owned(),
            name: "@王".to_owned(),
            phone_masked: "-5".to_owned(),
            ..trainee(1, "", "")
        }];
        let bytes = roster_xlsx("=1+1", "-x", &rows).expect("written");
        let (range, formulas) = read(bytes, "学员名册");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formulas"
        );
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("=1+1".into())));
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("-x".into())));
        assert_eq!(range.get_value((3, 1)), Some(&Data::String("@王".into())));
        assert_eq!(range.get_value((3, 3)), Some(&Data::String("+1".into())));
        assert_eq!(
            range.get_value((3, 4)),
            Some(&Data::String("=HYPERLINK(\"http://x\")".into()))
        );
        assert_eq!(range.get_value((3, 5)), Some(&Data::String("-5".into())));
    }

    #[test]
    fn the_sign_in_sheet_leaves_the_signature_column_empty() {
        let rows = vec![
            (1, "王芳".to_owned(), "县委组织部".to_owned()),
            (2, "=李强".to_owned(), "县财政局".to_owned()),
        ];
        let bytes = sign_in_sheet_xlsx(
            "2026年春季科级干部任职培训班",
            "3月2日 上午 9:00—11:30 开班式",
            &rows,
        )
        .expect("written");
        let (range, formulas) = read(bytes, "签到表");
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
        let headers: Vec<String> = (0..5).map(|col| text(&range, 2, col)).collect();
        assert_eq!(headers, ["序号", "姓名", "单位", "签名", "备注"]);
        assert_eq!(text(&range, 3, 0), "1");
        assert_eq!(text(&range, 3, 1), "王芳");
        assert_eq!(text(&range, 3, 2), "县委组织部");
        assert_eq!(text(&range, 3, 3), "");
        assert_eq!(range.get_value((4, 1)), Some(&Data::String("=李强".into())));
        assert!(text(&range, 6, 0).starts_with("应到 2 人"));
    }

    #[test]
    fn an_empty_class_still_gives_a_sheet_with_headers() {
        let bytes = sign_in_sheet_xlsx("测试班", "", &[]).expect("written");
        let (range, _) = read(bytes, "签到表");
        assert_eq!(text(&range, 2, 3), "签名");
    }
}
