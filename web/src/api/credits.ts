/**
 * Credits (学分), amounts in hundredths of a credit: the ledger, recorded facts, re-evaluation,
 * revocations, the yearly publication (公示) and its objections.
 */
import { download, http, request, send } from './client'
import type { Schemas } from './common'

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
export type Reconciled = Schemas['Reconciled']

/** `FactRow.data`: a score, a research output, a salon's groups or a school term, by its shape. */
export type FactData = Schemas['FactData']
export type ResearchData = Schemas['ResearchData']

// Re-evaluation, rule previews and the yearly publication (公示).
export type Reevaluated = Schemas['Reevaluated']
export type PreviewInput = Schemas['PreviewInput']
export type Preview = Schemas['Preview']
export type PreviewLine = Schemas['PreviewLine']
export type PublicationItem = Schemas['PublicationItem']
export type PublishInput = Schemas['PublishInput']
export type Publication = Schemas['Publication']
export type PublishedLine = Schemas['PublishedLine']
export type Objection = Schemas['Objection']
export type ObjectionInput = Schemas['ObjectionInput']
export type AnswerInput = Schemas['AnswerInput']

/** `POST /credits/scores/import`: what a dry run would record, or what was recorded. */
export type ScoreImportReport = Schemas['ScoreImportReport']
export type ScoreImportProblem = ScoreImportReport['problems'][number]

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
  /** Posts (again) a finished class's class-hour credits from its roll calls. */
  postClassCredits: (classId: number) => http.post<Reconciled>(`/classes/${classId}/credits`),
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
