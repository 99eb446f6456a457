import type { Widen } from '../types'
import type { workbenchZh } from './zh'

/** The workbench: what waits on the home page. */
export const workbenchEn: Widen<typeof workbenchZh> = {
  workbench: {
    title: 'Workbench',
    mine: 'To do',
    statistics: 'Cadre statistics',
    hint: 'What waits for you; overdue and longest-waiting work first.',
    empty: 'Nothing waits for you now',
    act: 'Handle',
    open: 'Open',
    waitingSince: 'The oldest came in on {date}',
    overdue: 'Overdue',
    kinds: {
      reports_overdue: 'Performance reports overdue',
      classes_to_decide: 'Classes to approve or file',
      plans_to_decide: 'Annual training plans to approve',
      leave_to_decide: 'Leave requests to decide',
      records_to_review: 'Credit records to review',
      training_records_to_review: 'External training records to approve',
      objections_to_answer: 'Objections to credit publications',
      follow_ups_failed: 'Credit postings not done',
      people_at_risk: 'People missing or at risk of missing a rule',
      learning_flags: 'Online learning anomalies to review',
      notices_unread: 'Unread notices',
      my_lessons: 'Required online courses this year',
    },
    details: {
      reports_overdue: '{n} classes have not submitted their performance report; the latest is {days} days overdue',
      classes_to_decide: '{n} classes submitted, waiting for approval or filing',
      plans_to_decide: '{n} annual plans submitted, waiting for approval',
      leave_to_decide: '{n} leave requests waiting for a decision',
      records_to_review: '{n} credit records waiting for review; they count once approved',
      training_records_to_review: '{n} records of training elsewhere waiting for approval; they count once approved',
      objections_to_answer: '{n} objections waiting for an answer',
      follow_ups_failed: '{n} credit postings failed several times and need a retry',
      people_at_risk: '"{rule}": {notMet} not met, {atRisk} at risk',
      learning_flags: '{n} suspicious learning records waiting for review (never punished automatically)',
      notices_unread: '{n} class opening, arrival and attendance notices not read',
      my_lessons: '{n} required lessons left',
      my_lessons_done: 'Every required lesson is done',
      my_lessons_none: 'No required courses assigned this year yet',
      hours_owed: '; {hours} class hours short of the yearly online requirement',
    },
  },
}
