//! Writing spreadsheets: the people import template and the people export, both in the same
//! column layout so that an export can be edited and imported again.

use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use crate::columns::{Column, PEOPLE_COLUMNS, PEOPLE_SHEET, keys};
use crate::error::SheetError;
use ganxun_domain::{Category, Education, Rank, Sex};

/// The ID number of the template's example row: the sample number of GB 11643, so that the
/// example never names a real person. A caller may warn when an import contains it.
pub const TEMPLATE_EXAMPLE_ID_CARD: &str = "11010519491231002X";

/// The second sheet of the template.
const GUIDE_SHEET: &str = "填写说明";

/// How many rows below the header the template's dropdowns cover.
const TEMPLATE_ROWS: u32 = 5000;

/// Excel's last row (0-based).
const MAX_ROW: u32 = 1_048_575;

/// The example row of the template, by column key.
const EXAMPLE: &[(&str, &str)] = &[
    (keys::NAME, "王芳"),
    (keys::SEX, "女"),
    (keys::BIRTH_DATE, "1949-12-31"),
    (keys::ID_CARD, TEMPLATE_EXAMPLE_ID_CARD),
    (keys::PHONE, "13912345678"),
    (keys::UNIT_CODE, "EXAMPLE-01"),
    (keys::UNIT_NAME, "示例单位（导入前请删除本行）"),
    (keys::POSITION, "组织员"),
    (keys::RANK, "四级主任科员"),
    (keys::CATEGORIES, "组工干部、公务员"),
    (keys::EDUCATION, "本科"),
    (keys::POST_START_DATE, "2021-06-01"),
    (keys::EFFECTIVE_DATE, "2024-01-01"),
];

/// Columns kept as text so that Excel never turns a number into a number (ID numbers lose
/// their last digits, unit codes their leading zeros).
fn is_text_column(key: &str) -> bool {
    matches!(key, keys::ID_CARD | keys::PHONE | keys::UNIT_CODE)
}

fn column_width(key: &str) -> f64 {
    match key {
        keys::NAME => 12.0,
        keys::SEX => 7.0,
        keys::BIRTH_DATE | keys::POST_START_DATE => 13.0,
        keys::ID_CARD => 22.0,
        keys::PHONE => 15.0,
        keys::UNIT_CODE => 14.0,
        keys::UNIT_NAME | keys::POSITION | keys::CATEGORIES => 26.0,
        keys::RANK | keys::EDUCATION => 15.0,
        _ => 14.0,
    }
}

struct Formats {
    header: Format,
    required_header: Format,
    text: Format,
}

impl Formats {
    fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_num_format("@");
        Formats {
            required_header: header.clone().set_font_color(Color::RGB(0xC00000)),
            header,
            text: Format::new().set_num_format("@"),
        }
    }
}

fn col(index: usize) -> u16 {
    // The template has 13 columns.
    u16::try_from(index).unwrap_or(u16::MAX)
}

/// Header row, widths, text columns and the frozen header: what the template and the export share.
fn lay_out(sheet: &mut Worksheet, formats: &Formats) -> Result<(), SheetError> {
    sheet.set_name(PEOPLE_SHEET)?;
    for (index, column) in PEOPLE_COLUMNS.iter().enumerate() {
        sheet.set_column_width(col(index), column_width(column.key))?;
        if is_text_column(column.key) {
            sheet.set_column_format(col(index), &formats.text)?;
        }
        let format = if column.required {
            &formats.required_header
        } else {
            &formats.header
        };
        sheet.write_string_with_format(0, col(index), column.template_header(), format)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Writes text as a string cell (never a formula, whatever it starts with).
fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    column: &Column,
    index: usize,
    value: &str,
    formats: &Formats,
) -> Result<(), SheetError> {
    if value.is_empty() {
        return Ok(());
    }
    if is_text_column(column.key) {
        sheet.write_string_with_format(row, col(index), value, &formats.text)?;
    } else {
        sheet.write_string(row, col(index), value)?;
    }
    Ok(())
}

fn dropdown(labels: &[&str], what: &str) -> Result<DataValidation, SheetError> {
    Ok(DataValidation::new()
        .allow_list_strings(labels)?
        .set_error_title("输入有误")?
        .set_error_message(format!(
            "请从下拉列表中选择{what}，可选值见“{GUIDE_SHEET}”页"
        ))?)
}

/// The people import template: sheet “干部信息” with bold headers (required ones marked `*`),
/// one example row, column widths, text format for ID numbers, phones and unit codes, a frozen
/// header and dropdowns for 性别/职级/学历; sheet “填写说明” with each column's hint and the
/// allowed labels.
pub fn people_template_xlsx() -> Result<Vec<u8>, SheetError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();

    let sheet = workbook.add_worksheet();
    lay_out(sheet, &formats)?;
    for (index, column) in PEOPLE_COLUMNS.iter().enumerate() {
        let value = EXAMPLE
            .iter()
            .find(|(key, _)| *key == column.key)
            .map_or("", |(_, value)| value);
        write_text(sheet, 1, column, index, value, &formats)?;
    }
    let sexes: Vec<&str> = Sex::ALL.iter().map(|s| s.label_zh()).collect();
    let ranks: Vec<&str> = Rank::ALL.iter().map(|r| r.label_zh()).collect();
    let educations: Vec<&str> = Education::ALL.iter().map(|e| e.label_zh()).collect();
    for (key, labels, what) in [
        (keys::SEX, &sexes, "性别"),
        (keys::RANK, &ranks, "职级"),
        (keys::EDUCATION, &educations, "学历"),
    ] {
        let index = PEOPLE_COLUMNS
            .iter()
            .position(|c| c.key == key)
            .unwrap_or_default();
        sheet.add_data_validation(
            1,
            col(index),
            TEMPLATE_ROWS,
            col(index),
            &dropdown(labels, what)?,
        )?;
    }

    write_guide(workbook.add_worksheet())?;
    Ok(workbook.save_to_buffer()?)
}

fn write_guide(sheet: &mut Worksheet) -> Result<(), SheetError> {
    sheet.set_name(GUIDE_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 10)?;
    sheet.set_column_width(2, 90)?;

    let mut row = 0u32;
    sheet.write_string_with_format(row, 0, "干部信息导入模板填写说明", &title)?;
    row += 1;
    for line in [
        "1. 请在“干部信息”页填写，第 1 行为表头，请勿修改；带 * 的列为必填。",
        "2. 第 2 行为示例（身份证号为国家标准中的示例号码），导入前请删除或改为真实数据。",
        "3. 身份证号、手机号、单位代码列已设为文本格式；从其他表格粘贴时请用“选择性粘贴 → 值”，以免号码被存成数字而丢失后几位。",
        "4. 也可上传 CSV 文件（UTF-8 编码或 Excel 默认的 GBK/GB18030 编码），第一行同样为表头。",
        "5. 有问题的行会逐行列出行号和原因，其余行照常导入；被整理过的值（如去掉姓名中的空格）会在导入结果中逐条注明。",
    ] {
        sheet.write_string(row, 0, line)?;
        row += 1;
    }

    row += 1;
    for (index, header) in ["列名", "是否必填", "填写说明"].into_iter().enumerate() {
        sheet.write_string_with_format(row, col(index), header, &bold)?;
    }
    row += 1;
    for column in PEOPLE_COLUMNS {
        sheet.write_string(row, 0, column.template_header())?;
        sheet.write_string(row, 1, if column.required { "必填" } else { "选填" })?;
        sheet.write_string_with_format(row, 2, column.hint_zh, &wrap)?;
        row += 1;
    }

    let sections: [(String, Vec<&str>); 4] = [
        (
            "性别可选值".to_owned(),
            Sex::ALL.iter().map(|s| s.label_zh()).collect(),
        ),
        (
            format!("职级可选值（共 {} 项）", Rank::ALL.len()),
            Rank::ALL.iter().map(|r| r.label_zh()).collect(),
        ),
        (
            format!(
                "人员类别可选值（共 {} 项；可填多个，用“、”“,”或“；”分隔）",
                Category::ALL.len()
            ),
            Category::ALL.iter().map(|c| c.label_zh()).collect(),
        ),
        (
            format!("学历可选值（共 {} 项）", Education::ALL.len()),
            Education::ALL.iter().map(|e| e.label_zh()).collect(),
        ),
    ];
    for (heading, labels) in sections {
        row += 1;
        sheet.write_string_with_format(row, 0, heading, &bold)?;
        row += 1;
        for label in labels {
            sheet.write_string(row, 0, label)?;
            row += 1;
        }
    }
    Ok(())
}

/// One person as exported: every value already as the text to show. The caller decides what is
/// masked (ID numbers and phones are masked unless revealed, R-PPL-2).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ExportPerson {
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    /// Already masked by the caller unless revealed.
    pub id_card: String,
    pub phone: String,
    pub unit_code: String,
    pub unit_name: String,
    pub position: String,
    pub rank: String,
    pub categories: String,
    pub education: String,
    pub post_start_date: String,
}

impl ExportPerson {
    /// The value for a template column (the export has no effective date: it stays blank).
    fn value(&self, key: &str) -> &str {
        match key {
            keys::NAME => &self.name,
            keys::SEX => &self.sex,
            keys::BIRTH_DATE => &self.birth_date,
            keys::ID_CARD => &self.id_card,
            keys::PHONE => &self.phone,
            keys::UNIT_CODE => &self.unit_code,
            keys::UNIT_NAME => &self.unit_name,
            keys::POSITION => &self.position,
            keys::RANK => &self.rank,
            keys::CATEGORIES => &self.categories,
            keys::EDUCATION => &self.education,
            keys::POST_START_DATE => &self.post_start_date,
            _ => "",
        }
    }
}

impl std::fmt::Debug for ExportPerson {
    /// Without the ID number and phone, which may have been revealed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportPerson")
            .field("name", &self.name)
            .field("unit_code", &self.unit_code)
            .field("rank", &self.rank)
            .finish_non_exhaustive()
    }
}

/// Writes people in the template's column layout (row 1 = headers, so that an export can be
/// edited and imported again once the caller reveals the numbers), sheet “干部信息”. Rows are
/// streamed through a temporary file (rust_xlsxwriter's constant-memory mode), so 100k+ rows
/// stay small in memory. Every value is a text cell: ID numbers and phones never become
/// numbers, and text starting with `=`, `+`, `-` or `@` never becomes a formula.
pub fn people_xlsx(rows: impl IntoIterator<Item = ExportPerson>) -> Result<Vec<u8>, SheetError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory();
    lay_out(sheet, &formats)?;
    for (index, person) in rows.into_iter().enumerate() {
        let row = u32::try_from(index + 1)
            .ok()
            .filter(|row| *row <= MAX_ROW)
            .ok_or_else(|| {
                SheetError::Write(format!(
                    "人数超过一个 Excel 工作表的上限（{MAX_ROW} 行），请缩小导出范围"
                ))
            })?;
        for (column_index, column) in PEOPLE_COLUMNS.iter().enumerate() {
            write_text(
                sheet,
                row,
                column,
                column_index,
                person.value(column.key),
                &formats,
            )?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}
