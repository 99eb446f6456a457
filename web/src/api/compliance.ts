/**
 * Training compliance (培训合规): a person's status, the promotion check, the board, certificates
 * and central-group seats, external training records.
 */
import { download, http, type Query } from './client'
import type { QueryOf, Schemas } from './common'

// Training compliance (培训合规).
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
export type CompliancePeopleFilter = QueryOf<'people'>

// The reviews, as the domain's evaluator writes them.
export type ComplianceState = Schemas['ComplianceState']
export type Figures = Schemas['Figures']
export type ComplianceWindow = Schemas['Window']
export type ExcludedRecord = Schemas['Excluded']
export type RuleResult = Schemas['RuleResult']
export type MakeUpStatus = Schemas['MakeUpStatus']
export type MakeUp = Schemas['MakeUp']
export type ComplianceReview = Schemas['Review']
/** A training record the reviews speak of (id = class id, or an external record's id negated). */
export type TrainingRecord = Schemas['RecordView']
export type SetReview = Schemas['SetReview']
export type ComplianceStatus = Schemas['ComplianceStatus']
export type PromotionItem = Schemas['PromotionItem']
export type SetPromotionCheck = Schemas['SetPromotionCheck']
export type PromotionVerdict = Schemas['PromotionVerdict']

// External training records (R-ARC-1).
export type TrainingRecordRow = Schemas['TrainingRecordRow']
export type TrainingRecordInput = Schemas['TrainingRecordInput']
export type PendingTrainingRecord = Schemas['PendingTrainingRecord']

// Certificates and central-group seats (R-CMP-2, R-CMP-4).
export type StandingRow = Schemas['StandingRow']
export type StandingInput = Schemas['StandingInput']

/** 培训合规: a person's training status under the rules in force, and the promotion check. */
/** What a draft compliance rule set would change. */
export type CompliancePreview = Schemas['CompliancePreview']

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
  /** Who a draft rule set of `kind` would affect, judged today; nothing is saved. */
  previewRules: (kind: string, body: string) => http.post<CompliancePreview>('/compliance/rules/preview', { kind, body }),
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
