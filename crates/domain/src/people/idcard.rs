//! The resident ID number of GB 11643-1999 (R-PPL-1): 18 characters, a region code, the birth
//! date, a sequence number whose last digit gives the sex, and an ISO 7064 MOD 11-2 check digit.
//!
//! An `IdCardNumber` can only exist when all of that holds. Whether the birth date lies in the
//! future is left to callers, who have a `Clock`. The number is personal information (R-PPL-2):
//! its `Debug` output is masked and it has no `Display`, so it cannot reach a log by accident;
//! read it in full only through [`IdCardNumber::as_str`].

use crate::code_enum;
use chrono::{Datelike, NaiveDate};

code_enum! {
    /// A person's sex, as recorded in the register and encoded in the ID number.
    pub enum Sex {
        Male => ("male", "男", "Male"),
        Female => ("female", "女", "Female"),
    }
}

/// Weights of the 17 body digits, 2^(17-i) mod 11 (ISO 7064 MOD 11-2).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for each remainder of the weighted sum modulo 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The earliest birth year accepted: nobody in the register was born before 1900.
const MIN_BIRTH_YEAR: i32 = 1900;

/// A valid 18-character resident ID number; a final `X` is always uppercase.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdCardNumber(String);

/// Why an ID number was refused, or disagrees with the other data given for the person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdCardError {
    #[error("身份证号应为 18 位，实为 {found} 位，请核对号码")]
    Length { found: usize },
    #[error("身份证号前 17 位须为数字，最后一位须为数字或 X，请核对号码")]
    Characters,
    #[error("身份证号开头的地区码不正确（首位不能为 0），请核对号码")]
    Region,
    #[error("身份证号第 7 至 14 位不是有效的出生日期（须为 1900 年以后的真实日期），请核对号码")]
    BirthDate,
    #[error("身份证号校验位错误：应为 {expected}，实为 {found}，请核对号码")]
    CheckDigit { expected: char, found: char },
    #[error("填写的出生日期与身份证号中的出生日期不一致，请核对出生日期或身份证号")]
    BirthDateMismatch,
    #[error("填写的性别与身份证号显示的性别不一致，请核对性别或身份证号")]
    SexMismatch,
}

impl IdCardError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            IdCardError::Length { .. } => "ID_CARD_LENGTH",
            IdCardError::Characters => "ID_CARD_CHARACTERS",
            IdCardError::Region => "ID_CARD_REGION",
            IdCardError::BirthDate => "ID_CARD_BIRTH_DATE",
            IdCardError::CheckDigit { .. } => "ID_CARD_CHECK_DIGIT",
            IdCardError::BirthDateMismatch => "ID_CARD_BIRTH_DATE_MISMATCH",
            IdCardError::SexMismatch => "ID_CARD_SEX_MISMATCH",
        }
    }
}

/// The check character for the first 17 characters of an ID number, or `None` unless they are
/// exactly 17 ASCII digits.
pub fn check_digit(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    // The remainder is below 11, so the index is always in range.
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// The birth date encoded at positions 7–14 (`YYYYMMDD`), if it is a real date from 1900 on.
fn encoded_birth_date(digits: &str) -> Option<NaiveDate> {
    let number = |range: std::ops::Range<usize>| digits.get(range)?.parse::<u32>().ok();
    let year = i32::try_from(number(6..10)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(10..12)?, number(12..14)?)?;
    (date.year() >= MIN_BIRTH_YEAR).then_some(date)
}

impl IdCardNumber {
    /// Parses an ID number as typed or pasted: surrounding whitespace (also the full-width space)
    /// is ignored and a lowercase `x` is accepted. The checks run from the coarsest to the finest
    /// so that the error names the first thing a person should look at.
    pub fn parse(text: &str) -> Result<Self, IdCardError> {
        let text = text.trim().to_ascii_uppercase();
        let found = text.chars().count();
        if found != 18 {
            return Err(IdCardError::Length { found });
        }
        if !text.is_ascii() {
            return Err(IdCardError::Characters);
        }
        let (body, last) = text.split_at(17);
        let last_ok = last == "X" || last.bytes().all(|b| b.is_ascii_digit());
        if !body.bytes().all(|b| b.is_ascii_digit()) || !last_ok {
            return Err(IdCardError::Characters);
        }
        if body.starts_with('0') {
            return Err(IdCardError::Region);
        }
        if encoded_birth_date(body).is_none() {
            return Err(IdCardError::BirthDate);
        }
        let expected = check_digit(body).ok_or(IdCardError::Characters)?;
        let found = last.chars().next().ok_or(IdCardError::Characters)?;
        if expected != found {
            return Err(IdCardError::CheckDigit { expected, found });
        }
        Ok(Self(text))
    }

    /// The full number. Showing it to a person is a reveal (R-PPL-2): log it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date the number encodes.
    pub fn birth_date(&self) -> NaiveDate {
        encoded_birth_date(&self.0).expect("parse accepted only numbers with a valid birth date")
    }

    /// The sex the number encodes: the 17th digit is odd for men, even for women.
    pub fn sex(&self) -> Sex {
        let odd = self
            .0
            .as_bytes()
            .get(16)
            .is_some_and(|b| (b - b'0') % 2 == 1);
        if odd { Sex::Male } else { Sex::Female }
    }

    /// The number as shown by default (R-PPL-2): the first 3 and last 4 characters, the rest
    /// starred, e.g. `420***********1234`.
    pub fn masked(&self) -> String {
        let (head, rest) = self.0.split_at(3);
        let tail = &rest[rest.len() - 4..];
        format!("{head}{}{tail}", "*".repeat(11))
    }
}

impl std::fmt::Debug for IdCardNumber {
    /// Masked, so that a number inside a logged struct is not revealed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("IdCardNumber").field(&self.masked()).finish()
    }
}

/// Checks that a birth date and a sex given beside an ID number (e.g. in another column of a
/// roster) agree with the number. A value that was not given is not checked.
pub fn check_consistency(
    id: &IdCardNumber,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
) -> Result<(), IdCardError> {
    if birth_date.is_some_and(|date| date != id.birth_date()) {
        return Err(IdCardError::BirthDateMismatch);
    }
    if sex.is_some_and(|sex| sex != id.sex()) {
        return Err(IdCardError::SexMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KNOWN: &str = "11010519491231002X";

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A valid number for the given region, birth date and sequence.
    fn make(region: &str, birth: NaiveDate, sequence: &str) -> String {
        let body = format!("{region}{}{sequence}", birth.format("%Y%m%d"));
        format!("{body}{}", check_digit(&body).unwrap())
    }

    #[test]
    fn a_known_valid_number_parses_with_its_birth_date_and_sex() {
        let id = IdCardNumber::parse(KNOWN).unwrap();
        assert_eq!(id.as_str(), KNOWN);
        assert_eq!(id.birth_date(), date(1949, 12, 31));
        assert_eq!(id.sex(), Sex::Female);
    }

    #[test]
    fn an_odd_seventeenth_digit_means_male() {
        let id = IdCardNumber::parse(&make("420106", date(1980, 2, 29), "123")).unwrap();
        assert_eq!(id.sex(), Sex::Male);
    }

    #[test]
    fn surrounding_whitespace_including_the_full_width_space_is_ignored() {
        let id = IdCardNumber::parse(&format!(" \u{3000}{KNOWN}\t\u{3000}")).unwrap();
        assert_eq!(id.as_str(), KNOWN);
    }

    #[test]
    fn a_lowercase_x_is_accepted_and_stored_uppercase() {
        let id = IdCardNumber::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), KNOWN);
    }

    #[test]
    fn a_number_that_is_not_18_characters_long_is_refused_with_its_length() {
        assert_eq!(
            IdCardNumber::parse("11010519491231002"),
            Err(IdCardError::Length { found: 17 })
        );
        assert_eq!(
            IdCardNumber::parse(""),
            Err(IdCardError::Length { found: 0 })
        );
        // A 15-digit first-generation number is not converted: the check digit cannot be trusted.
        assert_eq!(
            IdCardNumber::parse("110105491231002"),
            Err(IdCardError::Length { found: 15 })
        );
        // Characters, not bytes, are counted.
        assert_eq!(
            IdCardNumber::parse("１１０１０５１９４９１２３１００２Ｘ"),
            Err(IdCardError::Characters)
        );
    }

    #[test]
    fn only_digits_are_allowed_before_the_last_character() {
        assert_eq!(
            IdCardNumber::parse("1101051949123100X2"),
            Err(IdCardError::Characters)
        );
        assert_eq!(
            IdCardNumber::parse("110105 9491231002X"),
            Err(IdCardError::Characters)
        );
    }

    #[test]
    fn the_last_character_must_be_a_digit_or_x() {
        assert_eq!(
            IdCardNumber::parse("11010519491231002Y"),
            Err(IdCardError::Characters)
        );
    }

    #[test]
    fn a_region_code_starting_with_zero_is_refused() {
        assert_eq!(
            IdCardNumber::parse(&make("010105", date(1949, 12, 31), "002")),
            Err(IdCardError::Region)
        );
    }

    #[test]
    fn an_impossible_birth_date_is_refused() {
        for body in [
            "11010519490231002",
            "11010519491301002",
            "11010519491200002",
            "11010519000229002",
        ] {
            let number = format!("{body}{}", check_digit(body).unwrap());
            assert_eq!(
                IdCardNumber::parse(&number),
                Err(IdCardError::BirthDate),
                "{number}"
            );
        }
    }

    #[test]
    fn a_birth_year_before_1900_is_refused() {
        let body = "11010518991231002";
        let number = format!("{body}{}", check_digit(body).unwrap());
        assert_eq!(IdCardNumber::parse(&number), Err(IdCardError::BirthDate));
    }

    #[test]
    fn a_wrong_check_digit_is_refused_naming_the_expected_one() {
        assert_eq!(
            IdCardNumber::parse("110105194912310023"),
            Err(IdCardError::CheckDigit {
                expected: 'X',
                found: '3'
            })
        );
    }

    #[test]
    fn check_digit_needs_exactly_17_ascii_digits() {
        assert_eq!(check_digit("11010519491231002"), Some('X'));
        assert_eq!(check_digit("1101051949123100"), None);
        assert_eq!(check_digit("110105194912310021"), None);
        assert_eq!(check_digit("1101051949123100a"), None);
    }

    #[test]
    fn the_masked_form_keeps_the_first_three_and_last_four_characters() {
        let id = IdCardNumber::parse(KNOWN).unwrap();
        assert_eq!(id.masked(), "110***********002X");
        assert_eq!(id.masked().chars().count(), 18);
    }

    #[test]
    fn debug_output_never_reveals_the_full_number() {
        let id = IdCardNumber::parse(KNOWN).unwrap();
        let debug = format!("{id:?}");
        assert!(!debug.contains(KNOWN), "{debug}");
        assert!(debug.contains("110***********002X"), "{debug}");
    }

    #[test]
    fn consistency_holds_when_the_given_values_agree_or_are_missing() {
        let id = IdCardNumber::parse(KNOWN).unwrap();
        assert_eq!(
            check_consistency(&id, Some(date(1949, 12, 31)), Some(Sex::Female)),
            Ok(())
        );
        assert_eq!(check_consistency(&id, None, None), Ok(()));
    }

    #[test]
    fn a_birth_date_that_disagrees_with_the_number_is_reported() {
        let id = IdCardNumber::parse(KNOWN).unwrap();
        assert_eq!(
            check_consistency(&id, Some(date(1950, 1, 1)), None),
            Err(IdCardError::BirthDateMismatch)
        );
    }

    #[test]
    fn a_sex_that_disagrees_with_the_number_is_reported() {
        let id = IdCardNumber::parse(KNOWN).unwrap();
        assert_eq!(
            check_consistency(&id, None, Some(Sex::Male)),
            Err(IdCardError::SexMismatch)
        );
    }

    #[test]
    fn every_error_has_a_distinct_screaming_snake_code_and_a_chinese_message() {
        let errors = [
            IdCardError::Length { found: 17 },
            IdCardError::Characters,
            IdCardError::Region,
            IdCardError::BirthDate,
            IdCardError::CheckDigit {
                expected: 'X',
                found: '3',
            },
            IdCardError::BirthDateMismatch,
            IdCardError::SexMismatch,
        ];
        let mut codes: Vec<&str> = errors.iter().map(IdCardError::code).collect();
        for code in &codes {
            assert!(code.starts_with("ID_CARD_"), "{code}");
            assert!(
                code.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{code}"
            );
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len());
        assert!(errors.iter().all(|e| e.to_string().contains("身份证号")));
        assert_eq!(
            IdCardError::CheckDigit {
                expected: 'X',
                found: '3'
            }
            .to_string(),
            "身份证号校验位错误：应为 X，实为 3，请核对号码"
        );
    }

    #[test]
    fn sex_parses_from_code_or_chinese_label() {
        assert_eq!(Sex::parse("female"), Some(Sex::Female));
        assert_eq!(Sex::parse(" 男 "), Some(Sex::Male));
        assert_eq!(Sex::Male.label_zh(), "男");
    }

    fn valid_parts() -> impl Strategy<Value = (String, NaiveDate, String)> {
        let days = date(2099, 12, 31)
            .signed_duration_since(date(1900, 1, 1))
            .num_days();
        ("[1-9][0-9]{5}", 0..=days, "[0-9]{3}").prop_map(|(region, offset, sequence)| {
            (
                region,
                date(1900, 1, 1) + chrono::Duration::days(offset),
                sequence,
            )
        })
    }

    proptest! {
        #[test]
        fn any_well_formed_body_with_its_check_digit_parses((region, birth, sequence) in valid_parts()) {
            let number = make(&region, birth, &sequence);
            let id = IdCardNumber::parse(&number).unwrap();
            prop_assert_eq!(id.as_str(), number.as_str());
            prop_assert_eq!(id.birth_date(), birth);
            let seventeenth = sequence.as_bytes()[2] - b'0';
            prop_assert_eq!(id.sex(), if seventeenth % 2 == 1 { Sex::Male } else { Sex::Female });
            prop_assert_eq!(id.masked().chars().count(), 18);
        }

        #[test]
        fn changing_any_single_character_of_a_valid_number_is_detected(
            (region, birth, sequence) in valid_parts(),
            position in 0usize..18,
            replacement in prop::sample::select(vec!['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']),
        ) {
            let number = make(&region, birth, &sequence);
            let mut chars: Vec<char> = number.chars().collect();
            // An X anywhere but last is refused as a wrong character; a different digit is caught
            // by the check digit, since MOD 11-2 detects every single substitution.
            prop_assume!(chars[position] != replacement);
            chars[position] = replacement;
            let changed: String = chars.into_iter().collect();
            prop_assert!(IdCardNumber::parse(&changed).is_err(), "{} was accepted", changed);
        }
    }
}
