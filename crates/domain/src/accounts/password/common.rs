//! Common passwords recognised by their shape, without shipping a breach list: the top of every
//! published list is made of the same few shapes — a run along the keyboard or the digits
//! (`qwertyuiop`, `1qaz2wsx`, `123456789`), one or two characters repeated, and a handful of base
//! words (English, pinyin, the system's own name) dressed with digits, symbols and look-alike
//! substitutions (`P@ssw0rd2026!`, `woaini1314`). A deployment adds a real breached list of its
//! own with `common_passwords_file`.

/// Rows and columns of a QWERTY keyboard and the digits: a step to a neighbour on any of them is
/// a "walk".
const WALKS: [&str; 5] = [
    "`1234567890-=",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]",
];

/// Base words people build passwords on, lower case. Written for this project: generic English
/// words, common pinyin (surnames, phrases of affection, places), and this system's own words.
const BASE_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "admin",
    "administrator",
    "root",
    "user",
    "test",
    "guest",
    "welcome",
    "login",
    "letmein",
    "qwerty",
    "asdf",
    "iloveyou",
    "love",
    "monkey",
    "dragon",
    "master",
    "shadow",
    "sunshine",
    "princess",
    "football",
    "superman",
    "hello",
    "abc",
    "abcd",
    "secret",
    "changeme",
    "default",
    "system",
    "server",
    "woaini",
    "aini",
    "wodemima",
    "mima",
    "zhongguo",
    "china",
    "beijing",
    "shanghai",
    "wuhan",
    "hubei",
    "xiantao",
    "baobei",
    "laopo",
    "laogong",
    "ganxun",
    "ganbu",
    "peixun",
    "dangxiao",
    "xuexi",
    "zuzhibu",
    "jiaoyu",
    "laoshi",
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "zhou",
    "wu",
    "xu",
    "sun",
];

fn is_walk_step(a: char, b: char) -> bool {
    if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() && (a as i32 - b as i32).abs() == 1 {
        return true;
    }
    WALKS.iter().any(|row| {
        let chars: Vec<char> = row.chars().collect();
        chars
            .windows(2)
            .any(|pair| (pair[0] == a && pair[1] == b) || (pair[0] == b && pair[1] == a))
    })
}

/// Undoes the usual look-alike substitutions.
fn unleet(c: char) -> char {
    match c {
        '@' | '4' => 'a',
        '0' => 'o',
        '1' | '!' => 'i',
        '3' => 'e',
        '$' | '5' => 's',
        '7' => 't',
        _ => c,
    }
}

/// The letters left once digits and symbols are peeled off both ends.
fn core(text: &str) -> &str {
    text.trim_matches(|c: char| !c.is_alphabetic())
}

/// Whether the password has one of the shapes at the top of every breached list.
pub fn is_common(password: &str) -> bool {
    let lower: Vec<char> = password.to_lowercase().chars().collect();
    if lower.is_empty() {
        return true;
    }
    let mut distinct = lower.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() <= 3 {
        return true;
    }
    let walk_steps = lower
        .windows(2)
        .filter(|p| is_walk_step(p[0], p[1]))
        .count();
    if walk_steps * 4 >= (lower.len() - 1) * 3 {
        return true;
    }
    let text: String = lower.iter().collect();
    let word = core(&text);
    let decoded: String = word.chars().map(unleet).collect();
    !word.is_empty() && (is_base_word_run(word) || is_base_word_run(&decoded))
}

/// A base word, possibly repeated or joined to another (`adminadmin`, `woainizhongguo`).
fn is_base_word_run(word: &str) -> bool {
    if word.is_empty() {
        return true;
    }
    BASE_WORDS
        .iter()
        .any(|base| word.strip_prefix(base).is_some_and(is_base_word_run))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyboard_and_digit_runs_are_common() {
        for password in [
            "123456789012",
            "qwertyuiop123",
            "1qaz2wsx3edc4rfv",
            "asdfghjkl;'",
            "987654321098",
            "abcdefghijkl",
        ] {
            assert!(is_common(password), "{password}");
        }
    }

    #[test]
    fn repeats_are_common() {
        for password in [
            "aaaaaaaaaaaa",
            "121212121212",
            "abcabcabcabc",
            "!!!!!!!!!!!!",
        ] {
            assert!(is_common(password), "{password}");
        }
    }

    #[test]
    fn base_words_dressed_with_digits_symbols_and_look_alikes_are_common() {
        for password in [
            "Password123!",
            "P@ssw0rd2026",
            "woaini1314520",
            "Admin@123456",
            "zhang19900101",
            "Ganxun2026!!",
            "adminadmin2026",
            "woainizhongguo",
            "!!Welcome2026",
        ] {
            assert!(is_common(password), "{password}");
        }
    }

    #[test]
    fn passphrases_and_random_strings_are_not() {
        for password in [
            "correct horse battery",
            "长城长江黄河泰山华山衡山",
            "Tq8#vLm2!pRz",
            "xiantao-river-2026-boat",
            "zhangsan-likes-tea",
            "7fK2mQ9xWb3L",
        ] {
            assert!(!is_common(password), "{password}");
        }
    }
}
