//! Every error code the server can answer has English text in `web/src/i18n/common/apiErrors.en.ts`
//! (issue 17 item 5, issue 15 item 2). The server always sends a Chinese message; in the English
//! UI the web shows the English text of a code listed there, so a code missing from the list
//! leaves an English user with Chinese. The codes are read from the Rust sources, not from a list
//! kept by hand, so a new code fails this test until it has its English wording.
//!
//! A code is a SCREAMING_SNAKE_CASE string literal in the shipped sources (`crates/*/src`,
//! without unit-test modules): any such literal of two or more words (`"CLASS_NOT_ENDED"`,
//! whatever helper carries it), and a one-word literal (`"REQUIRED"`, `"FORBIDDEN"`) where it is
//! the code argument of `FieldError::new(field, …)` / `AppError::field(field, …)` or follows the
//! status in a `(StatusCode::…, "CODE", …)` tuple. Environment variable names (`GANXUN_…`) and
//! the literals in [`NOT_ERROR_CODES`] are not codes.
//!
//! The list is exported to the web as `web/src/api/errorCodes.ts` (issue 15 item 2), whose type
//! keys the English table, so the web's type checker refuses a missing or a stale code too.
//! `GANXUN_WRITE_OPENAPI=1` rewrites it with the OpenAPI document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// SCREAMING_SNAKE_CASE literals in the shipped sources that are not error codes.
const NOT_ERROR_CODES: &[&str] = &[
    // serde's name of a case (`rename_all`).
    "SCREAMING_SNAKE_CASE",
    // Routing flags: notes for the approver, not errors; their English is `classes.flagLabels`.
    "LATE_APPLICATION",
    "OUTSIDE_SUBMIT_WINDOW",
];

/// Far fewer codes than this means the scan broke, not that the codes went away (313 when this
/// test was written).
const FEWEST_EXPECTED_CODES: usize = 250;

pub(crate) fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `.rs` file under `dir`, depth first.
pub(crate) fn collect_rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// Each `#[cfg(test)]` of a source file: its offset and the first line of the item it guards.
fn cfg_test_items(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source
        .match_indices("#[cfg(test)]")
        .map(move |(at, attribute)| {
            let item = source[at + attribute.len()..].trim_start();
            (at, item.lines().next().unwrap_or_default().trim_end())
        })
}

/// The part of a source file that is compiled into the server: the text before its inline
/// `#[cfg(test)] mod tests { … }`.
fn without_unit_tests(source: &str) -> &str {
    cfg_test_items(source)
        .find(|(_, item)| item.contains("mod ") && item.ends_with('{'))
        .map_or(source, |(at, _)| &source[..at])
}

/// The files of the modules a source file declares `#[cfg(test)] mod name;`: tests only.
fn test_only_module_files(file: &Path, source: &str) -> Vec<PathBuf> {
    let dir = file.parent().unwrap();
    let stem = file.file_stem().unwrap();
    let modules_dir = if ["lib", "main", "mod"].iter().any(|name| stem == *name) {
        dir.to_path_buf()
    } else {
        dir.join(stem)
    };
    cfg_test_items(source)
        .filter_map(|(_, item)| item.split("mod ").nth(1)?.strip_suffix(';'))
        .map(|name| modules_dir.join(format!("{}.rs", name.trim())))
        .collect()
}

/// The Rust files compiled into the server and its libraries (`crates/*/src`, not tests,
/// examples or build scripts), each with its text without unit tests.
fn shipped_sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for krate in std::fs::read_dir(repository().join("crates")).unwrap() {
        let src = krate.unwrap().path().join("src");
        if src.is_dir() {
            collect_rust_files(&src, &mut files);
        }
    }
    let sources: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|file| {
            let text = read(&file);
            (file, text)
        })
        .collect();
    let test_only: BTreeSet<PathBuf> = sources
        .iter()
        .flat_map(|(file, text)| test_only_module_files(file, text))
        .collect();
    sources
        .into_iter()
        .filter(|(file, _)| !test_only.contains(file))
        .map(|(file, text)| {
            let shipped = without_unit_tests(&text).to_owned();
            (file, shipped)
        })
        .collect()
}

/// The length of the `"…"` literal `tail` starts with, escapes included.
fn quoted_length(tail: &str) -> usize {
    let bytes = tail.as_bytes();
    let mut at = 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The length of the raw string (`r"…"`, `r#"…"#`, `br"…"`) starting at `at`, if one does.
fn raw_string_length(source: &str, at: usize) -> Option<usize> {
    let tail = &source[at..];
    let after_r = tail.strip_prefix("br").or_else(|| tail.strip_prefix('r'))?;
    let hashes = after_r.len() - after_r.trim_start_matches('#').len();
    let in_identifier = source[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_');
    if in_identifier || !after_r[hashes..].starts_with('"') {
        return None;
    }
    let opening = tail.len() - after_r.len() + hashes + 1;
    let closing = format!("\"{}", "#".repeat(hashes));
    let body = tail[opening..]
        .find(&closing)
        .unwrap_or(tail.len() - opening);
    Some((opening + body + closing.len()).min(tail.len()))
}

/// The length of the character literal (`'"'`, `'\''`, `'·'`) `tail` starts with, or 1 for the
/// quote of a lifetime (`'static`).
fn char_literal_length(tail: &str) -> usize {
    let mut chars = tail[1..].chars();
    match (chars.next(), chars.next()) {
        (Some('\\'), _) => tail
            .get(3..)
            .and_then(|rest| rest.find('\''))
            .map_or(tail.len(), |end| end + 4),
        (Some(c), Some('\'')) => c.len_utf8() + 2,
        _ => 1,
    }
}

/// Every plain string literal of a Rust source with the offset of its opening quote. Comments,
/// character literals and raw strings are stepped over, so a `"` in them starts no literal.
fn string_literals(source: &str) -> Vec<(usize, &str)> {
    let mut literals = Vec::new();
    let mut at = 0;
    while let Some(c) = source[at..].chars().next() {
        let tail = &source[at..];
        if tail.starts_with("//") {
            at += tail.find('\n').unwrap_or(tail.len());
        } else if tail.starts_with("/*") {
            at += tail.find("*/").map_or(tail.len(), |end| end + 2);
        } else if let Some(length) = raw_string_length(source, at) {
            at += length;
        } else if c == '"' {
            let length = quoted_length(tail);
            literals.push((at, tail.get(1..length - 1).unwrap_or_default()));
            at += length;
        } else if c == '\'' {
            at += char_literal_length(tail);
        } else {
            at += c.len_utf8();
        }
    }
    literals
}

fn is_screaming_snake_case(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_uppercase())
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !text.ends_with('_')
        && !text.contains("__")
}

/// Whether a one-word literal preceded by `before` sits where a code goes: in the body of a
/// `Problem`'s `fn code(&self)`, the second argument of `FieldError::new` / `AppError::field`,
/// or right after the status of a `(StatusCode::…,` tuple.
fn is_code_argument(before: &str) -> bool {
    if before
        .rfind("fn ")
        .is_some_and(|at| before[at..].starts_with("fn code(&self)"))
    {
        return true;
    }
    let Some(open) = before.rfind('(') else {
        return false;
    };
    let callee = before[..open].trim_end();
    let arguments = before[open + 1..].trim();
    let after_one_argument = arguments.ends_with(',') && arguments.matches(',').count() == 1;
    after_one_argument
        && (arguments.starts_with("StatusCode::")
            || callee.ends_with("FieldError::new")
            || callee.ends_with("AppError::field"))
}

fn is_error_code(source: &str, at: usize, literal: &str) -> bool {
    is_screaming_snake_case(literal)
        && !literal.starts_with("GANXUN_")
        && !NOT_ERROR_CODES.contains(&literal)
        && (literal.contains('_') || is_code_argument(&source[..at]))
}

/// Every error code in the shipped sources, with the files that use it.
fn error_codes() -> BTreeMap<String, BTreeSet<String>> {
    let crates = repository().join("crates");
    let mut codes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, source) in shipped_sources() {
        let shown = file
            .strip_prefix(&crates)
            .unwrap_or(file.as_path())
            .display()
            .to_string();
        for (at, literal) in string_literals(&source) {
            if is_error_code(&source, at, literal) {
                codes
                    .entry(literal.to_owned())
                    .or_default()
                    .insert(shown.clone());
            }
        }
    }
    codes
}

/// The codes of `apiErrors.en.ts`, one `  CODE: 'English',` a line, in file order.
fn english_entries() -> Vec<String> {
    read(&repository().join("web/src/i18n/common/apiErrors.en.ts"))
        .lines()
        .filter_map(|line| line.trim_start().split_once(": '"))
        .map(|(code, _)| code.to_owned())
        .filter(|code| is_screaming_snake_case(code))
        .collect()
}

#[test]
fn every_error_code_has_english_text() {
    let codes = error_codes();
    assert!(
        codes.len() > FEWEST_EXPECTED_CODES,
        "only {} error codes found in crates/*/src: the scan is broken: {:?}",
        codes.len(),
        codes.keys().collect::<Vec<_>>()
    );
    let english: BTreeSet<String> = english_entries().into_iter().collect();
    let missing: Vec<String> = codes
        .iter()
        .filter(|(code, _)| !english.contains(*code))
        .map(|(code, files)| {
            format!(
                "{code} ({})",
                files
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} error codes have no English text in web/src/i18n/common/apiErrors.en.ts: add one line each \
         (or, if a literal is not an error code, list it in NOT_ERROR_CODES):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// The web's copy of the code list, as `errorCodes.ts` should read.
fn error_codes_module(codes: &BTreeMap<String, BTreeSet<String>>) -> String {
    let mut text = String::from(
        "// Generated from the server's sources by tests/api/quality/error_codes.rs \
         (GANXUN_WRITE_OPENAPI=1 rewrites it): every error code the API can answer.\n\
         export const errorCodes = [\n",
    );
    for code in codes.keys() {
        text.push_str(&format!("  '{code}',\n"));
    }
    text.push_str("] as const\n\nexport type ErrorCode = (typeof errorCodes)[number]\n");
    text
}

#[test]
fn the_web_has_the_current_list_of_error_codes() {
    let expected = error_codes_module(&error_codes());
    let path = repository().join("web/src/api/errorCodes.ts");
    if std::env::var_os("GANXUN_WRITE_OPENAPI").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "web/src/api/errorCodes.ts is not the server's list of error codes: run \
         GANXUN_WRITE_OPENAPI=1 cargo test -p ganxun --test api -- error_codes::"
    );
}

#[test]
fn the_english_error_texts_have_no_entry_twice() {
    let entries = english_entries();
    let mut seen = BTreeSet::new();
    let twice: BTreeSet<&String> = entries.iter().filter(|code| !seen.insert(*code)).collect();
    assert!(
        twice.is_empty(),
        "apiErrors.en.ts has these codes more than once: {twice:?}"
    );
    assert!(
        entries.len() > FEWEST_EXPECTED_CODES,
        "only {} entries read from apiErrors.en.ts: is the file still one `CODE: '…',` a line?",
        entries.len()
    );
}
