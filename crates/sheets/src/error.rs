//! Why a whole file could not be read or written. Problems with single rows are not errors:
//! they are reported as [`crate::RowProblem`]s while the other rows are taken.

/// A file that cannot be read as a roster at all, or a spreadsheet that could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("文件是空的，请选择填好的表格后重新上传")]
    Empty,
    #[error("文件不是 Excel 表格（.xlsx）或 CSV 文件，请下载导入模板，填好后上传")]
    NotASpreadsheet,
    #[error("表格缺少必填列：{}。请使用导入模板，不要修改或删除第一行的表头", .0.join("、"))]
    MissingColumns(Vec<&'static str>),
    #[error("表头中“{0}”列出现了不止一次，无法确定以哪一列为准，请删除多余的列后重新上传")]
    DuplicateColumn(&'static str),
    #[error(
        "无法读取表格文件（{0}）。请用 Excel 打开后另存为 .xlsx 再上传；如文件设置了打开密码，请先取消密码"
    )]
    Unreadable(String),
    #[error("表格过大：{0}。请删去多余的工作表、格式和空行，或拆分成几个文件分批导入")]
    TooLarge(String),
    #[error("表格超过 {0} 行数据，请拆分成几个文件分批导入")]
    TooManyRows(usize),
    #[error("第 {row} 行有单元格超过 {limit} 个字符，请检查该行是否粘贴了多余内容")]
    CellTooLong { row: usize, limit: usize },
    #[error("读取表格超过 {0} 秒仍未完成，请拆分成几个文件分批导入")]
    TooSlow(u64),
    #[error("生成表格文件失败：{0}")]
    Write(String),
}

impl SheetError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            SheetError::Empty => "SHEET_EMPTY",
            SheetError::NotASpreadsheet => "NOT_A_SPREADSHEET",
            SheetError::MissingColumns(_) => "MISSING_COLUMNS",
            SheetError::DuplicateColumn(_) => "DUPLICATE_COLUMN",
            SheetError::Unreadable(_) => "SHEET_UNREADABLE",
            SheetError::TooLarge(_) => "SHEET_TOO_LARGE",
            SheetError::TooManyRows(_) => "SHEET_TOO_MANY_ROWS",
            SheetError::CellTooLong { .. } => "SHEET_CELL_TOO_LONG",
            SheetError::TooSlow(_) => "SHEET_READ_TIMEOUT",
            SheetError::Write(_) => "SHEET_WRITE_FAILED",
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for SheetError {
    fn from(error: rust_xlsxwriter::XlsxError) -> Self {
        let detail = match error {
            rust_xlsxwriter::XlsxError::RowColumnLimitError => {
                "行数超过 Excel 上限（1048576 行），请缩小导出范围".to_owned()
            }
            rust_xlsxwriter::XlsxError::MaxStringLengthExceeded => {
                "有单元格内容超过 Excel 上限（32767 个字符）".to_owned()
            }
            other => other.to_string(),
        };
        SheetError::Write(detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_distinct_code_and_a_chinese_message() {
        let errors = [
            SheetError::Empty,
            SheetError::NotASpreadsheet,
            SheetError::MissingColumns(vec!["姓名", "身份证号"]),
            SheetError::DuplicateColumn("姓名"),
            SheetError::Unreadable("zip".to_owned()),
            SheetError::TooLarge("工作表解压后超过 512 MB".to_owned()),
            SheetError::TooManyRows(200_000),
            SheetError::CellTooLong { row: 3, limit: 10 },
            SheetError::TooSlow(120),
            SheetError::Write("x".to_owned()),
        ];
        let mut codes: Vec<&str> = errors.iter().map(SheetError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len());
        for error in &errors {
            let message = error.to_string();
            assert!(
                message.chars().next().is_some_and(|c| !c.is_ascii()),
                "{message}"
            );
        }
        assert_eq!(
            SheetError::MissingColumns(vec!["姓名", "身份证号"]).to_string(),
            "表格缺少必填列：姓名、身份证号。请使用导入模板，不要修改或删除第一行的表头"
        );
    }
}
