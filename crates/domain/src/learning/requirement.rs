//! Required courses (必修) and optional ones (拓展, R-ONL-1): a course is required of a person
//! in a year when one of the year's assignments of that course reaches the person — everyone,
//! a person category, a unit and those below it, a class's trainees, or the person by name.
//! Every other published course is optional for them: studied and shown, but not counted in
//! the yearly online hours (seed 000: 拓展课程可不计入总分).

use crate::people::person::Category;
use crate::{ClassId, CourseId};
use crate::{PersonId, code_enum};
use std::collections::BTreeSet;

code_enum! {
    /// Whom an assignment of a required course reaches.
    pub enum AudienceKind {
        Everyone => ("everyone", "全体学员", "Everyone"),
        Category => ("category", "人员类别", "A person category"),
        Unit => ("unit", "单位（含下级）", "A unit and those below it"),
        Class => ("class", "培训班学员", "A class's trainees"),
        Person => ("person", "指定人员", "One person"),
    }
}

/// Whom one assignment reaches, resolved for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    Category(Category),
    /// A unit by its tree path: the unit itself and every unit below it.
    Unit {
        path: String,
    },
    Class(ClassId),
    Person(PersonId),
}

impl Audience {
    pub fn kind(&self) -> AudienceKind {
        match self {
            Audience::Everyone => AudienceKind::Everyone,
            Audience::Category(_) => AudienceKind::Category,
            Audience::Unit { .. } => AudienceKind::Unit,
            Audience::Class(_) => AudienceKind::Class,
            Audience::Person(_) => AudienceKind::Person,
        }
    }

    /// Whether the assignment reaches this learner.
    pub fn reaches(&self, learner: &Learner) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::Category(category) => learner.categories.contains(category),
            Audience::Unit { path } => learner.unit_path.starts_with(path.as_str()),
            Audience::Class(class) => learner.classes.contains(class),
            Audience::Person(person) => learner.person_id == *person,
        }
    }
}

/// A learner as the assignments see them in one year: where they work, the categories they
/// held at some time in the year, and the classes they were enrolled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learner {
    pub person_id: PersonId,
    pub unit_path: String,
    pub categories: BTreeSet<Category>,
    pub classes: BTreeSet<ClassId>,
}

/// One assignment: this course is required in this year of whom the audience reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub course_id: CourseId,
    pub year: i32,
    pub audience: Audience,
}

/// The courses required of a learner in a year (every other course is optional for them).
pub fn required_courses(
    assignments: &[Assignment],
    learner: &Learner,
    year: i32,
) -> BTreeSet<CourseId> {
    assignments
        .iter()
        .filter(|a| a.year == year && a.audience.reaches(learner))
        .map(|a| a.course_id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learner() -> Learner {
        Learner {
            person_id: PersonId(7),
            unit_path: "/1/4/9/".into(),
            categories: BTreeSet::from([Category::SectionLeader]),
            classes: BTreeSet::from([ClassId(3)]),
        }
    }

    fn assign(course: i64, year: i32, audience: Audience) -> Assignment {
        Assignment {
            course_id: CourseId(course),
            year,
            audience,
        }
    }

    #[test]
    fn each_audience_reaches_whom_it_names_and_no_one_else() {
        let me = learner();
        assert!(Audience::Everyone.reaches(&me));
        assert!(Audience::Category(Category::SectionLeader).reaches(&me));
        assert!(!Audience::Category(Category::Teacher).reaches(&me));
        assert!(
            Audience::Unit {
                path: "/1/4/".into()
            }
            .reaches(&me)
        );
        assert!(
            Audience::Unit {
                path: "/1/4/9/".into()
            }
            .reaches(&me)
        );
        assert!(
            !Audience::Unit {
                path: "/1/5/".into()
            }
            .reaches(&me)
        );
        // A sibling whose path merely begins with the same digits is not below the unit.
        assert!(
            !Audience::Unit {
                path: "/1/4/90/".into()
            }
            .reaches(&me)
        );
        assert!(Audience::Class(ClassId(3)).reaches(&me));
        assert!(!Audience::Class(ClassId(4)).reaches(&me));
        assert!(Audience::Person(PersonId(7)).reaches(&me));
        assert!(!Audience::Person(PersonId(8)).reaches(&me));
    }

    #[test]
    fn a_course_is_required_only_in_the_year_it_is_assigned() {
        let me = learner();
        let assignments = [
            assign(1, 2026, Audience::Everyone),
            assign(2, 2025, Audience::Everyone),
            assign(3, 2026, Audience::Category(Category::Teacher)),
            assign(4, 2026, Audience::Person(PersonId(7))),
        ];
        assert_eq!(
            required_courses(&assignments, &me, 2026),
            BTreeSet::from([CourseId(1), CourseId(4)])
        );
        assert_eq!(
            required_courses(&assignments, &me, 2025),
            BTreeSet::from([CourseId(2)])
        );
        assert!(required_courses(&assignments, &me, 2027).is_empty());
    }

    #[test]
    fn every_audience_kind_has_a_chinese_label_and_a_code_that_parses_back() {
        for kind in AudienceKind::ALL {
            assert_eq!(AudienceKind::parse(kind.code()), Some(*kind));
            assert!(!kind.label_zh().is_empty());
        }
    }
}
