/**
 * The API's types, taken from the generated OpenAPI schema (`npm run gen:api`), so a change on the
 * server that the UI does not follow fails `npm run typecheck`.
 */
import type { components } from './schema'

export type Schemas = components['schemas']

export type ErrorBody = Schemas['ErrorBody']
export type FieldError = Schemas['FieldError']
export type Me = Schemas['Me']
export type RoleLabel = Schemas['RoleLabel']
export type LoginRequest = Schemas['LoginRequest']
export type PasswordChange = Schemas['PasswordChange']
export type Term = Schemas['Term']
export type Vocabularies = Schemas['Vocabularies']
export type Unit = Schemas['Unit']
export type UnitInput = Schemas['UnitInput']
export type UnitPatch = Schemas['UnitPatch']
export type PersonView = Schemas['PersonView']
export type PersonPage = Schemas['Page_PersonView']
export type PersonInput = Schemas['PersonInput']
export type PersonPatch = Schemas['PersonPatch']
export type PersonHistory = Schemas['PersonHistory']
export type PostRecord = Schemas['PostRecord']
export type CategoryRecord = Schemas['CategoryRecord']
export type PersonAsOf = Schemas['PersonAsOf']
export type Revealed = Schemas['Revealed']
export type ImportReport = Schemas['ImportReport']
export type ImportRowReport = Schemas['ImportRowReport']
export type AccountView = Schemas['AccountView']
export type AccountPage = Schemas['AccountPage']
export type NewAccountRequest = Schemas['NewAccountRequest']
export type GrantInput = Schemas['GrantInput']
export type AuditEntry = Schemas['AuditEntry']
export type AuditPage = Schemas['AuditPage']
export type ChainReport = Schemas['ChainReport']
export type ChainProblem = Schemas['ChainProblem']

/** The scope inside an account's grant (the schema says only "object"). */
export interface GrantScope {
  kind: string
  units?: number[]
}

/** `GET /stats/people`: counts for the dashboard. */
export type PeopleStats = Schemas['PeopleStats']

/** `GET /auth/password-policy`: the deployment's profile (等保 or ASVS) and its rules. */
export type PasswordPolicy = Schemas['PasswordPolicyView']

// Training classes (培训班次).
export type ClassRecord = Schemas['ClassRecord']
export type ClassDetail = Schemas['ClassDetail']
export type ClassInput = Schemas['ClassInput']
export type ClassPage = Schemas['ClassPage']
export type ClassSummary = Schemas['ClassSummary']
export type Decision = Schemas['Decision']
export type HeadTeacher = Schemas['RoleHolder']
export type TeachingPlan = Schemas['TeachingPlan']
export type SessionRow = Schemas['SessionRow']
export type SessionInput = Schemas['SessionInput']
export type PlanIssue = Schemas['PlanIssue']
export type Instructor = Schemas['Instructor']
export type InstructorInput = Schemas['InstructorInput']
export type EnrolmentRow = Schemas['EnrolmentRow']
export type EnrolResult = Schemas['EnrolResult']
export type Refused = Schemas['Refused']
export type UnitArrival = Schemas['UnitArrival']
export type ReportPage = Schemas['ReportPage']
export type Narrative = Schemas['Narrative']
export type CertificateRow = Schemas['CertificateRow']
export type Verification = Schemas['Verification']
export type OverdueReport = Schemas['OverdueReport']
export type Notice = Schemas['Notice']
export type RuleDocument = Schemas['RuleDocument']

// Roll call and leave (考勤、请假).
export type RollCall = Schemas['RollCall']
export type RollCallRow = Schemas['RollCallRow']
export type MarkRow = Schemas['MarkRow']
export type MarkInput = Schemas['MarkInput']
export type Opened = Schemas['Opened']
export type SignInCode = Schemas['SignInCode']
export type SignInInput = Schemas['SignInInput']
export type SignInResult = Schemas['SignInResult']
export type LeaveRow = Schemas['LeaveRow']
export type LeaveInput = Schemas['LeaveInput']
export type LeaveDecisionInput = Schemas['LeaveDecisionInput']
export type PendingLeave = Schemas['PendingLeave']
export type SessionLabel = Schemas['SessionLabel']
export type AttendanceReport = Schemas['AttendanceReport']
export type SessionLine = Schemas['SessionLine']
export type TraineeLine = Schemas['TraineeLine']
export type UnitLine = Schemas['UnitLine']

// Annual training plans (年度培训计划).
export type Plan = Schemas['Plan']
export type PlanItem = Schemas['PlanItem']
export type PlanPatch = Schemas['PlanPatch']
export type PlanItemInput = Schemas['ItemInput']

export type AnnualPlanInput = Schemas['AnnualPlanInput']

/** A class's conditions for trainees (the schema says only "object"). */
export interface Eligibility {
  max_age?: number
  min_years_in_post?: number
  categories_any?: string[]
  ranks_any?: string[]
}

/** Something the approver should know about an application (`LATE_APPLICATION`, …). */
export interface RouteFlag {
  code: string
  /** The Chinese explanation, kept beside the code. */
  message?: string
  required_by?: string
  submitted_on?: string
  lead_working_days?: number
  window?: string
  opens?: string
  closes?: string
}

/** The routing decision taken at submission (`ClassRecord.route`). */
export interface ClassRoute {
  rule: string
  approver: string
  file_with?: string | null
  lead_working_days: number
  required_by: string
  flags: RouteFlag[]
}

/** `Decision.detail`: for a submission, the route and its flags with their messages. */
export interface DecisionDetail {
  route?: ClassRoute
  flags?: { code: string; message: string }[]
}

/** `ReportPage.figures`: drafted by the server from the class's own records. */
export interface ReportFigures {
  class?: { title: string; organiser: string; host: string; starts_on: string; ends_on: string; days: number }
  enrolment?: { capacity?: number | null; enrolled: number; waiting: number; removed: number }
  arrival?: { expected: number; arrived: number; rate: string; by_unit: UnitArrival[] }
  teaching?: { sessions: number; class_hours: number; instructors: string[] }
}

// Credits (学分): amounts in hundredths of a credit.
export type Statement = Schemas['Statement']
export type StatementEntry = Schemas['StatementEntry']
export type StatementTotal = Schemas['StatementTotal']
export type EntryRow = Schemas['EntryRow']
export type AwardInput = Schemas['AwardInput']
export type ScoresInput = Schemas['ScoresInput']
export type ResearchInput = Schemas['ResearchInput']
export type SalonInput = Schemas['SalonInput']
export type SchoolTermInput = Schemas['SchoolTermInput']
export type FactRow = Schemas['FactRow']
export type PendingRecord = Schemas['PendingRecord']
export type FactDecided = Schemas['FactDecided']
export type Recorded = Schemas['Recorded']
export type Revocation = Schemas['Revocation']
export type RevocationRow = Schemas['RevocationRow']

/** `FactRow.data` of a research output (the schema says only "object"). */
export interface ResearchData {
  kind?: string
  level?: string
  co_authored?: boolean
  supplement?: boolean
}

// Final grades (结业成绩) and the yearly publication (公示).
export type Reconciled = Schemas['Reconciled']
export type Reevaluated = Schemas['Reevaluated']
export type PreviewInput = Schemas['PreviewInput']
export type Preview = Schemas['Preview']
export type PreviewLine = Schemas['PreviewLine']
export type ComponentScore = Schemas['ComponentScore']
export type PublicationItem = Schemas['PublicationItem']
export type PublishInput = Schemas['PublishInput']
export type Publication = Schemas['Publication']
export type PublishedLine = Schemas['PublishedLine']
export type Objection = Schemas['Objection']
export type ObjectionInput = Schemas['ObjectionInput']
export type AnswerInput = Schemas['AnswerInput']

/** Where a grade component's score comes from. */
export type ComponentSource = 'attendance' | 'exam' | 'assignment' | 'manual'

/** One weighted part of a class's grade (`Grading.scheme.components`; the schema says "object"). */
export interface GradeComponent {
  code: string
  label: string
  /** Percent of the grade; the weights add up to 100. */
  weight: number
  source: ComponentSource
}

/** How excellent trainees (优秀学员) are chosen among those who passed. */
export type ExcellentRule = { top: number } | { top_percent: number } | { at_least: number }

/** A class's grading scheme, as `GET/PUT /classes/{id}/grading` carry it in `scheme`. */
export interface GradingScheme {
  components: GradeComponent[]
  /** Points (on 100) needed to pass. */
  pass_mark: number
  excellent: ExcellentRule
}

/** `Grading` with its scheme typed (the schema says only "object"). */
export interface Grading extends Omit<Schemas['Grading'], 'scheme'> {
  scheme: GradingScheme
}

/** One trainee's line of the grade sheet (scores and total in hundredths of a point). */
export interface GradeLine {
  person_id: number
  name: string
  unit_name: string
  /** Component code → hundredths of a point. */
  scores: Record<string, number>
  /** Components with no score yet (counted as 0). */
  missing: string[]
  total: number
  passed: boolean
  /** 1 for the best; equal totals share a rank. */
  rank: number
  excellent: boolean
}

/** `GET /classes/{id}/grades`, typed (the schema says only "object" for the scheme and lines). */
export interface GradeSheet extends Omit<Schemas['GradeSheet'], 'scheme' | 'lines'> {
  scheme: GradingScheme
  lines: GradeLine[]
}

/** One problem found in an uploaded score sheet (not yet in the OpenAPI schema). */
export interface ScoreImportProblem {
  row: number
  column: string
  code: string
  message: string
}

/** `POST /credits/scores/import`: what a dry run would record, or what was recorded. */
export interface ScoreImportReport {
  recorded: number
  skipped_blank: number
  problems: ScoreImportProblem[]
}

// Training compliance (培训合规): the domain objects the schema types only as "object".
export type ComplianceStatusBody = Schemas['ComplianceStatus']
export type PromotionVerdictBody = Schemas['PromotionVerdict']
export type RuleSetRef = Schemas['RuleSetRef']
export type PromotionCheckInput = Schemas['PromotionCheckInput']

// The compliance dashboard (培训合规总览): counts kept per unit and rule.
export type ComplianceDashboard = Schemas['ComplianceDashboard']
export type ComplianceRuleSummary = Schemas['ComplianceRuleSummary']
export type ComplianceUnitSummary = Schemas['ComplianceUnitSummary']
export type StatusCounts = Schemas['StatusCounts']
export type ComplianceCoverage = Schemas['ComplianceCoverage']
export type ComplianceCoverageUnit = Schemas['ComplianceCoverageUnit']
export type CompliancePeoplePage = Schemas['CompliancePeoplePage']
export type CompliancePersonStatus = Schemas['CompliancePersonStatus']
export type JobRow = Schemas['JobRow']
export type RecomputeStarted = Schemas['RecomputeStarted']

/** `GET /compliance/people` filters. */
export interface CompliancePeopleFilter {
  unit_id?: number
  kind?: string
  rule_id?: string
  /** Comma-separated: `at_risk,not_met`. */
  status?: string
  order?: 'shortfall' | 'untrained'
  page?: number
  per_page?: number
}

/** Where a person stands on a rule. */
export type ComplianceState = 'met' | 'not_met' | 'at_risk'

/** Days and class hours are decimal strings ("12", "0.5"); each present only when the rule asks. */
export interface Figures {
  days?: string
  hours?: string
  times?: number
}

/** The days a result was computed over, both ends included; no start for "ever". */
export interface ComplianceWindow {
  starts_on: string | null
  ends_on: string
}

export interface ExcludedRecord {
  record: number
  reason: string
}

/** One requirement judged for a person. */
export interface RuleResult {
  rule_id: string
  name: string
  /** 法规依据. */
  source: string
  window: ComplianceWindow
  closed: boolean
  met: boolean
  status: ComplianceState
  required: Figures
  done: Figures
  missing: Figures
  certificate?: string
  /** Record (class) ids that counted. */
  counted: number[]
  certificates?: number[]
  excluded: ExcludedRecord[]
  explanation: string
}

export type MakeUpStatus = 'pending' | 'done' | 'overdue' | 'completed_late' | 'not_allowed'

/** A promotion made with a deficit, and its make-up (补训). */
export interface MakeUp {
  promotion: number
  promoted_on: string
  rule_id: string
  name: string
  source: string
  due_on: string | null
  status: MakeUpStatus
  completed_on: string | null
  at_promotion: RuleResult
  now: RuleResult
}

export interface ComplianceReview {
  person: number
  as_of: string
  requirements: RuleResult[]
  make_ups: MakeUp[]
}

/** A training record the reviews speak of (id = class id). */
export interface TrainingRecord {
  id: number
  title: string
  starts_on: string
  ends_on: string
  days: string
  hours: string
  kinds: string[]
  institution: string | null
  recognised: boolean
  privately_arranged: boolean
}

export interface SetReview {
  rules: RuleSetRef
  review: ComplianceReview
}

/** `GET /people/{id}/compliance`, typed. */
export interface ComplianceStatus extends Omit<ComplianceStatusBody, 'sets' | 'records'> {
  sets: SetReview[]
  records: TrainingRecord[]
}

/** One check behind a promotion decision. */
export interface PromotionItem {
  promotion_rule: string
  result: RuleResult
  /** When not met: the day a person promoted anyway must have made it up; absent when no make-up is allowed. */
  make_up_due_on?: string
}

export interface SetPromotionCheck {
  rules: RuleSetRef
  eligible: boolean
  missing: PromotionItem[]
  check: { eligible: boolean; items: PromotionItem[] }
}

/** `POST /people/{id}/promotion-check`, typed. */
export interface PromotionVerdict extends Omit<PromotionVerdictBody, 'sets' | 'records'> {
  sets: SetPromotionCheck[]
  records: TrainingRecord[]
}

// Training archive (培训档案, R-ARC-1) and external training records.
export type TrainingRecordRow = Schemas['TrainingRecordRow']
export type TrainingRecordInput = Schemas['TrainingRecordInput']
export type PendingTrainingRecord = Schemas['PendingTrainingRecord']
export type ArchiveViewBody = Schemas['ArchiveView']
export type ArchiveTraining = Schemas['ArchiveTraining']
export type ArchiveCreditYear = Schemas['ArchiveCreditYear']

/** `GET /people/{id}/archive`, with the compliance review typed. */
export interface ArchiveView extends Omit<ArchiveViewBody, 'compliance'> {
  compliance: ComplianceStatus
}

// Reserve-cadre pool (后备干部资源库, R-POOL-1).
export type PoolRow = Schemas['PoolRow']
export type PoolInput = Schemas['PoolInput']
export type PhaseRow = Schemas['PhaseRow']
export type PhaseInput = Schemas['PhaseInput']
export type MemberRow = Schemas['MemberRow']
export type MemberInput = Schemas['MemberInput']
export type EndInput = Schemas['EndInput']
export type PhaseProgress = Schemas['PhaseProgress']
export type ComplianceBrief = Schemas['ComplianceBrief']
export type UnmetRule = Schemas['UnmetRule']
export type MemberProgress = Schemas['MemberProgress']
export type PoolDetail = Schemas['PoolDetail']

// Certificates and central-group seats (R-CMP-2, R-CMP-4).
export type StandingRow = Schemas['StandingRow']
export type StandingInput = Schemas['StandingInput']
