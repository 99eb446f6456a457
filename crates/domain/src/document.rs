//! Reading the rule documents a deployment edits (DESIGN "Rules are data"): TOML text in, typed
//! document out, and a syntax error that tells a person which line to look at.

use serde::de::DeserializeOwned;

/// Parses a TOML document. The error names the line (1-based) and what is wrong there, in
/// Chinese ([`crate::rules::explain`]).
pub(crate) fn from_toml<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|error| {
        let message = crate::rules::explain::explain(error.message());
        match error.span() {
            Some(span) => {
                let line = text
                    .get(..span.start)
                    .map_or(0, |before| before.matches('\n').count())
                    + 1;
                format!("第 {line} 行：{message}")
            }
            None => message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only the parse result matters")]
    struct Doc {
        name: String,
    }

    #[test]
    fn a_syntax_error_names_the_line() {
        let error = from_toml::<Doc>("name = \"a\"\n\nnmae = \"b\"\n").unwrap_err();
        assert!(error.starts_with("第 3 行："), "{error}");
        assert!(error.contains("nmae"), "{error}");
    }
}
