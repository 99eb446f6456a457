//! A name list for a class's roster (issue 17 item 8): the officer pastes (or uploads) names,
//! each optionally with an ID number or a unit to tell namesakes apart; a dry run matches every
//! line against the register in the caller's scope and says, per line, whom it found, which
//! namesakes to choose from, or why nobody — nothing is written. The officer then enrols the
//! people confirmed through the ordinary enrolment, which reports its own refusals.

use super::enrolment::class_for_enrolment;
use crate::app::{App, AppError, AppResult, Principal};
use chrono::NaiveDate;
use ganxun_domain::classes::EnrolmentStatus;
use ganxun_domain::{ClassId, IdCardNumber, Permission, PersonId};
use ganxun_storage::AccessScope;
use ganxun_storage::classes::enrolment;
use ganxun_storage::people::{self, PeopleQuery, PersonView};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Lines one list may hold (as many as one enrolment takes).
pub const MAX_LINES: usize = 2000;
/// Namesakes shown for one line.
const MAX_NAMESAKES: u64 = 20;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NameListInput {
    /// One person a line: a name, then optionally an ID number and/or a unit name, separated
    /// by a tab, a comma, 、 or spaces (a spreadsheet's columns pasted keep their tabs).
    pub text: String,
}

/// A person a line may mean.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NameMatch {
    #[schema(value_type = i64)]
    pub person_id: PersonId,
    pub name: String,
    pub unit_name: String,
    pub position: String,
    pub birth_date: NaiveDate,
    pub id_card_masked: String,
    /// Their place in this class already (`enrolled`, `waiting`, `removed`), if any.
    #[schema(value_type = Option<String>)]
    pub listed: Option<EnrolmentStatus>,
}

/// One line of the list and what it found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NameListRow {
    /// The line number in the text, from 1.
    pub line: u32,
    pub text: String,
    /// The name as read (inner spaces removed).
    pub name: String,
    /// `matched` (one person), `ambiguous` (namesakes: choose one), `listed` (already on the
    /// roster), `repeated` (the same person as an earlier line), `not_found` or `invalid`.
    pub outcome: String,
    /// Why it was not matched, or what was changed in reading it (in Chinese).
    pub reason: Option<String>,
    /// The person matched, or the namesakes to choose from.
    pub matches: Vec<NameMatch>,
}

/// The dry run of a list: every line, and counts by outcome.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NameListCheck {
    pub rows: Vec<NameListRow>,
    pub matched: u32,
    pub ambiguous: u32,
    pub rejected: u32,
}

/// A line split into its name and what may tell namesakes apart.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    name: String,
    id_card: Option<String>,
    unit: Option<String>,
    /// The name had inner spaces (王 伟): they were removed.
    spaced: bool,
}

fn is_separator(c: char) -> bool {
    matches!(c, '\t' | ',' | '，' | '、' | ';' | '；')
}

/// Reads one line: fields by tab/comma/、; within a field, spaces separate an ID number or a
/// unit from the name, but a name written with spaces between its characters (王 伟) stays one.
fn read_line(text: &str) -> Line {
    let fields: Vec<&str> = text
        .split(is_separator)
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    let mut tokens: Vec<String> = Vec::new();
    let mut spaced = false;
    for (i, field) in fields.iter().enumerate() {
        let words: Vec<&str> = field.split_whitespace().collect();
        let parts = if i == 0 { spaced_name(&words) } else { 1 };
        if parts > 1 {
            tokens.push(words[..parts].concat());
            spaced = true;
            tokens.extend(words[parts..].iter().map(|w| (*w).to_owned()));
        } else {
            tokens.extend(words.iter().map(|w| (*w).to_owned()));
        }
    }
    let mut tokens = tokens.into_iter();
    let name = tokens.next().unwrap_or_default();
    let mut id_card = None;
    let mut unit: Vec<String> = Vec::new();
    for token in tokens {
        if id_card.is_none() && looks_like_id_card(&token) {
            id_card = Some(token);
        } else {
            unit.push(token);
        }
    }
    Line {
        name,
        id_card,
        unit: (!unit.is_empty()).then(|| unit.concat()),
        spaced,
    }
}

/// How many leading words make one name written with spaces: a one-character surname apart
/// from the given name (王 伟, 王 小 明), four characters at most; 1 otherwise.
fn spaced_name(words: &[&str]) -> usize {
    let han = |w: &str| w.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if words.len() < 2 || words[0].chars().count() != 1 || !han(words[0]) {
        return 1;
    }
    let mut chars = 1;
    let mut parts = 1;
    for word in &words[1..] {
        let count = word.chars().count();
        if !han(word) || count > 2 || chars + count > 4 {
            break;
        }
        chars += count;
        parts += 1;
    }
    parts
}

fn looks_like_id_card(token: &str) -> bool {
    token.len() == 18
        && token
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || (i == 17 && matches!(c, 'x' | 'X')))
}

/// A header line a spreadsheet brings along.
fn is_header(line: &Line) -> bool {
    matches!(line.name.as_str(), "姓名" | "名字" | "name" | "Name")
}

fn matched(person: &PersonView, listed: Option<EnrolmentStatus>) -> NameMatch {
    NameMatch {
        person_id: person.id,
        name: person.name.clone(),
        unit_name: person.unit_name.clone(),
        position: person.position.clone(),
        birth_date: person.birth_date,
        id_card_masked: person.id_card_masked.clone(),
        listed,
    }
}

/// The people in `scope` a line may mean, and why none when none.
async fn find(
    app: &App,
    scope: &AccessScope,
    line: &Line,
) -> AppResult<Result<Vec<PersonView>, String>> {
    if let Some(text) = &line.id_card {
        let Ok(id_card) = IdCardNumber::parse(text) else {
            return Ok(Err(format!("身份证号 {text} 无效")));
        };
        let query = PeopleQuery {
            id_card: Some(id_card),
            ..PeopleQuery::default()
        };
        let found = people::search(&app.db, &app.key, scope, &query, 1, 2).await?;
        return Ok(match found.items.into_iter().next() {
            None => Err("您的管理范围内没有这个身份证号的人员".to_owned()),
            Some(person) if person.name != line.name => Err(format!(
                "身份证号对应的人员名为{}，与名单上的姓名不符",
                person.name
            )),
            Some(person) => Ok(vec![person]),
        });
    }
    let query = PeopleQuery {
        name_prefix: Some(line.name.clone()),
        ..PeopleQuery::default()
    };
    let namesakes: Vec<PersonView> =
        people::search(&app.db, &app.key, scope, &query, 1, MAX_NAMESAKES * 5)
            .await?
            .items
            .into_iter()
            .filter(|p| p.name == line.name)
            .collect();
    if namesakes.is_empty() {
        return Ok(Err("您的管理范围内没有这个姓名的在职人员".to_owned()));
    }
    let Some(unit) = &line.unit else {
        return Ok(Ok(namesakes));
    };
    let in_unit: Vec<PersonView> = namesakes
        .iter()
        .filter(|p| p.unit_name.contains(unit.as_str()) || unit.contains(p.unit_name.as_str()))
        .cloned()
        .collect();
    if in_unit.is_empty() {
        let units: Vec<&str> = namesakes.iter().map(|p| p.unit_name.as_str()).collect();
        return Ok(Err(format!(
            "{unit}没有叫{}的人员（同名者在：{}）",
            line.name,
            units.join("、")
        )));
    }
    Ok(Ok(in_unit))
}

/// `POST /classes/{id}/enrolment/name-list`: matches a list without writing anything.
pub async fn check(
    app: &App,
    principal: &Principal,
    class_id: ClassId,
    input: &NameListInput,
) -> AppResult<NameListCheck> {
    let class = class_for_enrolment(app, principal, class_id).await?;
    let scope = principal.scope(app, Permission::PeopleRead).await?;
    let lines: Vec<(u32, &str)> = input
        .text
        .lines()
        .enumerate()
        .map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if lines.is_empty() || lines.len() > MAX_LINES {
        return Err(AppError::field(
            "text",
            "NAME_LIST_SIZE",
            format!("名单须有 1 至 {MAX_LINES} 行"),
        ));
    }
    let listed: BTreeMap<PersonId, EnrolmentStatus> = enrolment::of_class(&app.db, class.id)
        .await?
        .into_iter()
        .collect();
    let mut seen: BTreeMap<PersonId, u32> = BTreeMap::new();
    let mut rows = Vec::with_capacity(lines.len());
    for (number, text) in lines {
        let line = read_line(text);
        if rows.is_empty() && is_header(&line) {
            continue;
        }
        let row = |outcome: &str, reason: Option<String>, matches: Vec<NameMatch>| NameListRow {
            line: number,
            text: text.to_owned(),
            name: line.name.clone(),
            outcome: outcome.to_owned(),
            reason,
            matches,
        };
        let count = line.name.chars().count();
        if !(2..=20).contains(&count) || line.name.chars().any(|c| c.is_ascii_digit()) {
            rows.push(row(
                "invalid",
                Some("第一列应为 2 至 20 个字的姓名".to_owned()),
                Vec::new(),
            ));
            continue;
        }
        let spaced = line.spaced.then(|| "姓名中的空格已去除".to_owned());
        let found = match find(app, &scope, &line).await? {
            Err(reason) => {
                rows.push(row("not_found", Some(reason), Vec::new()));
                continue;
            }
            Ok(found) => found,
        };
        let matches: Vec<NameMatch> = found
            .iter()
            .take(usize::try_from(MAX_NAMESAKES).unwrap_or(20))
            .map(|p| matched(p, listed.get(&p.id).copied()))
            .collect();
        if let [only] = found.as_slice() {
            let status = listed.get(&only.id).copied();
            if let Some(earlier) = seen.get(&only.id) {
                rows.push(row(
                    "repeated",
                    Some(format!("与第 {earlier} 行是同一人")),
                    matches,
                ));
            } else if matches!(
                status,
                Some(EnrolmentStatus::Enrolled | EnrolmentStatus::Waiting)
            ) {
                seen.insert(only.id, number);
                let on = if status == Some(EnrolmentStatus::Waiting) {
                    "候补名单"
                } else {
                    "本班名单"
                };
                rows.push(row("listed", Some(format!("已在{on}中")), matches));
            } else {
                seen.insert(only.id, number);
                rows.push(row("matched", spaced, matches));
            }
        } else {
            let reason = format!(
                "有 {} 位同名人员，请选择，或在名单中加上身份证号或单位",
                found.len()
            );
            rows.push(row("ambiguous", Some(reason), matches));
        }
    }
    let count = |outcome: &str| {
        u32::try_from(rows.iter().filter(|r| r.outcome == outcome).count()).unwrap_or(u32::MAX)
    };
    let (matched, ambiguous) = (count("matched"), count("ambiguous"));
    let rejected = u32::try_from(rows.len()).unwrap_or(u32::MAX) - matched - ambiguous;
    Ok(NameListCheck {
        matched,
        ambiguous,
        rejected,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_a_name_then_an_id_number_or_a_unit() {
        assert_eq!(
            read_line("张伟\t110105198001010012\t甲县一镇"),
            Line {
                name: "张伟".into(),
                id_card: Some("110105198001010012".into()),
                unit: Some("甲县一镇".into()),
                spaced: false,
            }
        );
        assert_eq!(
            read_line("李娜，甲县二镇").unit.as_deref(),
            Some("甲县二镇")
        );
        assert_eq!(read_line("李娜 甲县二镇").name, "李娜");
    }

    #[test]
    fn a_name_written_with_spaces_is_one_name() {
        let line = read_line("王 伟  甲县一镇");
        assert_eq!(line.name, "王伟");
        assert!(line.spaced);
        assert_eq!(line.unit.as_deref(), Some("甲县一镇"));
    }
}
