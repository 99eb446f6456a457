/**
 * The cadre register (干部信息): search, records, history, import and export, and the counts the
 * dashboard shows.
 */
import { download, http, save, send, upload, type Query } from './client'
import type { QueryOf, Schemas } from './common'

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
export type ImportColumns = Schemas['ImportColumns']
/**
 * What the officer decided after looking at the file, sent as the `choices` query (JSON): the
 * column mapping (kept for their unit once imported) and the units chosen for unit names that
 * matched none exactly. The server's `ImportChoices`.
 */
export type ImportChoices = {
  mapping?: { header: string; field: string | null }[] | null
  unit_choices?: { name: string; unit_id: number }[]
}
export type UnitNameMatch = Schemas['UnitNameMatch']
export type UnitRef = Schemas['UnitRef']

/** `GET /stats/people`: counts for the dashboard. */
export type PeopleStats = Schemas['PeopleStats']

/** The people search parameters, shared by the list, the export and the URL (the page is chosen apart). */
export type PeopleFilter = Omit<QueryOf<'search_people'>, 'page' | 'page_size'>

export const peopleApi = {
  search: (filter: PeopleFilter, page: number, pageSize: number) =>
    http.get<PersonPage>('/people', { ...(filter as Query), page, page_size: pageSize }),
  get: (id: number) => http.get<PersonView>(`/people/${id}`),
  create: (input: PersonInput) => http.post<PersonView>('/people', input),
  update: (id: number, patch: PersonPatch) => http.patch<PersonView>(`/people/${id}`, patch),
  history: (id: number) => http.get<PersonHistory>(`/people/${id}/history`),
  asOf: (id: number, date: string) => http.get<PersonAsOf>(`/people/${id}/as-of`, { date }),
  reveal: (id: number, fields: ('id_card' | 'phone')[]) =>
    http.post<Revealed>(`/people/${id}/reveal`, { fields }),
  /** The file's header row, each column with the field it would be read as (the unit's last mapping first). */
  columns: async (file: Blob) => {
    const response = await send('POST', '/people/import/columns', { raw: file })
    return (await response.json()) as ImportColumns
  },
  importFile: async (
    file: Blob,
    options: { dryRun: boolean; updateExisting: boolean; choices?: ImportChoices },
    onUploaded: (sent: number) => void = () => {},
  ) => {
    const query = {
      dry_run: options.dryRun,
      update_existing: options.updateExisting,
      choices: options.choices ? JSON.stringify(options.choices) : undefined,
    }
    const response = await upload('/people/import', file, query, onUploaded)
    return (await response.json()) as ImportReport
  },
  /** The full report of a dry run of the file, every row, as Excel. */
  importReport: async (file: Blob, options: { updateExisting: boolean; choices?: ImportChoices }) => {
    const response = await send('POST', '/people/import/report', {
      raw: file,
      query: {
        update_existing: options.updateExisting,
        choices: options.choices ? JSON.stringify(options.choices) : undefined,
      },
    })
    await save(response, 'import-report.xlsx')
  },
  downloadTemplate: () => download('/people/import/template', undefined, 'people-template.xlsx'),
  exportXlsx: (filter: PeopleFilter) => download('/people/export', filter as Query, 'people.xlsx'),
}

export const statsApi = {
  /** Counts under `unitId` (default: the top of the caller's scope). */
  people: (unitId?: number) => http.get<PeopleStats>('/stats/people', { unit_id: unitId }),
}
