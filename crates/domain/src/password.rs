//! The password rules (R-SEC-1): a minimum length, a minimum number of character classes, a
//! maximum length, and no username inside the password.
//!
//! The policy is data (the security administrator may tighten it), the check is pure. Hashing,
//! lock-out and initial passwords belong to the layers that have randomness and a clock.

use serde::{Deserialize, Serialize};

/// The longest password accepted, in characters: long enough for any passphrase, short enough
/// that hashing cannot be turned into a denial of service.
pub const MAX_LENGTH: usize = 128;

/// The shortest username that is looked for inside a password; shorter ones would forbid too
/// many good passwords by chance.
const MIN_USERNAME_CHARS: usize = 3;

/// How strong a password must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    /// Minimum length in characters.
    pub min_length: usize,
    /// Minimum number of character classes (lowercase, uppercase, digit, other), 1–4.
    pub min_classes: u8,
}

impl Default for PasswordPolicy {
    /// At least 8 characters from at least 3 classes.
    fn default() -> Self {
        Self {
            min_length: 8,
            min_classes: 3,
        }
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
}

impl PasswordError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            PasswordError::TooShort { .. } => "PASSWORD_TOO_SHORT",
            PasswordError::TooLong { .. } => "PASSWORD_TOO_LONG",
            PasswordError::TooFewClasses { .. } => "PASSWORD_TOO_FEW_CLASSES",
            PasswordError::ContainsUsername => "PASSWORD_CONTAINS_USERNAME",
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
        if length < self.min_length {
            return Err(PasswordError::TooShort {
                min: self.min_length,
            });
        }
        if length > MAX_LENGTH {
            return Err(PasswordError::TooLong { max: MAX_LENGTH });
        }
        if classes(password) < self.min_classes {
            return Err(PasswordError::TooFewClasses {
                min: self.min_classes,
            });
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
    fn the_default_policy_is_eight_characters_from_three_classes() {
        assert_eq!(
            PasswordPolicy::default(),
            PasswordPolicy {
                min_length: 8,
                min_classes: 3
            }
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
            min_length: 12,
            min_classes: 4,
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
        ];
        let codes: Vec<&str> = errors.iter().map(PasswordError::code).collect();
        assert_eq!(
            codes,
            [
                "PASSWORD_TOO_SHORT",
                "PASSWORD_TOO_LONG",
                "PASSWORD_TOO_FEW_CLASSES",
                "PASSWORD_CONTAINS_USERNAME"
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
