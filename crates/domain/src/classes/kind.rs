//! What kind of training a class is: the six kinds of the national regulations (R-REG-6, Art. 13
//! of 《干部教育培训工作条例》) and the kinds counties use in their own plans (R-CLS-1).

use crate::code_enum;

code_enum! {
    /// The kind of a class. The first six are the national kinds, in the order of Art. 13; the
    /// rest are local kinds met in county plans and the seeds.
    pub enum ClassKind {
        TheoryAndPartySpirit => (
            "theory_party_spirit",
            "理论教育和党性教育专题培训",
            "Themed training in theory and party spirit"
        ),
        MajorDecisionRotation => (
            "major_decision_rotation",
            "重大决策部署集中轮训",
            "Concentrated rotation on major decisions"
        ),
        CivilServantInitial => (
            "civil_servant_initial",
            "新录用公务员初任培训",
            "Initial training of newly recruited civil servants"
        ),
        LeaderAppointment => (
            "leader_appointment",
            "新任领导干部任职培训",
            "Appointment training of newly appointed leaders"
        ),
        InServiceCapability => (
            "in_service_capability",
            "在职干部能力培训",
            "In-service capability training"
        ),
        Other => ("other", "其他", "Other"),
        ConcentratedRotation => ("concentrated_rotation", "集中轮训", "Concentrated rotation"),
        ThemedClass => ("themed_class", "专题培训班", "Themed class"),
        TeachingToCountryside => (
            "teaching_to_countryside",
            "送教下乡",
            "Teaching taken to the countryside"
        ),
        Online => ("online", "网络培训", "Online training"),
        StudyTour => ("study_tour", "外出考察", "Study tour"),
        Secondment => ("secondment", "挂职锻炼", "Temporary posting"),
        ReadingStudy => ("reading_study", "读书学习", "Reading and study"),
        SeniorSeminar => ("senior_seminar", "高层研修", "Senior seminar"),
        SchoolBased => ("school_based", "校本培训", "School-based training"),
    }
}

impl ClassKind {
    /// The six kinds of the national regulations (R-REG-6).
    pub const NATIONAL: &'static [ClassKind] = &[
        ClassKind::TheoryAndPartySpirit,
        ClassKind::MajorDecisionRotation,
        ClassKind::CivilServantInitial,
        ClassKind::LeaderAppointment,
        ClassKind::InServiceCapability,
        ClassKind::Other,
    ];

    /// Whether the kind is one of the six national kinds; the others are local extensions.
    pub fn is_national(self) -> bool {
        Self::NATIONAL.contains(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_six_national_kinds_and_nine_local_ones() {
        assert_eq!(ClassKind::NATIONAL.len(), 6);
        assert_eq!(ClassKind::ALL[..6], *ClassKind::NATIONAL);
        let local: Vec<&str> = ClassKind::ALL
            .iter()
            .filter(|k| !k.is_national())
            .map(|k| k.label_zh())
            .collect();
        assert_eq!(
            local,
            [
                "集中轮训",
                "专题培训班",
                "送教下乡",
                "网络培训",
                "外出考察",
                "挂职锻炼",
                "读书学习",
                "高层研修",
                "校本培训"
            ]
        );
    }

    #[test]
    fn codes_and_chinese_labels_are_unique() {
        let mut codes: Vec<&str> = ClassKind::ALL.iter().map(|k| k.code()).collect();
        let mut labels: Vec<&str> = ClassKind::ALL.iter().map(|k| k.label_zh()).collect();
        codes.sort_unstable();
        codes.dedup();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(codes.len(), ClassKind::ALL.len());
        assert_eq!(labels.len(), ClassKind::ALL.len());
    }

    #[test]
    fn a_kind_parses_from_its_code_or_its_chinese_label() {
        assert_eq!(
            ClassKind::parse("新任领导干部任职培训"),
            Some(ClassKind::LeaderAppointment)
        );
        assert_eq!(
            ClassKind::parse("送教下乡"),
            Some(ClassKind::TeachingToCountryside)
        );
        assert_eq!(ClassKind::parse("online"), Some(ClassKind::Online));
        assert_eq!(ClassKind::parse("培训"), None);
    }
}
