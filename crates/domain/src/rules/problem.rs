//! Pointing a check's message at the field it is about, and saying it in the form's words
//! (issue 17 item 4: "Chinese errors that point at the field"). The checks name a line
//! ("第 12 行：…"), a key (`rate_percent 应在 50 至 200 之间`) or a rule by its number
//! (规则“reg_1”的要求量无效); the form knows each field's line, key and label.

use super::form::{FieldInput, FormField, RuleForm, walk};

/// A check's message pointed at a field of `form`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointed {
    /// The message with keys replaced by their labels.
    pub message: String,
    /// The field it is about, when it can be told.
    pub path: Option<Vec<String>>,
}

/// Points `message` at a field of `form`.
pub fn point(form: &RuleForm, message: &str) -> Pointed {
    let fields = walk(&form.fields);
    let words = identifiers(message);
    let line = line_named(message);
    let on_line: Vec<&FormField> = match line {
        Some(line) => fields.iter().copied().filter(|f| f.line == line).collect(),
        None => fields.clone(),
    };
    let by_key = on_line
        .iter()
        .filter(|f| f.path.last().is_some_and(|k| words.contains(&k.as_str())))
        .max_by_key(|f| f.path.len())
        .copied();
    let by_rule = || rule_named(&fields, message);
    let by_line = || match line {
        Some(_) => on_line.iter().min_by_key(|f| f.path.len()).copied(),
        None => None,
    };
    let path = by_key
        .or_else(by_rule)
        .or_else(by_line)
        .map(|f| f.path.clone());
    // Shown at its field, the line number says nothing a person needs.
    let message = match (&path, line) {
        (Some(_), Some(_)) => message.split_once('：').map_or(message, |(_, rest)| rest),
        _ => message,
    };
    Pointed {
        message: in_words(&fields, message),
        path,
    }
}

/// The field holding the list item whose `id` is quoted in the message (规则“reg_1”…).
fn rule_named<'a>(fields: &[&'a FormField], message: &str) -> Option<&'a FormField> {
    let quoted: Vec<&str> = message
        .split('“')
        .skip(1)
        .filter_map(|rest| rest.split_once('”').map(|(q, _)| q))
        .collect();
    // The last one: a number given twice is wrong where it is repeated.
    let id_field = fields.iter().rev().find(|f| {
        f.path.last().is_some_and(|k| k == "id")
            && matches!(&f.input, FieldInput::Text { value } if quoted.contains(&value.as_str()))
    })?;
    let item = &id_field.path[..id_field.path.len() - 1];
    fields.iter().find(|f| f.path == item).copied()
}

/// The message with each key of the form said by its label: "预警天数（at_risk_days）" loses
/// the key in brackets, a bare `rate_percent` becomes 「计时允许的播放倍速（%）」.
fn in_words(fields: &[&FormField], message: &str) -> String {
    let mut said = message.to_owned();
    let mut keys: Vec<(&str, &str)> = fields
        .iter()
        .filter_map(|f| f.path.last().map(|k| (k.as_str(), f.label_zh.as_str())))
        .filter(|(key, label)| key.is_ascii() && key != label && key.len() > 2)
        .collect();
    keys.sort_by_key(|(key, _)| std::cmp::Reverse(key.len()));
    keys.dedup_by_key(|(key, _)| *key);
    for (key, label) in keys {
        said = said.replace(&format!("（{key}）"), "");
        said = replace_word(&said, key, &format!("「{label}」"));
    }
    // Keys were written apart from the Chinese around them; labels are not.
    said.replace("」 ", "」").replace(" 「", "「")
}

/// `text` with every whole-word `word` (not part of a longer identifier) replaced.
fn replace_word(text: &str, word: &str, by: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        let part_of_more =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        if part_of_more(before) || part_of_more(after) {
            out.push_str(word);
        } else {
            out.push_str(by);
        }
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// The ASCII identifiers in a message (`rate_percent`, `reg_1` …).
fn identifiers(message: &str) -> Vec<&str> {
    message
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic()))
        .collect()
}

/// The line a message names at its start ("第 12 行：…").
fn line_named(message: &str) -> Option<usize> {
    let rest = message.trim_start().strip_prefix("第")?;
    let (number, _) = rest.split_once('行')?;
    number.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::FieldHint;
    use crate::rules::form::read;

    const HINTS: &[FieldHint] = &[
        FieldHint::plain("at_risk_days", "临近期限提醒天数", "Days"),
        FieldHint::plain("requirements", "培训要求", "Requirements"),
        FieldHint::plain("amount", "要求量", "Amount"),
        FieldHint::plain("hours", "学时", "Hours"),
        FieldHint::plain("rate_percent", "计时倍速（%）", "Rate"),
    ];
    const TEXT: &str = "at_risk_days = 90\nrate_percent = 100\n\n[[requirements]]\nid = \"reg_1\"\nname = \"甲\"\namount = { hours = \"五百\" }\n";

    fn form() -> RuleForm {
        read(TEXT, HINTS).unwrap()
    }

    #[test]
    fn a_line_and_a_key_point_at_the_field_in_the_forms_words() {
        let pointed = point(&form(), "第 7 行：应填数字，现在填的是文字 \"五百\"");
        assert_eq!(pointed.path.unwrap(), ["requirements", "0", "amount"]);
        assert_eq!(
            pointed.message, "应填数字，现在填的是文字 \"五百\"",
            "no line number at a field"
        );
        let pointed = point(&form(), "rate_percent 应在 50 至 200 之间（现为 300）");
        assert_eq!(pointed.path.unwrap(), ["rate_percent"]);
        assert_eq!(
            pointed.message,
            "「计时倍速（%）」应在 50 至 200 之间（现为 300）"
        );
        let pointed = point(
            &form(),
            "预警天数（at_risk_days）须在 0 至 366 之间，实为 400",
        );
        assert_eq!(pointed.path.unwrap(), ["at_risk_days"]);
        assert_eq!(pointed.message, "预警天数须在 0 至 366 之间，实为 400");
    }

    #[test]
    fn a_rule_named_by_its_number_points_at_its_item() {
        let pointed = point(&form(), "规则“reg_1”的要求量无效：至少填一项");
        assert_eq!(pointed.path.unwrap(), ["requirements", "0"]);
        assert_eq!(point(&form(), "规则名称不能为空").path, None);
    }
}
