//! Importing the register from a spreadsheet: what became of each row.

use crate::code_enum;

code_enum! {
    /// What became of one row of an import (in a dry run, what would).
    pub enum ImportOutcome {
        /// Checked and importable (before the import runs).
        Valid => ("valid", "可导入", "Valid"),
        Created => ("created", "已新增", "Created"),
        Updated => ("updated", "已更新", "Updated"),
        Unchanged => ("unchanged", "无变化", "Unchanged"),
        /// Refused, with its problems.
        Rejected => ("rejected", "未导入", "Rejected"),
    }
}
