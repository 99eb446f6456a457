//! Data scope as the stores apply it: a resolved set of unit subtrees, single units and people.
//! Every list, search, detail and export takes one; a record outside it is "not found".

use ganxun_domain::{PersonId, UnitId};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, IntoColumnRef};

/// What an account may see for one permission, resolved to paths and ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessScope {
    /// Everything.
    pub all: bool,
    /// Unit subtrees, as materialised paths (`/1/5/`).
    pub subtrees: Vec<String>,
    /// Single units (their own records, not their children's).
    pub units: Vec<UnitId>,
    /// Individual people (the `self` scope).
    pub people: Vec<PersonId>,
}

impl AccessScope {
    pub fn everything() -> Self {
        Self {
            all: true,
            ..Self::default()
        }
    }

    pub fn nothing() -> Self {
        Self::default()
    }

    pub fn is_nothing(&self) -> bool {
        !self.all && self.subtrees.is_empty() && self.units.is_empty() && self.people.is_empty()
    }

    /// Merges two grants (an account with several roles sees the union).
    pub fn union(mut self, other: AccessScope) -> Self {
        self.all |= other.all;
        self.subtrees.extend(other.subtrees);
        self.units.extend(other.units);
        self.people.extend(other.people);
        self.subtrees.sort();
        self.subtrees.dedup();
        self.units.sort_unstable();
        self.units.dedup();
        self.people.sort_unstable();
        self.people.dedup();
        self
    }

    /// Whether a person of the unit at `path` (`/1/5/`) with id `unit_id` is in scope, for rows
    /// filtered after loading (small lists joined from several tables).
    pub fn reaches(&self, path: &str, unit_id: UnitId, person_id: PersonId) -> bool {
        self.all
            || self.people.contains(&person_id)
            || self.units.contains(&unit_id)
            || self
                .subtrees
                .iter()
                .any(|subtree| path.starts_with(subtree.as_str()))
    }

    /// The condition on a table with a unit path, a unit id and (optionally) a person id.
    pub(crate) fn condition(
        &self,
        path: impl IntoColumnRef + Copy,
        unit_id: impl IntoColumnRef + Copy,
        person_id: Option<impl IntoColumnRef + Copy>,
    ) -> Condition {
        if self.all {
            return Condition::all();
        }
        let mut any = Condition::any();
        for prefix in &self.subtrees {
            any = any.add(subtree_condition(path, prefix));
        }
        if !self.units.is_empty() {
            any = any.add(Expr::col(unit_id).is_in(self.units.iter().copied()));
        }
        if let Some(person_id) = person_id.filter(|_| !self.people.is_empty()) {
            any = any.add(Expr::col(person_id).is_in(self.people.iter().copied()));
        }
        // An empty `any` would match nothing on some backends and everything on none: be explicit.
        if self.is_nothing() || any.is_empty() {
            return Condition::all().add(Expr::val(1).eq(Expr::val(0)));
        }
        any
    }
}

/// `path` lies in the subtree rooted at `prefix`: a byte range, so one index range scan.
pub(crate) fn subtree_condition(path: impl IntoColumnRef + Copy, prefix: &str) -> Condition {
    Condition::all()
        .add(Expr::col(path).gte(prefix))
        .add(Expr::col(path).lt(subtree_upper_bound(prefix)))
}

/// The smallest string greater than every string that starts with `prefix` (`/1/5/` → `/1/50`):
/// paths end in `/` and `0` is the next byte.
pub(crate) fn subtree_upper_bound(prefix: &str) -> String {
    let mut upper = prefix.trim_end_matches('/').to_owned();
    upper.push('0');
    upper
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upper_bound_excludes_siblings_with_longer_ids() {
        let upper = subtree_upper_bound("/1/5/");
        assert!("/1/5/" < upper.as_str());
        assert!("/1/5/77/" < upper.as_str());
        assert!("/1/50/" >= upper.as_str(), "unit 50 is not under unit 5");
        assert!("/1/6/" >= upper.as_str());
    }

    #[test]
    fn a_union_keeps_every_grant_once() {
        let a = AccessScope {
            subtrees: vec!["/1/".into()],
            people: vec![PersonId(3)],
            ..Default::default()
        };
        let b = AccessScope {
            subtrees: vec!["/1/".into()],
            units: vec![UnitId(9)],
            ..Default::default()
        };
        let merged = a.union(b);
        assert_eq!(merged.subtrees, vec!["/1/".to_owned()]);
        assert_eq!(merged.units, vec![UnitId(9)]);
        assert_eq!(merged.people, vec![PersonId(3)]);
        assert!(!merged.all);
        assert!(AccessScope::nothing().is_nothing());
    }

    proptest::proptest! {
        /// For any two tree paths, "in the subtree" by string prefix and by byte range agree.
        #[test]
        fn the_byte_range_is_exactly_the_subtree(
            a in proptest::collection::vec(1u32..2000, 1..6),
            b in proptest::collection::vec(1u32..2000, 1..6),
        ) {
            let path = |ids: &[u32]| format!("/{}/", ids.iter().map(u32::to_string).collect::<Vec<_>>().join("/"));
            let (prefix, candidate) = (path(&a), path(&b));
            let in_range = candidate.as_str() >= prefix.as_str() && candidate < subtree_upper_bound(&prefix);
            proptest::prop_assert_eq!(in_range, candidate.starts_with(&prefix));
        }
    }
}
