//! The cadre register's vocabulary (R-PPL-1): ranks, categories and education levels.

use crate::code_enum;

code_enum! {
    /// Rank (职级/级别), ordered from highest to lowest where an order exists. The compliance
    /// rules bind people by the rank they held at the time (R-REG-1, R-REG-3).
    pub enum Rank {
        BureauChief => ("bureau_chief", "厅局级正职", "Bureau level, chief"),
        BureauDeputy => ("bureau_deputy", "厅局级副职", "Bureau level, deputy"),
        CountyChief => ("county_chief", "县处级正职", "County/division level, chief"),
        CountyDeputy => ("county_deputy", "县处级副职", "County/division level, deputy"),
        Researcher1 => ("researcher_1", "一级调研员", "Researcher, grade 1"),
        Researcher2 => ("researcher_2", "二级调研员", "Researcher, grade 2"),
        Researcher3 => ("researcher_3", "三级调研员", "Researcher, grade 3"),
        Researcher4 => ("researcher_4", "四级调研员", "Researcher, grade 4"),
        SectionChief => ("section_chief", "乡科级正职", "Section level, chief"),
        SectionDeputy => ("section_deputy", "乡科级副职", "Section level, deputy"),
        PrincipalStaff1 => ("principal_staff_1", "一级主任科员", "Principal staff member, grade 1"),
        PrincipalStaff2 => ("principal_staff_2", "二级主任科员", "Principal staff member, grade 2"),
        PrincipalStaff3 => ("principal_staff_3", "三级主任科员", "Principal staff member, grade 3"),
        PrincipalStaff4 => ("principal_staff_4", "四级主任科员", "Principal staff member, grade 4"),
        Staff1 => ("staff_1", "一级科员", "Staff member, grade 1"),
        Staff2 => ("staff_2", "二级科员", "Staff member, grade 2"),
        Unranked => ("unranked", "无职级", "No rank"),
    }
}

code_enum! {
    /// Categories a person belongs to; a person may hold several at once, each with dates.
    pub enum Category {
        CountyLeader => ("county_leader", "县处级领导干部", "County-level leader"),
        SectionLeader => ("section_leader", "科级领导干部", "Section-level leader"),
        ReserveCadre => ("reserve_cadre", "后备干部", "Reserve cadre"),
        OrgDeptCadre => ("org_dept_cadre", "组工干部", "Organisation-department cadre"),
        VillageCommittee => ("village_committee", "村两委", "Village committee member"),
        CivilServant => ("civil_servant", "公务员", "Civil servant"),
        Professional => ("professional", "专业技术人员", "Professional / technical staff"),
        EnterpriseLeader => ("enterprise_leader", "企事业单位领导", "Enterprise / institution leader"),
        Principal => ("principal", "校长", "School principal"),
        Teacher => ("teacher", "教师", "Teacher"),
        WomensFederation => ("womens_federation", "妇联干部", "Women's federation cadre"),
    }
}

code_enum! {
    /// Highest education completed.
    pub enum Education {
        JuniorMiddle => ("junior_middle", "初中", "Junior middle school"),
        SeniorMiddle => ("senior_middle", "高中（中专）", "Senior middle / vocational school"),
        College => ("college", "大专", "College"),
        Bachelor => ("bachelor", "本科", "Bachelor"),
        Master => ("master", "硕士研究生", "Master"),
        Doctor => ("doctor", "博士研究生", "Doctor"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_are_unique_within_each_vocabulary() {
        fn unique(items: Vec<&str>) -> bool {
            let mut sorted = items.clone();
            sorted.sort_unstable();
            sorted.dedup();
            sorted.len() == items.len()
        }
        assert!(unique(Rank::ALL.iter().map(|r| r.code()).collect()));
        assert!(unique(Rank::ALL.iter().map(|r| r.label_zh()).collect()));
        assert!(unique(Category::ALL.iter().map(|c| c.code()).collect()));
        assert!(unique(Category::ALL.iter().map(|c| c.label_zh()).collect()));
        assert!(unique(
            Education::ALL.iter().map(|e| e.label_zh()).collect()
        ));
    }

    #[test]
    fn spreadsheet_labels_parse() {
        assert_eq!(Rank::parse("四级调研员"), Some(Rank::Researcher4));
        assert_eq!(
            Category::parse(" 科级领导干部 "),
            Some(Category::SectionLeader)
        );
        assert_eq!(Education::parse("本科"), Some(Education::Bachelor));
    }
}
