/** One function per API operation the UI uses. */
import { download, http, request, save, send, upload, type Query } from './client'
import type {
  ArchiveView,
  StandingInput,
  StandingRow,
  EndInput,
  MemberInput,
  MemberRow,
  PhaseInput,
  PhaseRow,
  PoolDetail,
  PoolInput,
  PoolRow,
  PendingTrainingRecord,
  TrainingRecordInput,
  TrainingRecordRow,
  AnswerInput,
  ComplianceDashboard,
  CompliancePeopleFilter,
  CompliancePeoplePage,
  JobRow,
  RecomputeStarted,
  ComplianceStatus,
  PromotionCheckInput,
  PromotionVerdict,
  ComponentScore,
  GradeSheet,
  Grading,
  GradingScheme,
  Objection,
  ObjectionInput,
  Preview,
  PreviewInput,
  Publication,
  PublicationItem,
  PublishInput,
  Reconciled,
  Reevaluated,
  ScoreImportReport,
  NewAccountRequest,
  AnnualPlanInput,
  AwardInput,
  EntryRow,
  FactDecided,
  PendingRecord,
  Recorded,
  ResearchInput,
  RevocationRow,
  SalonInput,
  SchoolTermInput,
  ScoresInput,
  Statement,
  AttendanceReport,
  CertificateRow,
  ClassDetail,
  ClassInput,
  ClassPage,
  ClassRecord,
  ClassSummary,
  Decision,
  EnrolmentRow,
  EnrolResult,
  HeadTeacher,
  Instructor,
  InstructorInput,
  LeaveDecisionInput,
  LeaveInput,
  LeaveRow,
  PendingLeave,
  MarkInput,
  MarkRow,
  Narrative,
  Notice,
  Opened,
  OverdueReport,
  Plan,
  PlanItemInput,
  PlanPatch,
  ReportPage,
  RollCall,
  RuleDocument,
  SessionInput,
  SignInCode,
  SignInInput,
  SignInResult,
  TeachingPlan,
  UnitArrival,
  Verification,
  AccountPage,
  AccountView,
  AuditPage,
  ChainReport,
  GrantInput,
  ImportReport,
  Me,
  PasswordPolicy,
  PeopleStats,
  PersonAsOf,
  PersonHistory,
  PersonInput,
  PersonPage,
  PersonPatch,
  PersonView,
  Revealed,
  Unit,
  UnitInput,
  UnitPatch,
  Vocabularies,
} from './types'

export const authApi = {
  /** `oneTimeCode`: the authenticator's six digits or a recovery code, when the account has one. */
  login: (username: string, password: string, oneTimeCode?: string) =>
    http.post<Me>('/auth/login', { username, password, one_time_code: oneTimeCode || null }, { noAuthRedirect: true }),
  me: () => http.get<Me>('/auth/me', undefined, { noAuthRedirect: true }),
  logout: () => http.post<void>('/auth/logout', undefined, { noAuthRedirect: true }),
  changePassword: (old_password: string, new_password: string) =>
    http.post<void>('/auth/password', { old_password, new_password }),
  passwordPolicy: () => http.get<PasswordPolicy>('/auth/password-policy', undefined, { noAuthRedirect: true }),
}

export const metaApi = {
  vocabularies: () => http.get<Vocabularies>('/vocabularies'),
}

export const orgApi = {
  list: (includeInactive = false) => http.get<Unit[]>('/org/units', { include_inactive: includeInactive }),
  create: (input: UnitInput) => http.post<Unit>('/org/units', input),
  update: (id: number, patch: UnitPatch) => http.patch<Unit>(`/org/units/${id}`, patch),
  move: (id: number, parentId: number) => http.post<Unit>(`/org/units/${id}/move`, { parent_id: parentId }),
  deactivate: (id: number) => http.post<Unit>(`/org/units/${id}/deactivate`),
  activate: (id: number) => http.post<Unit>(`/org/units/${id}/activate`),
}

/** The people search parameters, shared by the list, the export and the URL. */
export interface PeopleFilter {
  q?: string
  name?: string
  initials?: string
  id_card?: string
  unit_id?: number
  category?: string
  rank?: string
  include_inactive?: boolean
}

export const peopleApi = {
  search: (filter: PeopleFilter, page: number, pageSize: number) =>
    http.get<PersonPage>('/people', { ...(filter as Query), page, page_size: pageSize }),
  get: (id: number) => http.get<PersonView>(`/people/${id}`),
  create: (input: PersonInput) => http.post<PersonView>('/people', input),
  update: (id: number, patch: PersonPatch) => http.patch<PersonView>(`/people/${id}`, patch),
  history: (id: number) => http.get<PersonHistory>(`/people/${id}/history`),
  asOf: (id: number, date: string) => http.get<PersonAsOf>(`/people/${id}/as-of`, { date }),
  reveal: (id: number, fields: ('id_card' | 'phone')[]) =>
    http.post<Revealed>(`/people/${id}/reveal`, { fields }),
  importFile: async (
    file: Blob,
    options: { dryRun: boolean; updateExisting: boolean },
    onUploaded: (sent: number) => void = () => {},
  ) => {
    const query = { dry_run: options.dryRun, update_existing: options.updateExisting }
    const response = await upload('/people/import', file, query, onUploaded)
    return (await response.json()) as ImportReport
  },
  /** The full report of a dry run of the file, every row, as Excel. */
  importReport: async (file: Blob, options: { updateExisting: boolean }) => {
    const response = await send('POST', '/people/import/report', {
      raw: file,
      query: { update_existing: options.updateExisting },
    })
    await save(response, 'import-report.xlsx')
  },
  downloadTemplate: () => download('/people/import/template', undefined, 'people-template.xlsx'),
  exportXlsx: (filter: PeopleFilter) => download('/people/export', filter as Query, 'people.xlsx'),
}

export const statsApi = {
  /** Counts under `unitId` (default: the top of the caller's scope). */
  people: (unitId?: number) => http.get<PeopleStats>('/stats/people', { unit_id: unitId }),
}

export const accountsApi = {
  list: (page: number, pageSize: number) => http.get<AccountPage>('/accounts', { page, page_size: pageSize }),
  create: (input: NewAccountRequest) => http.post<AccountView>('/accounts', input),
  setGrants: (id: number, grants: GrantInput[]) => http.put<AccountView>(`/accounts/${id}/grants`, { grants }),
  confirmRoles: (id: number) => http.post<AccountView>(`/accounts/${id}/confirm-roles`),
  unlock: (id: number) => http.post<void>(`/accounts/${id}/unlock`),
  resetPassword: (id: number, password: string) =>
    http.post<void>(`/accounts/${id}/reset-password`, { password }),
  deactivate: (id: number) => http.post<void>(`/accounts/${id}/deactivate`),
  activate: (id: number) => http.post<void>(`/accounts/${id}/activate`),
}

export interface AuditFilter {
  actor?: string
  action?: string
  from?: string
  to?: string
}

export const auditApi = {
  list: (filter: AuditFilter, page: number, pageSize: number) =>
    http.get<AuditPage>('/audit', { ...(filter as Query), page, page_size: pageSize }),
  verify: () => http.post<ChainReport>('/audit/verify'),
}

/** The class list's filters, as the API and the address bar take them. */
export interface ClassFilter {
  /** Comma-separated state codes. */
  state?: string
  year?: number
  q?: string
  kind?: string
  unit_id?: number
}

export const classesApi = {
  list: (filter: ClassFilter, page: number, perPage: number) =>
    http.get<ClassPage>('/classes', { ...(filter as Query), page, per_page: perPage }),
  open: () => http.get<ClassSummary[]>('/classes/open'),
  overdueReports: () => http.get<OverdueReport[]>('/classes/reports/overdue'),
  headTeachers: () => http.get<HeadTeacher[]>('/classes/head-teachers'),
  get: (id: number) => http.get<ClassDetail>(`/classes/${id}`),
  create: (input: ClassInput) => http.post<ClassRecord>('/classes', input),
  update: (id: number, input: ClassInput) => http.put<ClassRecord>(`/classes/${id}`, input),
  act: (id: number, action: string, reason = '') => http.post<ClassDetail>(`/classes/${id}/actions`, { action, reason }),
  decisions: (id: number) => http.get<Decision[]>(`/classes/${id}/decisions`),
  teachingPlan: (id: number) => http.get<TeachingPlan>(`/classes/${id}/teaching-plan`),
  saveTeachingPlan: (id: number, version: number, sessions: SessionInput[]) =>
    http.put<TeachingPlan>(`/classes/${id}/teaching-plan`, { version, sessions }),
  roster: (id: number) => http.get<EnrolmentRow[]>(`/classes/${id}/enrolment`),
  enrol: (id: number, personIds: number[], note: string) =>
    http.post<EnrolResult>(`/classes/${id}/enrolment`, { person_ids: personIds, note }),
  removeTrainee: (id: number, personId: number, reason: string) =>
    http.post<{ promoted?: number | null }>(`/classes/${id}/enrolment/${personId}/remove`, { reason }),
  arrival: (id: number) => http.get<UnitArrival[]>(`/classes/${id}/arrival`),
  markArrival: (id: number, marks: { person_id: number; arrived: boolean }[]) =>
    http.post<UnitArrival[]>(`/classes/${id}/arrival`, { marks }),
  sendArrival: (id: number) => http.post<{ notices: number }>(`/classes/${id}/arrival/send`),
  report: (id: number) => http.get<ReportPage>(`/classes/${id}/report`),
  saveReport: (id: number, narrative: Narrative, version: number | null) =>
    http.put<ReportPage>(`/classes/${id}/report`, { narrative, version }),
  submitReport: (id: number, version: number) => http.post<ReportPage>(`/classes/${id}/report/submit`, { version }),
  certificates: (id: number) => http.get<CertificateRow[]>(`/classes/${id}/certificates`),
  issueCertificates: (id: number) => http.post<CertificateRow[]>(`/classes/${id}/certificates`),
  downloadCertificates: (id: number) => download(`/classes/${id}/certificates/pdf`, undefined, `certificates-${id}.pdf`),
  downloadRoster: (id: number, format: 'xlsx' | 'pdf') => download(`/classes/${id}/roster/${format}`, undefined, `roster-${id}.${format}`),
  /** The sign-in sheet of one session (the plan's first when none is given). */
  downloadSignInSheet: (id: number, format: 'xlsx' | 'pdf', sessionId?: number) =>
    download(`/classes/${id}/sign-in-sheet/${format}`, { session_id: sessionId }, `sign-in-${id}.${format}`),
}

/** The sign-in code with the server's clock when it answered (`Date` header), for the countdown. */
export interface TimedSignInCode extends SignInCode {
  /** Milliseconds since the epoch by the server's clock, when the header was there. */
  server_now: number | null
}

export const attendanceApi = {
  rollCall: (classId: number, sessionId: number) =>
    http.get<RollCall>(`/classes/${classId}/sessions/${sessionId}/roll-call`),
  open: (classId: number, sessionId: number) =>
    http.post<Opened>(`/classes/${classId}/sessions/${sessionId}/roll-call/open`),
  code: async (classId: number, sessionId: number): Promise<TimedSignInCode> => {
    const response = await send('GET', `/classes/${classId}/sessions/${sessionId}/roll-call/code`)
    const code = (await response.json()) as SignInCode
    const date = Date.parse(response.headers.get('Date') ?? '')
    return { ...code, server_now: Number.isNaN(date) ? null : date }
  },
  mark: (classId: number, sessionId: number, personId: number, input: MarkInput) =>
    http.put<MarkRow>(`/classes/${classId}/sessions/${sessionId}/marks/${personId}`, input),
  signIn: (input: SignInInput) => http.post<SignInResult>('/attendance/sign-in', input),
  leave: (classId: number) => http.get<LeaveRow[]>(`/classes/${classId}/leave`),
  requestLeave: (classId: number, input: LeaveInput) => http.post<LeaveRow>(`/classes/${classId}/leave`, input),
  decideLeave: (leaveId: number, input: LeaveDecisionInput) => http.post<LeaveRow>(`/leave/${leaveId}/decision`, input),
  cancelLeave: (leaveId: number) => http.post<LeaveRow>(`/leave/${leaveId}/cancel`),
  /** 销假: back early; the sessions not yet begun are no longer leave. */
  returnFromLeave: (leaveId: number) => http.post<LeaveRow>(`/leave/${leaveId}/return`),
  /** Requests waiting for the caller's decision, in every class they decide leave for; oldest first. */
  pendingLeave: () => http.get<PendingLeave[]>('/leave/pending'),
  /** Per session, per trainee and per unit, with rates. */
  report: (classId: number) => http.get<AttendanceReport>(`/classes/${classId}/attendance`),
  downloadReport: (classId: number) => download(`/classes/${classId}/attendance/xlsx`, undefined, `attendance-${classId}.xlsx`),
}

export const instructorsApi = {
  list: () => http.get<Instructor[]>('/instructors'),
  create: (input: InstructorInput) => http.post<Instructor>('/instructors', input),
}

export const plansApi = {
  list: (year?: number, state?: string) => http.get<Plan[]>('/plans', { year, state }),
  get: (id: number) => http.get<Plan>(`/plans/${id}`),
  create: (input: AnnualPlanInput) => http.post<Plan>('/plans', input),
  update: (id: number, patch: PlanPatch) => http.put<Plan>(`/plans/${id}`, patch),
  addItem: (id: number, item: PlanItemInput) => http.post<Plan>(`/plans/${id}/items`, item),
  removeItem: (id: number, itemId: number) => request<Plan>('DELETE', `/plans/${id}/items/${itemId}`),
  submit: (id: number) => http.post<Plan>(`/plans/${id}/submit`),
  decide: (id: number, decision: 'approve' | 'reject', reason = '') =>
    http.post<Plan>(`/plans/${id}/decision`, { decision, reason }),
  revise: (id: number) => http.post<Plan>(`/plans/${id}/revise`),
  decideAddition: (id: number, itemId: number, decision: 'approve' | 'reject', reason = '') =>
    http.post<Plan>(`/plans/${id}/items/${itemId}/decision`, { decision, reason }),
}

/** The rule documents the training authority edits. */
export const RULE_KINDS = [
  'class_routing',
  'holiday_calendar',
  'hour_conversion',
  'class_settings',
  'attendance_settings',
  'credit_rules',
  'school_credit_rules',
  'compliance_national',
  'compliance_county',
  'compliance_org_cadres',
] as const
export type RuleKind = (typeof RULE_KINDS)[number]

export const rulesApi = {
  get: (kind: RuleKind) => http.get<RuleDocument>(`/rules/${kind}`),
  save: (kind: RuleKind, body: string) => http.put<RuleDocument>(`/rules/${kind}`, { body }),
}

export const creditsApi = {
  /** A person's credits with the why of each entry: one year, or every year when none is given. */
  statement: (personId: number, year?: number) => http.get<Statement>(`/people/${personId}/credits`, { year }),
  award: (input: AwardInput) => http.post<EntryRow>('/credits/awards', input),
  /** A reversal naming the revoker and the reason; the entry itself stays, marked reversed. */
  revoke: (entryId: number, reason: string) => http.post<EntryRow>(`/credits/entries/${entryId}/revoke`, { reason }),
  revocations: () => http.get<RevocationRow[]>('/credits/revocations'),
  scores: (input: ScoresInput) => http.post<Recorded>('/credits/scores', input),
  research: (input: ResearchInput) => http.post<Recorded>('/credits/research', input),
  salon: (input: SalonInput) => http.post<Recorded>('/credits/salons', input),
  schoolTerm: (input: SchoolTermInput) => http.post<Recorded>('/credits/school-terms', input),
  pending: () => http.get<PendingRecord[]>('/credits/records/pending'),
  decide: (factId: number, decision: 'approve' | 'reject', reason = '') =>
    http.post<FactDecided>(`/credits/records/${factId}/decision`, { decision, reason }),
  /** Re-evaluates a year under the rule sets now in force: reversals and new entries. */
  reevaluate: (year: number) => request<Reevaluated>('POST', '/credits/reevaluate', { query: { year } }),
  /** Tries a draft rule set on one person's records of a year; nothing is saved. */
  preview: (input: PreviewInput) => http.post<Preview>('/credits/rules/preview', input),
  downloadStatement: (personId: number, year?: number) =>
    download(`/people/${personId}/credits/xlsx`, { year }, `credits-${personId}${year ? `-${year}` : ''}.xlsx`),
  downloadRevocations: () => download('/credits/revocations/xlsx', undefined, 'revocations.xlsx'),
  /** The score sheet to fill in: the class's trainees when a class is given. */
  downloadScoresTemplate: (classId?: number) => download('/credits/scores/template', { class_id: classId }, 'scores-template.xlsx'),
  /** Exam or assignment scores from a filled-in sheet (the file is the body); a dry run saves nothing. */
  importScores: async (
    file: Blob,
    options: { kind: 'exam' | 'assignment'; title: string; date: string; classId?: number; dryRun: boolean },
  ) => {
    const response = await send('POST', '/credits/scores/import', {
      raw: file,
      query: { kind: options.kind, title: options.title, date: options.date, class_id: options.classId, dry_run: options.dryRun },
    })
    return (await response.json()) as ScoreImportReport
  },
}

/** 学分公示: a unit's credits for a year, published; objections until the closing day, answered once. */
export const publicationsApi = {
  /** Publications covering the caller's own unit, newest first. */
  list: () => http.get<PublicationItem[]>('/credits/publications'),
  get: (id: number) => http.get<Publication>(`/credits/publications/${id}`),
  publish: (input: PublishInput) => http.post<Publication>('/credits/publications', input),
  object: (id: number, input: ObjectionInput) => http.post<Objection>(`/credits/publications/${id}/objections`, input),
  answer: (objectionId: number, input: AnswerInput) => http.post<Objection>(`/credits/objections/${objectionId}/answer`, input),
  downloadXlsx: (id: number) => download(`/credits/publications/${id}/xlsx`, undefined, `publication-${id}.xlsx`),
}

/** 结业成绩: a class's grading scheme, hand-entered components and the computed sheet. */
export const gradesApi = {
  sheet: (classId: number) => http.get<GradeSheet>(`/classes/${classId}/grades`),
  scheme: (classId: number) => http.get<Grading>(`/classes/${classId}/grading`),
  saveScheme: (classId: number, scheme: GradingScheme) => http.put<Grading>(`/classes/${classId}/grading`, { scheme }),
  enter: (classId: number, component: string, scores: ComponentScore[]) =>
    http.put<void>(`/classes/${classId}/grades/${encodeURIComponent(component)}`, { scores }),
  downloadXlsx: (classId: number) => download(`/classes/${classId}/grades/xlsx`, undefined, `grades-${classId}.xlsx`),
  /** Posts (again) a finished class's class-hour credits from its roll calls. */
  postCredits: (classId: number) => http.post<Reconciled>(`/classes/${classId}/credits`),
}

/** 培训合规: a person's training status under the rules in force, and the promotion check. */
export const complianceApi = {
  /** Judged as of the end of `asOf` (default: today, China time). */
  status: (personId: number, asOf?: string) => http.get<ComplianceStatus>(`/people/${personId}/compliance`, { as_of: asOf }),
  promotionCheck: (personId: number, input: PromotionCheckInput) =>
    http.post<PromotionVerdict>(`/people/${personId}/promotion-check`, input),
  /** The dashboard of `unitId`'s subtree (default: the top of the caller's scope). */
  dashboard: (unitId?: number) => http.get<ComplianceDashboard>('/compliance/dashboard', { unit_id: unitId }),
  downloadDashboard: (unitId?: number) =>
    download('/compliance/dashboard/xlsx', { unit_id: unitId }, 'compliance.xlsx'),
  people: (filter: CompliancePeopleFilter) => http.get<CompliancePeoplePage>('/compliance/people', filter as Query),
  recompute: () => http.post<RecomputeStarted>('/compliance/recompute'),
  latestRecompute: () => http.get<JobRow | null>('/compliance/recompute'),
}

export const noticesApi = {
  list: () => http.get<Notice[]>('/notices'),
}

/** Pages anyone may open, without signing in. */
export const publicApi = {
  verifyCertificate: (number: string) =>
    http.get<Verification>(`/public/certificates/${encodeURIComponent(number)}`, undefined, { noAuthRedirect: true }),
}

/** External training records (R-ARC-1): entered with evidence, decided by the training authority. */
export const trainingRecordsApi = {
  ofPerson: (personId: number) => http.get<TrainingRecordRow[]>(`/people/${personId}/training-records`),
  create: (personId: number, input: TrainingRecordInput) => http.post<TrainingRecordRow>(`/people/${personId}/training-records`, input),
  pending: () => http.get<PendingTrainingRecord[]>('/training-records/pending'),
  decide: (id: number, decision: 'approve' | 'reject', reason: string) =>
    http.post<TrainingRecordRow>(`/training-records/${id}/decision`, { decision, reason }),
}

/** 培训档案: a person's complete record, printable and exportable (GB/T 38860). */
export const archiveApi = {
  get: (personId: number) => http.get<ArchiveView>(`/people/${personId}/archive`),
  downloadPdf: (personId: number) => download(`/people/${personId}/archive.pdf`, undefined, `archive-${personId}.pdf`),
  downloadGbt38860: (personId: number) =>
    download(`/people/${personId}/archive/gbt38860`, undefined, `archive-gbt38860-${personId}.json`),
}

/** 后备干部资源库: pools kept by a unit, their training phases and members (R-POOL-1). */
export const poolApi = {
  list: () => http.get<PoolRow[]>('/reserve-pools'),
  create: (input: PoolInput) => http.post<PoolRow>('/reserve-pools', input),
  get: (id: number) => http.get<PoolDetail>(`/reserve-pools/${id}`),
  addPhase: (poolId: number, input: PhaseInput) => http.post<PhaseRow>(`/reserve-pools/${poolId}/phases`, input),
  removePhase: (phaseId: number) => request<void>('DELETE', `/reserve-phases/${phaseId}`),
  addMember: (poolId: number, input: MemberInput) => http.post<MemberRow>(`/reserve-pools/${poolId}/members`, input),
  end: (memberId: number, input: EndInput) => http.post<MemberRow>(`/reserve-members/${memberId}/end`, input),
  ofPerson: (personId: number) => http.get<MemberRow[]>(`/people/${personId}/reserve-memberships`),
}

/** 理论水平任职资格证书 and central-group seats: what compliance asks about besides training. */
export const standingsApi = {
  ofPerson: (personId: number) => http.get<StandingRow[]>(`/people/${personId}/standings`),
  create: (personId: number, input: StandingInput) => http.post<StandingRow>(`/people/${personId}/standings`, input),
  revoke: (id: number, reason: string) => http.post<StandingRow>(`/standings/${id}/revoke`, { reason }),
}
