/** The organisation's units (组织机构). */
import { download, http, upload } from './client'
import type { Schemas } from './common'

export type Unit = Schemas['Unit']
export type UnitImportReport = Schemas['UnitImportReport']
export type UnitInput = Schemas['UnitInput']
export type UnitPatch = Schemas['UnitPatch']

export const orgApi = {
  list: (includeInactive = false) => http.get<Unit[]>('/org/units', { include_inactive: includeInactive }),
  create: (input: UnitInput) => http.post<Unit>('/org/units', input),
  update: (id: number, patch: UnitPatch) => http.patch<Unit>(`/org/units/${id}`, patch),
  move: (id: number, parentId: number) => http.post<Unit>(`/org/units/${id}/move`, { parent_id: parentId }),
  deactivate: (id: number) => http.post<Unit>(`/org/units/${id}/deactivate`),
  activate: (id: number) => http.post<Unit>(`/org/units/${id}/activate`),
  /** Units in bulk from a list; `dryRun` reports what would happen and writes nothing. */
  importFile: async (file: Blob, dryRun: boolean) => {
    const response = await upload('/org/units/import', file, { dry_run: dryRun }, () => {})
    return (await response.json()) as UnitImportReport
  },
  downloadTemplate: () => download('/org/units/import/template', undefined, 'units-template.xlsx'),
}
