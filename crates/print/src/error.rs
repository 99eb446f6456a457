//! Why a document could not be printed: each with a stable code for programs and a Chinese
//! message that tells the person what to do.

use std::path::PathBuf;

/// A document that could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    /// No installed font covers Chinese: printing would produce empty boxes.
    #[error("未找到中文字体：请安装 fonts-noto-cjk 或在配置中指定字体目录")]
    NoCjkFont,
    /// Some characters (often rare characters in names) have no glyph in any installed font.
    #[error(
        "以下字符在已安装的字体中都没有字形：{chars}。请在配置的字体目录中加入包含这些字符的字体（如生僻字字体）后重试"
    )]
    MissingGlyphs { chars: String },
    /// The template does not compile: a mistake in an edited layout, with typst's message.
    #[error("{}", template_error_message(template, *line, message))]
    Template {
        template: &'static str,
        /// 1-based line in the template, when the error points into it.
        line: Option<usize>,
        message: String,
    },
    /// The template imports a typst package: packages would be downloaded from the internet.
    #[error(
        "打印模板“{template}”引用了在线包 {package}：本系统不联网，不能使用在线包，请把需要的内容直接写在模板中"
    )]
    PackageNotAllowed {
        template: &'static str,
        package: String,
    },
    /// An override template exists but cannot be read.
    #[error("无法读取打印模板“{template}”（{}）：{reason}", path.display())]
    TemplateUnreadable {
        template: &'static str,
        path: PathBuf,
        reason: String,
    },
    /// An empty list of certificates: a PDF of blank pages helps nobody.
    #[error("没有可打印的证书：请先选择要打印证书的学员")]
    NothingToPrint,
    /// The laid-out document could not be written as PDF.
    #[error("生成 PDF 失败：{0}")]
    Export(String),
}

fn template_error_message(template: &str, line: Option<usize>, message: &str) -> String {
    match line {
        Some(line) => format!("打印模板“{template}”第 {line} 行有误：{message}"),
        None => format!("打印模板“{template}”有误：{message}"),
    }
}

impl PrintError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            PrintError::NoCjkFont => "PDF_NO_CJK_FONT",
            PrintError::MissingGlyphs { .. } => "PDF_MISSING_GLYPHS",
            PrintError::Template { .. } => "PDF_TEMPLATE_ERROR",
            PrintError::PackageNotAllowed { .. } => "PDF_PACKAGE_NOT_ALLOWED",
            PrintError::TemplateUnreadable { .. } => "PDF_TEMPLATE_UNREADABLE",
            PrintError::NothingToPrint => "PDF_NOTHING_TO_PRINT",
            PrintError::Export(_) => "PDF_EXPORT_FAILED",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_distinct_code_and_a_chinese_message() {
        let errors = [
            PrintError::NoCjkFont,
            PrintError::MissingGlyphs {
                chars: "𠈌".to_owned(),
            },
            PrintError::Template {
                template: "certificate",
                line: Some(3),
                message: "unclosed delimiter".to_owned(),
            },
            PrintError::PackageNotAllowed {
                template: "roster",
                package: "@preview/tablex:0.0.8".to_owned(),
            },
            PrintError::TemplateUnreadable {
                template: "roster",
                path: PathBuf::from("/srv/templates/roster.typ"),
                reason: "权限不足".to_owned(),
            },
            PrintError::NothingToPrint,
            PrintError::Export("x".to_owned()),
        ];
        let mut codes: Vec<&str> = errors.iter().map(PrintError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len());
        for error in &errors {
            let message = error.to_string();
            assert!(
                message
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{message}"
            );
        }
    }

    #[test]
    fn a_template_error_names_the_template_and_the_line() {
        let error = PrintError::Template {
            template: "certificate",
            line: Some(12),
            message: "expected expression".to_owned(),
        };
        assert_eq!(
            error.to_string(),
            "打印模板“certificate”第 12 行有误：expected expression"
        );
    }
}
