/** Roll call and leave (考勤、请假). */
import { download, http, send } from './client'
import type { Schemas } from './common'

export type RollCall = Schemas['RollCall']
export type RollCallRow = Schemas['RollCallRow']
export type MarkRow = Schemas['MarkRow']
export type MarkInput = Schemas['MarkInput']
export type Opened = Schemas['Opened']
export type SignInCode = Schemas['SignInCode']
export type SignInInput = Schemas['SignInInput']
export type SignInResult = Schemas['SignInResult']
export type ScanInput = Schemas['ScanInput']
export type ScanHeld = Schemas['ScanHeld']
export type LeaveRow = Schemas['LeaveRow']
export type LeaveInput = Schemas['LeaveInput']
export type LeaveDecisionInput = Schemas['LeaveDecisionInput']
export type PendingLeave = Schemas['PendingLeave']
export type SessionLabel = Schemas['SessionLabel']
export type AttendanceReport = Schemas['AttendanceReport']
export type SessionLine = Schemas['SessionLine']
export type TraineeLine = Schemas['TraineeLine']
export type UnitLine = Schemas['UnitLine']
export type MyTimetable = Schemas['MyTimetable']
export type MyClass = Schemas['MyClass']
export type MySession = Schemas['MySession']

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
  /** A scan checked now and held while the trainee signs in (no session needed). */
  holdScan: (input: ScanInput) => http.post<ScanHeld>('/attendance/scans', input, { noAuthRedirect: true }),
  /** The caller's own classes and sessions from today on: sign-in, own marks, own leave. */
  mine: () => http.get<MyTimetable>('/attendance/mine'),
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
