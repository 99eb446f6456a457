//! Money as people read it. Amounts are kept in fen (分) and never as floats.

/// 123456789 → "1,234,567.89"; -5 → "-0.05".
pub fn yuan_text(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let digits = (abs / 100).to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}

#[cfg(test)]
mod tests {
    use super::yuan_text;

    #[test]
    fn thousands_are_separated_and_fen_kept() {
        assert_eq!(yuan_text(0), "0.00");
        assert_eq!(yuan_text(-5), "-0.05");
        assert_eq!(yuan_text(99_999), "999.99");
        assert_eq!(yuan_text(100_000), "1,000.00");
        assert_eq!(yuan_text(123_456_789), "1,234,567.89");
        assert_eq!(yuan_text(-100_000_000_000), "-1,000,000,000.00");
        assert_eq!(yuan_text(i64::MIN), "-92,233,720,368,547,758.08");
    }
}
