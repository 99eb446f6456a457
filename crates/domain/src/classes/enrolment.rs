//! Seats and the waiting list (issue 4, R-CLS-4): requests to enrol, in the order they count
//! (named by the authority or nominated by units, as the caller orders them), fill the free seats
//! and the rest wait in the same order.
//!
//! Promoting from the waiting list when a seat frees is the same function: pass the waiting list
//! as the requests.

use crate::code_enum;
use crate::ids::PersonId;
use serde::Serialize;

code_enum! {
    /// Where a person's place in a class stands.
    pub enum EnrolmentStatus {
        /// Holds a seat (在册).
        Enrolled => ("enrolled", "在册", "Enrolled"),
        /// Waits for a seat, in request order.
        Waiting => ("waiting", "候补", "Waiting"),
        /// The enrolment was withdrawn before the class (撤销报名).
        Removed => ("removed", "已撤销", "Removed"),
        /// Withdrawn (退学) after leave past the cap: no hours, no certificate (R-REG-5).
        Withdrawn => ("withdrawn", "退学", "Withdrawn"),
    }
}

code_enum! {
    /// How a person came to a class (R-CLS-4).
    pub enum EnrolmentSource {
        /// Named by the authority (点名调学).
        Named => ("named", "点名调学", "Named by the authority"),
        /// Nominated by their unit (单位推荐).
        Nominated => ("nominated", "单位推荐", "Nominated by the unit"),
    }
}

/// Where each request went.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Allocation {
    /// Newly enrolled, in request order.
    pub enrolled: Vec<PersonId>,
    /// Waiting for a seat, in request order.
    pub waitlisted: Vec<PersonId>,
    /// Requests for people already enrolled, or repeated in the requests; ignored.
    pub duplicates: Vec<PersonId>,
}

/// Allocates seats. `capacity` is the class's seats (`None`: no limit); `enrolled` are the people
/// holding a seat already. A capacity lowered below the enrolled count takes nobody's seat away;
/// it only admits nobody new.
pub fn allocate(capacity: Option<u32>, enrolled: &[PersonId], requests: &[PersonId]) -> Allocation {
    let taken = u64::try_from(enrolled.len()).unwrap_or(u64::MAX);
    let mut free = capacity.map(|c| u64::from(c).saturating_sub(taken));
    let mut allocation = Allocation::default();
    for &person in requests {
        let seen = enrolled.contains(&person)
            || allocation.enrolled.contains(&person)
            || allocation.waitlisted.contains(&person);
        if seen {
            allocation.duplicates.push(person);
            continue;
        }
        match free.as_mut() {
            None => allocation.enrolled.push(person),
            Some(0) => allocation.waitlisted.push(person),
            Some(seats) => {
                *seats -= 1;
                allocation.enrolled.push(person);
            }
        }
    }
    allocation
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn people(ids: &[i64]) -> Vec<PersonId> {
        ids.iter().copied().map(PersonId).collect()
    }

    #[test]
    fn requests_fill_the_free_seats_in_order_and_the_rest_wait() {
        // Seed 000: a remote class of 40; here 3 seats, 1 taken.
        let allocation = allocate(Some(3), &people(&[1]), &people(&[5, 6, 7, 8]));
        assert_eq!(allocation.enrolled, people(&[5, 6]));
        assert_eq!(allocation.waitlisted, people(&[7, 8]));
        assert_eq!(allocation.duplicates, []);
    }

    #[test]
    fn a_freed_seat_goes_to_the_head_of_the_waiting_list() {
        let allocation = allocate(Some(3), &people(&[1, 5]), &people(&[7, 8]));
        assert_eq!(allocation.enrolled, people(&[7]));
        assert_eq!(allocation.waitlisted, people(&[8]));
    }

    #[test]
    fn people_already_enrolled_or_requested_twice_are_set_aside() {
        let allocation = allocate(Some(10), &people(&[1]), &people(&[1, 2, 2]));
        assert_eq!(allocation.enrolled, people(&[2]));
        assert_eq!(allocation.duplicates, people(&[1, 2]));
    }

    #[test]
    fn without_a_capacity_everyone_is_enrolled() {
        let allocation = allocate(None, &[], &people(&[1, 2, 3]));
        assert_eq!(allocation.enrolled, people(&[1, 2, 3]));
    }

    #[test]
    fn a_capacity_below_the_enrolled_count_admits_nobody_and_removes_nobody() {
        let allocation = allocate(Some(1), &people(&[1, 2]), &people(&[3]));
        assert_eq!(allocation.enrolled, []);
        assert_eq!(allocation.waitlisted, people(&[3]));
    }

    proptest! {
        #[test]
        fn seats_are_never_exceeded_and_every_request_is_accounted_for_in_order(
            capacity in proptest::option::of(0u32..8),
            enrolled in proptest::collection::btree_set(0i64..20, 0..6),
            requests in proptest::collection::vec(0i64..20, 0..20),
        ) {
            let enrolled = people(&enrolled.into_iter().collect::<Vec<_>>());
            let requests = people(&requests);
            let allocation = allocate(capacity, &enrolled, &requests);
            if let Some(capacity) = capacity {
                let free = (capacity as usize).saturating_sub(enrolled.len());
                prop_assert!(allocation.enrolled.len() <= free);
                if !allocation.waitlisted.is_empty() {
                    prop_assert_eq!(allocation.enrolled.len(), free, "nobody waits while a seat is free");
                }
            } else {
                prop_assert!(allocation.waitlisted.is_empty());
            }
            prop_assert_eq!(
                allocation.enrolled.len() + allocation.waitlisted.len() + allocation.duplicates.len(),
                requests.len()
            );
            let kept: Vec<PersonId> = requests
                .iter()
                .copied()
                .filter(|p| allocation.enrolled.contains(p) || allocation.waitlisted.contains(p))
                .collect();
            let mut firsts: Vec<PersonId> = Vec::new();
            for p in kept {
                if !firsts.contains(&p) {
                    firsts.push(p);
                }
            }
            let in_order: Vec<PersonId> = allocation.enrolled.iter().chain(&allocation.waitlisted).copied().collect();
            prop_assert_eq!(firsts, in_order, "first come, first served");
            for p in &allocation.enrolled {
                prop_assert!(!enrolled.contains(p));
            }
        }
    }
}
