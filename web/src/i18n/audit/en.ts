import type { Widen } from '../types'
import type { auditZh } from './zh'

export const auditEn: Widen<typeof auditZh> = {
  audit: {
    title: 'Audit log',
    actor: 'Actor',
    actorPlaceholder: 'Username',
    action: 'Action',
    actionPlaceholder: 'e.g. auth. or person.reveal',
    entity: 'Object',
    time: 'Time',
    timeRange: 'Time range',
    start: 'From',
    end: 'To',
    ip: 'IP address',
    before: 'Before',
    after: 'After',
    verify: 'Verify audit chain',
    verifying: 'Verifying…',
    intact: 'The audit chain is intact: {n} entries, nothing edited, deleted, inserted or reordered.',
    broken: 'The audit chain is broken: {n} problems found',
    headId: 'Head entry',
    problemEdited: 'Entry {id} no longer matches its hash (edited)',
    problemBrokenLink: 'Entry {id} does not follow the one before it (deleted, inserted or moved entries)',
    problemGap: 'Entries between {after} and {next} are missing (deleted)',
    problemHead: 'The chain ends at {last} but the head says {head} (entries at the end deleted or added)',
    noDetail: 'No changes recorded',
  },
}
