//! The exam and assignment score sheet (成绩导入, R-CRD-4): its columns, the template prefilled
//! with a class's trainees, and reading a filled-in sheet with the generic reader.
//!
//! A row names its person by the system number (系统编号) or by the full ID number; the name is
//! there to be checked against that person. Which person a row names, and whether its score is
//! valid, is decided by the caller, who sees the register.

use ganxun_domain::PersonId;
use rust_xlsxwriter::Workbook;

use crate::columns::{Column, ColumnSet};
use crate::error::SheetError;
use crate::read::{RawRow, read_table};
use crate::template;

/// Column keys of the score sheet.
pub mod score_keys {
    pub const PERSON_ID: &str = "person_id";
    pub const NAME: &str = "name";
    pub const ID_CARD: &str = "id_card";
    pub const UNIT: &str = "unit";
    pub const SCORE: &str = "score";
    pub const NOTE: &str = "note";
}

use score_keys as k;

/// The sheet the score template writes and that is read first.
const SCORES_SHEET: &str = "成绩";

/// Columns of the score sheet, in order.
pub const SCORE_COLUMNS: &[Column] = &[
    Column {
        key: k::PERSON_ID,
        header_zh: "系统编号",
        header_en: "Person ID",
        required: false,
        hint_zh: "系统中的人员编号，模板已预填；与身份证号二选一，都填时须为同一人。",
    },
    Column {
        key: k::NAME,
        header_zh: "姓名",
        header_en: "Name",
        required: true,
        hint_zh: "必填，用于核对：须与系统编号或身份证号对应人员的姓名一致。",
    },
    Column {
        key: k::ID_CARD,
        header_zh: "身份证号",
        header_en: "ID card number",
        required: false,
        hint_zh: "没有系统编号时填写完整的 18 位身份证号（文本格式）；模板不预填。",
    },
    Column {
        key: k::UNIT,
        header_zh: "单位",
        header_en: "Unit",
        required: false,
        hint_zh: "仅供核对，导入时不读取。",
    },
    Column {
        key: k::SCORE,
        header_zh: "成绩",
        header_en: "Score",
        required: true,
        hint_zh: "百分制，0 至 100，最多两位小数；不填的行跳过（不登记）。",
    },
    Column {
        key: k::NOTE,
        header_zh: "备注",
        header_en: "Note",
        required: false,
        hint_zh: "选填，导入时不读取。",
    },
];

/// Other headers real score lists use.
const SCORE_ALIASES: &[(&str, &str)] = &[
    ("人员编号", k::PERSON_ID),
    ("编号", k::PERSON_ID),
    ("身份证号码", k::ID_CARD),
    ("公民身份号码", k::ID_CARD),
    ("身份证", k::ID_CARD),
    ("工作单位", k::UNIT),
    ("单位名称", k::UNIT),
    ("分数", k::SCORE),
    ("得分", k::SCORE),
    ("考试成绩", k::SCORE),
    ("作业成绩", k::SCORE),
    ("说明", k::NOTE),
];

/// The score sheet's columns, for [`read_table`].
pub const SCORES: ColumnSet = ColumnSet {
    columns: SCORE_COLUMNS,
    aliases: SCORE_ALIASES,
    sheet: SCORES_SHEET,
    one_of: &[],
};

/// Reads a filled-in score sheet (.xlsx or .csv); fails only when it is not a score sheet.
pub fn read_scores(bytes: &[u8]) -> Result<Vec<RawRow>, SheetError> {
    read_table(bytes, &SCORES)
}

/// A trainee prefilled on the template. No ID number: a template travels by e-mail and chat,
/// and a full ID number must never be written into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreTemplateRow {
    pub person_id: PersonId,
    pub name: String,
    pub unit: String,
}

/// The score import template: sheet “成绩” with the header in row 1 and `rows` prefilled
/// (系统编号, 姓名, 单位; 身份证号 and 成绩 empty), and sheet “填写说明” with the instructions;
/// `subtitle` (the class, if any) heads the instructions.
pub fn scores_template_xlsx(
    subtitle: &str,
    rows: &[ScoreTemplateRow],
) -> Result<Vec<u8>, SheetError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    template::header_row(
        sheet,
        SCORES_SHEET,
        SCORE_COLUMNS,
        |column| match column.key {
            k::ID_CARD => 22.0,
            k::UNIT => 28.0,
            k::NOTE => 20.0,
            _ => 11.0,
        },
        // The ID number stays text so Excel keeps all 18 digits.
        |column| column.key == k::ID_CARD,
    )?;
    for (at, row) in (1u32..).zip(rows) {
        // A number, as the register shows it; ids are far below 2^53, so exact.
        sheet.write_number(at, 0, row.person_id.0 as f64)?;
        sheet.write_string(at, 1, &row.name)?;
        if !row.unit.is_empty() {
            sheet.write_string(at, 3, &row.unit)?;
        }
    }
    let subtitle = (!subtitle.is_empty()).then_some(subtitle);
    template::guide(
        workbook.add_worksheet(),
        "考试、作业成绩导入模板填写说明",
        subtitle.into_iter().chain([
            "1. 请在“成绩”页填写，第 1 行为表头，请勿修改；带 * 的列为必填。",
            "2. 每行一人：按系统编号找人；没有系统编号时填写完整的身份证号。姓名须与该人员一致，用于核对。",
            "3. 成绩为百分制（0 至 100，最多两位小数）；成绩为空的行跳过，不登记。",
            "4. 成绩决定学分和评优，导入“全部或全不”：只要有一行有问题，整份成绩都不登记，并逐行列出行号和原因；改正后重新上传即可。",
            "5. 上传时选择考试或作业、名称和日期；可先“仅检查”，确认无误后再正式导入。",
            "6. 也可上传 CSV 文件（UTF-8 或 GBK/GB18030 编码），第一行同样为表头。",
        ]),
        SCORE_COLUMNS,
    )?;
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::*;

    #[test]
    fn the_template_is_prefilled_without_id_numbers_and_reads_back() {
        let rows = [
            ScoreTemplateRow {
                person_id: PersonId(17),
                name: "王芳".into(),
                unit: "县教育局".into(),
            },
            ScoreTemplateRow {
                person_id: PersonId(18),
                name: "=李强".into(),
                unit: String::new(),
            },
        ];
        let bytes = scores_template_xlsx("2026年春季班", &rows).expect("written");
        let mut workbook = Xlsx::new(Cursor::new(bytes.clone())).expect("a workbook");
        assert_eq!(
            workbook.sheet_names(),
            [SCORES_SHEET, template::GUIDE_SHEET]
        );
        let range = workbook.worksheet_range(SCORES_SHEET).expect("sheet");
        let headers: Vec<String> = (0..6)
            .map(|c| {
                range
                    .get_value((0, c))
                    .map(ToString::to_string)
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            headers,
            ["系统编号", "姓名*", "身份证号", "单位", "成绩*", "备注"]
        );
        assert_eq!(range.get_value((1, 0)), Some(&Data::Float(17.0)));
        assert_eq!(range.get_value((2, 1)), Some(&Data::String("=李强".into())));
        assert!(range.get_value((1, 2)).is_none_or(|v| *v == Data::Empty));

        // Read back: the template is a score sheet whose rows have no score yet.
        let read = read_scores(&bytes).expect("a score sheet");
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].row_number, 2);
        assert_eq!(read[0].get(k::PERSON_ID), Some("17"));
        assert_eq!(read[0].get(k::NAME), Some("王芳"));
        assert_eq!(read[0].get(k::SCORE), None);
    }

    #[test]
    fn score_sheets_are_read_by_their_own_headers_and_aliases() {
        let csv = "2026年考试成绩\n序号,姓名,身份证号码,得分\n1, 王芳 ,11010519491231002X,84.5\n\n2,李强,,\n";
        let rows = read_scores(csv.as_bytes()).expect("a score sheet");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].row_number, 3);
        assert_eq!(rows[0].get(k::NAME), Some(" 王芳 "));
        assert_eq!(rows[0].get(k::ID_CARD), Some("11010519491231002X"));
        assert_eq!(rows[0].get(k::SCORE), Some("84.5"));
        assert_eq!(rows[1].row_number, 5);
        assert_eq!(rows[1].get(k::SCORE), None);
    }

    #[test]
    fn a_sheet_without_a_score_column_is_not_a_score_sheet() {
        assert_eq!(
            read_scores("姓名,身份证号\n王芳,1\n".as_bytes()),
            Err(SheetError::MissingColumns(vec!["成绩"]))
        );
        // A people roster is not a score sheet, and a score sheet is not a roster.
        assert!(matches!(
            crate::read_people("系统编号,姓名,成绩\n1,王芳,90\n".as_bytes()),
            Err(SheetError::MissingColumns(_))
        ));
    }

    #[test]
    fn gb18030_score_sheets_are_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("系统编号,姓名,成绩\n7,钟伟,90\n");
        let rows = read_scores(&bytes).expect("a score sheet");
        assert_eq!(rows[0].get(k::NAME), Some("钟伟"));
        assert_eq!(rows[0].get(k::SCORE), Some("90"));
    }
}
