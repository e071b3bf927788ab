/** The course from the content collections, assembled once per process. */
import { getCollection, getEntry, render } from 'astro:content';
import { buildCurriculum, curriculumErrors, type Curriculum } from '../lib/learning/curriculum.ts';
import type { Check } from '../lib/learning/schema.ts';

let cached: Promise<Curriculum & { checks: Map<string, Check> }> | undefined;

/** The (single) course. Its consistency was checked at build time; re-checked here as a guard. */
export function getCurriculum(): Promise<Curriculum & { checks: Map<string, Check> }> {
  cached ??= (async () => {
    const [courses, lessonEntries, checkEntries] = await Promise.all([
      getCollection('courses'),
      getCollection('lessons'),
      getCollection('checks'),
    ]);
    const course = courses[0];
    if (!course) throw new Error('No course in content/courses.');
    const lessons = lessonEntries.map((e) => ({ id: e.id, ...e.data }));
    const checks = checkEntries.map((e) => ({ id: e.id, ...e.data }));
    const errors = curriculumErrors(course.data, lessons, checks);
    if (errors.length) throw new Error(`The course is inconsistent: ${errors.join('; ')}`);
    return { ...buildCurriculum(course.data, lessons, checks), checks: new Map(checks.map((c) => [c.module, c])) };
  })();
  return cached;
}

/** What `render()` gives for a lesson's MDX: its component and headings. */
export type RenderedLesson = Awaited<ReturnType<typeof render>>;

const renderedLessons = new Map<string, Promise<RenderedLesson | null>>();

/**
 * A lesson's rendered MDX (component and headings), or null for an unknown id. The same for
 * every reader and fixed at build, so in the built server it is loaded once per lesson and
 * kept (the dev server renders it afresh, so edits show).
 */
export function renderedLesson(id: string): Promise<RenderedLesson | null> {
  const load = async () => {
    const entry = await getEntry('lessons', id);
    return entry ? render(entry) : null;
  };
  if (!import.meta.env.PROD) return load();
  let rendered = renderedLessons.get(id);
  if (!rendered) {
    rendered = load();
    renderedLessons.set(id, rendered);
    rendered.catch(() => renderedLessons.delete(id));
  }
  return rendered;
}
