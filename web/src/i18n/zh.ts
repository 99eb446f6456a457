import { commonZh } from './common/zh'
import { accountsZh } from './accounts/zh'
import { secondFactorZh } from './second_factor/zh'
import { dashboardZh } from './dashboard/zh'
import { orgZh } from './org/zh'
import { peopleZh } from './people/zh'
import { auditZh } from './audit/zh'
import { archiveZh } from './archive/zh'
import { classesZh } from './classes/zh'
import { plansZh } from './plans/zh'
import { attendanceZh } from './attendance/zh'
import { rulesZh } from './rules/zh'
import { helpZh } from './help/zh'
import { noticesZh } from './notices/zh'
import { creditsZh } from './credits/zh'
import { gradesZh } from './grades/zh'
import { complianceZh } from './compliance/zh'
import { poolZh } from './pool/zh'
import { followUpsZh } from './follow_ups/zh'
import { learningZh } from './learning/zh'
import { workbenchZh } from './workbench/zh'
import { enrolmentZh } from './enrolment/zh'

/** Simplified Chinese: the default language and the shape every other language must match. */
const zh = {
  ...commonZh,
  ...accountsZh,
  ...secondFactorZh,
  ...dashboardZh,
  ...orgZh,
  ...peopleZh,
  ...auditZh,
  ...archiveZh,
  ...classesZh,
  ...plansZh,
  ...attendanceZh,
  ...rulesZh,
  ...helpZh,
  ...noticesZh,
  ...creditsZh,
  ...gradesZh,
  ...complianceZh,
  ...poolZh,
  ...followUpsZh,
  ...learningZh,
  ...workbenchZh,
  ...enrolmentZh,
} as const

export default zh
