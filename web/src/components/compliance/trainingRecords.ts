/** The kinds of external training and institutions the server accepts (`ExternalKind`, `Institution`). */
export const EXTERNAL_KINDS = ['party_school_elsewhere', 'study_abroad', 'degree_study', 'secondment', 'self_study', 'online', 'central_group_study', 'other'] as const
export const INSTITUTION_TYPES = ['party_school', 'administrative_college', 'cadre_college', 'training_institution'] as const

/** 待审核 grey-orange, 已认可 green, 未认可 red. */
export const STATE_TAGS = { pending: 'warning', approved: 'success', rejected: 'danger' } as const
export type RecordState = keyof typeof STATE_TAGS
