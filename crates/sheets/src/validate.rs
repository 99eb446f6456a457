//! Validating roster rows (R-PPL-3): every row is either taken, with notes about whatever was
//! normalised on the way, or reported with each of its problems. Nothing is changed silently.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{Datelike, NaiveDate};
use ganxun_domain::org::UnitCode;
use ganxun_domain::people::idcard::check_consistency;
use ganxun_domain::{Category, Education, IdCardError, IdCardNumber, PersonName, Phone, Rank, Sex};
use serde::Serialize;

use crate::blank::is_invisible;
use crate::columns::{header_zh, keys};
use crate::dates::{DateValue, parse_date};
use crate::read::RawRow;

/// The longest free text (position, unit name) accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 100;

/// A row that passed every check, with the values in their domain types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPerson {
    pub row_number: usize,
    pub name: PersonName,
    /// From the ID number (a sex given in the sheet was checked against it).
    pub sex: Sex,
    /// From the ID number (a birth date given in the sheet was checked against it).
    pub birth_date: NaiveDate,
    pub id_card: IdCardNumber,
    pub phone: Option<Phone>,
    /// The unit's code; a row without one names its unit by `unit_name` alone.
    pub unit_code: Option<String>,
    /// The unit's name: with a code, checked against it; without, the unit is found by it.
    pub unit_name: Option<String>,
    /// Empty when the sheet gave none.
    pub position: String,
    /// `None` when the sheet gave none (a real roster often has no rank column).
    pub rank: Option<Rank>,
    pub categories: Vec<Category>,
    pub education: Option<Education>,
    pub post_start_date: Option<NaiveDate>,
    pub effective_date: Option<NaiveDate>,
    /// Chinese notes about values normalised on the way in.
    pub notes: Vec<String>,
}

/// One reason a row was not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub row_number: usize,
    /// The column's Chinese header; `None` for a problem of the whole row.
    pub column: Option<&'static str>,
    /// Stable machine code, e.g. `ID_CARD_CHECK_DIGIT`, `UNKNOWN_RANK`, `DUPLICATE_IN_FILE`.
    pub code: &'static str,
    /// What is wrong and what to do, in Chinese. It does not repeat the value.
    pub message: String,
    /// The offending text as read (empty for a missing value).
    pub value: String,
}

/// Validates every row. Sex and birth date are optional in the sheet but when given must agree
/// with the ID number (otherwise taken from it). Dates accept 2022-05-01, 2022/5/1, 2022.5.1,
/// 2022年5月1日, 20220501. A row may have several problems; all are reported. Duplicate ID numbers
/// within the file: the first occurrence is kept, later ones are rejected with code
/// `DUPLICATE_IN_FILE` naming the first row. A value changed on the way is kept as a note.
///
/// Whether a birth date lies in the future, and whether the unit exists, is for the caller.
pub fn validate_people(rows: &[RawRow]) -> (Vec<ParsedPerson>, Vec<RowProblem>) {
    let mut first_rows: HashMap<String, usize> = HashMap::new();
    let mut people = Vec::new();
    let mut problems = Vec::new();
    for raw in rows {
        let mut row = Row {
            raw,
            problems: Vec::new(),
            notes: Vec::new(),
        };
        match row.person(&mut first_rows) {
            Some(person) if row.problems.is_empty() => people.push(person),
            _ => {
                // In column order, whatever order the checks ran in.
                row.problems.sort_by_key(|p| column_index(p.column));
                problems.append(&mut row.problems);
            }
        }
    }
    (people, problems)
}

fn column_index(header: Option<&str>) -> usize {
    crate::PEOPLE_COLUMNS
        .iter()
        .position(|c| Some(c.header_zh) == header)
        .unwrap_or(usize::MAX)
}

/// One row under validation: what was found wrong and what was normalised.
struct Row<'a> {
    raw: &'a RawRow,
    problems: Vec<RowProblem>,
    notes: Vec<String>,
}

impl Row<'_> {
    fn raw(&self, key: &str) -> &str {
        self.raw.get(key).unwrap_or("")
    }

    fn problem(
        &mut self,
        key: &'static str,
        code: &'static str,
        message: impl Into<String>,
        value: &str,
    ) {
        self.problems.push(RowProblem {
            row_number: self.raw.row_number,
            column: Some(header_zh(key)),
            code,
            message: message.into(),
            value: value.to_owned(),
        });
    }

    fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// The cell's text without surrounding whitespace, or `None` when blank. Removing anything
    /// but ordinary spaces (full-width spaces, invisible characters) is noted.
    fn text(&mut self, key: &'static str) -> Option<String> {
        let raw = self.raw.get(key)?;
        let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
        if trimmed.is_empty() {
            return None;
        }
        if let Some(note) = edge_note(key, raw, trimmed, true) {
            self.note(note);
        }
        Some(trimmed.to_owned())
    }

    fn required(&mut self, key: &'static str) -> Option<String> {
        let text = self.text(key);
        if text.is_none() {
            let message = format!("“{}”为必填项，本行未填写", header_zh(key));
            self.problem(key, "REQUIRED_MISSING", message, "");
        }
        text
    }

    fn person(&mut self, first_rows: &mut HashMap<String, usize>) -> Option<ParsedPerson> {
        let name = self.name();
        let id_card = self.id_card(first_rows);
        let sex = self.sex(id_card.as_ref());
        let birth_date = self.birth_date(id_card.as_ref());
        let phone = self.phone();
        let unit_code = self.unit_code();
        let unit_name = self.free_text(keys::UNIT_NAME);
        if matches!((&unit_code, &unit_name), (Ok(None), Ok(None))) {
            self.problem(
                keys::UNIT_CODE,
                "REQUIRED_MISSING",
                "单位代码和单位名称至少填写一项，本行都未填写",
                "",
            );
        }
        let position = self.free_text(keys::POSITION);
        let rank = self.rank();
        let categories = self.categories();
        let education = self.education();
        let post_start_date = self.date(keys::POST_START_DATE, true);
        let effective_date = self.date(keys::EFFECTIVE_DATE, false);
        let id_card = id_card?;
        if let Some(start) = post_start_date
            && start < id_card.birth_date()
        {
            let value = self.raw(keys::POST_START_DATE).to_owned();
            self.problem(
                keys::POST_START_DATE,
                "POST_START_BEFORE_BIRTH",
                "任现职时间早于出生日期，请核对",
                &value,
            );
        }
        Some(ParsedPerson {
            row_number: self.raw.row_number,
            name: name?,
            sex: sex?,
            birth_date: birth_date?,
            id_card,
            phone: phone.ok()?,
            unit_code: unit_code.ok()?,
            unit_name: unit_name.ok()?,
            position: position.ok()?.unwrap_or_default(),
            rank: rank.ok()?,
            categories: categories?,
            education: education.ok()?,
            post_start_date,
            effective_date,
            notes: std::mem::take(&mut self.notes),
        })
    }

    fn name(&mut self) -> Option<PersonName> {
        let Some(raw) = self
            .raw
            .get(keys::NAME)
            .filter(|raw| !crate::blank::is_blank(raw))
        else {
            self.required(keys::NAME);
            return None;
        };
        match PersonName::parse(raw) {
            Ok((name, note)) => {
                // The name rule trims whitespace without a note and notes invisible characters
                // itself; full-width spaces at the ends are noted here.
                let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
                if let Some(edge) = edge_note(keys::NAME, raw, trimmed, false) {
                    self.note(edge);
                }
                if let Some(note) = note {
                    self.note(note);
                }
                Some(name)
            }
            Err(error) => {
                self.problem(keys::NAME, error.code(), error.to_string(), raw);
                None
            }
        }
    }

    fn id_card(&mut self, first_rows: &mut HashMap<String, usize>) -> Option<IdCardNumber> {
        let text = self.required(keys::ID_CARD)?;
        let raw = self.raw(keys::ID_CARD).to_owned();
        let text = self.without_text_mark(keys::ID_CARD, &text);
        let text = self.half_width(keys::ID_CARD, &text);
        if looks_like_lost_digits(&text) {
            let message = "身份证号被 Excel 存成了数字，后几位已丢失，无法恢复。\
                           请把“身份证号”列设为“文本”格式，重新填写完整号码后再导入";
            self.problem(keys::ID_CARD, "ID_CARD_AS_NUMBER", message, &raw);
            return None;
        }
        let id = match IdCardNumber::parse(&text) {
            Ok(id) => id,
            Err(error) => {
                let mut message = error.to_string();
                if matches!(error, IdCardError::CheckDigit { .. }) && text.ends_with("000") {
                    message
                        .push_str("（号码以 000 结尾，可能是 Excel 把号码当成数字、丢失了后三位）");
                }
                self.problem(keys::ID_CARD, error.code(), message, &raw);
                return None;
            }
        };
        if text.ends_with('x') {
            self.note("身份证号末位的小写“x”已改为大写“X”");
        }
        match first_rows.entry(id.as_str().to_owned()) {
            Entry::Occupied(first) => {
                let first = *first.get();
                let message = format!(
                    "身份证号与第 {first} 行重复：同一文件中同一人只能出现一次，已保留第 {first} 行，本行未导入"
                );
                self.problem(keys::ID_CARD, "DUPLICATE_IN_FILE", message, &raw);
                None
            }
            Entry::Vacant(slot) => {
                slot.insert(self.raw.row_number);
                Some(id)
            }
        }
    }

    /// The sex: from the ID number, checked against the sheet when the sheet gives one. `None`
    /// when there is no valid ID number or the sheet's sex is unreadable or disagrees.
    fn sex(&mut self, id: Option<&IdCardNumber>) -> Option<Sex> {
        let Some(text) = self.text(keys::SEX) else {
            return id.map(IdCardNumber::sex);
        };
        let raw = self.raw(keys::SEX).to_owned();
        let Some(given) = parse_sex(&text) else {
            self.problem(
                keys::SEX,
                "SEX_UNKNOWN",
                "性别只能填“男”或“女”（也可不填，按身份证号确定）",
                &raw,
            );
            return None;
        };
        let id = id?;
        if let Err(error) = check_consistency(id, None, Some(given)) {
            self.problem(keys::SEX, error.code(), error.to_string(), &raw);
            return None;
        }
        Some(id.sex())
    }

    /// The birth date: from the ID number, checked against the sheet when the sheet gives one
    /// (a year and month alone are checked as such).
    fn birth_date(&mut self, id: Option<&IdCardNumber>) -> Option<NaiveDate> {
        let Some(text) = self.text(keys::BIRTH_DATE) else {
            return id.map(IdCardNumber::birth_date);
        };
        let raw = self.raw(keys::BIRTH_DATE).to_owned();
        let Some(parsed) = parse_date(&text) else {
            self.problem(
                keys::BIRTH_DATE,
                "DATE_INVALID",
                date_format_message(keys::BIRTH_DATE, true),
                &raw,
            );
            return None;
        };
        if let Some(time) = &parsed.dropped_time {
            self.note(format!("出生日期中的时间“{time}”已忽略"));
        }
        let id = id?;
        let encoded = id.birth_date();
        let agrees = match parsed.value {
            DateValue::Day(date) => date == encoded,
            DateValue::Month { year, month } => year == encoded.year() && month == encoded.month(),
        };
        if !agrees {
            let error = IdCardError::BirthDateMismatch;
            let mut message = error.to_string();
            if matches!(parsed.value, DateValue::Month { month: 1, .. })
                && encoded.month() == 10
                && text.ends_with(".1")
            {
                message
                    .push_str("（Excel 可能把“.10”存成了“.1”，请把该列设为“文本”格式后重新填写）");
            }
            self.problem(keys::BIRTH_DATE, error.code(), message, &raw);
            return None;
        }
        Some(encoded)
    }

    /// `Ok(None)` when not given; `Err(())` when given but refused (the problem is recorded).
    fn phone(&mut self) -> Result<Option<Phone>, ()> {
        let Some(text) = self.text(keys::PHONE) else {
            return Ok(None);
        };
        let raw = self.raw(keys::PHONE).to_owned();
        let text = self.without_text_mark(keys::PHONE, &text);
        let text = self.half_width(keys::PHONE, &text);
        match Phone::parse(&text) {
            Ok(phone) => {
                if phone.as_str() != text {
                    self.note("手机号已整理为标准格式（去掉了空格、横线或国家代码 +86，固定电话在区号后加“-”）");
                }
                Ok(Some(phone))
            }
            Err(error) => {
                self.problem(keys::PHONE, error.code(), error.to_string(), &raw);
                Err(())
            }
        }
    }

    /// `Ok(None)` when not given; `Err(())` when given but refused.
    fn unit_code(&mut self) -> Result<Option<String>, ()> {
        let Some(text) = self.text(keys::UNIT_CODE) else {
            return Ok(None);
        };
        match UnitCode::parse(&text) {
            Ok(code) => Ok(Some(code.as_str().to_owned())),
            Err(error) => {
                let raw = self.raw(keys::UNIT_CODE).to_owned();
                self.problem(
                    keys::UNIT_CODE,
                    "UNIT_CODE_INVALID",
                    format!("{error}，请核对单位代码"),
                    &raw,
                );
                Err(())
            }
        }
    }

    /// Free text (position, unit name): line breaks become spaces (noted); lost characters,
    /// control characters and overlong text are refused.
    fn free_text(&mut self, key: &'static str) -> Result<Option<String>, ()> {
        let Some(text) = self.text(key) else {
            return Ok(None);
        };
        let raw = self.raw(key).to_owned();
        let header = header_zh(key);
        if text.contains('\u{FFFD}') {
            let message = format!(
                "{header}中有乱码字符“\u{FFFD}”，文字可能因编码错误而丢失，请对照原始名单重新填写"
            );
            self.problem(key, "TEXT_UNREADABLE", message, &raw);
            return Err(());
        }
        let text = if text.contains(['\r', '\n', '\t']) {
            let joined = text
                .split(['\r', '\n', '\t'])
                .filter(|part| !part.trim().is_empty())
                .collect::<Vec<_>>();
            let joined = joined
                .iter()
                .map(|part| part.trim())
                .collect::<Vec<_>>()
                .join(" ");
            self.note(format!("{header}中的换行或制表符已改为空格：“{joined}”"));
            joined
        } else {
            text
        };
        if let Some(c) = text.chars().find(|c| c.is_control()) {
            let message = format!(
                "{header}中有不可见的控制字符（U+{:04X}），请删除后重新填写",
                u32::from(c)
            );
            self.problem(key, "TEXT_CONTROL_CHARACTER", message, &raw);
            return Err(());
        }
        let found = text.chars().count();
        if found > MAX_TEXT_CHARS {
            let message = format!(
                "{header}过长：有 {found} 个字，最多 {MAX_TEXT_CHARS} 个字，请核对是否填错了栏目"
            );
            self.problem(key, "TEXT_TOO_LONG", message, &raw);
            return Err(());
        }
        Ok(Some(text))
    }

    /// `Ok(None)` when not given; `Err(())` when given but unknown.
    fn rank(&mut self) -> Result<Option<Rank>, ()> {
        let Some(text) = self.text(keys::RANK) else {
            return Ok(None);
        };
        let found = lookup(Rank::ALL, Rank::code, Rank::label_zh, &[], &text);
        let labels: Vec<&str> = Rank::ALL.iter().map(|r| r.label_zh()).collect();
        self.vocabulary(keys::RANK, "UNKNOWN_RANK", &text, found, &labels)
            .map(Some)
            .ok_or(())
    }

    fn education(&mut self) -> Result<Option<Education>, ()> {
        let Some(text) = self.text(keys::EDUCATION) else {
            return Ok(None);
        };
        let found = lookup(
            Education::ALL,
            Education::code,
            Education::label_zh,
            EDUCATION_ALIASES,
            &text,
        );
        let labels: Vec<&str> = Education::ALL.iter().map(|e| e.label_zh()).collect();
        self.vocabulary(keys::EDUCATION, "UNKNOWN_EDUCATION", &text, found, &labels)
            .map(Some)
            .ok_or(())
    }

    fn categories(&mut self) -> Option<Vec<Category>> {
        let Some(text) = self.text(keys::CATEGORIES) else {
            return Some(Vec::new());
        };
        let labels: Vec<&str> = Category::ALL.iter().map(|c| c.label_zh()).collect();
        let mut categories = Vec::new();
        let mut refused = false;
        for part in text
            .split(CATEGORY_SEPARATORS)
            .map(str::trim)
            .filter(|part| !part.is_empty())
        {
            let found = lookup(Category::ALL, Category::code, Category::label_zh, &[], part);
            match self.vocabulary(keys::CATEGORIES, "UNKNOWN_CATEGORY", part, found, &labels) {
                Some(category) if categories.contains(&category) => {
                    self.note(format!("人员类别中重复的“{}”已合并", category.label_zh()));
                }
                Some(category) => categories.push(category),
                None => refused = true,
            }
        }
        (!refused).then_some(categories)
    }

    /// Reports an unknown label, or notes a label that was read as another (`高中` → `高中（中专）`).
    fn vocabulary<T: Copy>(
        &mut self,
        key: &'static str,
        code: &'static str,
        text: &str,
        found: Option<(T, &'static str, bool)>,
        labels: &[&str],
    ) -> Option<T> {
        let header = header_zh(key);
        match found {
            Some((value, label, interpreted)) => {
                if interpreted {
                    self.note(format!("{header}“{text}”按“{label}”记录"));
                }
                Some(value)
            }
            None => {
                let message = format!(
                    "{header}不在可选范围内，可选值如：{}；完整列表见导入模板的“填写说明”页",
                    few(labels)
                );
                self.problem(key, code, message, text);
                None
            }
        }
    }

    /// An optional date; `month_allowed` lets a year and month stand for the first of the month.
    fn date(&mut self, key: &'static str, month_allowed: bool) -> Option<NaiveDate> {
        let text = self.text(key)?;
        let raw = self.raw(key).to_owned();
        let header = header_zh(key);
        let parsed =
            parse_date(&text).filter(|p| month_allowed || matches!(p.value, DateValue::Day(_)));
        let Some(parsed) = parsed else {
            self.problem(
                key,
                "DATE_INVALID",
                date_format_message(key, month_allowed),
                &raw,
            );
            return None;
        };
        if let Some(time) = &parsed.dropped_time {
            self.note(format!("{header}中的时间“{time}”已忽略"));
        }
        match parsed.value {
            DateValue::Day(date) => Some(date),
            DateValue::Month { year, month } => {
                let date = NaiveDate::from_ymd_opt(year, month, 1)?;
                self.note(format!(
                    "{header}只填了年月“{text}”，按 {year} 年 {month} 月 1 日记录"
                ));
                Some(date)
            }
        }
    }

    /// Drops the apostrophe people type before a number to keep Excel from treating it as one.
    fn without_text_mark(&mut self, key: &'static str, text: &str) -> String {
        match text.strip_prefix(['\'', '‘', '’', '`']) {
            Some(rest) => {
                self.note(format!(
                    "{}前的单引号（Excel 的文本标记）已去除",
                    header_zh(key)
                ));
                rest.trim().to_owned()
            }
            None => text.to_owned(),
        }
    }

    /// Full-width digits (and Ｘ) typed with a Chinese input method, as ASCII (noted).
    fn half_width(&mut self, key: &'static str, text: &str) -> String {
        let converted: String = text
            .chars()
            .map(|c| match c {
                '０'..='９' | 'Ｘ' | 'ｘ' | '＋' | '－' => {
                    char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
                }
                other => other,
            })
            .collect();
        if converted != text {
            self.note(format!("{}中的全角字符已改为半角", header_zh(key)));
        }
        converted
    }
}

/// The note for characters other than ASCII whitespace removed from the ends of a cell.
fn edge_note(key: &'static str, raw: &str, trimmed: &str, count_invisible: bool) -> Option<String> {
    let start = raw.find(trimmed).unwrap_or(0);
    let removed = raw[..start]
        .chars()
        .chain(raw[start + trimmed.len()..].chars());
    let (mut full_width, mut other) = (false, false);
    for c in removed {
        match c {
            '\u{3000}' => full_width = true,
            c if c.is_ascii_whitespace() => {}
            c if is_invisible(c) && !count_invisible => {}
            _ => other = true,
        }
    }
    let what = match (full_width, other) {
        (true, true) => "全角空格和不可见字符",
        (true, false) => "全角空格",
        (false, true) => "特殊空白或不可见字符",
        (false, false) => return None,
    };
    Some(format!("{}两端的{what}已去除", header_zh(key)))
}

/// An Excel-mangled number: `1.10105E+17`, `1.1010519491231E+17`.
fn looks_like_lost_digits(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.chars().any(|c| c.is_ascii_digit())
        && !exponent.is_empty()
        && exponent.chars().all(|c| c.is_ascii_digit())
}

fn parse_sex(text: &str) -> Option<Sex> {
    Sex::parse(text).or_else(|| Sex::parse(text.strip_suffix('性')?))
}

/// What separates several categories in one cell.
const CATEGORY_SEPARATORS: [char; 6] = ['、', ',', '，', ';', '；', '/'];

/// Education as rosters often write it.
const EDUCATION_ALIASES: &[(&str, Education)] = &[
    ("高中", Education::SeniorMiddle),
    ("中专", Education::SeniorMiddle),
    ("中技", Education::SeniorMiddle),
    ("职高", Education::SeniorMiddle),
    ("专科", Education::College),
    ("大学专科", Education::College),
    ("大学本科", Education::Bachelor),
    ("硕士", Education::Master),
    ("研究生（硕士）", Education::Master),
    ("博士", Education::Doctor),
    ("研究生（博士）", Education::Doctor),
];

/// A label compared loosely: no whitespace, ASCII brackets as full-width ones.
fn loose(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            other => other,
        })
        .collect()
}

/// Finds a vocabulary value by exact code or label, or else loosely or by alias; the flag says
/// whether the text was read as something it does not literally say.
fn lookup<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    aliases: &[(&str, T)],
    text: &str,
) -> Option<(T, &'static str, bool)> {
    if let Some(&value) = all.iter().find(|&&v| code(v) == text || label(v) == text) {
        return Some((value, label(value), false));
    }
    let wanted = loose(text);
    all.iter()
        .copied()
        .find(|&v| loose(label(v)) == wanted || code(v).eq_ignore_ascii_case(&wanted))
        .or_else(|| {
            aliases
                .iter()
                .find(|(alias, _)| loose(alias) == wanted)
                .map(|(_, v)| *v)
        })
        .map(|value| (value, label(value), true))
}

/// A few labels of a vocabulary for a message: all of a short list, the first six of a long one.
fn few(labels: &[&str]) -> String {
    const SHOWN: usize = 6;
    if labels.len() <= SHOWN + 2 {
        labels.join("、")
    } else {
        format!("{}等 {} 项", labels[..SHOWN].join("、"), labels.len())
    }
}

fn date_format_message(key: &'static str, month_allowed: bool) -> String {
    let month = if month_allowed {
        "，也可只填年月（如 2022.05）"
    } else {
        ""
    };
    format!(
        "{}格式不正确，请填写如 2022-05-01、2022/5/1、2022.5.1、2022年5月1日 或 20220501 的日期{month}",
        header_zh(key)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const ID: &str = "11010519491231002X";

    fn row(number: usize, cells: &[(&'static str, &str)]) -> RawRow {
        let mut map: BTreeMap<&'static str, String> = [
            (keys::NAME, "王芳"),
            (keys::ID_CARD, ID),
            (keys::UNIT_CODE, "XT-001"),
            (keys::RANK, "四级主任科员"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_owned()))
        .collect();
        for (key, value) in cells {
            if value.is_empty() {
                map.remove(key);
            } else {
                map.insert(key, (*value).to_owned());
            }
        }
        RawRow {
            row_number: number,
            cells: map,
        }
    }

    fn one(cells: &[(&'static str, &str)]) -> Result<ParsedPerson, Vec<RowProblem>> {
        let (mut people, problems) = validate_people(&[row(2, cells)]);
        if problems.is_empty() {
            Ok(people.remove(0))
        } else {
            Err(problems)
        }
    }

    fn codes(cells: &[(&'static str, &str)]) -> Vec<&'static str> {
        one(cells).unwrap_err().iter().map(|p| p.code).collect()
    }

    #[test]
    fn a_minimal_row_takes_sex_and_birth_date_from_the_id_number() {
        let person = one(&[]).unwrap();
        assert_eq!(person.sex, Sex::Female);
        assert_eq!(
            person.birth_date,
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(person.position, "");
        assert!(person.categories.is_empty());
        assert!(person.notes.is_empty(), "{:?}", person.notes);
    }

    #[test]
    fn a_sex_or_birth_date_that_disagrees_with_the_id_number_is_reported_each() {
        assert_eq!(
            codes(&[(keys::SEX, "男"), (keys::BIRTH_DATE, "1950-01-01")]),
            ["ID_CARD_SEX_MISMATCH", "ID_CARD_BIRTH_DATE_MISMATCH"]
        );
        assert!(one(&[(keys::SEX, "女性"), (keys::BIRTH_DATE, "1949年12月31日")]).is_ok());
        assert!(one(&[(keys::BIRTH_DATE, "1949.12")]).is_ok());
        assert_eq!(codes(&[(keys::SEX, "未知")]), ["SEX_UNKNOWN"]);
    }

    #[test]
    fn an_october_birth_month_saved_by_excel_as_point_one_gets_a_hint() {
        let id = "110105198510050024";
        assert!(IdCardNumber::parse(id).is_ok());
        let problems = one(&[(keys::ID_CARD, id), (keys::BIRTH_DATE, "1985.1")]).unwrap_err();
        assert_eq!(problems[0].code, "ID_CARD_BIRTH_DATE_MISMATCH");
        assert!(
            problems[0].message.contains("“.10”存成了“.1”"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn an_id_number_excel_turned_into_a_number_is_reported_as_such() {
        assert_eq!(
            codes(&[(keys::ID_CARD, "1.10105E+17")]),
            ["ID_CARD_AS_NUMBER"]
        );
        let problems = one(&[(keys::ID_CARD, "110105194912310000")]).unwrap_err();
        assert_eq!(problems[0].code, "ID_CARD_CHECK_DIGIT");
        assert!(
            problems[0].message.contains("丢失了后三位"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn normalised_id_numbers_and_phones_are_noted() {
        let person = one(&[
            (keys::ID_CARD, "'11010519491231002x"),
            (keys::PHONE, "+86 139 1234 5678"),
        ])
        .unwrap();
        assert_eq!(person.id_card.as_str(), ID);
        assert_eq!(person.phone.unwrap().as_str(), "13912345678");
        assert_eq!(person.notes.len(), 3, "{:?}", person.notes);
        assert!(person.notes.iter().any(|n| n.contains("小写“x”")));
        assert!(person.notes.iter().any(|n| n.contains("单引号")));
        assert!(person.notes.iter().any(|n| n.contains("标准格式")));
        let full_width = one(&[(keys::ID_CARD, "１１０１０５１９４９１２３１００２Ｘ")]).unwrap();
        assert_eq!(full_width.id_card.as_str(), ID);
        assert_eq!(full_width.notes, ["身份证号中的全角字符已改为半角"]);
    }

    #[test]
    fn full_width_spaces_around_a_value_are_trimmed_with_a_note_and_ascii_spaces_without() {
        let person = one(&[
            (keys::POSITION, "\u{3000}组织员\u{3000}"),
            (keys::UNIT_CODE, " XT-001 "),
        ])
        .unwrap();
        assert_eq!(person.position, "组织员");
        assert_eq!(person.unit_code.as_deref(), Some("XT-001"));
        assert_eq!(person.notes, ["职务两端的全角空格已去除"]);
        let named = one(&[(keys::NAME, "\u{3000}钟 伟")]).unwrap();
        assert_eq!(named.name.as_str(), "钟伟");
        assert_eq!(
            named.notes,
            [
                "姓名两端的全角空格已去除",
                "姓名中的空格已去除：“钟 伟” → “钟伟”"
            ]
        );
    }

    #[test]
    fn labels_read_as_another_are_noted_and_unknown_ones_list_allowed_values() {
        let person = one(&[
            (keys::EDUCATION, "大学本科"),
            (keys::CATEGORIES, "组工干部，公务员、组工干部"),
        ])
        .unwrap();
        assert_eq!(person.education, Some(Education::Bachelor));
        assert_eq!(
            person.categories,
            [Category::OrgDeptCadre, Category::CivilServant]
        );
        assert_eq!(
            person.notes,
            [
                "人员类别中重复的“组工干部”已合并",
                "学历“大学本科”按“本科”记录"
            ]
        );
        assert!(one(&[(keys::EDUCATION, "高中(中专)")]).is_ok());

        let problems = one(&[
            (keys::RANK, "正科级"),
            (keys::CATEGORIES, "公务员；外星人"),
            (keys::EDUCATION, "小学"),
        ])
        .unwrap_err();
        let codes: Vec<_> = problems
            .iter()
            .map(|p| (p.code, p.value.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("UNKNOWN_RANK", "正科级"),
                ("UNKNOWN_CATEGORY", "外星人"),
                ("UNKNOWN_EDUCATION", "小学")
            ]
        );
        assert!(
            problems[0].message.contains("县处级正职") && problems[0].message.contains("等 17 项")
        );
        assert!(problems[2].message.contains("博士研究生"));
    }

    #[test]
    fn a_row_names_its_unit_by_code_or_name_and_may_leave_out_its_rank() {
        let person = one(&[
            (keys::UNIT_CODE, ""),
            (keys::UNIT_NAME, "沙湖镇"),
            (keys::RANK, ""),
        ])
        .unwrap();
        assert_eq!(person.unit_code, None);
        assert_eq!(person.unit_name.as_deref(), Some("沙湖镇"));
        assert_eq!(person.rank, None);
        assert!(person.notes.is_empty(), "{:?}", person.notes);
        let problems = one(&[(keys::UNIT_CODE, "")]).unwrap_err();
        assert_eq!(
            problems
                .iter()
                .map(|p| (p.column, p.code))
                .collect::<Vec<_>>(),
            [(Some("单位代码"), "REQUIRED_MISSING")]
        );
    }

    #[test]
    fn a_year_and_month_for_the_post_start_date_means_the_first_of_the_month_and_is_noted() {
        let person = one(&[(keys::POST_START_DATE, "2021.06")]).unwrap();
        assert_eq!(person.post_start_date, NaiveDate::from_ymd_opt(2021, 6, 1));
        assert_eq!(
            person.notes,
            ["任现职时间只填了年月“2021.06”，按 2021 年 6 月 1 日记录"]
        );
        assert_eq!(
            codes(&[(keys::EFFECTIVE_DATE, "2024.01")]),
            ["DATE_INVALID"]
        );
        assert_eq!(
            codes(&[(keys::POST_START_DATE, "1940-01-01")]),
            ["POST_START_BEFORE_BIRTH"]
        );
    }

    #[test]
    fn every_problem_of_a_row_is_reported_in_column_order() {
        let problems = one(&[
            (keys::NAME, ""),
            (keys::ID_CARD, "110105194912310023"),
            (keys::PHONE, "12345"),
            (keys::UNIT_CODE, "仙桃"),
            (keys::RANK, "科长"),
            (keys::EFFECTIVE_DATE, "明天"),
        ])
        .unwrap_err();
        let found: Vec<_> = problems.iter().map(|p| (p.column, p.code)).collect();
        assert_eq!(
            found,
            [
                (Some("姓名"), "REQUIRED_MISSING"),
                (Some("身份证号"), "ID_CARD_CHECK_DIGIT"),
                (Some("手机号"), "PHONE_INVALID"),
                (Some("单位代码"), "UNIT_CODE_INVALID"),
                (Some("职级"), "UNKNOWN_RANK"),
                (Some("信息生效日期"), "DATE_INVALID"),
            ]
        );
        assert!(problems.iter().all(|p| p.row_number == 2));
    }

    #[test]
    fn free_text_with_lost_characters_or_control_characters_is_refused_and_line_breaks_become_spaces()
     {
        assert_eq!(
            codes(&[(keys::UNIT_NAME, "仙桃市\u{FFFD}\u{FFFD}局")]),
            ["TEXT_UNREADABLE"]
        );
        assert_eq!(
            codes(&[(keys::POSITION, "科长\u{7}")]),
            ["TEXT_CONTROL_CHARACTER"]
        );
        assert_eq!(
            codes(&[(keys::POSITION, &"长".repeat(MAX_TEXT_CHARS + 1))]),
            ["TEXT_TOO_LONG"]
        );
        let person = one(&[(keys::POSITION, "县委常委\r\n组织部部长")]).unwrap();
        assert_eq!(person.position, "县委常委 组织部部长");
        assert_eq!(person.notes.len(), 1);
    }

    #[test]
    fn lost_digit_notation_is_recognised_only_for_numbers() {
        assert!(looks_like_lost_digits("1.10105E+17"));
        assert!(looks_like_lost_digits("1.1010519491231E17"));
        assert!(!looks_like_lost_digits("11010519491231002X"));
        assert!(!looks_like_lost_digits("E+17"));
        assert!(!looks_like_lost_digits("1.1E"));
    }

    proptest::proptest! {
        #[test]
        fn validation_never_panics_and_accounts_for_every_row(
            cells in proptest::collection::vec(("\\PC{0,20}", 0usize..13), 0..20)
        ) {
            let mut map = BTreeMap::new();
            for (text, column) in cells {
                map.insert(crate::PEOPLE_COLUMNS[column].key, text);
            }
            let rows = vec![RawRow { row_number: 2, cells: map.clone() }, RawRow { row_number: 3, cells: map }];
            let (people, problems) = validate_people(&rows);
            let mut numbers: Vec<usize> = people.iter().map(|p| p.row_number).collect();
            numbers.extend(problems.iter().map(|p| p.row_number));
            numbers.sort_unstable();
            numbers.dedup();
            proptest::prop_assert_eq!(numbers, vec![2, 3]);
        }
    }
}
