/**
 * Training compliance (培训合规): a person's status, the promotion check, the board, certificates
 * and central-group seats, external training records.
 */
import { download, http, type Query } from './client'
import type { Schemas } from './common'

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

// External training records (R-ARC-1).
export type TrainingRecordRow = Schemas['TrainingRecordRow']
export type TrainingRecordInput = Schemas['TrainingRecordInput']
export type PendingTrainingRecord = Schemas['PendingTrainingRecord']

// Certificates and central-group seats (R-CMP-2, R-CMP-4).
export type StandingRow = Schemas['StandingRow']
export type StandingInput = Schemas['StandingInput']

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

/** External training records (R-ARC-1): entered with evidence, decided by the training authority. */
export const trainingRecordsApi = {
  ofPerson: (personId: number) => http.get<TrainingRecordRow[]>(`/people/${personId}/training-records`),
  create: (personId: number, input: TrainingRecordInput) => http.post<TrainingRecordRow>(`/people/${personId}/training-records`, input),
  pending: () => http.get<PendingTrainingRecord[]>('/training-records/pending'),
  decide: (id: number, decision: 'approve' | 'reject', reason: string) =>
    http.post<TrainingRecordRow>(`/training-records/${id}/decision`, { decision, reason }),
}

/** 理论水平任职资格证书 and central-group seats: what compliance asks about besides training. */
export const standingsApi = {
  ofPerson: (personId: number) => http.get<StandingRow[]>(`/people/${personId}/standings`),
  create: (personId: number, input: StandingInput) => http.post<StandingRow>(`/people/${personId}/standings`, input),
  revoke: (id: number, reason: string) => http.post<StandingRow>(`/standings/${id}/revoke`, { reason }),
}
