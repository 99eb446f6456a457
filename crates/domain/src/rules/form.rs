//! A rule document shown as a form (issue 17 item 4): every key of the TOML text becomes a
//! field in the officer's words — its label from the kind's [`FieldHint`]s, its help from the
//! comment written above it (the rule's own explanation and legal basis), its input from the
//! value's type (a number, a text, a date, yes/no, one or several choices with their labels).
//! Tables are groups, arrays of tables are lists of items. The text stays the document: the form
//! is read from it and [`super::edit`] writes into it, so comments and layout survive.

use super::{COMMON_FIELDS, Choice, FieldHint};
use serde::Serialize;
use toml_edit::{ImDocument, Item, Table, Value};

/// The form of one text.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleForm {
    /// The comment block at the head of the text: what the document is and where it comes from.
    pub intro: Option<String>,
    pub fields: Vec<FormField>,
}

/// One key of the text.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormField {
    /// Keys from the root, a list item's place as its number (`["requirements", "0", "amount"]`).
    pub path: Vec<String>,
    pub label_zh: String,
    pub label_en: String,
    /// The comment lines written just above the key, without `#`.
    pub help: Option<String>,
    /// The 1-based line the key is on, for errors that name a line.
    pub line: usize,
    pub input: FieldInput,
}

/// How a field is entered.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldInput {
    /// `integer` when the text holds a whole number.
    Number {
        value: f64,
        integer: bool,
    },
    Text {
        value: String,
    },
    /// A day, `YYYY-MM-DD`.
    Date {
        value: String,
    },
    Switch {
        value: bool,
    },
    Choice {
        value: String,
        choices: Vec<Choice>,
    },
    Choices {
        value: Vec<String>,
        choices: Vec<Choice>,
    },
    Texts {
        value: Vec<String>,
    },
    Numbers {
        value: Vec<f64>,
    },
    Group {
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        fields: Vec<FormField>,
    },
    /// Items alike (an array of tables); each item is a field whose input is a group.
    List {
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        items: Vec<FormField>,
    },
    /// A value the form does not edit (mixed arrays and the like); the TOML view edits it.
    Raw {
        text: String,
    },
}

/// Reads `text` as a form with `hints` (the kind's own, then [`COMMON_FIELDS`]); `None` when
/// the text is not TOML at all (the TOML view shows the syntax error).
pub fn read(text: &str, hints: &[FieldHint]) -> Option<RuleForm> {
    let document = ImDocument::parse(text.to_owned()).ok()?;
    let reader = Reader {
        raw: text,
        hints,
        intro_end: intro_end(text),
        rules: rules_of(document.as_table()),
    };
    let fields = reader.table(document.as_table(), &[]);
    Some(RuleForm {
        intro: reader.intro(),
        fields,
    })
}

struct Reader<'a> {
    raw: &'a str,
    hints: &'a [FieldHint],
    /// The last line of the heading comment block (0 when the text has none).
    intro_end: usize,
    /// The document's own rules (every list item with an `id` and a `name`), for fields that
    /// name rules by number.
    rules: Vec<Choice>,
}

impl Reader<'_> {
    fn table(&self, table: &Table, path: &[String]) -> Vec<FormField> {
        table
            .iter()
            .filter_map(|(key, item)| {
                let line = table
                    .key(key)
                    .and_then(|k| k.span())
                    .or_else(|| item.span())
                    .map_or(0, |span| self.line_of(span.start));
                self.item(item, &child(path, key), line)
            })
            .collect()
    }

    fn item(&self, item: &Item, path: &[String], line: usize) -> Option<FormField> {
        let input = match item {
            Item::None => return None,
            Item::Value(value) => self.value(value, path),
            Item::Table(table) => FieldInput::Group {
                fields: self.table(table, path),
            },
            Item::ArrayOfTables(tables) => FieldInput::List {
                items: tables
                    .iter()
                    .enumerate()
                    .map(|(i, table)| {
                        let line = table.span().map_or(line, |s| self.line_of(s.start));
                        let item_path = child(path, &i.to_string());
                        self.list_item(
                            i,
                            table.get("name").and_then(Item::as_str),
                            line,
                            item_path.clone(),
                            FieldInput::Group {
                                fields: self.table(table, &item_path),
                            },
                        )
                    })
                    .collect(),
            },
        };
        // A table opened by a dotted header alone (`[research.paper]` opens `research`) has no
        // line of its own; it starts where its first child does.
        let implicit = matches!(item, Item::Table(table) if table.is_implicit());
        let line = match (&input, line) {
            (FieldInput::Group { fields }, 0) => fields.first().map_or(0, |f| f.line),
            _ => line,
        };
        let mut field = self.field(path, line, input);
        if implicit {
            // Its first child's comment is the child's.
            field.help = None;
        }
        Some(field)
    }

    fn value(&self, value: &Value, path: &[String]) -> FieldInput {
        let hint = self.hint(path);
        match value {
            Value::String(s) => {
                let text = s.value().clone();
                match hint.and_then(|h| h.choices) {
                    Some(choices) => FieldInput::Choice {
                        value: text,
                        choices: choices(),
                    },
                    None if is_date(&text) => FieldInput::Date { value: text },
                    None => FieldInput::Text { value: text },
                }
            }
            Value::Integer(n) => FieldInput::Number {
                value: *n.value() as f64,
                integer: true,
            },
            Value::Float(n) => FieldInput::Number {
                value: *n.value(),
                integer: false,
            },
            Value::Boolean(b) => FieldInput::Switch { value: *b.value() },
            Value::Datetime(d) => FieldInput::Date {
                value: d.value().to_string(),
            },
            Value::InlineTable(table) => FieldInput::Group {
                fields: table
                    .iter()
                    .map(|(key, v)| {
                        let line = v.span().map_or(0, |s| self.line_of(s.start));
                        let path = child(path, key);
                        let input = self.value(v, &path);
                        self.field(&path, line, input)
                    })
                    .collect(),
            },
            Value::Array(array) => self.array(array, path, hint),
        }
    }

    fn array(&self, array: &toml_edit::Array, path: &[String], hint: Option<Label>) -> FieldInput {
        let texts: Option<Vec<String>> = array
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect();
        let numbers: Option<Vec<f64>> = array
            .iter()
            .map(|v| v.as_integer().map(|n| n as f64).or_else(|| v.as_float()))
            .collect();
        let choices = match &hint {
            Some(h) if h.rule_ids => Some(self.rules.clone()),
            Some(h) => h.choices.map(|choices| choices()),
            None => None,
        };
        match (texts, numbers, choices) {
            (Some(value), _, Some(choices)) => FieldInput::Choices { value, choices },
            (Some(value), _, None) if !value.is_empty() || array.is_empty() => {
                FieldInput::Texts { value }
            }
            (_, Some(value), _) => FieldInput::Numbers { value },
            _ if array.iter().all(Value::is_inline_table) => FieldInput::List {
                items: array
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let item_path = child(path, &i.to_string());
                        let line = v.span().map_or(0, |s| self.line_of(s.start));
                        let name = v
                            .as_inline_table()
                            .and_then(|t| t.get("name"))
                            .and_then(Value::as_str);
                        self.list_item(i, name, line, item_path.clone(), self.value(v, &item_path))
                    })
                    .collect(),
            },
            _ => FieldInput::Raw {
                text: array.to_string().trim().to_owned(),
            },
        }
    }

    fn list_item(
        &self,
        index: usize,
        name: Option<&str>,
        line: usize,
        path: Vec<String>,
        input: FieldInput,
    ) -> FormField {
        let number = index + 1;
        FormField {
            label_zh: name.map_or_else(
                || format!("第 {number} 条"),
                |n| format!("第 {number} 条：{n}"),
            ),
            label_en: name.map_or_else(
                || format!("Item {number}"),
                |n| format!("Item {number}: {n}"),
            ),
            help: self.comments_above(line),
            line,
            path,
            input,
        }
    }

    fn field(&self, path: &[String], line: usize, input: FieldInput) -> FormField {
        let key = path.last().map_or("", String::as_str);
        let (label_zh, label_en) = match self.hint(path) {
            Some(hint) => (hint.zh, hint.en),
            None => (key.to_owned(), key.to_owned()),
        };
        // Help only for a key that starts its line: keys inside `{ … }` share the line (and the
        // comment above it) with the key that holds them.
        let starts_line = self
            .raw
            .lines()
            .nth(line.saturating_sub(1))
            .is_some_and(|l| l.trim_start().starts_with(key) || l.trim_start().starts_with('['));
        FormField {
            path: path.to_vec(),
            label_zh,
            label_en,
            help: if starts_line {
                self.comments_above(line)
            } else {
                None
            },
            line,
            input,
        }
    }

    /// The hint for a path: `parent.key` first, then the key; the kind's before the common.
    fn hint(&self, path: &[String]) -> Option<Label> {
        hint_for(self.hints, path)
    }

    fn line_of(&self, offset: usize) -> usize {
        self.raw
            .get(..offset)
            .map_or(0, |before| before.matches('\n').count())
            + 1
    }

    /// The comment lines just above `line` (none past a blank line, none of the heading block).
    /// A block right under a table's header is the table's: a header's help is the block above
    /// it or, without one, the block under it; its first key then has none.
    fn comments_above(&self, line: usize) -> Option<String> {
        let lines: Vec<&str> = self.raw.lines().collect();
        let is_header = |at: usize| {
            lines
                .get(at.wrapping_sub(1))
                .is_some_and(|l| l.trim_start().starts_with('['))
        };
        let above = self.block_above(&lines, line);
        if is_header(line) {
            return above.or_else(|| {
                let under: Vec<&str> = lines
                    .iter()
                    .skip(line)
                    .take_while(|l| l.trim_start().starts_with('#'))
                    .map(|l| comment_text(l))
                    .collect();
                (!under.is_empty()).then(|| under.join("\n"))
            });
        }
        let block = above?;
        let starts_at = line - 1 - block.lines().count();
        if is_header(starts_at) && self.block_above(&lines, starts_at).is_none() {
            return None;
        }
        Some(block)
    }

    fn block_above(&self, lines: &[&str], line: usize) -> Option<String> {
        if line <= 1 {
            return None;
        }
        let mut block: Vec<&str> = lines[..line - 1]
            .iter()
            .rev()
            .take_while(|l| l.trim_start().starts_with('#'))
            .map(|l| comment_text(l))
            .collect();
        if block.is_empty() || line - block.len() <= self.intro_end {
            return None;
        }
        block.reverse();
        Some(block.join("\n"))
    }

    fn intro(&self) -> Option<String> {
        let block: Vec<&str> = self
            .raw
            .lines()
            .take(self.intro_end)
            .map(comment_text)
            .collect();
        (!block.is_empty()).then(|| block.join("\n"))
    }
}

/// Every list item of the document with an `id` and a `name`, as a choice of its number.
fn rules_of(root: &Table) -> Vec<Choice> {
    root.iter()
        .filter_map(|(_, item)| item.as_array_of_tables())
        .flat_map(|tables| tables.iter())
        .filter_map(|t| {
            let id = t.get("id")?.as_str()?;
            let name = t.get("name")?.as_str()?;
            Some(Choice::new(id, name, name))
        })
        .collect()
}

/// What a path is called and what it offers.
#[derive(Debug, Clone)]
pub struct Label {
    pub zh: String,
    pub en: String,
    pub choices: Option<fn() -> Vec<Choice>>,
    pub rule_ids: bool,
}

/// The label of a path among `hints` and then [`COMMON_FIELDS`]: `parent.key` first, then the
/// key, then — under a group whose keys are codes — the code's own label.
pub fn hint_for(hints: &[FieldHint], path: &[String]) -> Option<Label> {
    let mut keys = path.iter().filter(|step| !is_index(step)).rev();
    let key = keys.next()?;
    let parent = keys.next();
    let find = |name: &str| {
        hints
            .iter()
            .chain(COMMON_FIELDS.iter())
            .find(|h| h.key == name)
    };
    let direct = parent
        .and_then(|parent| find(&format!("{parent}.{key}")))
        .or_else(|| find(key));
    if let Some(hint) = direct {
        return Some(Label {
            zh: hint.label_zh.to_owned(),
            en: hint.label_en.to_owned(),
            choices: hint.choices,
            rule_ids: hint.rule_ids,
        });
    }
    let codes = parent.and_then(|p| find(p)).and_then(|h| h.keys)?;
    codes().into_iter().find(|c| c.code == *key).map(|c| Label {
        zh: c.label_zh,
        en: c.label_en,
        choices: None,
        rule_ids: false,
    })
}

fn is_index(step: &str) -> bool {
    !step.is_empty() && step.bytes().all(|b| b.is_ascii_digit())
}

/// The last line of the comment block the text opens with (0 when it opens otherwise): the
/// document's own heading when a blank line ends it or it runs to several lines; a single line
/// right above the first key is that key's help.
fn intro_end(text: &str) -> usize {
    let count = text
        .lines()
        .take_while(|l| l.trim_start().starts_with('#'))
        .count();
    let blank_after = text.lines().nth(count).is_none_or(|l| l.trim().is_empty());
    if blank_after || count > 1 { count } else { 0 }
}

fn comment_text(line: &str) -> &str {
    line.trim_start().trim_start_matches('#').trim()
}

fn child(path: &[String], step: &str) -> Vec<String> {
    let mut path = path.to_vec();
    path.push(step.to_owned());
    path
}

fn is_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() && text.len() == 10
}

/// Every field of a form, depth first (groups and list items before what they hold).
pub fn walk(fields: &[FormField]) -> Vec<&FormField> {
    let mut all = Vec::new();
    for field in fields {
        all.push(field);
        match &field.input {
            FieldInput::Group { fields } => all.extend(walk(fields)),
            FieldInput::List { items } => all.extend(walk(items)),
            _ => {}
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    const HINTS: &[FieldHint] = &[
        FieldHint::plain("at_risk_days", "预警天数", "Days of warning"),
        FieldHint::plain("requirements", "规则", "Rules"),
        FieldHint::plain("amount", "要求量", "Amount"),
        FieldHint::plain("hours", "学时", "Hours"),
        FieldHint::plain("window", "统计期间", "Window"),
        FieldHint::chosen("window.kind", "期间类型", "Kind of window", window_kinds),
        FieldHint::plain("tags", "标签", "Tags"),
    ];

    fn window_kinds() -> Vec<Choice> {
        vec![Choice::new("calendar_year", "自然年度", "Calendar year")]
    }

    const TEXT: &str = "# 标题\n# 出处\n\nname = \"全国\"\n# 提前多少天\nat_risk_days = 90\n\n# 第一条\n[[requirements]]\nname = \"甲\"\namount = { hours = 550 }\nwindow = { kind = \"calendar_year\" }\ntags = []\n\n[[requirements]]\nname = \"乙\"\napplies_from = \"2024-07-31\"\n";

    #[test]
    fn keys_read_as_labelled_fields_with_their_comments_and_lines() {
        let form = read(TEXT, HINTS).unwrap();
        assert_eq!(form.intro.as_deref(), Some("标题\n出处"));
        let name = &form.fields[0];
        assert_eq!(
            (name.label_zh.as_str(), name.help.as_deref(), name.line),
            ("名称", None, 4)
        );
        let days = &form.fields[1];
        assert_eq!(days.label_zh, "预警天数");
        assert_eq!(days.help.as_deref(), Some("提前多少天"));
        assert!(matches!(days.input, FieldInput::Number { value, integer: true } if value == 90.0));
        let FieldInput::List { items } = &form.fields[2].input else {
            panic!("a list")
        };
        assert_eq!(items[0].label_zh, "第 1 条：甲");
        assert_eq!(items[0].help.as_deref(), Some("第一条"));
        assert_eq!(items[0].path, ["requirements", "0"]);
        let FieldInput::Group { fields } = &items[0].input else {
            panic!("a group")
        };
        let FieldInput::Group { fields: amount } = &fields[1].input else {
            panic!("inline")
        };
        assert_eq!(amount[0].path, ["requirements", "0", "amount", "hours"]);
        assert_eq!(
            (
                amount[0].label_zh.as_str(),
                amount[0].line,
                amount[0].help.as_deref()
            ),
            ("学时", 11, None)
        );
        let FieldInput::Group { fields: window } = &fields[2].input else {
            panic!("inline")
        };
        assert_eq!(window[0].label_zh, "期间类型");
        assert!(
            matches!(&window[0].input, FieldInput::Choice { value, choices } if value == "calendar_year" && choices.iter().any(|c| c.label_zh == "自然年度"))
        );
        assert!(matches!(&fields[3].input, FieldInput::Texts { value } if value.is_empty()));
        let FieldInput::Group { fields } = &items[1].input else {
            panic!("a group")
        };
        assert!(matches!(&fields[1].input, FieldInput::Date { value } if value == "2024-07-31"));
        assert_eq!(walk(&form.fields).len(), 13);
    }

    #[test]
    fn a_text_that_is_not_toml_has_no_form() {
        assert!(read("[[broken", HINTS).is_none());
    }
}
