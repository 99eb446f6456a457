/**
 * Training classes (培训班次): application and approval, enrolment, arrival, teaching plan and
 * instructors, the closing report, certificates and their public check.
 */
import { download, http, type Query } from './client'
import type { QueryOf, Schemas } from './common'

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

/** A class's conditions for trainees. */
export type Eligibility = Schemas['EligibilityConditions']

/** Something the approver should know about an application (`LATE_APPLICATION`, …). */
export type RouteFlag = Schemas['RouteFlag']
/** The routing decision taken at submission (`ClassRecord.route`). */
export type ClassRoute = Schemas['ClassRoute']
/** `Decision.detail`: for a submission the route, for a report whether it came late. */
export type DecisionDetail = Schemas['DecisionDetail']

/** `ReportPage.figures`: drafted by the server from the class's own records. */
export type ReportFigures = Schemas['ReportFigures']

/** The class list's filters, as the API and the address bar take them (the page is chosen apart). */
export type ClassFilter = Omit<QueryOf<'list_classes'>, 'page' | 'per_page'>

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

export const instructorsApi = {
  list: () => http.get<Instructor[]>('/instructors'),
  create: (input: InstructorInput) => http.post<Instructor>('/instructors', input),
}

/** Pages anyone may open, without signing in. */
export const publicApi = {
  verifyCertificate: (number: string) =>
    http.get<Verification>(`/public/certificates/${encodeURIComponent(number)}`, undefined, { noAuthRedirect: true }),
}
