//! Writing a form's changes into the rule text (issue 17 item 4). The text is edited in place
//! with `toml_edit`, so every comment, blank line and key order the authority wrote stays as it
//! was; only the values changed are rewritten. What the values mean is checked afterwards by the
//! kind's own check, as for a text typed in the TOML view.

use serde::Deserialize;
use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// One change made in the form.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum FormEdit {
    /// A field's new value.
    Set { path: Vec<String>, value: EditValue },
    /// A new item at the end of the list at `path`, a copy of its last item to start from.
    Add { path: Vec<String> },
    /// The list item `path` ends at is removed.
    Remove { path: Vec<String> },
}

/// A value entered in the form.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum EditValue {
    Switch(bool),
    Number(f64),
    Text(String),
    Texts(Vec<String>),
    Numbers(Vec<f64>),
}

/// Why a change could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("规则文本不是有效的 TOML，请先在文本视图中改正：{0}")]
    NotToml(String),
    #[error("表单中没有这一项（{0}），可能规则已被他人修改，请重新打开")]
    NoSuchField(String),
    #[error("“{0}”这一项不能填这种值")]
    WrongValue(String),
    #[error("“{0}”不是列表，不能增删条目")]
    NotAList(String),
}

impl EditError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotToml(_) => "RULE_FORM_NOT_TOML",
            Self::NoSuchField(_) => "RULE_FORM_NO_SUCH_FIELD",
            Self::WrongValue(_) => "RULE_FORM_WRONG_VALUE",
            Self::NotAList(_) => "RULE_FORM_NOT_A_LIST",
        }
    }
}

/// `text` with `edits` written into it, in order.
pub fn apply(text: &str, edits: &[FormEdit]) -> Result<String, EditError> {
    if edits.is_empty() {
        // Nothing to write: a text that is not TOML is still read (its problem is the check's).
        return Ok(text.to_owned());
    }
    let mut document: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        EditError::NotToml(super::explain::explain(e.message()))
    })?;
    for edit in edits {
        match edit {
            FormEdit::Set { path, value } => {
                let slot = value_at(document.as_table_mut(), path)?;
                let written =
                    written(slot, value).ok_or_else(|| EditError::WrongValue(shown(path)))?;
                let decor = slot.decor().clone();
                *slot = written;
                *slot.decor_mut() = decor;
            }
            FormEdit::Add { path } => add(document.as_table_mut(), path)?,
            FormEdit::Remove { path } => remove(document.as_table_mut(), path)?,
        }
    }
    Ok(document.to_string())
}

/// The value a path ends at (a key's value, inside tables, inline tables and lists).
fn value_at<'a>(root: &'a mut Table, path: &[String]) -> Result<&'a mut Value, EditError> {
    let found = path
        .split_first()
        .and_then(|(first, rest)| value_in_item(root.get_mut(first)?, rest));
    found.ok_or_else(|| EditError::NoSuchField(shown(path)))
}

fn value_in_item<'a>(item: &'a mut Item, rest: &[String]) -> Option<&'a mut Value> {
    match item {
        Item::Value(value) => value_in_value(value, rest),
        Item::Table(table) => {
            let (step, rest) = rest.split_first()?;
            value_in_item(table.get_mut(step)?, rest)
        }
        Item::ArrayOfTables(tables) => {
            let (at, rest) = rest.split_first()?;
            let table = tables.get_mut(index(at)?)?;
            let (step, rest) = rest.split_first()?;
            value_in_item(table.get_mut(step)?, rest)
        }
        Item::None => None,
    }
}

fn value_in_value<'a>(value: &'a mut Value, rest: &[String]) -> Option<&'a mut Value> {
    let Some((step, rest)) = rest.split_first() else {
        return Some(value);
    };
    match value {
        Value::InlineTable(table) => value_in_value(table.get_mut(step)?, rest),
        Value::Array(array) => value_in_value(array.get_mut(index(step)?)?, rest),
        _ => None,
    }
}

/// The new value in the type the text holds there; `None` when the two do not fit.
fn written(old: &Value, new: &EditValue) -> Option<Value> {
    Some(match (old, new) {
        (Value::Boolean(_), EditValue::Switch(b)) => Value::from(*b),
        (Value::Integer(_) | Value::Float(_), EditValue::Number(n)) if n.is_finite() => {
            // A whole number stays written as one where the text had one; a fraction is
            // written as it was entered and the kind's check says whether it may be.
            if matches!(old, Value::Integer(_)) && n.fract() == 0.0 && n.abs() < 9.0e15 {
                Value::from(*n as i64)
            } else {
                Value::from(*n)
            }
        }
        (Value::String(_), EditValue::Text(text)) => Value::from(text.as_str()),
        (Value::Datetime(_), EditValue::Text(text)) => {
            Value::from(text.parse::<toml_edit::Datetime>().ok()?)
        }
        (Value::Array(_), EditValue::Texts(texts)) => {
            Value::Array(texts.iter().map(String::as_str).collect::<Array>())
        }
        (Value::Array(_), EditValue::Numbers(numbers)) => Value::Array(
            numbers
                .iter()
                .map(|n| {
                    if n.fract() == 0.0 {
                        Value::from(*n as i64)
                    } else {
                        Value::from(*n)
                    }
                })
                .collect::<Array>(),
        ),
        _ => return None,
    })
}

/// Appends a copy of the last item of the list at `path`, without the comments above it (they
/// were about that item).
fn add(root: &mut Table, path: &[String]) -> Result<(), EditError> {
    match list_at(root, path)? {
        List::Tables(tables) => {
            let mut copy = tables.iter().last().cloned().unwrap_or_default();
            copy.decor_mut().set_prefix("\n");
            for (mut key, _) in copy.iter_mut() {
                key.leaf_decor_mut().set_prefix("");
            }
            tables.push(copy);
        }
        List::Values(array) => {
            let copy = array
                .iter()
                .last()
                .cloned()
                .ok_or_else(|| EditError::NotAList(shown(path)))?;
            array.push_formatted(copy);
        }
    }
    Ok(())
}

fn remove(root: &mut Table, path: &[String]) -> Result<(), EditError> {
    let (last, list_path) = path
        .split_last()
        .ok_or_else(|| EditError::NoSuchField(shown(path)))?;
    let at = index(last).ok_or_else(|| EditError::NotAList(shown(list_path)))?;
    let missing = || EditError::NoSuchField(shown(path));
    match list_at(root, list_path)? {
        List::Tables(tables) if at < tables.len() => tables.remove(at),
        List::Values(array) if at < array.len() => {
            array.remove(at);
        }
        _ => return Err(missing()),
    }
    Ok(())
}

enum List<'a> {
    Tables(&'a mut toml_edit::ArrayOfTables),
    Values(&'a mut Array),
}

/// The list a path ends at (an array of tables, or an array of values).
fn list_at<'a>(root: &'a mut Table, path: &[String]) -> Result<List<'a>, EditError> {
    let found = path
        .split_first()
        .and_then(|(first, rest)| list_in_item(root.get_mut(first)?, rest));
    found.ok_or_else(|| EditError::NotAList(shown(path)))
}

fn list_in_item<'a>(item: &'a mut Item, rest: &[String]) -> Option<List<'a>> {
    match (item, rest.split_first()) {
        (Item::ArrayOfTables(tables), None) => Some(List::Tables(tables)),
        (Item::Value(value), _) => list_in_value(value, rest),
        (Item::Table(table), Some((step, rest))) => list_in_item(table.get_mut(step)?, rest),
        (Item::ArrayOfTables(tables), Some((at, rest))) => {
            let table = tables.get_mut(index(at)?)?;
            let (step, rest) = rest.split_first()?;
            list_in_item(table.get_mut(step)?, rest)
        }
        _ => None,
    }
}

fn list_in_value<'a>(value: &'a mut Value, rest: &[String]) -> Option<List<'a>> {
    match (value, rest.split_first()) {
        (Value::Array(array), None) => Some(List::Values(array)),
        (Value::InlineTable(table), Some((step, rest))) => {
            list_in_value(table.get_mut(step)?, rest)
        }
        (Value::Array(array), Some((at, rest))) => list_in_value(array.get_mut(index(at)?)?, rest),
        _ => None,
    }
}

fn index(step: &str) -> Option<usize> {
    step.parse().ok()
}

fn shown(path: &[String]) -> String {
    path.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# 标题\n\n# 提前多少天\nat_risk_days = 90 # 天\nrate = 1.5\non = true\n\n[[requirements]]\n# 第一条\nname = \"甲\"\namount = { hours = 550 }\nkinds = [\"a\"]\n";

    fn set(path: &[&str], value: EditValue) -> FormEdit {
        FormEdit::Set {
            path: path.iter().map(|s| s.to_string()).collect(),
            value,
        }
    }

    #[test]
    fn a_changed_value_is_written_in_place_and_every_comment_stays() {
        let text = apply(
            TEXT,
            &[
                set(&["at_risk_days"], EditValue::Number(60.0)),
                set(
                    &["requirements", "0", "amount", "hours"],
                    EditValue::Number(90.0),
                ),
                set(
                    &["requirements", "0", "kinds"],
                    EditValue::Texts(vec!["a".into(), "b".into()]),
                ),
                set(&["on"], EditValue::Switch(false)),
                set(&["rate"], EditValue::Number(2.0)),
            ],
        )
        .unwrap();
        assert_eq!(
            text,
            "# 标题\n\n# 提前多少天\nat_risk_days = 60 # 天\nrate = 2.0\non = false\n\n[[requirements]]\n# 第一条\nname = \"甲\"\namount = { hours = 90 }\nkinds = [\"a\", \"b\"]\n"
        );
        assert_eq!(apply(TEXT, &[]).unwrap(), TEXT);
    }

    #[test]
    fn items_are_added_as_copies_and_removed() {
        let add = FormEdit::Add {
            path: vec!["requirements".into()],
        };
        let added = apply(TEXT, &[add]).unwrap();
        assert_eq!(added.matches("[[requirements]]").count(), 2);
        assert_eq!(added.matches("# 第一条").count(), 1, "{added}");
        let removed = apply(
            &added,
            &[FormEdit::Remove {
                path: vec!["requirements".into(), "0".into()],
            }],
        )
        .unwrap();
        assert_eq!(removed.matches("[[requirements]]").count(), 1);
        assert!(!removed.contains("第一条"), "{removed}");
    }

    #[test]
    fn a_change_that_does_not_fit_is_refused_with_what_it_was_about() {
        let wrong = apply(
            TEXT,
            &[set(&["at_risk_days"], EditValue::Text("九十".into()))],
        );
        assert_eq!(wrong.unwrap_err().code(), "RULE_FORM_WRONG_VALUE");
        let missing = apply(
            TEXT,
            &[set(
                &["requirements", "3", "name"],
                EditValue::Text("x".into()),
            )],
        );
        assert_eq!(missing.unwrap_err().code(), "RULE_FORM_NO_SUCH_FIELD");
        let not_list = apply(
            TEXT,
            &[FormEdit::Add {
                path: vec!["on".into()],
            }],
        );
        assert_eq!(not_list.unwrap_err().code(), "RULE_FORM_NOT_A_LIST");
        let any = [FormEdit::Add {
            path: vec!["x".into()],
        }];
        assert_eq!(apply("[[x", &any).unwrap_err().code(), "RULE_FORM_NOT_TOML");
        assert_eq!(
            apply("[[x", &[]).unwrap(),
            "[[x",
            "nothing to write, nothing refused"
        );
    }
}
