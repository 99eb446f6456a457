//! What the TOML reader's English messages mean, in Chinese (issue 17 item 4: "errors come in
//! English (`invalid type: string, expected u32`)"). The messages come from serde and the TOML
//! parser in a handful of fixed shapes; each known shape is said again in the officer's words,
//! with the key or value it names kept as written so the field can be found. A shape nobody
//! has seen yet keeps the parser's words after a Chinese lead, never nothing.

/// The Chinese explanation of one message from the TOML reader.
pub fn explain(message: &str) -> String {
    let message = message.trim();
    if message.is_empty() {
        // The parser says nothing when a line stops before its value.
        return "这一行没有写完：等号后面缺少值".to_owned();
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "应填{}，现在填的是{}",
            expected_zh(expected),
            found_zh(found)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "{}不符合要求，应为{}",
            found_zh(found),
            expected_zh(expected)
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("缺少必填项 {}", ticked(rest));
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let known = known_list(expected);
        return match known {
            Some(list) => format!("不认识的项 {}（这里可以填的项：{list}）", ticked(field)),
            None => format!("不认识的项 {}，这里不能填这一项", ticked(field)),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return match known_list(expected) {
            Some(list) => format!("不认识的取值 {}（可以填：{list}）", ticked(value)),
            None => format!("不认识的取值 {}", ticked(value)),
        };
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        return format!("{} 填了两次，只能填一次", ticked(rest));
    }
    if let Some(rest) = message.strip_prefix("duplicate key ") {
        let key = rest.split_once(" in ").map_or(rest, |(key, _)| key);
        return format!("{} 写了两次，同一处只能写一次", ticked(key));
    }
    if let Some(rest) = message.strip_prefix("invalid length ")
        && let Some((length, expected)) = rest.split_once(", expected ")
    {
        return format!("填了 {length} 项，应为{}", expected_zh(expected));
    }
    if message.starts_with("invalid table header") {
        return "表头（方括号一行）写法不对".to_owned();
    }
    if message.starts_with("invalid inline table") || message.contains("inline table") {
        return format!("花括号 {{ … }} 内的写法不对（{message}）");
    }
    if message.contains(" string") || message.contains("unterminated") {
        return "文字要用英文双引号括起来，且前后配对".to_owned();
    }
    if message.starts_with("invalid array") {
        return "列表 [ … ] 的写法不对：各项用英文逗号分隔，文字加英文双引号".to_owned();
    }
    if message.starts_with("expected")
        || message.starts_with("unexpected")
        || message.starts_with("invalid")
    {
        return format!("这一行的写法不符合 TOML 格式（{message}）");
    }
    // Checks written in Chinese already pass through; anything else keeps its words.
    if message
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        message.to_owned()
    } else {
        format!("规则文本有误（{message}）")
    }
}

/// What serde says it expected (`u32`, `a string`, `struct Amount` …) in Chinese.
fn expected_zh(expected: &str) -> String {
    let expected = expected.trim();
    let simple = match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "不小于 0 的整数",
        "i8" | "i16" | "i32" | "i64" | "isize" | "an integer" => "整数",
        "f32" | "f64" | "a float" => "数字",
        "a boolean" | "bool" => "是或否（true / false）",
        "a string" | "string" | "a borrowed string" => "文字（加英文双引号）",
        "a sequence" | "a list" => "列表 [ … ]",
        "a map" | "map" => "一组设置 { … }",
        "a character" | "char" => "一个字",
        "a valid date" | "a date" | "a naive date" => "日期，如 \"2024-07-31\"",
        "unit" => "空值",
        _ => "",
    };
    if !simple.is_empty() {
        return simple.to_owned();
    }
    if expected.starts_with("struct ") || expected.starts_with("a table") {
        return "一组设置 { … }".to_owned();
    }
    if expected.starts_with("enum ") || expected.starts_with("variant identifier") {
        return "规定的取值之一".to_owned();
    }
    if let Some(list) = known_list(expected) {
        return format!("以下之一：{list}");
    }
    format!("“{expected}”")
}

/// What serde says it found (`string "abc"`, `integer \`5\``, `sequence` …) in Chinese.
fn found_zh(found: &str) -> String {
    let found = found.trim();
    let value = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim().trim_matches('`').to_owned())
    };
    if let Some(text) = value("string ") {
        return format!("文字 {text}");
    }
    if let Some(number) = value("integer ").or_else(|| value("floating point ")) {
        return format!("数字 {number}");
    }
    if let Some(b) = value("boolean ") {
        return format!("{}（{b}）", if b == "true" { "是" } else { "否" });
    }
    match found {
        "sequence" => "列表 [ … ]".to_owned(),
        "map" => "一组设置 { … }".to_owned(),
        "unit value" => "空值".to_owned(),
        other => format!("“{other}”"),
    }
}

/// The names in "one of `a`, `b`" or "`a`" as 「a」、「b」; `None` when there are none.
fn known_list(expected: &str) -> Option<String> {
    let names: Vec<&str> = expected
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, name)| name)
        .collect();
    (!names.is_empty()).then(|| {
        names
            .iter()
            .map(|n| format!("「{n}」"))
            .collect::<Vec<_>>()
            .join("、")
    })
}

/// `` `x` `` as 「x」.
fn ticked(text: &str) -> String {
    format!("「{}」", text.trim().trim_matches('`'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readers_shapes_are_said_in_chinese() {
        assert_eq!(
            explain("invalid type: string \"abc\", expected u32"),
            "应填不小于 0 的整数，现在填的是文字 \"abc\""
        );
        assert_eq!(
            explain("invalid type: integer `5`, expected a string"),
            "应填文字（加英文双引号），现在填的是数字 5"
        );
        assert_eq!(explain("missing field `name`"), "缺少必填项 「name」");
        assert_eq!(
            explain("unknown field `nmae`, expected one of `name`, `applies_from`"),
            "不认识的项 「nmae」（这里可以填的项：「name」、「applies_from」）"
        );
        assert_eq!(
            explain("unknown variant `yearly`, expected one of `calendar_year`, `rolling`"),
            "不认识的取值 「yearly」（可以填：「calendar_year」、「rolling」）"
        );
        assert_eq!(
            explain("duplicate key `name` in document root"),
            "「name」 写了两次，同一处只能写一次"
        );
        assert_eq!(explain("规则名称不能为空"), "规则名称不能为空");
        assert!(explain("something new").starts_with("规则文本有误"));
    }

    #[test]
    fn a_real_error_of_the_reader_comes_out_in_chinese() {
        #[derive(Debug, serde::Deserialize)]
        #[expect(dead_code, reason = "only the error matters")]
        struct Doc {
            days: u32,
        }
        let error = toml::from_str::<Doc>("days = \"九十\"").unwrap_err();
        let said = explain(error.message());
        assert!(said.starts_with("应填不小于 0 的整数"), "{said}");
        let syntax = toml::from_str::<Doc>("days = ").unwrap_err();
        assert_eq!(explain(syntax.message()), "这一行没有写完：等号后面缺少值");
        let header = toml::from_str::<Doc>("[[broken").unwrap_err();
        assert_eq!(explain(header.message()), "表头（方括号一行）写法不对");
    }
}
