//! Who may call each operation of the API: one row per operation of the OpenAPI document
//! (`every_operation_has_a_row` fails when an operation has none). `Needs` lists the permissions
//! of which the caller must hold at least one; a caller holding none of them is refused (403, or
//! 404 where the record is looked up first) before anything happens.

use ganxun_domain::Permission::{self, *};

pub enum Access {
    /// No sign-in (sign-in itself, the password rules, vocabularies, the public certificate
    /// check, health).
    Public,
    /// Any signed-in account (its own data, sign-out, self-service …).
    SignedIn,
    /// At least one of these permissions.
    Needs(&'static [Permission]),
}

pub const ACCESS: &[(&str, Access)] = &[
    // auth
    ("POST /auth/login", Access::Public),
    ("POST /accounts/names", Access::SignedIn),
    ("POST /auth/logout", Access::SignedIn),
    ("GET /auth/me", Access::SignedIn),
    ("POST /auth/password", Access::SignedIn),
    // No caller extractor: the password rules are shown on the sign-in form.
    ("GET /auth/password-policy", Access::Public),
    // The caller's own second factor (a settled password suffices, no permission).
    ("GET /auth/second-factor", Access::SignedIn),
    ("POST /auth/second-factor/recovery-codes", Access::SignedIn),
    ("POST /auth/second-factor/remove", Access::SignedIn),
    ("POST /auth/second-factor/setup", Access::SignedIn),
    ("POST /auth/second-factor/setup/confirm", Access::SignedIn),
    // org
    ("GET /org/units", Access::Needs(&[OrgRead])),
    ("POST /org/units", Access::Needs(&[OrgWrite])),
    ("GET /org/units/{id}", Access::Needs(&[OrgRead])),
    ("PATCH /org/units/{id}", Access::Needs(&[OrgWrite])),
    ("POST /org/units/{id}/activate", Access::Needs(&[OrgWrite])),
    (
        "POST /org/units/{id}/deactivate",
        Access::Needs(&[OrgWrite]),
    ),
    ("POST /org/units/{id}/move", Access::Needs(&[OrgWrite])),
    // Units in bulk (issue 17 item 10). An empty body is refused (422 FILE_EMPTY) before the
    // permission is checked.
    ("POST /org/units/import", Access::Needs(&[OrgWrite])),
    ("GET /org/units/import/template", Access::Needs(&[OrgWrite])),
    // people
    ("GET /people", Access::Needs(&[PeopleRead])),
    ("POST /people", Access::Needs(&[PeopleWrite])),
    ("GET /people/export", Access::Needs(&[PeopleExport])),
    // An empty body is refused (422 FILE_EMPTY) before the permission is checked.
    ("POST /people/import", Access::Needs(&[PeopleImport])),
    // A roster's columns for mapping. An empty body is refused (422 FILE_EMPTY) before the
    // permission is checked.
    (
        "POST /people/import/columns",
        Access::Needs(&[PeopleImport]),
    ),
    // An empty body is refused (422 FILE_EMPTY) before the permission is checked.
    ("POST /people/import/report", Access::Needs(&[PeopleImport])),
    (
        "GET /people/import/template",
        Access::Needs(&[PeopleImport]),
    ),
    ("GET /people/{id}", Access::Needs(&[PeopleRead])),
    ("PATCH /people/{id}", Access::Needs(&[PeopleWrite])),
    // The `date` query is required: without it 422 comes before the permission check.
    ("GET /people/{id}/as-of", Access::Needs(&[PeopleRead])),
    ("GET /people/{id}/history", Access::Needs(&[PeopleRead])),
    // A refusal is audited (`person.reveal_denied`).
    ("POST /people/{id}/reveal", Access::Needs(&[PeopleReveal])),
    ("GET /stats/people", Access::Needs(&[PeopleRead])),
    // accounts
    ("GET /accounts", Access::Needs(&[AccountRead])),
    ("POST /accounts", Access::Needs(&[AccountWrite])),
    // Trainee accounts opened in bulk by the training offices, and the opener's slips (ADR 0022).
    ("POST /accounts/open", Access::Needs(&[AccountOpen])),
    (
        "GET /accounts/batches/{id}/slips/pdf",
        Access::Needs(&[AccountOpen]),
    ),
    (
        "GET /accounts/batches/{id}/slips/xlsx",
        Access::Needs(&[AccountOpen]),
    ),
    (
        "DELETE /accounts/batches/{id}/slips",
        Access::Needs(&[AccountOpen]),
    ),
    ("GET /accounts/{id}", Access::Needs(&[AccountRead])),
    (
        "POST /accounts/{id}/activate",
        Access::Needs(&[AccountWrite]),
    ),
    (
        "POST /accounts/{id}/confirm-roles",
        Access::Needs(&[RoleAssign]),
    ),
    (
        "POST /accounts/{id}/deactivate",
        Access::Needs(&[AccountWrite]),
    ),
    ("PUT /accounts/{id}/grants", Access::Needs(&[RoleAssign])),
    (
        "POST /accounts/{id}/reset-password",
        Access::Needs(&[PasswordReset]),
    ),
    // Another account's second factor (a lost phone): the system administrator's.
    (
        "POST /accounts/{id}/second-factor/reset",
        Access::Needs(&[PasswordReset]),
    ),
    (
        "POST /accounts/{id}/unlock",
        Access::Needs(&[AccountUnlock]),
    ),
    // audit
    ("GET /audit", Access::Needs(&[AuditRead])),
    ("POST /audit/verify", Access::Needs(&[AuditVerify])),
    // classes
    ("GET /classes", Access::Needs(&[ClassRead])),
    ("POST /classes", Access::Needs(&[ClassWrite])),
    (
        "GET /classes/head-teachers",
        Access::Needs(&[ClassWrite, ClassRun]),
    ),
    ("GET /classes/hosts", Access::Needs(&[ClassWrite])),
    ("GET /classes/open", Access::Needs(&[ClassEnrol])),
    ("GET /classes/reports/overdue", Access::Needs(&[ClassRead])),
    // Nominating units (class.enrol) read an enrolling class too, but every such role holds
    // class.read, and a caller without class.read is refused (403) before that fallback.
    ("GET /classes/{id}", Access::Needs(&[ClassRead])),
    ("PUT /classes/{id}", Access::Needs(&[ClassWrite])),
    // The permission depends on the action sent (submit/revise/cancel: class.write; approve/
    // file/reject/archive: class.approve; open_enrolment/start/end: class.run); a role holding
    // none of them is refused before the action is read.
    (
        "POST /classes/{id}/actions",
        Access::Needs(&[ClassWrite, ClassApprove, ClassRun]),
    ),
    ("GET /classes/{id}/arrival", Access::Needs(&[ClassRead])),
    ("POST /classes/{id}/arrival", Access::Needs(&[ClassRun])),
    (
        "POST /classes/{id}/arrival/send",
        Access::Needs(&[ClassRun]),
    ),
    ("GET /classes/{id}/attachments", Access::Needs(&[ClassRead])),
    // Those who draft (class.write) or run (class.run) the class.
    (
        "POST /classes/{id}/attachments",
        Access::Needs(&[ClassWrite, ClassRun]),
    ),
    (
        "GET /classes/{id}/attachments/{attachment_id}",
        Access::Needs(&[ClassRead]),
    ),
    // A trainee sees only their own certificate (through class.read).
    (
        "GET /classes/{id}/certificates",
        Access::Needs(&[ClassRead]),
    ),
    (
        "POST /classes/{id}/certificates",
        Access::Needs(&[ClassRun]),
    ),
    (
        "GET /classes/{id}/certificates/pdf",
        Access::Needs(&[ClassRead]),
    ),
    ("GET /classes/{id}/decisions", Access::Needs(&[ClassRead])),
    // A nominating unit (class.enrol) sees its own people; every such role holds class.read.
    ("GET /classes/{id}/enrolment", Access::Needs(&[ClassRead])),
    ("POST /classes/{id}/enrolment", Access::Needs(&[ClassEnrol])),
    ("GET /classes/{id}/candidates", Access::Needs(&[ClassEnrol])),
    (
        "POST /classes/{id}/enrolment/name-list",
        Access::Needs(&[ClassEnrol]),
    ),
    // Those who run the class, or a unit withdrawing its own nominee.
    (
        "POST /classes/{id}/enrolment/{person_id}/remove",
        Access::Needs(&[ClassRun, ClassEnrol]),
    ),
    ("GET /classes/{id}/report", Access::Needs(&[ClassRead])),
    ("PUT /classes/{id}/report", Access::Needs(&[ClassRun])),
    (
        "POST /classes/{id}/report/submit",
        Access::Needs(&[ClassRun]),
    ),
    ("GET /classes/{id}/roster/pdf", Access::Needs(&[ClassRead])),
    ("GET /classes/{id}/roster/xlsx", Access::Needs(&[ClassRead])),
    (
        "GET /classes/{id}/sign-in-sheet/pdf",
        Access::Needs(&[ClassRead]),
    ),
    (
        "GET /classes/{id}/sign-in-sheet/xlsx",
        Access::Needs(&[ClassRead]),
    ),
    (
        "GET /classes/{id}/teaching-plan",
        Access::Needs(&[ClassRead]),
    ),
    // Read with class.read first, then class.write (draft) or class.run (approved … in
    // progress) by the class's state; a class past that answers 409 CLASS_NOT_EDITABLE to a
    // reader before the second check.
    (
        "PUT /classes/{id}/teaching-plan",
        Access::Needs(&[ClassWrite, ClassRun]),
    ),
    ("GET /instructors", Access::Needs(&[ClassRead])),
    ("POST /instructors", Access::Needs(&[ClassWrite, ClassRun])),
    ("GET /public/certificates/{number}", Access::Public),
    // plans
    ("GET /plans", Access::Needs(&[ClassRead])),
    ("POST /plans", Access::Needs(&[PlanWrite])),
    ("GET /plans/{id}", Access::Needs(&[ClassRead])),
    ("GET /plans/{id}/execution", Access::Needs(&[ClassRead])),
    ("GET /plans/{id}/pdf", Access::Needs(&[ClassRead])),
    ("GET /plans/{id}/xlsx", Access::Needs(&[ClassRead])),
    ("PUT /plans/{id}", Access::Needs(&[PlanWrite])),
    ("POST /plans/{id}/decision", Access::Needs(&[PlanApprove])),
    ("POST /plans/{id}/items", Access::Needs(&[PlanWrite])),
    (
        "DELETE /plans/{id}/items/{item_id}",
        Access::Needs(&[PlanWrite]),
    ),
    (
        "POST /plans/{id}/items/{item_id}/decision",
        Access::Needs(&[PlanApprove]),
    ),
    ("POST /plans/{id}/revise", Access::Needs(&[PlanWrite])),
    ("POST /plans/{id}/submit", Access::Needs(&[PlanWrite])),
    // attendance
    // Self-service: a trainee signs themselves in; no permission is checked, only that the
    // account's person is enrolled (404 otherwise; 409 SIGN_IN_NO_PERSON without a person).
    ("POST /attendance/sign-in", Access::SignedIn),
    // The caller's own timetable; empty for an account without a person.
    ("GET /attendance/mine", Access::Needs(&[ClassRead])),
    // A scan held before the trainee can sign in: no session yet (ADR 0022).
    ("POST /attendance/scans", Access::Public),
    // Trainees (class.read) see their own line only.
    ("GET /classes/{id}/attendance", Access::Needs(&[ClassRead])),
    (
        "GET /classes/{id}/attendance/facts",
        Access::Needs(&[ClassRun]),
    ),
    (
        "GET /classes/{id}/attendance/xlsx",
        Access::Needs(&[ClassRead]),
    ),
    // All requests for those who run the class or decide its leave; a trainee's own through
    // class.read. A caller with none of these is refused (403) even for their own requests.
    (
        "GET /classes/{id}/leave",
        Access::Needs(&[ClassRead, ClassRun, LeaveApprove]),
    ),
    // A trainee asks for their own leave, but only in a class they read (class.read first).
    ("POST /classes/{id}/leave", Access::Needs(&[ClassRead])),
    (
        "PUT /classes/{id}/sessions/{session_id}/marks/{person_id}",
        Access::Needs(&[ClassRun]),
    ),
    (
        "GET /classes/{id}/sessions/{session_id}/roll-call",
        Access::Needs(&[ClassRun]),
    ),
    (
        "GET /classes/{id}/sessions/{session_id}/roll-call/code",
        Access::Needs(&[ClassRun]),
    ),
    (
        "POST /classes/{id}/sessions/{session_id}/roll-call/open",
        Access::Needs(&[ClassRun]),
    ),
    ("GET /leave/pending", Access::Needs(&[LeaveApprove])),
    // Self-service: the trainee whose leave it is may cancel it with no permission at all;
    // anyone else must decide the class's leave (leave.approve as its office or head teacher,
    // or class.run).
    ("POST /leave/{id}/cancel", Access::SignedIn),
    // The head teacher (leave.approve), the office the class names (leave.approve), or, when
    // it names none, those who run the class (class.run). The request is looked up first.
    (
        "POST /leave/{id}/decision",
        Access::Needs(&[ClassRun, LeaveApprove]),
    ),
    // Self-service, as cancelling: the trainee reports back from their own leave.
    ("POST /leave/{id}/return", Access::SignedIn),
    // credits
    // credit.write first, then class.run over the class (every credit.write role holds it).
    ("POST /classes/{id}/credits", Access::Needs(&[CreditWrite])),
    ("GET /classes/{id}/grades", Access::Needs(&[ClassRun])),
    ("GET /classes/{id}/grades/xlsx", Access::Needs(&[ClassRun])),
    (
        "PUT /classes/{id}/grades/{component}",
        Access::Needs(&[ClassRun]),
    ),
    ("GET /classes/{id}/grading", Access::Needs(&[ClassRead])),
    ("PUT /classes/{id}/grading", Access::Needs(&[ClassRun])),
    ("POST /credits/awards", Access::Needs(&[CreditWrite])),
    (
        "POST /credits/entries/{id}/revoke",
        Access::Needs(&[CreditAudit]),
    ),
    (
        "POST /credits/objections/{id}/answer",
        Access::Needs(&[CreditAudit]),
    ),
    // Everyone reads the publications covering their own unit (the authority also those it
    // published within its scope).
    ("GET /credits/publications", Access::SignedIn),
    ("POST /credits/publications", Access::Needs(&[CreditAudit])),
    // Anyone whose own unit lies inside the published unit (404 otherwise), no permission.
    ("GET /credits/publications/{id}", Access::SignedIn),
    // Self-service: a person on the publication objects to their own line, no permission.
    (
        "POST /credits/publications/{id}/objections",
        Access::SignedIn,
    ),
    // As GET /credits/publications/{id}.
    ("GET /credits/publications/{id}/xlsx", Access::SignedIn),
    (
        "GET /credits/records/pending",
        Access::Needs(&[CreditAudit]),
    ),
    (
        "POST /credits/records/{id}/decision",
        Access::Needs(&[CreditAudit]),
    ),
    // The `year` query is required: without it 422 comes before the permission check.
    ("POST /credits/reevaluate", Access::Needs(&[CreditAudit])),
    ("POST /credits/research", Access::Needs(&[CreditWrite])),
    ("GET /credits/revocations", Access::Needs(&[CreditAudit])),
    (
        "GET /credits/revocations/xlsx",
        Access::Needs(&[CreditAudit]),
    ),
    ("POST /credits/rules/preview", Access::Needs(&[CreditAudit])),
    (
        "POST /compliance/rules/preview",
        Access::Needs(&[ClassApprove]),
    ),
    ("POST /credits/salons", Access::Needs(&[CreditWrite])),
    ("POST /credits/school-terms", Access::Needs(&[CreditWrite])),
    ("POST /credits/scores", Access::Needs(&[CreditWrite])),
    // An empty body is refused (422 FILE_EMPTY) before the permission is checked.
    ("POST /credits/scores/import", Access::Needs(&[CreditWrite])),
    (
        "GET /credits/scores/template",
        Access::Needs(&[CreditWrite]),
    ),
    // A trainee reads their own through people.read (scope `self`); a role without
    // people.read is refused even for its own person.
    ("GET /people/{id}/credits", Access::Needs(&[PeopleRead])),
    (
        "GET /people/{id}/credits/xlsx",
        Access::Needs(&[PeopleRead]),
    ),
    // compliance
    // people.read over units: a trainee (scope `self`) is refused too.
    ("GET /compliance/dashboard", Access::Needs(&[PeopleRead])),
    (
        "GET /compliance/dashboard/xlsx",
        Access::Needs(&[PeopleRead]),
    ),
    // As the dashboard; page and per_page are checked (422) first.
    ("GET /compliance/people", Access::Needs(&[PeopleRead])),
    ("GET /compliance/recompute", Access::Needs(&[PeopleRead])),
    // The authority that edits the rules.
    ("POST /compliance/recompute", Access::Needs(&[ClassApprove])),
    // A trainee reads their own archive and compliance through people.read (scope `self`); a
    // role without people.read is refused even for its own person.
    ("GET /people/{id}/archive", Access::Needs(&[PeopleRead])),
    ("GET /people/{id}/archive.pdf", Access::Needs(&[PeopleRead])),
    (
        "GET /people/{id}/archive/gbt38860",
        Access::Needs(&[PeopleRead]),
    ),
    ("GET /people/{id}/compliance", Access::Needs(&[PeopleRead])),
    (
        "POST /people/{id}/promotion-check",
        Access::Needs(&[PeopleRead]),
    ),
    ("GET /people/{id}/standings", Access::Needs(&[PeopleRead])),
    ("POST /people/{id}/standings", Access::Needs(&[PeopleWrite])),
    (
        "GET /people/{id}/training-records",
        Access::Needs(&[PeopleRead]),
    ),
    // credit.write first, then people.write over the person (every credit.write role holds it).
    (
        "POST /people/{id}/training-records",
        Access::Needs(&[CreditWrite]),
    ),
    // The record is looked up first (404), then people.write over its person.
    ("POST /standings/{id}/revoke", Access::Needs(&[PeopleWrite])),
    (
        "GET /training-records/pending",
        Access::Needs(&[CreditAudit]),
    ),
    (
        "POST /training-records/{id}/decision",
        Access::Needs(&[CreditAudit]),
    ),
    // learning
    ("GET /learning/flags", Access::Needs(&[LearningManage])),
    (
        "POST /learning/flags/{id}/review",
        Access::Needs(&[LearningManage]),
    ),
    ("GET /learning/courses", Access::Needs(&[LearningManage])),
    ("POST /learning/courses", Access::Needs(&[LearningManage])),
    (
        "GET /learning/courses/{id}",
        Access::Needs(&[Learn, LearningManage]),
    ),
    (
        "POST /learning/courses/{id}/lessons",
        Access::Needs(&[LearningManage]),
    ),
    (
        "POST /learning/courses/{id}/state",
        Access::Needs(&[LearningManage]),
    ),
    (
        "POST /learning/lessons/{id}/playbacks",
        Access::Needs(&[Learn]),
    ),
    ("GET /learning/media", Access::Needs(&[LearningManage])),
    ("POST /learning/media", Access::Needs(&[LearningManage])),
    (
        "GET /learning/media/{id}/video",
        Access::Needs(&[Learn, LearningManage]),
    ),
    (
        "GET /learning/media/{id}/document",
        Access::Needs(&[Learn, LearningManage]),
    ),
    ("GET /learning/my/courses", Access::Needs(&[Learn])),
    ("GET /learning/my/notes", Access::Needs(&[Learn])),
    ("PUT /learning/my/notes/{id}", Access::Needs(&[Learn])),
    ("DELETE /learning/my/notes/{id}", Access::Needs(&[Learn])),
    ("POST /learning/lessons/{id}/notes", Access::Needs(&[Learn])),
    ("GET /learning/notes", Access::Needs(&[LearningGuide])),
    (
        "POST /learning/notes/{id}/comment",
        Access::Needs(&[LearningGuide]),
    ),
    (
        "GET /learning/requirements",
        Access::Needs(&[LearningManage]),
    ),
    (
        "POST /learning/courses/{id}/requirements",
        Access::Needs(&[LearningManage]),
    ),
    (
        "DELETE /learning/requirements/{id}",
        Access::Needs(&[LearningManage]),
    ),
    (
        "POST /learning/playbacks/{id}/beats",
        Access::Needs(&[Learn]),
    ),
    (
        "GET /learning/playbacks/{id}/presence",
        Access::Needs(&[Learn]),
    ),
    (
        "POST /learning/playbacks/{id}/presence",
        Access::Needs(&[Learn]),
    ),
    (
        "POST /learning/playbacks/{id}/stop",
        Access::Needs(&[Learn]),
    ),
    (
        "POST /learning/courses/{id}/quizzes",
        Access::Needs(&[LearningManage]),
    ),
    ("GET /learning/lessons/{id}/quiz", Access::Needs(&[Learn])),
    ("POST /learning/lessons/{id}/quiz", Access::Needs(&[Learn])),
    ("GET /learning/watch", Access::Needs(&[LearningGuide])),
    ("GET /learning/briefings", Access::Needs(&[LearningGuide])),
    ("POST /learning/briefings", Access::Needs(&[LearningManage])),
    (
        "GET /learning/briefings/{id}",
        Access::Needs(&[LearningGuide]),
    ),
    (
        "GET /learning/briefings/{id}/xlsx",
        Access::Needs(&[LearningGuide]),
    ),
    (
        "GET /learning/briefings/{id}/pdf",
        Access::Needs(&[LearningGuide]),
    ),
    // pool
    (
        "GET /people/{id}/reserve-memberships",
        Access::Needs(&[PeopleRead]),
    ),
    // The membership is looked up first (404), then the pool read and managed.
    (
        "POST /reserve-members/{id}/end",
        Access::Needs(&[PeopleWrite]),
    ),
    // The phase is looked up first (404), then the pool read and managed.
    ("DELETE /reserve-phases/{id}", Access::Needs(&[PeopleWrite])),
    ("GET /reserve-pools", Access::Needs(&[PeopleRead])),
    ("POST /reserve-pools", Access::Needs(&[PeopleWrite])),
    ("GET /reserve-pools/{id}", Access::Needs(&[PeopleRead])),
    // people.read to see the pool, then people.write over its unit (403).
    (
        "POST /reserve-pools/{id}/members",
        Access::Needs(&[PeopleWrite]),
    ),
    (
        "POST /reserve-pools/{id}/phases",
        Access::Needs(&[PeopleWrite]),
    ),
    // rules
    ("GET /rules", Access::Needs(&[ClassRead])),
    ("GET /rules/{kind}", Access::Needs(&[ClassRead])),
    ("PUT /rules/{kind}", Access::Needs(&[ClassApprove])),
    ("POST /rules/{kind}/form", Access::Needs(&[ClassRead])),
    // notices
    ("GET /notices", Access::Needs(&[ClassRead])),
    ("GET /notices/unread", Access::Needs(&[ClassRead])),
    ("POST /notices/read-all", Access::Needs(&[ClassRead])),
    ("POST /notices/{id}/read", Access::Needs(&[ClassRead])),
    // workbench: everyone has one; what it holds depends on their rights
    ("GET /workbench", Access::SignedIn),
    // follow-ups (a tag the document does not declare; the authority's view of credit postings)
    ("GET /follow-ups", Access::Needs(&[ClassApprove])),
    (
        "POST /follow-ups/{id}/retry",
        Access::Needs(&[ClassApprove]),
    ),
    // meta
    ("GET /health", Access::Public),
    // No caller extractor: the vocabularies are served without a session.
    ("GET /vocabularies", Access::Public),
];
