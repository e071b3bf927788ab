/**
 * Runs before `astro build`: fails the build when the course is inconsistent — a broken
 * or looping prerequisite, two lessons with one order number, a module without a check.
 * (Each entry's own schema is checked by Astro's content collections too.)
 */
import { curriculumErrors } from '../lib/learning/curriculum.ts';
import { readAllCourses } from '../server/course-files.ts';

let failed = false;
try {
  for (const c of readAllCourses()) {
    const errors = curriculumErrors(c.course, c.lessons, c.checks);
    for (const e of errors) console.error(`content/courses/${c.id}: ${e}`);
    if (errors.length) failed = true;
    else console.log(`content/courses/${c.id}: ${c.lessons.length} lessons, ${c.checks.length} checks — consistent`);
  }
} catch (e) {
  console.error((e as Error).message);
  failed = true;
}
if (failed) {
  console.error('Content check failed: fix the course before building.');
  process.exit(1);
}
