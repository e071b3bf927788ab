/** The course from the content collections, assembled once per process. */
import { getCollection } from 'astro:content';
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
