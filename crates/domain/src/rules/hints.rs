//! Keys that mean the same in every kind of rule document, so no kind repeats them.

use super::FieldHint;

/// What every kind's form calls these keys unless the kind says otherwise.
pub const COMMON_FIELDS: &[FieldHint] = &[
    FieldHint::plain("name", "名称", "Name"),
    FieldHint::plain("applies_from", "起用日期", "Applies from"),
    FieldHint::plain("id", "编号", "Number"),
    FieldHint::plain("source", "依据（出处）", "Basis (source)"),
];
