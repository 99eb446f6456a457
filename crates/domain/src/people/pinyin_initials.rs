//! Pinyin initials of a name (`钟伟` → `zw`), for searching people by typing a few letters.
//!
//! A name starts with a surname, and many surnames are read differently from the same character
//! in ordinary words: 单 is `shan` in 单雄信, not `dan`; 曾 is `zeng`, not `ceng`. The first
//! character (or the first two, for compound surnames) is therefore read as a surname; the rest
//! take the character's most common reading.

use pinyin::ToPinyin;

/// Compound surnames whose reading differs from their characters' common readings.
const COMPOUND_SURNAMES: [(&str, [&str; 2]); 4] = [
    ("尉迟", ["yu", "chi"]),
    ("万俟", ["mo", "qi"]),
    ("单于", ["chan", "yu"]),
    ("长孙", ["zhang", "sun"]),
];

/// Single-character surnames and their surname reading, where the common reading differs or is
/// easily confused (the table documents the reading even where the first letter is the same).
const SURNAMES: [(char, &str); 33] = [
    ('单', "shan"),
    ('曾', "zeng"),
    ('解', "xie"),
    ('区', "ou"),
    ('仇', "qiu"),
    ('朴', "piao"),
    ('查', "zha"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('覃', "qin"),
    ('翟', "zhai"),
    ('缪', "miao"),
    ('繁', "po"),
    ('万', "wan"),
    ('重', "chong"),
    ('种', "chong"),
    ('藏', "zang"),
    ('秘', "bi"),
    ('召', "shao"),
    ('员', "yun"),
    ('尉', "wei"),
    ('长', "chang"),
    ('阚', "kan"),
    ('隗', "wei"),
    ('都', "du"),
    ('薄', "bo"),
    ('折', "she"),
    ('句', "gou"),
    ('祭', "zhai"),
    ('蕃', "pi"),
    ('能', "nai"),
    ('么', "yao"),
    ('粘', "nian"),
];

/// The lowercase initial of a character's common reading, or of an ASCII letter itself.
fn initial(c: char) -> Option<char> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_lowercase());
    }
    let first = c.to_pinyin()?.first_letter().chars().next()?;
    // Plain pinyin is ASCII but for ü (never an initial) and ê (the syllable 欸 ê).
    match first {
        'ê' => Some('e'),
        c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
        _ => None,
    }
}

/// The surname's initials and the rest of the name, if the name starts with a listed surname.
fn surname_initials(name: &str) -> Option<(String, &str)> {
    for (surname, readings) in COMPOUND_SURNAMES {
        if let Some(rest) = name.strip_prefix(surname) {
            return Some((
                readings.iter().filter_map(|r| r.chars().next()).collect(),
                rest,
            ));
        }
    }
    let first = name.chars().next()?;
    let (_, reading) = SURNAMES.iter().find(|(c, _)| *c == first)?;
    Some((reading.chars().take(1).collect(), &name[first.len_utf8()..]))
}

/// The lowercase initials of a name: the first letter of the pinyin of each Han character, ASCII
/// letters lowercased and kept, anything else skipped. The name's start is read as a surname.
pub fn initials(name: &str) -> String {
    let name = name.trim();
    let (mut out, rest) = surname_initials(name).unwrap_or_else(|| (String::new(), name));
    out.extend(rest.chars().filter_map(initial));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_han_character_gives_the_first_letter_of_its_pinyin() {
        assert_eq!(initials("钟伟"), "zw");
        assert_eq!(initials("郑先华"), "zxh");
    }

    #[test]
    fn a_polyphonic_surname_is_read_as_a_surname() {
        assert_eq!(initials("单雄信"), "sxx");
        assert_eq!(initials("曾国藩"), "zgf");
        assert_eq!(initials("翟志刚"), "zzg");
        assert_eq!(initials("仇英"), "qy");
        assert_eq!(initials("覃塘"), "qt");
    }

    #[test]
    fn every_listed_surname_gives_the_initial_of_its_surname_reading() {
        for (surname, reading) in SURNAMES {
            let expected = reading.chars().next().unwrap().to_string();
            assert_eq!(initials(&surname.to_string()), expected, "{surname}");
        }
    }

    #[test]
    fn the_brief_s_surnames_are_all_listed() {
        for surname in "单曾解区仇朴查盖乐覃翟缪繁万重种藏秘召员".chars() {
            assert!(SURNAMES.iter().any(|(c, _)| *c == surname), "{surname}");
        }
    }

    #[test]
    fn a_compound_surname_is_read_as_a_whole() {
        assert_eq!(initials("尉迟恭"), "ycg");
        assert_eq!(initials("万俟卨"), "mqx");
        assert_eq!(initials("长孙无忌"), "zswj");
        assert_eq!(initials("欧阳修"), "oyx");
    }

    #[test]
    fn a_polyphonic_character_after_the_surname_takes_its_common_reading() {
        assert_eq!(initials("王单"), "wd");
        assert_eq!(initials("曾曾"), "zc");
    }

    #[test]
    fn ascii_letters_are_lowercased_and_kept() {
        assert_eq!(initials("John Smith"), "johnsmith");
        assert_eq!(initials("Lü"), "l");
    }

    #[test]
    fn other_characters_are_skipped() {
        assert_eq!(initials("阿依古丽·买买提"), "ayglmmt");
        assert_eq!(initials(" 钟 伟 1?"), "zw");
        assert_eq!(initials(""), "");
        assert_eq!(initials("·单"), "d");
    }

    proptest! {
        #[test]
        fn initials_are_lowercase_ascii_letters_at_most_one_per_character(name in "\\PC{0,20}") {
            let out = initials(&name);
            prop_assert!(out.chars().all(|c| c.is_ascii_lowercase()), "{}", out);
            prop_assert!(out.chars().count() <= name.trim().chars().count());
        }

        #[test]
        fn every_han_character_with_a_known_reading_gives_one_initial(name in "[\u{4E00}-\u{9FA5}]{1,6}") {
            let readable = name.chars().filter(|c| c.to_pinyin().is_some()).count();
            prop_assert_eq!(initials(&name).chars().count(), readable);
        }
    }
}
