//! The password rules (R-SEC-1, issue 14 item 8), in one of two profiles a deployment chooses:
//!
//! - **等保** (`dengbao`, the default; GB/T 22239-2019 level 3 asks for complexity and periodic
//!   change): at least 8 characters from 3 of 4 classes, changed every 90 days.
//! - **ASVS** (`asvs`, OWASP ASVS 4.0 level 2, V2.1): at least 12 characters, any characters,
//!   no forced rotation, and refused when it is a common password (the built-in patterns of
//!   [`common`] plus an optional list the deployment supplies).
//!
//! Either way: at most 128 characters, never containing the username. The profile sets the
//! defaults; `min_length`, `min_classes` and `max_age_days` override them one by one. The
//! check is pure; hashing, lock-out and the clock belong to the layers that have them.

mod common;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The longest password accepted, in characters: long enough for any passphrase, short enough
/// that hashing cannot be turned into a denial of service.
pub const MAX_LENGTH: usize = 128;

/// The shortest username that is looked for inside a password; shorter ones would forbid too
/// many good passwords by chance.
const MIN_USERNAME_CHARS: usize = 3;

/// Which standard the password rules follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordProfile {
    /// 等保 level 3: complexity and periodic change.
    #[default]
    Dengbao,
    /// OWASP ASVS level 2: length, a common-password check, no composition rules or rotation.
    Asvs,
}

/// How strong a password must be (`[security.password]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordPolicy {
    pub profile: PasswordProfile,
    /// Minimum length in characters (default 8 under 等保, 12 under ASVS).
    pub min_length: Option<usize>,
    /// Minimum number of character classes (lowercase, uppercase, digit, other), 1–4
    /// (default 3 under 等保, 1 under ASVS).
    pub min_classes: Option<u8>,
    /// Days a password lasts before its holder must change it; 0 never (default 90 under
    /// 等保, never under ASVS).
    pub max_age_days: Option<u32>,
    /// Extra common or breached passwords, one per line, loaded at start from
    /// `common_passwords_file` (refused under any profile).
    #[serde(skip)]
    pub extra_common: std::sync::Arc<std::collections::HashSet<String>>,
}

impl PasswordPolicy {
    /// The 等保 defaults.
    pub fn dengbao() -> Self {
        Self::default()
    }

    /// The ASVS level 2 defaults.
    pub fn asvs() -> Self {
        Self {
            profile: PasswordProfile::Asvs,
            ..Self::default()
        }
    }

    pub fn min_length(&self) -> usize {
        self.min_length.unwrap_or(match self.profile {
            PasswordProfile::Dengbao => 8,
            PasswordProfile::Asvs => 12,
        })
    }

    pub fn min_classes(&self) -> u8 {
        self.min_classes
            .unwrap_or(match self.profile {
                PasswordProfile::Dengbao => 3,
                PasswordProfile::Asvs => 1,
            })
            .clamp(1, 4)
    }

    /// `None`: passwords do not expire.
    pub fn max_age_days(&self) -> Option<u32> {
        let days = self.max_age_days.unwrap_or(match self.profile {
            PasswordProfile::Dengbao => 90,
            PasswordProfile::Asvs => 0,
        });
        (days > 0).then_some(days)
    }

    /// Whether common passwords are refused beyond the deployment's own list.
    pub fn refuses_common(&self) -> bool {
        self.profile == PasswordProfile::Asvs
    }

    /// Whether a password set at `changed_at` must be changed at `now`.
    pub fn expired(&self, changed_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        self.max_age_days()
            .is_some_and(|days| now - changed_at >= Duration::days(i64::from(days)))
    }

    /// Reads the deployment's list of common or breached passwords: one per line, compared
    /// without regard to case; blank lines and lines starting with `#` are skipped.
    pub fn with_common_list(mut self, text: &str) -> Self {
        self.extra_common = std::sync::Arc::new(
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(str::to_lowercase)
                .collect(),
        );
        self
    }
}

/// Why a password was refused. The message never repeats the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("密码太短：至少需要 {min} 个字符，请换一个更长的密码")]
    TooShort { min: usize },
    #[error("密码太长：最多 {max} 个字符，请换一个短一些的密码")]
    TooLong { max: usize },
    #[error("密码须包含大写字母、小写字母、数字、符号中的至少 {min} 类，请换一个更复杂的密码")]
    TooFewClasses { min: u8 },
    #[error("密码不能包含用户名（不区分大小写），请换一个密码")]
    ContainsUsername,
    #[error(
        "密码过于常见（在常用或泄露密码之列，或是连续、重复、键盘排列的字符），请换一个别人猜不到的密码"
    )]
    TooCommon,
}

impl PasswordError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            PasswordError::TooShort { .. } => "PASSWORD_TOO_SHORT",
            PasswordError::TooLong { .. } => "PASSWORD_TOO_LONG",
            PasswordError::TooFewClasses { .. } => "PASSWORD_TOO_FEW_CLASSES",
            PasswordError::ContainsUsername => "PASSWORD_CONTAINS_USERNAME",
            PasswordError::TooCommon => "PASSWORD_TOO_COMMON",
        }
    }
}

/// How many of the four classes the password draws on. Only ASCII letters count as letters;
/// everything else that is not an ASCII digit (punctuation, spaces, Chinese characters) is
/// "other".
fn classes(password: &str) -> u8 {
    let (mut lower, mut upper, mut digit, mut other) = (false, false, false, false);
    for c in password.chars() {
        match c {
            'a'..='z' => lower = true,
            'A'..='Z' => upper = true,
            '0'..='9' => digit = true,
            _ => other = true,
        }
    }
    [lower, upper, digit, other].into_iter().map(u8::from).sum()
}

impl PasswordPolicy {
    /// Checks a new password for the account `username`. Lengths are counted in characters, so a
    /// Chinese character counts once.
    pub fn check(&self, password: &str, username: &str) -> Result<(), PasswordError> {
        let length = password.chars().count();
        if length < self.min_length() {
            return Err(PasswordError::TooShort {
                min: self.min_length(),
            });
        }
        if length > MAX_LENGTH {
            return Err(PasswordError::TooLong { max: MAX_LENGTH });
        }
        if classes(password) < self.min_classes() {
            return Err(PasswordError::TooFewClasses {
                min: self.min_classes(),
            });
        }
        if self.extra_common.contains(&password.to_lowercase())
            || (self.refuses_common() && common::is_common(password))
        {
            return Err(PasswordError::TooCommon);
        }
        let username = username.trim().to_lowercase();
        if username.chars().count() >= MIN_USERNAME_CHARS
            && password.to_lowercase().contains(&username)
        {
            return Err(PasswordError::ContainsUsername);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const USER: &str = "zhongwei";

    fn check(password: &str) -> Result<(), PasswordError> {
        PasswordPolicy::default().check(password, USER)
    }

    #[test]
    fn the_default_policy_is_dengbao_eight_characters_from_three_classes_for_ninety_days() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.profile, PasswordProfile::Dengbao);
        assert_eq!(
            (
                policy.min_length(),
                policy.min_classes(),
                policy.max_age_days()
            ),
            (8, 3, Some(90))
        );
        assert!(!policy.refuses_common());
    }

    #[test]
    fn the_asvs_profile_is_twelve_characters_of_any_kind_never_expiring_and_not_common() {
        let policy = PasswordPolicy::asvs();
        assert_eq!(
            (
                policy.min_length(),
                policy.min_classes(),
                policy.max_age_days()
            ),
            (12, 1, None)
        );
        assert_eq!(policy.check("correct horse battery", USER), Ok(()));
        assert_eq!(policy.check("长城长江黄河泰山华山衡山", USER), Ok(()));
        assert_eq!(
            policy.check("Xiantao2026", USER),
            Err(PasswordError::TooShort { min: 12 })
        );
        for common in [
            "Password123!",
            "qwertyuiop123",
            "123456789012",
            "aaaaaaaaaaaa",
            "woaini1314520",
        ] {
            assert_eq!(
                policy.check(common, USER),
                Err(PasswordError::TooCommon),
                "{common}"
            );
        }
    }

    #[test]
    fn a_password_expires_after_max_age_days_unless_the_age_is_zero() {
        let changed = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        let policy = PasswordPolicy::default();
        assert!(!policy.expired(changed, changed + Duration::days(89)));
        assert!(policy.expired(changed, changed + Duration::days(90)));
        let never = PasswordPolicy {
            max_age_days: Some(0),
            ..PasswordPolicy::default()
        };
        assert!(!never.expired(changed, changed + Duration::days(9000)));
        assert!(!PasswordPolicy::asvs().expired(changed, changed + Duration::days(9000)));
    }

    #[test]
    fn the_deployments_own_list_is_refused_under_either_profile() {
        let policy = PasswordPolicy::default().with_common_list("# breached\n\nXiantao2026\n");
        assert_eq!(
            policy.check("xiantao2026", USER),
            Err(PasswordError::TooFewClasses { min: 3 })
        );
        assert_eq!(policy.check("XIANTAO2026x", USER), Ok(()));
        assert_eq!(
            policy.check("Xiantao2026", USER),
            Err(PasswordError::TooCommon)
        );
        assert_eq!(
            policy.check("xIANTAO2026", USER),
            Err(PasswordError::TooCommon)
        );
    }

    #[test]
    fn a_long_enough_password_from_enough_classes_is_accepted() {
        assert_eq!(check("Xiantao2026"), Ok(()));
        assert_eq!(check("xiantao-2026"), Ok(()));
        assert_eq!(check("仙桃市Ab123"), Ok(()));
    }

    #[test]
    fn a_password_shorter_than_the_minimum_is_refused() {
        assert_eq!(check("Ab1!xyz"), Err(PasswordError::TooShort { min: 8 }));
        assert_eq!(check(""), Err(PasswordError::TooShort { min: 8 }));
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        // Seven characters but 13 bytes.
        assert_eq!(check("仙桃市Ab1!"), Err(PasswordError::TooShort { min: 8 }));
    }

    #[test]
    fn a_password_longer_than_128_characters_is_refused() {
        let at_limit = format!("Ab1{}", "x".repeat(MAX_LENGTH - 3));
        assert_eq!(check(&at_limit), Ok(()));
        assert_eq!(
            check(&format!("{at_limit}x")),
            Err(PasswordError::TooLong { max: MAX_LENGTH })
        );
    }

    #[test]
    fn a_password_from_too_few_classes_is_refused() {
        assert_eq!(
            check("xiantao2026"),
            Err(PasswordError::TooFewClasses { min: 3 })
        );
        assert_eq!(
            check("XIANTAO!!"),
            Err(PasswordError::TooFewClasses { min: 3 })
        );
        assert_eq!(
            check("12345678"),
            Err(PasswordError::TooFewClasses { min: 3 })
        );
    }

    #[test]
    fn chinese_characters_and_spaces_count_as_symbols() {
        assert_eq!(classes("仙桃"), 1);
        assert_eq!(classes("a b"), 2);
        assert_eq!(classes("aA1!"), 4);
    }

    #[test]
    fn a_stricter_policy_is_applied_as_configured() {
        let strict = PasswordPolicy {
            min_length: Some(12),
            min_classes: Some(4),
            ..PasswordPolicy::default()
        };
        assert_eq!(
            strict.check("Xiantao2026", USER),
            Err(PasswordError::TooShort { min: 12 })
        );
        assert_eq!(
            strict.check("Xiantao20266", USER),
            Err(PasswordError::TooFewClasses { min: 4 })
        );
        assert_eq!(strict.check("Xiantao-2026", USER), Ok(()));
    }

    #[test]
    fn a_password_containing_the_username_is_refused_whatever_the_case() {
        assert_eq!(check("ZhongWei@2026"), Err(PasswordError::ContainsUsername));
        assert_eq!(check("2026!zhongwei"), Err(PasswordError::ContainsUsername));
    }

    #[test]
    fn a_username_shorter_than_three_characters_is_not_looked_for() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.check("Ab1!Ab1!", "ab"), Ok(()));
        assert_eq!(
            policy.check("Abc1!Abc", "abc"),
            Err(PasswordError::ContainsUsername)
        );
        assert_eq!(policy.check("Abc1!Abc", "  "), Ok(()));
    }

    #[test]
    fn every_error_has_a_distinct_screaming_snake_code_and_a_chinese_message() {
        let errors = [
            PasswordError::TooShort { min: 8 },
            PasswordError::TooLong { max: MAX_LENGTH },
            PasswordError::TooFewClasses { min: 3 },
            PasswordError::ContainsUsername,
            PasswordError::TooCommon,
        ];
        let codes: Vec<&str> = errors.iter().map(PasswordError::code).collect();
        assert_eq!(
            codes,
            [
                "PASSWORD_TOO_SHORT",
                "PASSWORD_TOO_LONG",
                "PASSWORD_TOO_FEW_CLASSES",
                "PASSWORD_CONTAINS_USERNAME",
                "PASSWORD_TOO_COMMON"
            ]
        );
        assert!(errors.iter().all(|e| e.to_string().starts_with("密码")));
        assert!(
            PasswordError::TooFewClasses { min: 3 }
                .to_string()
                .starts_with("密码须包含大写字母、小写字母、数字、符号中的至少 3 类")
        );
        assert!(
            PasswordError::TooLong { max: MAX_LENGTH }
                .to_string()
                .contains("128")
        );
    }

    proptest! {
        #[test]
        fn any_password_shorter_than_the_minimum_is_refused(password in "\\PC{0,7}") {
            prop_assert_eq!(check(&password), Err(PasswordError::TooShort { min: 8 }));
        }

        #[test]
        fn any_long_enough_password_with_all_four_classes_and_no_username_is_accepted(
            lower in "[a-z]{1,10}", upper in "[A-Z]{1,10}", digits in "[0-9]{1,10}", other in "[!-/:-@ 仙桃]{1,10}",
        ) {
            let password = format!("{upper}{other}{digits}{lower}");
            prop_assume!(password.chars().count() >= 8 && !password.to_lowercase().contains(USER));
            prop_assert_eq!(check(&password), Ok(()));
        }
    }
}
