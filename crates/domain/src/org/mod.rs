//! The organisation tree's vocabulary (R-ORG-1): unit types and unit codes; `names`: how a
//! unit named in a roster is found by its name.

pub mod names;

use crate::code_enum;
use serde::{Deserialize, Serialize};

code_enum! {
    /// What kind of node a unit is. Any type may sit at any depth; the types only label.
    pub enum UnitType {
        Province => ("province", "省", "Province"),
        City => ("city", "市", "City"),
        SubCentre => ("sub_centre", "分中心", "Sub-centre"),
        County => ("county", "县（区）", "County / district"),
        Town => ("town", "乡镇（街道）", "Town / street"),
        Village => ("village", "村（社区）", "Village / community"),
        Department => ("department", "部门", "Department"),
        // The body that approves classes of section-level leaders and receives every filing
        // (R-CLS-2); its training authority accounts act as the organisation department.
        OrganisationDepartment => ("organisation_department", "组织部门", "Organisation department"),
        School => ("school", "学校", "School"),
        PartySchool => ("party_school", "党校", "Party school"),
        Institution => ("institution", "培训机构", "Training institution"),
        Enterprise => ("enterprise", "企事业单位", "Enterprise / public institution"),
        Other => ("other", "其他", "Other"),
    }
}

/// A unit's code: 1–32 characters of ASCII letters, digits, `-` and `_` (codes appear in
/// spreadsheets and scripts, so they stay plain).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

/// Why a unit code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("单位代码须为 1 至 32 位字母、数字、“-”或“_”")]
pub struct UnitCodeError;

impl UnitCode {
    pub fn parse(text: &str) -> Result<Self, UnitCodeError> {
        let text = text.trim();
        let valid = !text.is_empty()
            && text.len() <= 32
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if valid {
            Ok(Self(text.to_owned()))
        } else {
            Err(UnitCodeError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UnitCode {
    type Error = UnitCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<UnitCode> for String {
    fn from(code: UnitCode) -> Self {
        code.0
    }
}

impl std::fmt::Display for UnitCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_codes_are_plain_ascii_of_bounded_length() {
        assert!(UnitCode::parse("XT-001").is_ok());
        assert_eq!(UnitCode::parse("  a_1 ").unwrap().as_str(), "a_1");
        assert!(UnitCode::parse("").is_err());
        assert!(UnitCode::parse("仙桃").is_err());
        assert!(UnitCode::parse(&"x".repeat(33)).is_err());
    }

    #[test]
    fn unit_types_parse_from_code_or_chinese_label() {
        assert_eq!(UnitType::parse("party_school"), Some(UnitType::PartySchool));
        assert_eq!(UnitType::parse("党校"), Some(UnitType::PartySchool));
        assert_eq!(UnitType::parse("nonsense"), None);
    }
}
