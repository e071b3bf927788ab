/**
 * Progress and gating rules: which lessons and checks are open, how far a trainee is
 * through each module and the course, and where to continue.
 */
import type { Curriculum, ModulePlan } from './curriculum.ts';
import type { LessonMeta } from './schema.ts';

/** What a learner has done so far, as read from the database. */
export interface LearnerState {
  /** Lesson id → when it was completed. */
  completed: Map<string, Date>;
  /** Lesson id → when it was last opened. */
  opened: Map<string, Date>;
  /** Module ids whose knowledge check has been passed. */
  passedChecks: Set<string>;
}

/** A lesson is done, open, or locked behind the prerequisite lessons in `needs`. */
export type LessonStatus = { state: 'done' } | { state: 'open' } | { state: 'locked'; needs: LessonMeta[] };

/**
 * A lesson's status for a learner: done once completed, else open when every prerequisite is completed (an unknown
 * id is locked).
 */
export function lessonStatus(c: Curriculum, s: LearnerState, lessonId: string): LessonStatus {
  if (s.completed.has(lessonId)) return { state: 'done' };
  const lesson = c.lessonById.get(lessonId);
  if (!lesson) return { state: 'locked', needs: [] };
  const needs = lesson.prerequisites.filter((p) => !s.completed.has(p)).map((p) => c.lessonById.get(p)!);
  return needs.length ? { state: 'locked', needs } : { state: 'open' };
}

/** A knowledge check is passed, open, or locked behind the module's lessons in `needs`. */
export type CheckStatus = { state: 'passed' } | { state: 'open' } | { state: 'locked'; needs: LessonMeta[] };

/** A module's check opens once every lesson of the module is complete. */
export function checkStatus(m: ModulePlan, s: LearnerState): CheckStatus {
  if (s.passedChecks.has(m.id)) return { state: 'passed' };
  const needs = m.lessons.filter((l) => !s.completed.has(l.id));
  return needs.length ? { state: 'locked', needs } : { state: 'open' };
}

/** How far a learner is through one module, counting its check as one item. */
export interface ModuleProgress {
  id: string;
  done: number;
  /** Lessons plus the check. */
  total: number;
  percent: number;
  checkPassed: boolean;
}

/** A learner's progress through one module: completed lessons plus the passed check, out of lessons plus check. */
export function moduleProgress(m: ModulePlan, s: LearnerState): ModuleProgress {
  const lessonsDone = m.lessons.filter((l) => s.completed.has(l.id)).length;
  const checkPassed = s.passedChecks.has(m.id);
  const total = m.lessons.length + (m.check ? 1 : 0);
  const done = lessonsDone + (checkPassed ? 1 : 0);
  return { id: m.id, done, total, percent: total ? Math.round((100 * done) / total) : 0, checkPassed };
}

/** A learner's progress through the whole course, summed over the modules. */
export function courseProgress(c: Curriculum, s: LearnerState): { done: number; total: number; percent: number } {
  const parts = c.modules.map((m) => moduleProgress(m, s));
  const done = parts.reduce((a, p) => a + p.done, 0);
  const total = parts.reduce((a, p) => a + p.total, 0);
  return { done, total, percent: total ? Math.round((100 * done) / total) : 0 };
}

/** Where a learner goes next: a lesson (`resumed` when it was opened before), a module's check, or nothing left. */
export type NextItem =
  | { kind: 'lesson'; lesson: LessonMeta; resumed: boolean }
  | { kind: 'check'; module: ModulePlan }
  | { kind: 'finished' };

/**
 * Where to continue: the most recently opened lesson that is open and not complete; else
 * the first open item in course order (a lesson, or a check whose lessons are done).
 */
export function continueWith(c: Curriculum, s: LearnerState): NextItem {
  let recent: { lesson: LessonMeta; at: Date } | null = null;
  for (const l of c.lessons) {
    const at = s.opened.get(l.id);
    if (at && !s.completed.has(l.id) && lessonStatus(c, s, l.id).state === 'open' && (!recent || at > recent.at))
      recent = { lesson: l, at };
  }
  if (recent) return { kind: 'lesson', lesson: recent.lesson, resumed: true };
  for (const m of c.modules) {
    for (const l of m.lessons)
      if (lessonStatus(c, s, l.id).state === 'open') return { kind: 'lesson', lesson: l, resumed: false };
    if (m.check && checkStatus(m, s).state === 'open') return { kind: 'check', module: m };
  }
  return { kind: 'finished' };
}

/** The first locked item in course order and what unlocks it. */
export function nextLocked(c: Curriculum, s: LearnerState): { title: string; needs: LessonMeta[] } | null {
  for (const m of c.modules) {
    for (const l of m.lessons) {
      const st = lessonStatus(c, s, l.id);
      if (st.state === 'locked') return { title: l.title, needs: st.needs };
    }
    if (m.check) {
      const st = checkStatus(m, s);
      if (st.state === 'locked') return { title: m.check.title, needs: st.needs };
    }
  }
  return null;
}

/** Previous and next lessons in course order. */
export function neighbours(c: Curriculum, lessonId: string): { prev: LessonMeta | null; next: LessonMeta | null } {
  const i = c.lessons.findIndex((l) => l.id === lessonId);
  return {
    prev: i > 0 ? c.lessons[i - 1]! : null,
    next: i >= 0 && i < c.lessons.length - 1 ? c.lessons[i + 1]! : null,
  };
}
