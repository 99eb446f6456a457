/** Final grades (结业成绩). */
import { download, http } from './client'
import type { Schemas } from './common'

export type ComponentScore = Schemas['ComponentScore']

export type ComponentSource = Schemas['ComponentSource']
export type GradeComponent = Schemas['GradeComponent']
/** How excellent trainees (优秀学员) are chosen among those who passed. */
export type ExcellentRule = Schemas['ExcellentRule']
export type GradingScheme = Schemas['GradingScheme']
export type Grading = Schemas['Grading']
/** One trainee's line of the grade sheet (scores and total in hundredths of a point). */
export type GradeLine = Schemas['SheetLine']
export type GradeSheet = Schemas['GradeSheet']

/** 结业成绩: a class's grading scheme, hand-entered components and the computed sheet. */
export const gradesApi = {
  sheet: (classId: number) => http.get<GradeSheet>(`/classes/${classId}/grades`),
  scheme: (classId: number) => http.get<Grading>(`/classes/${classId}/grading`),
  saveScheme: (classId: number, scheme: GradingScheme) => http.put<Grading>(`/classes/${classId}/grading`, { scheme }),
  enter: (classId: number, component: string, scores: ComponentScore[]) =>
    http.put<void>(`/classes/${classId}/grades/${encodeURIComponent(component)}`, { scores }),
  downloadXlsx: (classId: number) => download(`/classes/${classId}/grades/xlsx`, undefined, `grades-${classId}.xlsx`),
}
