//! The columns of a template (the people template, the score sheet) and how a header cell is
//! recognised.

use serde::Serialize;

/// One column of a template: its machine key, the headers it is known by and a hint for the
/// person filling it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Stable machine key, e.g. `id_card`.
    pub key: &'static str,
    /// The header the template shows (without the `*` that marks a required column).
    pub header_zh: &'static str,
    /// The English header, also accepted on import.
    pub header_en: &'static str,
    /// Whether every row must fill this column.
    pub required: bool,
    /// How to fill the column, shown on the template's “填写说明” sheet.
    pub hint_zh: &'static str,
}

impl Column {
    /// The header as the template shows it: required columns end in `*`.
    pub fn template_header(&self) -> String {
        if self.required {
            format!("{}*", self.header_zh)
        } else {
            self.header_zh.to_owned()
        }
    }
}

/// Column keys, so that callers and this crate never spell them twice.
pub mod keys {
    pub const NAME: &str = "name";
    pub const SEX: &str = "sex";
    pub const BIRTH_DATE: &str = "birth_date";
    pub const ID_CARD: &str = "id_card";
    pub const PHONE: &str = "phone";
    pub const UNIT_CODE: &str = "unit_code";
    pub const UNIT_NAME: &str = "unit_name";
    pub const POSITION: &str = "position";
    pub const RANK: &str = "rank";
    pub const CATEGORIES: &str = "categories";
    pub const EDUCATION: &str = "education";
    pub const POST_START_DATE: &str = "post_start_date";
    pub const EFFECTIVE_DATE: &str = "effective_date";
}

/// Columns of the people template, in order. Header text (Chinese) is what the template shows.
pub const PEOPLE_COLUMNS: &[Column] = &[
    Column {
        key: keys::NAME,
        header_zh: "姓名",
        header_en: "Name",
        required: true,
        hint_zh: "必填。两个字的姓名中间不要加空格（写“钟伟”，不要写“钟 伟”）；少数民族姓名用间隔号“·”。",
    },
    Column {
        key: keys::SEX,
        header_zh: "性别",
        header_en: "Sex",
        required: false,
        hint_zh: "选填，“男”或“女”。不填时按身份证号确定；填写时须与身份证号一致。",
    },
    Column {
        key: keys::BIRTH_DATE,
        header_zh: "出生日期",
        header_en: "Birth date",
        required: false,
        hint_zh: "选填，如 1985-03-12，也可只填年月（如 1985.03）。不填时按身份证号确定；填写时须与身份证号一致。",
    },
    Column {
        key: keys::ID_CARD,
        header_zh: "身份证号",
        header_en: "ID card number",
        required: true,
        hint_zh: "必填，18 位，末位可为 X。本列须为“文本”格式：若被存成数字，Excel 会把后三位变成 0，无法导入。",
    },
    Column {
        key: keys::PHONE,
        header_zh: "手机号",
        header_en: "Phone",
        required: false,
        hint_zh: "选填，11 位手机号，或带区号的固定电话（如 0728-1234567）。",
    },
    Column {
        key: keys::UNIT_CODE,
        header_zh: "单位代码",
        header_en: "Unit code",
        required: false,
        hint_zh: "单位代码和单位名称至少填一项。系统中已有单位的代码（在“组织机构”中查看），由字母、数字、“-”或“_”组成。",
    },
    Column {
        key: keys::UNIT_NAME,
        header_zh: "单位名称",
        header_en: "Unit name",
        required: false,
        hint_zh: "单位代码和单位名称至少填一项。同时填了单位代码时用于核对，须与代码对应的单位名称一致（空格不计），否则该行不导入；只填名称时，按名称在您管理范围内查找单位，名称相近的须在预检时确认。",
    },
    Column {
        key: keys::POSITION,
        header_zh: "职务",
        header_en: "Position",
        required: false,
        hint_zh: "选填，如“县委组织部副部长”。",
    },
    Column {
        key: keys::RANK,
        header_zh: "职级",
        header_en: "Rank",
        required: false,
        hint_zh: "选填，从下拉列表中选择，可选值见下方。不填时新增人员记为“无职级”，更新已有人员时保留原职级。",
    },
    Column {
        key: keys::CATEGORIES,
        header_zh: "人员类别",
        header_en: "Categories",
        required: false,
        hint_zh: "选填，可填多个，用“、”“,”或“；”分隔，可选值见下方。",
    },
    Column {
        key: keys::EDUCATION,
        header_zh: "学历",
        header_en: "Education",
        required: false,
        hint_zh: "选填，从下拉列表中选择，可选值见下方。",
    },
    Column {
        key: keys::POST_START_DATE,
        header_zh: "任现职时间",
        header_en: "Post start date",
        required: false,
        hint_zh: "选填，如 2021-06-01；只填年月（如 2021.06）时按当月 1 日记录。",
    },
    Column {
        key: keys::EFFECTIVE_DATE,
        header_zh: "信息生效日期",
        header_en: "Effective date",
        required: false,
        hint_zh: "选填，如 2024-01-01；不填时为导入当天。",
    },
];

/// Other headers real rosters use for the same columns (matched after normalisation).
const ALIASES: &[(&str, &str)] = &[
    ("出生年月", keys::BIRTH_DATE),
    ("出生年月日", keys::BIRTH_DATE),
    ("身份证号码", keys::ID_CARD),
    ("公民身份号码", keys::ID_CARD),
    ("身份证", keys::ID_CARD),
    ("手机", keys::PHONE),
    ("手机号码", keys::PHONE),
    ("联系电话", keys::PHONE),
    ("联系方式", keys::PHONE),
    ("证件号码", keys::ID_CARD),
    ("电话", keys::PHONE),
    ("电话号码", keys::PHONE),
    ("移动电话", keys::PHONE),
    ("单位编码", keys::UNIT_CODE),
    ("单位", keys::UNIT_NAME),
    ("工作单位", keys::UNIT_NAME),
    ("所在单位", keys::UNIT_NAME),
    ("单位全称", keys::UNIT_NAME),
    ("现任职务", keys::POSITION),
    ("现职务", keys::POSITION),
    ("职位", keys::POSITION),
    ("岗位", keys::POSITION),
    ("级别", keys::RANK),
    ("职级级别", keys::RANK),
    ("类别", keys::CATEGORIES),
    ("人员类型", keys::CATEGORIES),
    ("干部类别", keys::CATEGORIES),
    ("最高学历", keys::EDUCATION),
    ("文化程度", keys::EDUCATION),
    ("任现职务时间", keys::POST_START_DATE),
    ("生效日期", keys::EFFECTIVE_DATE),
];

/// The sheet the people template writes and that is read first.
pub(crate) const PEOPLE_SHEET: &str = "干部信息";

/// What a kind of sheet is read by: its columns, the other headers real files use for them, and
/// the sheet to read first. The reader ([`crate::read_table`]) is driven by it alone.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSet {
    pub columns: &'static [Column],
    /// `(header, key)`: other headers for a column, matched after normalisation.
    pub aliases: &'static [(&'static str, &'static str)],
    /// The worksheet read first (the template's); the others follow in order.
    pub sheet: &'static str,
    /// Groups of columns of which at least one must be there, each with what a missing group
    /// is called in a message (`单位代码或单位名称`).
    pub one_of: &'static [(&'static str, &'static [&'static str])],
}

/// The people template's columns. A row names its unit by code or by name: one of the two
/// columns must be there.
pub const PEOPLE: ColumnSet = ColumnSet {
    columns: PEOPLE_COLUMNS,
    aliases: ALIASES,
    sheet: PEOPLE_SHEET,
    one_of: &[("单位代码或单位名称", &[keys::UNIT_CODE, keys::UNIT_NAME])],
};

impl ColumnSet {
    /// The column with this key.
    pub fn column(&self, key: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// The Chinese header of the column with this key (the key itself if there is none).
    pub fn header_zh(&self, key: &'static str) -> &'static str {
        self.column(key).map_or(key, |c| c.header_zh)
    }

    /// The key of the column a header cell names, if any.
    pub fn key_for_header(&self, text: &str) -> Option<&'static str> {
        let wanted = normalise_header(text);
        if wanted.is_empty() {
            return None;
        }
        self.columns
            .iter()
            .find(|c| {
                [c.header_zh, c.header_en, c.key]
                    .iter()
                    .any(|h| normalise_header(h) == wanted)
            })
            .map(|c| c.key)
            .or_else(|| {
                // A header such as “职级（级别）” is reduced to “职级” above; “职级级别” is
                // matched here.
                self.aliases
                    .iter()
                    .find(|(alias, _)| normalise_header(alias) == wanted)
                    .map(|(_, key)| *key)
            })
    }

    /// The Chinese headers of the required columns (and of each group of which one is needed).
    pub(crate) fn required_headers(&self) -> Vec<&'static str> {
        self.missing(&[])
    }

    /// What a header of these keys lacks: each required column, and each group of which none is
    /// there, by its Chinese name.
    pub fn missing(&self, keys: &[&str]) -> Vec<&'static str> {
        let mut missing: Vec<&'static str> = self
            .columns
            .iter()
            .filter(|c| c.required && !keys.contains(&c.key))
            .map(|c| c.header_zh)
            .collect();
        missing.extend(
            self.one_of
                .iter()
                .filter(|(_, group)| !group.iter().any(|k| keys.contains(k)))
                .map(|(label, _)| *label),
        );
        missing
    }
}

/// A header as it is compared and remembered: [`ColumnSet::key_for_header`]'s normal form
/// (no spaces, required marks or trailing hints, lowercase).
pub fn header_key(text: &str) -> String {
    normalise_header(text)
}

/// The people column with this key.
pub fn column(key: &str) -> Option<&'static Column> {
    PEOPLE.column(key)
}

/// The Chinese header of the people column with this key (the key itself if there is none).
pub(crate) fn header_zh(key: &'static str) -> &'static str {
    PEOPLE.header_zh(key)
}

/// A header reduced to what identifies it: no whitespace, no required-marks, no trailing
/// parenthesised hint (`出生日期（YYYY-MM-DD）`), lowercase, without `_` and `-`.
fn normalise_header(text: &str) -> String {
    let mut compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | '\u{FEFF}' | '\u{200B}'))
        .collect();
    // Drop a parenthesised suffix, repeatedly: 职级（级别）(必填) → 职级（级别） → 职级.
    // A header that is nothing but brackets is left alone.
    while let Some(stripped) = strip_bracket_suffix(&compact) {
        if stripped.is_empty() {
            break;
        }
        compact = stripped.to_owned();
    }
    compact
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn strip_bracket_suffix(text: &str) -> Option<&str> {
    let close = text.chars().last()?;
    let open = match close {
        ')' => ['(', '（'],
        '）' => ['（', '('],
        _ => return None,
    };
    let at = text.rfind(open)?;
    text.get(..at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_is_named_by_code_or_by_name_and_a_rank_may_be_left_out() {
        assert_eq!(
            PEOPLE.missing(&[keys::NAME, keys::ID_CARD]),
            ["单位代码或单位名称"]
        );
        assert!(
            PEOPLE
                .missing(&[keys::NAME, keys::ID_CARD, keys::UNIT_NAME])
                .is_empty()
        );
        assert_eq!(PEOPLE.missing(&[keys::UNIT_CODE]), ["姓名", "身份证号"]);
    }

    #[test]
    fn keys_and_headers_are_unique() {
        // Each spelling leads to exactly one column (a column's key and English header may agree).
        let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
        let spellings = PEOPLE_COLUMNS
            .iter()
            .flat_map(|c| [(c.key, c.key), (c.header_zh, c.key), (c.header_en, c.key)])
            .chain(ALIASES.iter().copied());
        for (spelling, key) in spellings {
            assert!(column(key).is_some(), "{key}");
            let previous = seen.insert(normalise_header(spelling), key);
            assert!(
                previous.is_none_or(|previous| previous == key),
                "{spelling}"
            );
        }
    }

    #[test]
    fn headers_are_recognised_with_marks_spaces_hints_or_in_english() {
        assert_eq!(PEOPLE.key_for_header("姓名*"), Some(keys::NAME));
        assert_eq!(PEOPLE.key_for_header(" 身份证号 ＊"), Some(keys::ID_CARD));
        assert_eq!(PEOPLE.key_for_header("出生\n日期"), Some(keys::BIRTH_DATE));
        assert_eq!(
            PEOPLE.key_for_header("出生日期（YYYY-MM-DD）"),
            Some(keys::BIRTH_DATE)
        );
        assert_eq!(PEOPLE.key_for_header("职级（级别）"), Some(keys::RANK));
        assert_eq!(PEOPLE.key_for_header("ID card number"), Some(keys::ID_CARD));
        assert_eq!(PEOPLE.key_for_header("id_card"), Some(keys::ID_CARD));
        assert_eq!(PEOPLE.key_for_header("身份证号码"), Some(keys::ID_CARD));
        assert_eq!(PEOPLE.key_for_header("序号"), None);
        assert_eq!(PEOPLE.key_for_header("单 位"), Some(keys::UNIT_NAME));
        assert_eq!(PEOPLE.key_for_header("工作单位"), Some(keys::UNIT_NAME));
        assert_eq!(PEOPLE.key_for_header(""), None);
        assert_eq!(PEOPLE.key_for_header("（）"), None);
    }

    #[test]
    fn required_columns_are_marked_in_the_template_header() {
        let headers: Vec<String> = PEOPLE_COLUMNS.iter().map(Column::template_header).collect();
        assert_eq!(
            headers,
            [
                "姓名*",
                "性别",
                "出生日期",
                "身份证号*",
                "手机号",
                "单位代码",
                "单位名称",
                "职务",
                "职级",
                "人员类别",
                "学历",
                "任现职时间",
                "信息生效日期"
            ]
        );
    }
}
