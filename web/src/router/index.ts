import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router'
import { setAuthHandlers, SESSION_CODES } from '@/api/client'
import { can, forget, loadMe, managesPeople, session, type Permission } from '@/stores/session'
import { loadVocabularies } from '@/stores/vocab'
import type { MessageKey } from '@/i18n'
import { resetUnits } from '@/stores/units'
import AdminLayout from '@/layouts/AdminLayout.vue'
import LoginView from '@/views/accounts/LoginView.vue'
import NotFoundView from '@/views/common/NotFoundView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Pages anyone may open (sign-in). */
    public?: boolean
    /** The permission the page needs. */
    permission?: Permission
    /** Permissions of which the page needs one (its parts show by each). */
    anyOf?: Permission[]
    /** Pages for managers of the register, not for accounts that see only themselves. */
    managers?: boolean
    /** Pages for accounts linked to a person. */
    needsPerson?: boolean
    /** The page is allowed while a password change is pending. */
    passwordChange?: boolean
    /** The page is allowed while a required second factor is not set up. */
    secondFactorSetup?: boolean
    /** Menu key of the page's title. */
    title?: string
    /** A detail page: the list it belongs to (a route name) and what the page is, for the trail. */
    trail?: { parent: string; label: MessageKey }
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
  {
    path: '/verify',
    name: 'verify',
    component: () => import('@/views/classes/VerifyView.vue'),
    meta: { public: true },
  },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('@/views/accounts/ChangePasswordView.vue'),
    meta: { passwordChange: true },
  },
  {
    path: '/second-factor/setup',
    name: 'second-factor-setup',
    component: () => import('@/views/second_factor/SecondFactorView.vue'),
    meta: { secondFactorSetup: true },
  },
  // Phone and projector pages stand alone, outside the menu layout.
  {
    // Public: a phone not signed in (or with a first password to replace) has its scan held by
    // the server before going to sign in, since the code expires meanwhile (ADR 0022).
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('@/views/attendance/SignInView.vue'),
    meta: { public: true },
  },
  {
    path: '/classes/:id(\\d+)/sessions/:session(\\d+)/screen',
    name: 'roll-call-screen',
    component: () => import('@/views/attendance/RollCallScreenView.vue'),
    meta: { permission: 'class.run' },
  },
  {
    path: '/',
    component: AdminLayout,
    children: [
      // Not a plain `redirect`: those run before the session is known. This guard runs after it.
      { path: '', name: 'home', component: NotFoundView, beforeEnter: () => homeRoute() },
      {
        path: 'workbench',
        name: 'workbench',
        component: () => import('@/views/workbench/WorkbenchView.vue'),
      },
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/views/dashboard/DashboardView.vue'),
        meta: { permission: 'people.read', managers: true },
      },
      {
        path: 'compliance',
        name: 'compliance-board',
        component: () => import('@/views/compliance/ComplianceBoardView.vue'),
        meta: { permission: 'people.read', managers: true },
      },
      {
        path: 'reserve-pools',
        name: 'reserve-pools',
        component: () => import('@/views/pool/ReservePoolsView.vue'),
        meta: { permission: 'people.read', managers: true },
      },
      {
        path: 'reserve-pools/:id(\\d+)',
        name: 'reserve-pool',
        component: () => import('@/views/pool/ReservePoolView.vue'),
        meta: { trail: { parent: 'reserve-pools', label: 'trail.pool' }, permission: 'people.read', managers: true },
      },
      {
        path: 'org',
        name: 'org',
        component: () => import('@/views/org/OrgView.vue'),
        meta: { permission: 'org.read' },
      },
      {
        path: 'people',
        name: 'people',
        component: () => import('@/views/people/PeopleListView.vue'),
        meta: { permission: 'people.read', managers: true },
      },
      {
        path: 'people/new',
        name: 'person-new',
        component: () => import('@/views/people/PersonEditView.vue'),
        meta: { permission: 'people.write', managers: true },
      },
      {
        path: 'people/:id(\\d+)',
        name: 'person',
        component: () => import('@/views/people/PersonDetailView.vue'),
        meta: { trail: { parent: 'people', label: 'trail.person' }, permission: 'people.read', managers: true },
      },
      {
        path: 'people/:id(\\d+)/edit',
        name: 'person-edit',
        component: () => import('@/views/people/PersonEditView.vue'),
        meta: { trail: { parent: 'people', label: 'trail.personEdit' }, permission: 'people.write', managers: true },
      },
      {
        path: 'me',
        name: 'me',
        component: () => import('@/views/archive/MyRecordView.vue'),
        meta: { needsPerson: true },
      },
      {
        path: 'classes',
        name: 'classes',
        component: () => import('@/views/classes/ClassListView.vue'),
        meta: { permission: 'class.read' },
      },
      {
        path: 'classes/new',
        name: 'class-new',
        component: () => import('@/views/classes/ClassEditView.vue'),
        meta: { permission: 'class.write' },
      },
      {
        path: 'classes/:id(\\d+)',
        name: 'class',
        component: () => import('@/views/classes/ClassDetailView.vue'),
        meta: { trail: { parent: 'classes', label: 'trail.class' }, permission: 'class.read' },
      },
      {
        path: 'classes/:id(\\d+)/edit',
        name: 'class-edit',
        component: () => import('@/views/classes/ClassEditView.vue'),
        meta: { trail: { parent: 'classes', label: 'trail.classEdit' }, permission: 'class.write' },
      },
      {
        path: 'plans',
        name: 'plans',
        component: () => import('@/views/plans/PlanListView.vue'),
        meta: { permission: 'class.read', managers: true },
      },
      {
        path: 'plans/:id(\\d+)',
        name: 'plan',
        component: () => import('@/views/plans/PlanDetailView.vue'),
        meta: { trail: { parent: 'plans', label: 'trail.plan' }, permission: 'class.read', managers: true },
      },
      {
        path: 'reports/overdue',
        name: 'overdue-reports',
        component: () => import('@/views/classes/OverdueReportsView.vue'),
        // Every manager whose workbench counts an overdue report opens the list (the server
        // lists the classes each sees); the authority acts on them, the organisers submit.
        meta: { permission: 'class.read', managers: true },
      },
      {
        path: 'help/:topic?',
        name: 'help',
        component: () => import('@/views/help/HelpView.vue'),
        meta: { title: 'help.title' },
      },
      {
        path: 'rules',
        name: 'rules',
        component: () => import('@/views/rules/RulesView.vue'),
        meta: { permission: 'class.approve' },
      },
      {
        path: 'follow-ups',
        name: 'follow-ups',
        component: () => import('@/views/follow_ups/FollowUpsView.vue'),
        meta: { permission: 'class.approve', title: 'followUps.title' },
      },
      {
        path: 'leave',
        name: 'leave-inbox',
        component: () => import('@/views/attendance/LeaveInboxView.vue'),
        meta: { permission: 'leave.approve' },
      },
      {
        path: 'credits',
        name: 'credits',
        component: () => import('@/views/credits/CreditsView.vue'),
        meta: { anyOf: ['credit.write', 'credit.audit'], managers: true },
      },
      {
        path: 'credits/publications',
        name: 'publications',
        component: () => import('@/views/credits/PublicationsView.vue'),
        meta: { permission: 'credit.audit' },
      },
      {
        // Anyone in the published unit reads it (the server decides); the authority within its scope.
        path: 'credits/publications/:id(\\d+)',
        name: 'publication',
        component: () => import('@/views/credits/PublicationView.vue'),
        meta: { trail: { parent: 'publications', label: 'trail.publication' } },
      },
      {
        path: 'learning/library',
        name: 'learning-library',
        component: () => import('@/views/learning/LearningLibraryView.vue'),
        meta: { permission: 'learning.manage' },
      },
      {
        path: 'learning/library/courses/:id(\\d+)',
        name: 'learning-course',
        component: () => import('@/views/learning/LearningCourseView.vue'),
        meta: { trail: { parent: 'learning-library', label: 'trail.course' }, permission: 'learning.manage' },
      },
      {
        path: 'learning/flags',
        name: 'learning-flags',
        component: () => import('@/views/learning/LearningFlagsView.vue'),
        meta: { permission: 'learning.manage' },
      },
      {
        path: 'learning/watch',
        name: 'learning-watch',
        component: () => import('@/views/learning/LearningWatchView.vue'),
        meta: { permission: 'learning.guide' },
      },
      {
        path: 'learning/briefings',
        name: 'learning-briefings',
        component: () => import('@/views/learning/LearningBriefingsView.vue'),
        meta: { permission: 'learning.guide' },
      },
      {
        path: 'learning/notes',
        name: 'learning-notes',
        component: () => import('@/views/learning/LearningNotesView.vue'),
        meta: { permission: 'learning.guide' },
      },
      {
        path: 'learning',
        name: 'my-learning',
        component: () => import('@/views/learning/MyLearningView.vue'),
        meta: { permission: 'learning.learn', needsPerson: true },
      },
      {
        path: 'learning/courses/:course(\\d+)/lessons/:lesson(\\d+)/quiz',
        name: 'learning-quiz',
        component: () => import('@/views/learning/LessonQuizView.vue'),
        meta: { trail: { parent: 'my-learning', label: 'trail.quiz' }, permission: 'learning.learn', needsPerson: true },
      },
      {
        path: 'learning/courses/:course(\\d+)/lessons/:lesson(\\d+)',
        name: 'learning-lesson',
        component: () => import('@/views/learning/LessonPlayerView.vue'),
        meta: { trail: { parent: 'my-learning', label: 'trail.lesson' }, permission: 'learning.learn', needsPerson: true },
      },
      {
        path: 'notices',
        name: 'notices',
        component: () => import('@/views/notices/NoticesView.vue'),
        meta: { permission: 'class.read', managers: true },
      },
      {
        path: 'accounts/open',
        name: 'open-accounts',
        component: () => import('@/views/accounts/OpenAccountsView.vue'),
        meta: { permission: 'account.open' },
      },
      {
        path: 'system/accounts',
        name: 'accounts',
        component: () => import('@/views/accounts/AccountsView.vue'),
        meta: { permission: 'account.read' },
      },
      {
        path: 'system/audit',
        name: 'audit',
        component: () => import('@/views/audit/AuditView.vue'),
        meta: { permission: 'audit.read' },
      },
      {
        path: 'password',
        name: 'password',
        component: () => import('@/views/accounts/ChangePasswordView.vue'),
        meta: { passwordChange: true },
      },
      {
        path: 'second-factor',
        name: 'second-factor',
        component: () => import('@/views/second_factor/SecondFactorView.vue'),
        meta: { secondFactorSetup: true },
      },
      { path: ':pathMatch(.*)*', name: 'not-found', component: NotFoundView },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

function allowed(meta: RouteRecordRaw['meta']): boolean {
  if (!meta) return true
  if (meta.permission && !can(meta.permission)) return false
  if (meta.anyOf && !meta.anyOf.some((p) => can(p))) return false
  if (meta.managers && !managesPeople.value) return false
  if (meta.needsPerson && session.me?.person_id == null) return false
  return true
}

/** Where an account lands after signing in: the first page its roles open. */
export function homeRoute(): RouteLocationRaw {
  // Suspended roles open nothing: the password page says why (ADR 0004).
  if (session.me?.roles_suspended) return { name: 'password' }
  const order = ['workbench', 'dashboard', 'me', 'org', 'classes', 'accounts', 'audit'] as const
  for (const name of order) {
    const route = router.getRoutes().find((r) => r.name === name)
    if (route && allowed(route.meta)) return { name }
  }
  return { name: 'password' }
}

router.beforeEach(async (to) => {
  if (!session.checked) {
    try {
      await loadMe()
    } catch {
      // The server is unreachable: the sign-in page says so when the user tries.
    }
  }
  if (to.meta.public) {
    if (session.me && to.name === 'login' && !to.query.reason) return homeRoute()
    return true
  }
  if (!session.me) return { name: 'login', query: redirectQuery(to.fullPath) }
  if (session.me.must_change_password && !to.meta.passwordChange) {
    return { name: 'change-password', query: redirectQuery(to.fullPath) }
  }
  if (!session.me.must_change_password && session.me.second_factor_pending && !to.meta.secondFactorSetup) {
    return { name: 'second-factor-setup', query: redirectQuery(to.fullPath) }
  }
  try {
    await loadVocabularies()
  } catch {
    // Labels fall back to codes; the page still works.
  }
  const own = to.matched.every((record) => allowed(record.meta))
  if (!own) return { name: 'not-found', params: { pathMatch: to.path.slice(1).split('/') } }
  return true
})

/** A `redirect` query value that stays on this site (a path, never `//elsewhere`). */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : null
}

function redirectQuery(path: string): Record<string, string> {
  return path && path !== '/' ? { redirect: path } : {}
}

setAuthHandlers({
  sessionLost: (error) => {
    forget()
    resetUnits()
    const current = router.currentRoute.value
    if (current.name === 'login') return
    const reason = (SESSION_CODES as readonly string[]).includes(error.code) ? error.code : 'UNAUTHENTICATED'
    void router.replace({ name: 'login', query: { reason, ...redirectQuery(current.fullPath) } })
  },
  passwordChangeRequired: () => {
    if (session.me) session.me = { ...session.me, must_change_password: true }
    const current = router.currentRoute.value
    if (current.name === 'change-password') return
    void router.replace({ name: 'change-password', query: redirectQuery(current.fullPath) })
  },
  secondFactorSetupRequired: () => {
    if (session.me) session.me = { ...session.me, second_factor_pending: true }
    const current = router.currentRoute.value
    if (current.meta.secondFactorSetup) return
    void router.replace({ name: 'second-factor-setup', query: redirectQuery(current.fullPath) })
  },
})
