/** Final grades (结业成绩). */
import { download, http } from './client'
import type { Schemas } from './common'

export type ComponentScore = Schemas['ComponentScore']

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

/** 结业成绩: a class's grading scheme, hand-entered components and the computed sheet. */
export const gradesApi = {
  sheet: (classId: number) => http.get<GradeSheet>(`/classes/${classId}/grades`),
  scheme: (classId: number) => http.get<Grading>(`/classes/${classId}/grading`),
  saveScheme: (classId: number, scheme: GradingScheme) => http.put<Grading>(`/classes/${classId}/grading`, { scheme }),
  enter: (classId: number, component: string, scores: ComponentScore[]) =>
    http.put<void>(`/classes/${classId}/grades/${encodeURIComponent(component)}`, { scores }),
  downloadXlsx: (classId: number) => download(`/classes/${classId}/grades/xlsx`, undefined, `grades-${classId}.xlsx`),
}
