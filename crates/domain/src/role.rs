//! Roles, what they permit, and the data scope each grant carries (SPEC §1, DESIGN "Data scope").
//!
//! Separation of duties (三员分立): the system, security and audit administrators are
//! dedicated accounts. An account holding one of them may hold no other role at all, so that no
//! single person can both act and cover up (ADR 0004).

use crate::code_enum;
use crate::ids::UnitId;
use serde::{Deserialize, Serialize};

code_enum! {
    /// A built-in role.
    pub enum Role {
        TrainingAuthority => ("training_authority", "培训主管部门", "Training authority"),
        UnitAdmin => ("unit_admin", "单位培训管理员", "Unit training administrator"),
        HeadTeacher => ("head_teacher", "班主任", "Head teacher"),
        Instructor => ("instructor", "授课教师", "Instructor"),
        Trainee => ("trainee", "学员", "Trainee"),
        Auditor => ("auditor", "纪检审计", "Auditor"),
        SystemAdmin => ("system_admin", "系统管理员", "System administrator"),
        SecurityAdmin => ("security_admin", "安全管理员", "Security administrator"),
        AuditAdmin => ("audit_admin", "审计管理员", "Audit administrator"),
    }
}

code_enum! {
    /// Something an account may do. Each check is paired with a scope check on the record.
    pub enum Permission {
        OrgRead => ("org.read", "查看组织机构", "Read the organisation tree"),
        OrgWrite => ("org.write", "维护组织机构", "Maintain the organisation tree"),
        PeopleRead => ("people.read", "查看干部信息", "Read the cadre register"),
        PeopleWrite => ("people.write", "维护干部信息", "Maintain the cadre register"),
        PeopleReveal => ("people.reveal", "查看完整身份证号和手机号", "Reveal ID and phone numbers"),
        PeopleImport => ("people.import", "导入干部信息", "Import people"),
        PeopleExport => ("people.export", "导出干部信息", "Export people"),
        AccountRead => ("account.read", "查看账号", "Read accounts"),
        AccountWrite => ("account.write", "创建和停用账号", "Create and deactivate accounts"),
        RoleAssign => ("role.assign", "分配角色和数据范围", "Assign roles and data scopes"),
        AccountUnlock => ("account.unlock", "解锁账号", "Unlock accounts"),
        // Trainee accounts only, for people of the holder's own scope, with a random first
        // password the trainee must replace (ADR 0022): the training offices, not the system
        // administrator, know who their trainees are.
        AccountOpen => ("account.open", "为本单位干部开通学员账号", "Open trainee accounts for one's people"),
        // The system administrator's, never the security administrator's: whoever can set a
        // password must not also be able to give the account its rights (ADR 0004).
        PasswordReset => ("account.reset_password", "重置密码", "Reset passwords"),
        AuditRead => ("audit.read", "查看审计日志", "Read the audit log"),
        AuditVerify => ("audit.verify", "校验审计日志", "Verify the audit chain"),
        ClassRead => ("class.read", "查看培训班次", "Read training classes"),
        ClassWrite => ("class.write", "填报和申报培训班次", "Draft and submit class dossiers"),
        ClassApprove => ("class.approve", "审批和备案培训班次", "Approve and file classes"),
        ClassRun => ("class.run", "组织实施培训班次", "Run classes: plan, start, end, report, certificates"),
        ClassEnrol => ("class.enrol", "点名调学和推荐学员", "Name or nominate trainees"),
        PlanWrite => ("plan.write", "编制年度培训计划", "Draft annual training plans"),
        PlanApprove => ("plan.approve", "审批年度培训计划", "Approve annual training plans"),
        // Held by the office a class names for leave (e.g. 人事科) as well as by those who run
        // classes; which leave an account may decide is settled per class (ADR 0007).
        LeaveApprove => ("leave.approve", "审批学员请假", "Decide trainees' leave requests"),
        CreditWrite => ("credit.write", "登记和过账学分", "Record and post credits"),
        // Approving research outputs and revoking falsified entries is the authority's
        // (R-CRD-3, R-CRD-7, seed 004 §3).
        CreditAudit => ("credit.audit", "审核成果和撤销学分", "Approve outputs and revoke credit entries"),
        // Online learning (issue 16): the authority keeps the course library; every cadre with
        // an account learns in it.
        LearningManage => ("learning.manage", "维护网络课程库", "Maintain the online course library"),
        Learn => ("learning.learn", "参加网络学习", "Study online"),
        LearningGuide => ("learning.guide", "督促网络学习（学习进度、笔记心得、统计通报）", "Follow online learning (progress, notes, briefings)"),
    }
}

code_enum! {
    /// How far a grant reaches in the organisation tree.
    pub enum ScopeKind {
        All => ("all", "全部", "Everything"),
        Units => ("units", "指定单位", "Chosen units"),
        OwnUnit => ("own_unit", "本单位", "Own unit"),
        OwnUnitAndBelow => ("own_unit_and_below", "本单位及下级", "Own unit and below"),
        SelfOnly => ("self", "仅本人", "Own records only"),
    }
}

/// A resolved scope: the kind and, for `Units`, the chosen units (each with its subtree).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub kind: ScopeKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitId>,
}

impl Scope {
    pub fn of(kind: ScopeKind) -> Self {
        Self {
            kind,
            units: Vec::new(),
        }
    }
}

impl Role {
    /// The three administrator roles of 三员分立.
    pub fn is_separated_admin(self) -> bool {
        matches!(
            self,
            Role::SystemAdmin | Role::SecurityAdmin | Role::AuditAdmin
        )
    }

    /// The scope a new grant of this role gets unless the security administrator chooses another.
    pub fn default_scope(self) -> ScopeKind {
        match self {
            Role::TrainingAuthority | Role::UnitAdmin | Role::HeadTeacher => {
                ScopeKind::OwnUnitAndBelow
            }
            Role::Instructor | Role::Trainee => ScopeKind::SelfOnly,
            Role::Auditor | Role::SystemAdmin | Role::SecurityAdmin | Role::AuditAdmin => {
                ScopeKind::All
            }
        }
    }

    /// What the role permits. No wildcard: a new role must decide each permission.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::TrainingAuthority => &[
                OrgRead,
                OrgWrite,
                PeopleRead,
                PeopleWrite,
                PeopleReveal,
                PeopleImport,
                PeopleExport,
                AccountOpen,
                ClassRead,
                ClassWrite,
                ClassApprove,
                ClassRun,
                ClassEnrol,
                PlanWrite,
                PlanApprove,
                LeaveApprove,
                CreditWrite,
                CreditAudit,
                LearningManage,
                LearningGuide,
                Learn,
            ],
            // A unit administrator drafts and submits, but never approves (R-CLS-2).
            Role::UnitAdmin => &[
                OrgRead,
                PeopleRead,
                PeopleWrite,
                PeopleReveal,
                PeopleImport,
                PeopleExport,
                AccountOpen,
                ClassRead,
                ClassWrite,
                ClassRun,
                ClassEnrol,
                PlanWrite,
                LeaveApprove,
                CreditWrite,
                LearningGuide,
                Learn,
            ],
            // A head teacher's class permissions reach only the classes they lead, whatever the
            // grant's scope (the application narrows them).
            Role::HeadTeacher => &[
                OrgRead,
                PeopleRead,
                PeopleExport,
                ClassRead,
                ClassRun,
                LeaveApprove,
                LearningGuide,
                Learn,
            ],
            Role::Instructor => &[OrgRead, PeopleRead],
            // A trainee sees and may reveal only their own record (scope `self`), and the classes
            // they are enrolled in.
            Role::Trainee => &[PeopleRead, PeopleReveal, ClassRead, Learn],
            Role::Auditor => &[OrgRead, PeopleRead, PeopleExport, AuditRead, ClassRead],
            Role::SystemAdmin => &[OrgRead, OrgWrite, AccountRead, AccountWrite, PasswordReset],
            Role::SecurityAdmin => &[OrgRead, AccountRead, RoleAssign, AccountUnlock],
            Role::AuditAdmin => &[AccountRead, AuditRead, AuditVerify],
        }
    }

    pub fn permits(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

/// Why a set of roles cannot be held by one account.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleSetError {
    #[error("账号至少需要一个角色")]
    Empty,
    #[error("三员分立：{0}不能与其他任何角色由同一账号兼任")]
    SeparatedDuties(&'static str),
    #[error("角色重复：{0}")]
    Duplicate(&'static str),
}

/// Checks that one account may hold all of `roles` (三员分立, no duplicates).
pub fn check_role_set(roles: &[Role]) -> Result<(), RoleSetError> {
    if roles.is_empty() {
        return Err(RoleSetError::Empty);
    }
    for (i, role) in roles.iter().enumerate() {
        if roles[..i].contains(role) {
            return Err(RoleSetError::Duplicate(role.label_zh()));
        }
    }
    if let Some(admin) = roles
        .iter()
        .find(|r| r.is_separated_admin())
        .filter(|_| roles.len() > 1)
    {
        return Err(RoleSetError::SeparatedDuties(admin.label_zh()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_administrators_cannot_be_combined_with_each_other_or_anything_else() {
        assert!(check_role_set(&[Role::SystemAdmin]).is_ok());
        assert_eq!(
            check_role_set(&[Role::SystemAdmin, Role::AuditAdmin]),
            Err(RoleSetError::SeparatedDuties("系统管理员"))
        );
        assert!(matches!(
            check_role_set(&[Role::TrainingAuthority, Role::SecurityAdmin]),
            Err(RoleSetError::SeparatedDuties(_))
        ));
        assert!(check_role_set(&[Role::HeadTeacher, Role::Instructor, Role::Trainee]).is_ok());
    }

    #[test]
    fn an_empty_or_repeated_role_set_is_refused() {
        assert_eq!(check_role_set(&[]), Err(RoleSetError::Empty));
        assert!(matches!(
            check_role_set(&[Role::Trainee, Role::Trainee]),
            Err(RoleSetError::Duplicate(_))
        ));
    }

    #[test]
    fn only_business_roles_see_people_and_only_audit_roles_read_the_log() {
        for role in [Role::SystemAdmin, Role::SecurityAdmin, Role::AuditAdmin] {
            assert!(
                !role.permits(Permission::PeopleRead),
                "{role} must not read people"
            );
        }
        let readers: Vec<Role> = Role::ALL
            .iter()
            .copied()
            .filter(|r| r.permits(Permission::AuditRead))
            .collect();
        assert_eq!(readers, vec![Role::Auditor, Role::AuditAdmin]);
        assert!(
            !Role::Auditor.permits(Permission::PeopleWrite),
            "the auditor changes nothing"
        );
    }

    #[test]
    fn whoever_sets_passwords_cannot_assign_roles_and_the_reverse() {
        for role in Role::ALL {
            assert!(
                !(role.permits(Permission::PasswordReset) && role.permits(Permission::RoleAssign)),
                "{role} both sets passwords and assigns roles"
            );
            assert!(
                !(role.permits(Permission::AccountWrite) && role.permits(Permission::RoleAssign)),
                "{role} both creates accounts and assigns roles"
            );
        }
        assert!(Role::SystemAdmin.permits(Permission::PasswordReset));
        assert!(Role::SecurityAdmin.permits(Permission::RoleAssign));
    }
}
