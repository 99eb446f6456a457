import type { Messages } from './types'
import { commonEn } from './common/en'
import { accountsEn } from './accounts/en'
import { secondFactorEn } from './second_factor/en'
import { dashboardEn } from './dashboard/en'
import { orgEn } from './org/en'
import { peopleEn } from './people/en'
import { auditEn } from './audit/en'
import { archiveEn } from './archive/en'
import { classesEn } from './classes/en'
import { plansEn } from './plans/en'
import { attendanceEn } from './attendance/en'
import { rulesEn } from './rules/en'
import { helpEn } from './help/en'
import { noticesEn } from './notices/en'
import { creditsEn } from './credits/en'
import { gradesEn } from './grades/en'
import { complianceEn } from './compliance/en'
import { poolEn } from './pool/en'
import { followUpsEn } from './follow_ups/en'
import { learningEn } from './learning/en'
import { workbenchEn } from './workbench/en'
import { enrolmentEn } from './enrolment/en'

/** English. Must have exactly the keys of the Chinese dictionary (the compiler checks). */
const en: Messages = {
  ...commonEn,
  ...accountsEn,
  ...secondFactorEn,
  ...dashboardEn,
  ...orgEn,
  ...peopleEn,
  ...auditEn,
  ...archiveEn,
  ...classesEn,
  ...plansEn,
  ...attendanceEn,
  ...rulesEn,
  ...helpEn,
  ...noticesEn,
  ...creditsEn,
  ...gradesEn,
  ...complianceEn,
  ...poolEn,
  ...followUpsEn,
  ...learningEn,
  ...workbenchEn,
  ...enrolmentEn,
}

export default en
