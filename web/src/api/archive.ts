/** Training archive (培训档案, R-ARC-1): a person's complete record. */
import { download, http } from './client'
import type { Schemas } from './common'

export type ArchiveView = Schemas['ArchiveView']
export type ArchiveTraining = Schemas['ArchiveTraining']
export type ArchiveCreditYear = Schemas['ArchiveCreditYear']

/** 培训档案: a person's complete record, printable and exportable (GB/T 38860). */
export const archiveApi = {
  get: (personId: number) => http.get<ArchiveView>(`/people/${personId}/archive`),
  downloadPdf: (personId: number) => download(`/people/${personId}/archive.pdf`, undefined, `archive-${personId}.pdf`),
  downloadGbt38860: (personId: number) =>
    download(`/people/${personId}/archive/gbt38860`, undefined, `archive-gbt38860-${personId}.json`),
}
