//! Person names as they arrive from dirty spreadsheets (R-PPL-3).
//!
//! Two things are repaired, and each repair is reported so that nothing is silently changed:
//! two-character names padded with a space to line up with three-character ones (`钟 伟`), and
//! the many look-alike middle dots in minority names (`阿依古丽•买买提`). Names in which characters
//! were lost to a wrong encoding (`r河一中`, `王?`, `李�`) cannot be repaired and are refused,
//! naming the character at fault, so that a person checks them against the paper roster.

use serde::{Deserialize, Serialize};

/// The longest name accepted, in characters (long minority and foreign names fit).
pub const MAX_CHARS: usize = 30;

/// The middle dot names are stored with (U+00B7), as in 阿依古丽·买买提.
const MIDDLE_DOT: char = '·';

/// Look-alikes of the middle dot that spreadsheets and input methods produce.
const DOT_LOOK_ALIKES: [char; 8] = ['•', '・', '‧', '．', '･', '∙', '⋅', '●'];

/// A person's name: trimmed, without padding inside Chinese names, with single spaces inside
/// foreign names, and with every middle dot written `·`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("姓名不能为空，请填写姓名")]
    Empty,
    #[error("姓名过长：有 {found} 个字，最多 {max} 个字，请核对是否把其他内容填进了姓名栏", max = MAX_CHARS)]
    TooLong { found: usize },
    #[error("{}", unreadable_message(*character))]
    Unreadable { character: char },
}

impl NameError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            NameError::Empty => "NAME_EMPTY",
            NameError::TooLong { .. } => "NAME_TOO_LONG",
            NameError::Unreadable { .. } => "NAME_UNREADABLE",
        }
    }
}

/// The message for a refused character, saying what is probably wrong and what to do.
fn unreadable_message(character: char) -> String {
    let shown = if character.is_control() {
        format!("（U+{:04X}）", u32::from(character))
    } else {
        format!("“{character}”")
    };
    match character {
        '\u{FFFD}' | '?' | '？' => {
            format!("姓名中有乱码字符{shown}，汉字可能因编码错误而丢失，请对照原始名单重新填写")
        }
        MIDDLE_DOT => {
            "姓名中的间隔号“·”位置不对（不能在开头、结尾或连续出现），请核对后重新填写".to_owned()
        }
        c if c.is_control() => format!("姓名中有不可见的控制字符{shown}，请删除后重新填写"),
        c if is_digit(c) => format!("姓名中不能有数字{shown}，请核对是否填错了栏目"),
        c if c.is_alphabetic() => format!(
            "姓名中汉字与字母{shown}混在一起，汉字可能因编码错误而丢失（如“r河一中”），请对照原始名单重新填写"
        ),
        _ => format!("姓名中不能有字符{shown}，请对照原始名单重新填写"),
    }
}

/// A Han character (CJK unified ideographs with their extensions, compatibility ideographs, 〇).
fn is_han(c: char) -> bool {
    matches!(u32::from(c),
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF
        | 0x2A700..=0x2EBEF | 0x2F800..=0x2FA1F | 0x30000..=0x323AF)
}

/// A digit of any script; 〇 is a Han character that some names contain.
fn is_digit(c: char) -> bool {
    c.is_numeric() && c != '〇'
}

/// Characters that are invisible and meaningless in a name: byte-order marks, zero-width spaces.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}'
    )
}

/// Punctuation a foreign name may carry besides letters and spaces (Mary-Jane O'Neil, J. Smith).
fn is_foreign_name_punctuation(c: char) -> bool {
    matches!(c, ' ' | MIDDLE_DOT | '-' | '\'' | '’' | '.')
}

impl PersonName {
    /// Parses a name. Returns the name and, when it had to be repaired, a Chinese description of
    /// the repair for the import report; `None` when the name was taken as it stood (surrounding
    /// whitespace aside, which is never worth reporting).
    pub fn parse(text: &str) -> Result<(Self, Option<String>), NameError> {
        let visible: String = text.chars().filter(|&c| !is_invisible(c)).collect();
        let removed_invisible = visible.len() != text.len();
        let original = visible.trim();
        if original.is_empty() {
            return Err(NameError::Empty);
        }

        let has_han = original.chars().any(is_han);
        // In a Chinese name an ASCII full stop can only be a mistyped middle dot.
        let is_dot = |c: char| DOT_LOOK_ALIKES.contains(&c) || (has_han && c == '.');
        let dots_unified = original.chars().any(is_dot);
        let dotted: String = original
            .chars()
            .map(|c| if is_dot(c) { MIDDLE_DOT } else { c })
            .collect();

        let chinese = has_han
            && dotted
                .chars()
                .all(|c| is_han(c) || c == MIDDLE_DOT || c.is_whitespace());
        let name = if chinese {
            dotted.chars().filter(|c| !c.is_whitespace()).collect()
        } else {
            dotted.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let spaces_changed = name != dotted;

        let found = name.chars().count();
        if found > MAX_CHARS {
            return Err(NameError::TooLong { found });
        }
        check_characters(&name, has_han)?;

        let mut repairs = Vec::new();
        if spaces_changed {
            repairs.push(if chinese {
                "空格已去除"
            } else {
                "空格已统一为单个半角空格"
            });
        }
        if dots_unified {
            repairs.push("间隔号已统一为“·”");
        }
        if removed_invisible {
            repairs.push("不可见字符已去除");
        }
        let note = (!repairs.is_empty())
            .then(|| format!("姓名中的{}：“{original}” → “{name}”", repairs.join("，")));
        Ok((Self(name), note))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Refuses the first character that cannot stand in a name of its kind: a Chinese name holds
/// only Han characters and middle dots; a foreign name letters, spaces and a little punctuation.
fn check_characters(name: &str, has_han: bool) -> Result<(), NameError> {
    let refused = |character: char| Err(NameError::Unreadable { character });
    for c in name.chars() {
        let allowed = if has_han {
            is_han(c) || c == MIDDLE_DOT
        } else {
            (c.is_alphabetic() && !is_digit(c)) || is_foreign_name_punctuation(c)
        };
        if !allowed {
            return refused(c);
        }
    }
    if name.starts_with(MIDDLE_DOT) || name.ends_with(MIDDLE_DOT) || name.contains("··") {
        return refused(MIDDLE_DOT);
    }
    if !name.chars().any(char::is_alphabetic) {
        // Punctuation alone is no name.
        return name.chars().next().map_or(Err(NameError::Empty), refused);
    }
    Ok(())
}

impl std::fmt::Display for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = NameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map(|(name, _)| name)
    }
}

impl From<PersonName> for String {
    fn from(name: PersonName) -> Self {
        name.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn name(text: &str) -> String {
        PersonName::parse(text).unwrap().0.to_string()
    }

    fn note(text: &str) -> Option<String> {
        PersonName::parse(text).unwrap().1
    }

    fn refused_character(text: &str) -> char {
        match PersonName::parse(text) {
            Err(NameError::Unreadable { character }) => character,
            other => panic!("{text:?} should be unreadable, got {other:?}"),
        }
    }

    #[test]
    fn a_clean_name_is_taken_as_it_stands() {
        assert_eq!(
            PersonName::parse("郑先华").unwrap(),
            (PersonName("郑先华".to_owned()), None)
        );
        assert_eq!(name("欧阳修"), "欧阳修");
    }

    #[test]
    fn surrounding_whitespace_including_the_full_width_space_is_trimmed_without_a_note() {
        assert_eq!(
            PersonName::parse("\u{3000} 郑先华\t").unwrap(),
            (PersonName("郑先华".to_owned()), None)
        );
    }

    #[test]
    fn padding_inside_a_chinese_name_is_removed_and_reported() {
        assert_eq!(
            PersonName::parse("钟 伟").unwrap(),
            (
                PersonName("钟伟".to_owned()),
                Some("姓名中的空格已去除：“钟 伟” → “钟伟”".to_owned())
            )
        );
        assert_eq!(name("文\u{3000}\u{3000}曦"), "文曦");
        assert_eq!(name(" 王  隽 "), "王隽");
    }

    #[test]
    fn runs_of_whitespace_inside_a_foreign_name_collapse_to_one_space_and_are_reported() {
        assert_eq!(
            PersonName::parse("John Smith").unwrap(),
            (PersonName("John Smith".to_owned()), None)
        );
        assert_eq!(name("John  \u{3000}Smith"), "John Smith");
        assert_eq!(
            note("John  Smith").unwrap(),
            "姓名中的空格已统一为单个半角空格：“John  Smith” → “John Smith”"
        );
    }

    #[test]
    fn look_alike_middle_dots_are_unified_and_reported() {
        for dot in ['•', '・', '‧', '．'] {
            let text = format!("阿依古丽{dot}买买提");
            assert_eq!(name(&text), "阿依古丽·买买提", "{text}");
            assert_eq!(
                note(&text).unwrap(),
                format!("姓名中的间隔号已统一为“·”：“{text}” → “阿依古丽·买买提”")
            );
        }
        assert_eq!(PersonName::parse("阿依古丽·买买提").unwrap().1, None);
    }

    #[test]
    fn a_full_stop_in_a_chinese_name_is_a_mistyped_middle_dot() {
        assert_eq!(name("阿依古丽.买买提"), "阿依古丽·买买提");
        assert_eq!(name("J. Smith"), "J. Smith");
    }

    #[test]
    fn spaces_around_a_middle_dot_in_a_chinese_name_are_removed() {
        assert_eq!(name("阿依古丽 • 买买提"), "阿依古丽·买买提");
        assert_eq!(
            note("阿依古丽 • 买买提").unwrap(),
            "姓名中的空格已去除，间隔号已统一为“·”：“阿依古丽 • 买买提” → “阿依古丽·买买提”"
        );
    }

    #[test]
    fn invisible_characters_are_removed_and_reported() {
        assert_eq!(name("\u{FEFF}钟伟"), "钟伟");
        assert_eq!(
            note("钟\u{200B}伟").unwrap(),
            "姓名中的不可见字符已去除：“钟伟” → “钟伟”"
        );
    }

    #[test]
    fn an_empty_name_is_refused() {
        for text in ["", "   ", "\u{3000}", "\u{FEFF}"] {
            assert_eq!(PersonName::parse(text), Err(NameError::Empty), "{text:?}");
        }
    }

    #[test]
    fn a_name_longer_than_thirty_characters_is_refused() {
        assert!(PersonName::parse(&"张".repeat(MAX_CHARS)).is_ok());
        assert_eq!(
            PersonName::parse(&"张".repeat(31)),
            Err(NameError::TooLong { found: 31 })
        );
    }

    #[test]
    fn length_is_counted_after_padding_is_removed() {
        let padded = "张 ".repeat(MAX_CHARS);
        assert_eq!(name(&padded).chars().count(), MAX_CHARS);
    }

    #[test]
    fn latin_letters_mixed_with_han_characters_are_refused_as_lost_characters() {
        assert_eq!(refused_character("r河一中"), 'r');
        assert_eq!(refused_character("王Xiao"), 'X');
        let message = PersonName::parse("r河一中").unwrap_err().to_string();
        assert!(
            message.contains("“r”") && message.contains("编码"),
            "{message}"
        );
    }

    #[test]
    fn the_replacement_character_and_question_marks_are_refused_as_lost_characters() {
        assert_eq!(refused_character("李\u{FFFD}"), '\u{FFFD}');
        assert_eq!(refused_character("王?"), '?');
        assert_eq!(refused_character("王？"), '？');
        assert_eq!(refused_character("John?"), '?');
    }

    #[test]
    fn control_characters_are_refused_and_named_by_code_point() {
        assert_eq!(refused_character("钟\u{7}伟"), '\u{7}');
        let message = PersonName::parse("钟\u{7}伟").unwrap_err().to_string();
        assert!(message.contains("U+0007"), "{message}");
    }

    #[test]
    fn digits_are_refused() {
        assert_eq!(refused_character("张三1"), '1');
        assert_eq!(refused_character("John 2"), '2');
        assert_eq!(refused_character("李４"), '４');
        assert_eq!(name("王〇"), "王〇");
    }

    #[test]
    fn symbols_other_than_the_middle_dot_are_refused_in_a_chinese_name() {
        assert_eq!(refused_character("张三(女)"), '(');
        assert_eq!(refused_character("张-三"), '-');
    }

    #[test]
    fn a_foreign_name_may_hold_hyphens_apostrophes_and_full_stops() {
        assert_eq!(name("Mary-Jane O'Neil"), "Mary-Jane O'Neil");
        assert_eq!(refused_character("Mary_Jane"), '_');
    }

    #[test]
    fn a_middle_dot_cannot_open_close_or_repeat() {
        for text in ["·买买提", "阿依古丽·", "阿依古丽··买买提", "·"] {
            assert_eq!(refused_character(text), MIDDLE_DOT, "{text}");
        }
    }

    #[test]
    fn punctuation_alone_is_no_name() {
        assert_eq!(refused_character("-"), '-');
        assert_eq!(refused_character("' ."), '\'');
    }

    #[test]
    fn every_error_has_a_distinct_screaming_snake_code_and_a_chinese_message() {
        let errors = [
            NameError::Empty,
            NameError::TooLong { found: 31 },
            NameError::Unreadable { character: 'r' },
        ];
        let codes: Vec<&str> = errors.iter().map(NameError::code).collect();
        assert_eq!(codes, ["NAME_EMPTY", "NAME_TOO_LONG", "NAME_UNREADABLE"]);
        assert!(errors.iter().all(|e| e.to_string().starts_with("姓名")));
        assert!(
            NameError::TooLong { found: 31 }
                .to_string()
                .contains("最多 30 个字")
        );
    }

    #[test]
    fn names_convert_from_strings_only_through_the_checks() {
        let (parsed, _) = PersonName::parse("钟伟").unwrap();
        assert_eq!(PersonName::try_from("钟 伟".to_owned()).unwrap(), parsed);
        assert_eq!(String::from(parsed), "钟伟");
        assert!(PersonName::try_from("r河一中".to_owned()).is_err());
    }

    #[test]
    fn display_shows_the_name() {
        assert_eq!(PersonName::parse("钟 伟").unwrap().0.to_string(), "钟伟");
    }

    fn han() -> impl Strategy<Value = char> {
        prop::sample::select(
            "钟伟郑先华王锦蓉欧阳修阿依古丽买买提〇"
                .chars()
                .collect::<Vec<_>>(),
        )
    }

    fn messy() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => han(),
            2 => prop::sample::select(vec![' ', '\u{3000}', '\t', '·', '•', '．', '.']),
            2 => prop::char::range('a', 'z'),
            1 => prop::sample::select(vec!['1', '?', '\u{FFFD}', '\u{7}', '-', '\'', '(', '\u{FEFF}']),
        ]
    }

    proptest! {
        #[test]
        fn a_padded_chinese_name_parses_to_its_characters(
            parts in prop::collection::vec((han(), prop::sample::select(vec!["", " ", "  ", "\u{3000}"])), 1..=10)
        ) {
            let text: String = parts.iter().map(|(c, pad)| format!("{c}{pad}")).collect();
            let bare: String = parts.iter().map(|(c, _)| *c).collect();
            let (parsed, note) = PersonName::parse(&text).unwrap();
            prop_assert_eq!(parsed.as_str(), bare.as_str());
            prop_assert_eq!(note.is_some(), text.trim() != bare);
        }

        #[test]
        fn a_parsed_name_parses_again_to_itself_without_a_note(text in prop::collection::vec(messy(), 0..40)) {
            let text: String = text.into_iter().collect();
            if let Ok((parsed, _)) = PersonName::parse(&text) {
                prop_assert_eq!(PersonName::parse(parsed.as_str()).unwrap(), (parsed.clone(), None));
            }
        }

        #[test]
        fn a_parsed_name_is_trimmed_short_and_singly_spaced(text in prop::collection::vec(messy(), 0..40)) {
            let text: String = text.into_iter().collect();
            if let Ok((parsed, _)) = PersonName::parse(&text) {
                let s = parsed.as_str();
                prop_assert!(!s.is_empty() && s.chars().count() <= MAX_CHARS);
                prop_assert_eq!(s.trim(), s);
                prop_assert!(!s.contains("  "));
                prop_assert!(s.chars().all(|c| c == ' ' || !c.is_whitespace()));
                let lost = |c: char| c.is_control() || c == '?' || c == '\u{FFFD}' || c.is_ascii_digit();
                prop_assert!(!s.chars().any(lost), "{}", s);
                let has_han = s.chars().any(is_han);
                prop_assert!(!(has_han && s.chars().any(|c| c.is_ascii_alphabetic())));
            }
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,40}") {
            let _ = PersonName::parse(&text);
        }
    }
}
