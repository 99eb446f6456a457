//! Property tests (issue 14): every parser that sees text from people or from an edited rule
//! document answers `Ok` or `Err` for any input, and never panics. The rule documents are fed
//! both random text and the built-in documents damaged byte by byte, which reaches far deeper
//! into the parsers than random text does.

use crate::attendance::{AttendanceSettings, DEFAULT_ATTENDANCE_TOML, SignInToken};
use crate::class_hours::{ClassHours, HourConversion};
use crate::classes::{ClassSettings, DEFAULT_CLASS_SETTINGS_TOML};
use crate::compliance::{ComplianceRuleSet, NATIONAL, SEED_000, SEED_003};
use crate::credits::{CreditRuleSet, Credits, SEED_001, SEED_004};
use crate::{HolidayCalendar, IdCardNumber, PersonName, Phone, RoutingRules, UnitCode};
use proptest::prelude::*;

/// Every rule-document parser; whether it accepted the text does not matter here, only that it
/// answered.
fn parse_rule_document(kind: usize, text: &str) -> bool {
    match kind {
        0 => CreditRuleSet::from_toml(text).is_ok(),
        1 => ComplianceRuleSet::from_toml(text).is_ok(),
        2 => RoutingRules::from_toml(text).is_ok(),
        3 => ClassSettings::from_toml(text).is_ok(),
        4 => AttendanceSettings::from_toml(text).is_ok(),
        5 => HolidayCalendar::from_toml(text).is_ok(),
        _ => HourConversion::from_toml(text).is_ok(),
    }
}

/// The built-in documents each parser accepts today, as starting points for damage.
fn built_in(kind: usize, pick: usize) -> &'static str {
    let documents: &[&str] = match kind {
        0 => &[SEED_004, SEED_001],
        1 => &[NATIONAL, SEED_000, SEED_003],
        2 => &[crate::classes::approval::DEFAULT_ROUTING_TOML],
        3 => &[DEFAULT_CLASS_SETTINGS_TOML],
        4 => &[DEFAULT_ATTENDANCE_TOML],
        5 => &["[[holidays]]\nfrom = \"2026-10-01\"\nto = \"2026-10-08\"\nname = \"国庆\"\n"],
        _ => &["hours_per_day = 8\n"],
    };
    documents[pick % documents.len()]
}

/// One small damage to a document: delete, duplicate or replace a span, or insert text that
/// parsers find hard (huge numbers, negative numbers, NUL, deep nesting, odd dates).
#[derive(Debug, Clone)]
enum Damage {
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    Insert { at: usize, text: String },
}

fn damage() -> impl Strategy<Value = Damage> {
    let nasty = prop_oneof![
        Just("99999999999999999999999".to_owned()),
        Just("-1".to_owned()),
        Just("1e308".to_owned()),
        Just("nan".to_owned()),
        Just("\u{0}".to_owned()),
        Just("[[[[[[[[[[[[[[[[[[[[".to_owned()),
        Just("{a={a={a={a={a={}}}}}}".to_owned()),
        Just("9999-99-99".to_owned()),
        Just("262143-01-01".to_owned()),
        Just("\"\"\"".to_owned()),
        Just("=\n".to_owned()),
        ".{0,12}",
    ];
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Damage::Delete { at, len }),
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Damage::Duplicate { at, len }),
        (any::<usize>(), nasty).prop_map(|(at, text)| Damage::Insert { at, text }),
    ]
}

/// Applies the damage at the nearest character boundary, so the result stays valid UTF-8 (the
/// server reads rule documents as text).
fn apply(text: &str, damage: &Damage) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match damage {
        Damage::Delete { at, len } => {
            let start = boundary(*at);
            let end = boundary(start.saturating_add(*len).min(text.len()));
            format!("{}{}", &text[..start], &text[end.max(start)..])
        }
        Damage::Duplicate { at, len } => {
            let start = boundary(*at);
            let end = boundary(start.saturating_add(*len).min(text.len())).max(start);
            format!("{}{}", &text[..end], &text[start..])
        }
        Damage::Insert { at, text: inserted } => {
            let at = boundary(*at);
            format!("{}{inserted}{}", &text[..at], &text[at..])
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn value_parsers_never_panic_on_any_text(text in any::<String>()) {
        let _ = IdCardNumber::parse(&text);
        let _ = Phone::parse(&text);
        let _ = PersonName::parse(&text);
        let _ = UnitCode::parse(&text);
        let _ = ClassHours::parse(&text);
        let _ = Credits::parse(&text);
        let _ = SignInToken::parse(&text);
    }

    #[test]
    fn the_id_card_parser_never_panics_on_near_miss_numbers(text in "[0-9Xx ]{0,24}") {
        let _ = IdCardNumber::parse(&text);
    }

    #[test]
    fn numeric_parsers_never_panic_on_number_shaped_text(text in "-?[0-9]{0,30}(\\.[0-9]{0,30})?") {
        let _ = ClassHours::parse(&text);
        let _ = Credits::parse(&text);
    }

    #[test]
    fn rule_document_parsers_never_panic_on_any_text(kind in 0usize..7, text in any::<String>()) {
        let _accepted = parse_rule_document(kind, &text);
    }

    #[test]
    fn rule_document_parsers_never_panic_on_damaged_built_in_documents(
        kind in 0usize..7,
        pick in 0usize..3,
        damages in proptest::collection::vec(damage(), 1..6),
    ) {
        let mut text = built_in(kind, pick).to_owned();
        for damage in &damages {
            text = apply(&text, damage);
        }
        let _accepted = parse_rule_document(kind, &text);
    }
}

#[test]
fn the_built_in_documents_are_valid_starting_points() {
    // Without this, damage to a document that never parsed would prove little.
    for kind in 0..7 {
        for pick in 0..3 {
            assert!(
                parse_rule_document(kind, built_in(kind, pick)),
                "kind {kind}, document {pick}"
            );
        }
    }
}
