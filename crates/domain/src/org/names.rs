//! Units named in a roster (issue 17 item 10): a real roster gives a unit's name, not its code.
//! A name matches a unit when the two agree once spaces and full-width characters are set
//! aside; one that matches none is offered the units whose names are near (one contains the
//! other, `沙湖镇` and `沙湖镇人民政府`; the same characters in order, `仙桃二中` and
//! `仙桃第二中学`; a character or two typed differently), for a person to confirm. Nothing is
//! matched by nearness alone.

/// A name in the form names are compared in: without whitespace (the full-width space too) and
/// invisible characters, full-width letters, digits and brackets as their ASCII forms, ASCII
/// letters in lowercase.
pub fn normal(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200D}' | '\u{2060}')
        })
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// How near a registered name is to a given one, both in [`normal`] form: `None` when not near,
/// otherwise a distance (smaller is nearer). Equal names are at 0.
pub fn nearness(given: &str, registered: &str) -> Option<usize> {
    let a: Vec<char> = given.chars().collect();
    let b: Vec<char> = registered.chars().collect();
    if a == b {
        return Some(0);
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    // One character says too little to suggest anything.
    if short.len() < 2 {
        return None;
    }
    let gap = long.len() - short.len();
    if contains(long, short) || is_subsequence(short, long) {
        // The longer may add a suffix (人民政府) or characters (第…学); so much that the
        // shorter is under a third of it is no longer the same unit.
        return (short.len() * 3 >= long.len()).then_some(gap);
    }
    // A typing difference: at most one edit in four characters, and never a first character
    // of its own (沙湖镇 and 杨湖镇 are two towns).
    let allowed = long.len() / 4;
    if allowed == 0 || a[0] != b[0] {
        return None;
    }
    let distance = edit_distance(&a, &b, allowed)?;
    Some(distance + 1)
}

/// Up to `limit` of `candidates` near `given` (all in [`normal`] form), nearest first; equal
/// distances keep the candidates' order.
pub fn near<'a, T>(
    given: &str,
    candidates: impl IntoIterator<Item = (&'a str, T)>,
    limit: usize,
) -> Vec<T> {
    let given_chars: Vec<char> = given.chars().collect();
    let mut found: Vec<(usize, usize, T)> = candidates
        .into_iter()
        .enumerate()
        // Cheap test first: a name that shares no character cannot be near.
        .filter(|(_, (name, _))| name.chars().any(|c| given_chars.contains(&c)))
        .filter_map(|(order, (name, value))| {
            nearness(given, name).map(|distance| (distance, order, value))
        })
        .collect();
    found.sort_by_key(|(distance, order, _)| (*distance, *order));
    found.truncate(limit);
    found.into_iter().map(|(_, _, value)| value).collect()
}

fn contains(haystack: &[char], needle: &[char]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn is_subsequence(short: &[char], long: &[char]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|c| rest.any(|d| d == c))
}

/// Levenshtein distance, or `None` once it must exceed `limit`.
fn edit_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|m| *m > limit) {
            return None;
        }
        previous = current;
    }
    let distance = previous[b.len()];
    (distance <= limit).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_without_spaces_and_full_width_forms() {
        assert_eq!(normal(" 沙湖 镇\u{3000}"), "沙湖镇");
        assert_eq!(normal("第２中学（ＡＢ）"), "第2中学(ab)");
        assert_eq!(normal("示范县第1中学"), normal("示范县第 1 中学"));
    }

    #[test]
    fn a_name_within_another_or_with_added_characters_is_near() {
        assert_eq!(nearness("沙湖镇", "沙湖镇人民政府"), Some(4));
        assert_eq!(nearness("沙湖镇人民政府", "沙湖镇"), Some(4));
        assert_eq!(nearness("仙桃二中", "仙桃第二中学"), Some(2));
        assert_eq!(nearness("沙湖镇", "沙湖镇"), Some(0));
    }

    #[test]
    fn a_typing_slip_is_near_but_another_place_or_a_fragment_is_not() {
        assert_eq!(nearness("示范县第一中学", "示范县第1中学"), Some(2));
        assert_eq!(nearness("沙湖镇", "杨湖镇"), None);
        assert_eq!(nearness("镇", "沙湖镇"), None);
        assert_eq!(nearness("沙湖", "沙湖镇东村人民委员会"), None);
        assert_eq!(nearness("彭场高中", "沙湖镇"), None);
    }

    #[test]
    fn near_names_come_nearest_first_and_are_limited() {
        let units = [
            ("沙湖镇东村", 1),
            ("沙湖镇", 2),
            ("杨林尾镇", 3),
            ("沙湖镇人民政府办公室", 4),
        ];
        assert_eq!(near("沙湖镇人民政府", units, 5), [4, 2]);
        assert_eq!(near("沙湖镇", units, 1), [2]);
        assert!(near("彭场高中", units, 5).is_empty());
    }
}
