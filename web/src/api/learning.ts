/** Online learning (网络学习, issue 16): the course library, the learner's courses, playbacks. */
import { API_BASE, download, http, request, upload } from './client'
import type { Schemas } from './common'

export type MediaView = Schemas['MediaView']
export type CourseInput = Schemas['CourseInput']
export type CourseStateInput = Schemas['CourseStateInput']
export type CourseView = Schemas['CourseView']
export type LessonInput = Schemas['LessonInput']
export type LessonView = Schemas['LessonView']
export type PlaybackView = Schemas['PlaybackView']
export type BeatInput = Schemas['BeatInput']
export type BeatView = Schemas['BeatView']
export type PresenceInput = Schemas['PresenceInput']
export type PresenceView = Schemas['PresenceView']
export type FlagView = Schemas['FlagView']
export type ReviewInput = Schemas['ReviewInput']
export type MyLearningView = Schemas['MyLearningView']
export type RequirementInput = Schemas['RequirementInput']
export type RequirementView = Schemas['RequirementView']
export type NoteInput = Schemas['NoteInput']
export type NoteEditInput = Schemas['NoteEditInput']
export type NoteView = Schemas['NoteView']
export type CommentInput = Schemas['CommentInput']
export type QuizInput = Schemas['QuizInput']
export type QuestionInput = Schemas['QuestionInput']
export type QuizView = Schemas['QuizView']
export type SheetInput = Schemas['SheetInput']
export type LearningWatch = Schemas['LearningWatch']
export type WatchFigures = Schemas['WatchFigures']
export type WatchGroup = Schemas['WatchGroup']
export type Laggard = Schemas['Laggard']
export type LearningNow = Schemas['LearningNow']
export type BriefingView = Schemas['BriefingView']
export type BriefingDetail = Schemas['BriefingDetail']
export type MakeBriefingInput = Schemas['MakeBriefingInput']

/** Whom a required course may be assigned to (必修对象), in the order the form offers them. */
export const AUDIENCES = ['everyone', 'category', 'unit', 'class', 'person'] as const

/** The course categories the server knows (课程分类), in the order the forms offer them. */
export const COURSE_CATEGORIES = ['theory', 'policy', 'professional', 'general'] as const

/**
 * 网络学习: videos and courses for the library's keepers (`learning.manage`), published courses
 * and playbacks for learners (`learning.learn`). The server measures every video and counts
 * every second; the page only reports where the playhead is.
 */
export const learningApi = {
  /** The library's videos, newest first. */
  media: () => http.get<MediaView[]>('/learning/media'),
  /** Uploads a video (MP4, H.264) or a PDF as the raw body; the server reads a video's length and a document's pages from the file. */
  uploadMedia: async (file: File, onProgress: (sent: number) => void = () => {}) => {
    const response = await upload('/learning/media', file, { filename: file.name }, onProgress)
    return (await response.json()) as MediaView
  },
  /** Where a video streams from (range requests; the session cookie goes along). */
  videoUrl: (mediaId: number) => `${API_BASE}/learning/media/${mediaId}/video`,
  /** Where a document (PDF) is read from, the same way. */
  documentUrl: (mediaId: number) => `${API_BASE}/learning/media/${mediaId}/document`,

  /** The library's courses (drafts, published, retired), newest first, searched by words, category, state. */
  courses: (search: { q?: string; category?: string; state?: string } = {}) =>
    http.get<CourseView[]>('/learning/courses', Object.fromEntries(Object.entries(search).filter(([, v]) => v))),
  createCourse: (input: CourseInput) => http.post<CourseView>('/learning/courses', input),
  course: (id: number) => http.get<CourseView>(`/learning/courses/${id}`),
  /** Adds a lesson at the end of a draft course. */
  addLesson: (courseId: number, input: LessonInput) => http.post<CourseView>(`/learning/courses/${courseId}/lessons`, input),
  /** Adds a quiz at the end of a draft course. */
  addQuiz: (courseId: number, input: QuizInput) => http.post<CourseView>(`/learning/courses/${courseId}/quizzes`, input),
  /** A quiz lesson's questions (never its answers) and the caller's sittings. */
  quiz: (lessonId: number) => http.get<QuizView>(`/learning/lessons/${lessonId}/quiz`),
  /** Sits a quiz: the chosen options of each question, in order. */
  sitQuiz: (lessonId: number, input: SheetInput) => http.post<QuizView>(`/learning/lessons/${lessonId}/quiz`, input),
  /** `publish` a draft, `retire` a published course. */
  setState: (courseId: number, input: CourseStateInput) => http.post<CourseView>(`/learning/courses/${courseId}/state`, input),

  /** The assignments of required courses (必修) of a year. */
  requirements: (year: number) => http.get<RequirementView[]>('/learning/requirements', { year }),
  /** Makes a course required of everyone, a category, a unit, a class's trainees or a person. */
  addRequirement: (courseId: number, input: RequirementInput) =>
    http.post<RequirementView>(`/learning/courses/${courseId}/requirements`, input),
  removeRequirement: (id: number) => http.delete<void>(`/learning/requirements/${id}`),

  /** The caller's year: published courses (required first) with their progress, and the hours. */
  myCourses: () => http.get<MyLearningView>('/learning/my/courses'),
  /** The caller's own notes and reflections, of one lesson when given. */
  myNotes: (lessonId?: number) => http.get<NoteView[]>('/learning/my/notes', lessonId == null ? {} : { lesson_id: lessonId }),
  writeNote: (lessonId: number, input: NoteInput) => http.post<NoteView>(`/learning/lessons/${lessonId}/notes`, input),
  editNote: (id: number, input: NoteEditInput) => http.put<NoteView>(`/learning/my/notes/${id}`, input),
  deleteNote: (id: number) => http.delete<void>(`/learning/my/notes/${id}`),
  /** Notes of the learners the caller guides (`waiting`: not yet commented on). */
  notesToRead: (waiting: boolean, kind?: string) =>
    http.get<NoteView[]>('/learning/notes', kind ? { waiting, kind } : { waiting }),
  commentNote: (id: number, input: CommentInput) => http.post<NoteView>(`/learning/notes/${id}/comment`, input),
  /** Starts playing a lesson: where to begin and how often to report. */
  start: (lessonId: number) => http.post<PlaybackView>(`/learning/lessons/${lessonId}/playbacks`),
  /** A heartbeat: the server answers what it credited (`keepalive` for the last one as the page goes). */
  beat: (playbackId: number, input: BeatInput, keepalive = false) =>
    http.post<BeatView>(`/learning/playbacks/${playbackId}/beats`, input, { keepalive }),
  /** The waiting presence check's code as a picture (SVG); `draw` asks for a fresh drawing. */
  presenceImageUrl: (playbackId: number, draw: number) => `${API_BASE}/learning/playbacks/${playbackId}/presence?draw=${draw}`,
  answerPresence: (playbackId: number, input: PresenceInput) =>
    http.post<PresenceView>(`/learning/playbacks/${playbackId}/presence`, input),
  /** Signs that learning may not have been a person at a screen, newest first (`open`: not yet reviewed). */
  flags: (open: boolean) => http.get<FlagView[]>('/learning/flags', { open }),
  /** Marks a flag reviewed with what the reviewer found. */
  reviewFlag: (id: number, input: ReviewInput) => http.post<void>(`/learning/flags/${id}/review`, input),
  /** The live view of a unit and those below it, or of a class's trainees. */
  watch: (scope: { unit_id?: number; class_id?: number }) => http.get<LearningWatch>('/learning/watch', scope),
  /** The half-monthly statistics and monthly briefings the caller reads, newest first. */
  briefings: (kind?: string) => http.get<BriefingView[]>('/learning/briefings', kind ? { kind } : {}),
  briefing: (id: number) => http.get<BriefingDetail>(`/learning/briefings/${id}`),
  /** Makes the briefing of an ended period the schedule missed. */
  makeBriefing: (input: MakeBriefingInput) => http.post<BriefingView>('/learning/briefings', input),
  downloadBriefing: (id: number, format: 'xlsx' | 'pdf') =>
    download(`/learning/briefings/${id}/${format}`, undefined, `briefing.${format}`),
  /** Ends the playback; sent so that it survives the page being closed. */
  stop: (playbackId: number) => request<void>('POST', `/learning/playbacks/${playbackId}/stop`, { keepalive: true }),
}
