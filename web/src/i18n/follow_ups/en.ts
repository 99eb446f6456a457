import type { Widen } from '../types'
import type { followUpsZh } from './zh'

export const followUpsEn: Widen<typeof followUpsZh> = {
  followUps: {
    title: 'Follow-ups',
    hint: 'After a class ends, the system posts its class hours and credits and similar follow-up work by itself; what fails is retried automatically, or you can retry it here at once.',
    empty: 'No follow-up work waiting or failed',
    kind: 'Task',
    subject: 'About',
    state: 'State',
    attempts: 'Attempts',
    nextAttempt: 'Next attempt',
    lastError: 'Last error',
    actions: 'Actions',
    kinds: {
      class_credits: "Posting a class's credits",
      other: 'Other follow-up work',
    },
    states: {
      waiting: 'Waiting',
      retrying: 'Being retried',
      failed: 'Failed',
      other: 'Pending',
    },
    createdBy: 'Started by {by} on {at}',
    createdAt: 'Started on {at}',
    attemptsValue: '{n}',
    noNextAttempt: 'No more automatic attempts',
    none: 'None',
    retry: 'Retry',
    retryConfirm: 'Retry "{kind}: {subject}" now? The attempts are counted from zero again.',
    retried: 'Scheduled again',
  },
}
