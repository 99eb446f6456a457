//! What the unit tree refuses inside the transaction that would change it.

use ganxun_domain::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A unit cannot become a descendant of itself.
    MoveIntoOwnSubtree,
    /// New units and people need an active parent unit.
    UnitInactive,
    /// A unit with active children or people cannot be deactivated.
    UnitNotEmpty { child_units: u64, people: u64 },
    /// A root unit cannot be moved or deactivated by this route.
    RootUnit,
}

impl Problem for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::MoveIntoOwnSubtree => "MOVE_INTO_OWN_SUBTREE",
            Refusal::UnitInactive => "UNIT_INACTIVE",
            Refusal::UnitNotEmpty { .. } => "UNIT_NOT_EMPTY",
            Refusal::RootUnit => "ROOT_UNIT",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::MoveIntoOwnSubtree => "不能把单位移到它自己或其下级单位之下".to_owned(),
            Refusal::UnitInactive => "该单位已停用，请先启用或选择其他单位".to_owned(),
            Refusal::UnitNotEmpty {
                child_units,
                people,
            } => format!(
                "该单位下仍有 {child_units} 个在用下级单位、{people} 名在册人员，请先调出或停用后再停用本单位"
            ),
            Refusal::RootUnit => "顶级单位不能移动或停用".to_owned(),
        }
    }
}
