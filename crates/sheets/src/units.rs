//! The unit list (单位导入, issue 17 item 10): units to add in bulk, each under a parent named
//! by its name or code — the units a roster names that the tree does not have yet. Its columns,
//! its template, and reading a filled-in list with the generic reader. Which parent a row
//! names, and whether the unit may be made there, is decided by the caller, who sees the tree.

use ganxun_domain::UnitType;
use rust_xlsxwriter::{Format, Workbook};

use crate::columns::{Column, ColumnSet};
use crate::error::SheetError;
use crate::template;

/// Column keys of the unit list.
pub mod unit_keys {
    pub const NAME: &str = "name";
    pub const PARENT: &str = "parent";
    pub const UNIT_TYPE: &str = "unit_type";
    pub const CODE: &str = "code";
}

use unit_keys as k;

/// The sheet the unit template writes and that is read first.
const UNITS_SHEET: &str = "单位";

/// Columns of the unit list, in order.
pub const UNIT_COLUMNS: &[Column] = &[
    Column {
        key: k::NAME,
        header_zh: "单位名称",
        header_en: "Name",
        required: true,
        hint_zh: "必填，单位全称，如“沙湖镇中心小学”。上级单位下已有同名单位时不重复新增。",
    },
    Column {
        key: k::PARENT,
        header_zh: "上级单位",
        header_en: "Parent unit",
        required: true,
        hint_zh: "必填，填上级单位的名称或代码；须在您的管理范围内。也可以是本表中前面或后面新增的单位。有同名单位时请填代码。",
    },
    Column {
        key: k::UNIT_TYPE,
        header_zh: "单位类型",
        header_en: "Type",
        required: true,
        hint_zh: "必填，可选值见下方，如“学校”“部门”“乡镇（街道）”。",
    },
    Column {
        key: k::CODE,
        header_zh: "单位代码",
        header_en: "Code",
        required: false,
        hint_zh: "选填，由字母、数字、“-”或“_”组成，不能与已有单位重复；不填时按上级单位代码自动编号（如 SFX-T00-01）。",
    },
];

const UNIT_ALIASES: &[(&str, &str)] = &[
    ("名称", k::NAME),
    ("单位", k::NAME),
    ("单位全称", k::NAME),
    ("上级单位名称", k::PARENT),
    ("上级单位代码", k::PARENT),
    ("上级", k::PARENT),
    ("所属单位", k::PARENT),
    ("类型", k::UNIT_TYPE),
    ("单位性质", k::UNIT_TYPE),
    ("代码", k::CODE),
    ("单位编码", k::CODE),
];

/// The unit list's columns.
pub const UNITS: ColumnSet = ColumnSet {
    columns: UNIT_COLUMNS,
    aliases: UNIT_ALIASES,
    sheet: UNITS_SHEET,
    one_of: &[],
};

/// Other words for unit types in real lists.
const TYPE_ALIASES: &[(&str, UnitType)] = &[
    ("乡镇", UnitType::Town),
    ("镇", UnitType::Town),
    ("乡", UnitType::Town),
    ("街道", UnitType::Town),
    ("村", UnitType::Village),
    ("社区", UnitType::Village),
    ("县", UnitType::County),
    ("区", UnitType::County),
    ("小学", UnitType::School),
    ("中学", UnitType::School),
    ("幼儿园", UnitType::School),
    ("机关", UnitType::Department),
    ("单位", UnitType::Department),
    ("事业单位", UnitType::Enterprise),
    ("企业", UnitType::Enterprise),
    ("国有企业", UnitType::Enterprise),
];

/// A unit type by its code, its label or a word real lists use for it (`乡镇`, `小学`); the
/// flag says whether it was read from a word other than the label.
pub fn parse_unit_type(text: &str) -> Option<(UnitType, bool)> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let plain = text.replace('(', "（").replace(')', "）");
    if let Some(found) = UnitType::parse(&plain) {
        return Some((found, false));
    }
    TYPE_ALIASES
        .iter()
        .find(|(word, _)| *word == plain)
        .map(|(_, found)| (*found, true))
}

/// The unit template: sheet “单位” with the header in row 1 and one example row, and sheet
/// “填写说明” with the instructions and the unit types.
pub fn units_template_xlsx() -> Result<Vec<u8>, SheetError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    template::header_row(
        sheet,
        UNITS_SHEET,
        UNIT_COLUMNS,
        |column| if column.key == k::CODE { 16.0 } else { 24.0 },
        |_| true,
    )?;
    for (index, example) in (0u16..).zip(["示例中心小学（导入前请删除本行）", "沙湖镇", "学校", ""])
    {
        sheet.write_string(1, index, example)?;
    }
    let guide = workbook.add_worksheet();
    let mut at = template::guide(
        guide,
        "单位导入模板填写说明",
        [
            "1. 请在“单位”页填写，第 1 行为表头，请勿修改；带 * 的列为必填。每行一个单位。",
            "2. 上级单位填名称或代码，须在您的管理范围内；可以是本表中新增的单位。",
            "3. 上级单位下已有同名单位的行不重复新增，报告中注明已有单位；其他有问题的行逐行列出原因，不导入。",
            "4. 可先“预检”查看结果，确认无误后再正式导入；正式导入时所有单位一次写入。",
        ],
        UNIT_COLUMNS,
    )?;
    at += 1;
    guide.write_string_with_format(at, 0, "单位类型可选值", &Format::new().set_bold())?;
    at += 1;
    for unit_type in UnitType::ALL {
        guide.write_string(at, 0, unit_type.label_zh())?;
        at += 1;
    }
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_table;

    #[test]
    fn unit_types_are_read_from_labels_codes_and_common_words() {
        assert_eq!(parse_unit_type("学校"), Some((UnitType::School, false)));
        assert_eq!(parse_unit_type("school"), Some((UnitType::School, false)));
        assert_eq!(parse_unit_type("乡镇(街道)"), Some((UnitType::Town, false)));
        assert_eq!(parse_unit_type("小学"), Some((UnitType::School, true)));
        assert_eq!(parse_unit_type("外星"), None);
    }

    #[test]
    fn the_template_reads_back_with_its_example() {
        let bytes = units_template_xlsx().unwrap();
        let rows = read_table(&bytes, &UNITS).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get(k::PARENT), Some("沙湖镇"));
        assert_eq!(rows[0].get(k::UNIT_TYPE), Some("学校"));
    }
}
