//! Phone numbers (R-PPL-1): a mainland mobile number or a landline with its area code, stored in
//! one normal form so that the same number typed two ways is the same value.
//!
//! A phone number is personal information (R-PPL-2): its `Debug` output is masked and it has no
//! `Display`; read it in full only through [`Phone::as_str`].

/// A valid phone number in normal form: a mobile as 11 digits (`13912345678`), a landline as area
/// code, dash, local number (`0728-1234567`, `027-87654321`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// Why a phone number was refused. The message does not repeat the number: it is personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error(
        "手机号或固定电话格式不正确：请填写 11 位手机号（如 13912345678），\
         或带区号的固定电话（如 0728-1234567）"
    )]
    Invalid,
}

impl PhoneError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::Invalid => "PHONE_INVALID",
        }
    }
}

/// Characters people put between digit groups; they carry no meaning.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '－' | '‐' | '‑' | '–' | '—')
}

/// A mainland mobile number: 11 digits, `1` then `3`–`9`.
fn is_mobile(digits: &str) -> bool {
    matches!(digits.as_bytes(), [b'1', b'3'..=b'9', rest @ ..] if rest.len() == 9)
}

/// The length of the area code at the start of a landline number, trunk `0` included: `010` and
/// `02x` are the 3-digit codes (Beijing and the eight large cities), every other code has 4 digits.
fn area_code_length(digits: &str) -> Option<usize> {
    match digits.as_bytes() {
        [b'0', b'1', b'0', ..] | [b'0', b'2', ..] => Some(3),
        [b'0', b'3'..=b'9', ..] => Some(4),
        _ => None,
    }
}

/// Splits a landline into area code and local number: 7–8 digits, not starting with `0` (a second
/// trunk prefix, as in a doubled area code).
fn split_landline(digits: &str) -> Option<(&str, &str)> {
    let (area, local) = digits.split_at_checked(area_code_length(digits)?)?;
    let local_ok = (7..=8).contains(&local.len()) && !local.starts_with('0');
    local_ok.then_some((area, local))
}

impl Phone {
    /// Parses a phone number as typed or pasted. Spaces and dashes are ignored; a mobile may carry
    /// the country code as `+86`, `86` or `0086`; a landline needs its area code, with or without
    /// the dash.
    pub fn parse(text: &str) -> Result<Self, PhoneError> {
        let compact: String = text.chars().filter(|&c| !is_separator(c)).collect();
        let digits = compact
            .strip_prefix('+')
            .filter(|rest| rest.starts_with("86"))
            .unwrap_or(&compact);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::Invalid);
        }
        let mobile = ["", "0086", "86"]
            .iter()
            .filter_map(|prefix| digits.strip_prefix(prefix))
            .find(|rest| is_mobile(rest));
        if let Some(mobile) = mobile {
            return Ok(Self(mobile.to_owned()));
        }
        if compact.starts_with('+') {
            return Err(PhoneError::Invalid);
        }
        let (area, local) = split_landline(digits).ok_or(PhoneError::Invalid)?;
        Ok(Self(format!("{area}-{local}")))
    }

    /// The full number. Showing it to a person is a reveal (R-PPL-2): log it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a mobile number (one that can receive text messages).
    pub fn is_mobile(&self) -> bool {
        !self.0.contains('-')
    }

    /// The number as shown by default (R-PPL-2): a mobile keeps its first 3 and last 4 digits
    /// (`139****5678`), a landline its area code and last 4 digits (`0728-***4567`).
    pub fn masked(&self) -> String {
        let (head, rest) = match self.0.split_once('-') {
            Some((area, local)) => (format!("{area}-"), local),
            None => (self.0[..3].to_owned(), &self.0[3..]),
        };
        let hidden = rest.len().saturating_sub(4);
        format!("{head}{}{}", "*".repeat(hidden), &rest[hidden..])
    }
}

impl std::fmt::Debug for Phone {
    /// Masked, so that a number inside a logged struct is not revealed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Phone").field(&self.masked()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parsed(text: &str) -> String {
        Phone::parse(text).unwrap().as_str().to_owned()
    }

    #[test]
    fn a_mobile_number_is_eleven_digits() {
        assert_eq!(parsed("13912345678"), "13912345678");
        assert!(Phone::parse("1391234567").is_err());
        assert!(Phone::parse("139123456789").is_err());
    }

    #[test]
    fn a_mobile_number_starts_with_1_then_3_to_9() {
        assert_eq!(parsed("19912345678"), "19912345678");
        assert!(Phone::parse("12912345678").is_err());
        assert!(Phone::parse("10912345678").is_err());
    }

    #[test]
    fn spaces_and_dashes_in_a_mobile_number_are_ignored() {
        assert_eq!(parsed(" 139 1234 5678 "), "13912345678");
        assert_eq!(parsed("139-1234-5678"), "13912345678");
        assert_eq!(parsed("\u{3000}139\u{3000}1234\u{3000}5678"), "13912345678");
    }

    #[test]
    fn the_country_code_before_a_mobile_number_is_dropped() {
        for text in [
            "+8613912345678",
            "+86 139 1234 5678",
            "8613912345678",
            "008613912345678",
            "0086-13912345678",
        ] {
            assert_eq!(parsed(text), "13912345678", "{text}");
        }
    }

    #[test]
    fn a_plus_sign_is_only_accepted_before_the_chinese_country_code() {
        assert!(Phone::parse("+113912345678").is_err());
        assert!(Phone::parse("+86 0728 1234567").is_err());
        assert!(Phone::parse("139+12345678").is_err());
    }

    #[test]
    fn a_landline_with_a_four_digit_area_code_is_normalised_with_a_dash() {
        assert_eq!(parsed("0728-1234567"), "0728-1234567");
        assert_eq!(parsed("07281234567"), "0728-1234567");
        assert_eq!(parsed("0728 33456789"), "0728-33456789");
    }

    #[test]
    fn beijing_and_the_02x_cities_have_three_digit_area_codes() {
        assert_eq!(parsed("01062345678"), "010-62345678");
        assert_eq!(parsed("010-62345678"), "010-62345678");
        assert_eq!(parsed("02787654321"), "027-87654321");
        assert_eq!(parsed("021 5234567"), "021-5234567");
    }

    #[test]
    fn a_landline_needs_an_area_code() {
        assert!(Phone::parse("1234567").is_err());
        assert!(Phone::parse("87654321").is_err());
    }

    #[test]
    fn a_landline_local_number_has_seven_or_eight_digits() {
        assert!(Phone::parse("0728-123456").is_err());
        assert!(Phone::parse("0728-234567890").is_err());
    }

    #[test]
    fn a_landline_local_number_does_not_start_with_0() {
        assert!(Phone::parse("0728-0234567").is_err());
        assert!(Phone::parse("0728-07281234").is_err());
    }

    #[test]
    fn area_codes_starting_with_00_or_01_other_than_010_are_refused() {
        assert!(Phone::parse("0012345678").is_err());
        assert!(Phone::parse("0112345678").is_err());
    }

    #[test]
    fn anything_but_digits_separators_and_a_leading_plus_is_refused() {
        for text in [
            "",
            "   ",
            "139l2345678",
            "(0728)1234567",
            "13912345678 转 801",
            "１３９１２３４５６７８",
        ] {
            assert_eq!(Phone::parse(text), Err(PhoneError::Invalid), "{text}");
        }
    }

    #[test]
    fn a_masked_mobile_keeps_the_first_three_and_last_four_digits() {
        assert_eq!(Phone::parse("13912345678").unwrap().masked(), "139****5678");
    }

    #[test]
    fn a_masked_landline_keeps_the_area_code_and_last_four_digits() {
        assert_eq!(
            Phone::parse("0728-1234567").unwrap().masked(),
            "0728-***4567"
        );
        assert_eq!(
            Phone::parse("027-87654321").unwrap().masked(),
            "027-****4321"
        );
    }

    #[test]
    fn mobiles_and_landlines_are_told_apart() {
        assert!(Phone::parse("13912345678").unwrap().is_mobile());
        assert!(!Phone::parse("0728-1234567").unwrap().is_mobile());
    }

    #[test]
    fn debug_output_never_reveals_the_full_number() {
        let debug = format!("{:?}", Phone::parse("13912345678").unwrap());
        assert!(!debug.contains("13912345678"), "{debug}");
        assert!(debug.contains("139****5678"), "{debug}");
    }

    #[test]
    fn the_error_has_a_stable_code_and_a_chinese_message_without_the_number() {
        let error = Phone::parse("98765").unwrap_err();
        assert_eq!(error.code(), "PHONE_INVALID");
        assert!(error.to_string().starts_with("手机号或固定电话格式不正确"));
        assert!(!error.to_string().contains("98765"));
    }

    proptest! {
        #[test]
        fn every_mobile_number_round_trips_through_its_normal_form(
            number in "1[3-9][0-9]{9}",
            prefix in prop::sample::select(vec!["", "+86", "86", "0086", "+86 "]),
            spaced in any::<bool>(),
        ) {
            let text = if spaced {
                format!("{prefix}{} {} {}", &number[..3], &number[3..7], &number[7..])
            } else {
                format!("{prefix}{number}")
            };
            let phone = Phone::parse(&text).unwrap();
            prop_assert_eq!(phone.as_str(), number.as_str());
            prop_assert_eq!(Phone::parse(phone.as_str()).unwrap(), phone.clone());
            let masked = phone.masked();
            prop_assert_eq!(masked.chars().count(), 11);
            prop_assert!(masked.ends_with(&number[7..]));
        }

        #[test]
        fn every_landline_round_trips_through_its_normal_form(
            area in "(010|02[0-9]|0[3-9][0-9]{2})",
            local in "[1-9][0-9]{6,7}",
            dash in any::<bool>(),
        ) {
            let text = if dash { format!("{area}-{local}") } else { format!("{area}{local}") };
            let phone = Phone::parse(&text).unwrap();
            prop_assert_eq!(phone.as_str(), format!("{area}-{local}"));
            prop_assert_eq!(Phone::parse(phone.as_str()).unwrap(), phone.clone());
            let area_dash = format!("{area}-");
            prop_assert!(phone.masked().starts_with(&area_dash), "{}", phone.masked());
            prop_assert!(phone.masked().ends_with(&local[local.len() - 4..]));
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,24}") {
            let _ = Phone::parse(&text);
        }
    }
}
