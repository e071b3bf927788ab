/**
 * Runs before `astro build`: fails the build when the course is inconsistent — a broken
 * or looping prerequisite, two lessons with one order number, a module without a check, a
 * question bank smaller than twice what an attempt asks, duplicate question ids, correct
 * options bunched at one position, a question not linked to a heading of its module's lessons.
 * (Each entry's own schema is checked by Astro's content collections too.)
 */
import path from 'node:path';
import { curriculumErrors } from '../lib/learning/curriculum.ts';
import { questionsAsked } from '../lib/learning/check-policy.ts';
import { bankErrors } from '../lib/learning/question-bank.ts';
import { coursesDir, lessonAnchors, readAllCourses } from '../server/course-files.ts';

let failed = false;
try {
  for (const c of readAllCourses()) {
    const anchors = lessonAnchors(path.join(coursesDir(), c.id));
    const errors = curriculumErrors(c.course, c.lessons, c.checks);
    for (const check of c.checks) {
      const ofModule = c.lessons.filter((l) => l.module === check.module).map((l) => l.id);
      errors.push(...bankErrors(check, new Map(ofModule.map((id) => [id, anchors.get(id) ?? new Set<string>()]))));
    }
    for (const e of errors) console.error(`content/courses/${c.id}: ${e}`);
    if (errors.length) failed = true;
    else {
      console.log(`content/courses/${c.id}: ${c.lessons.length} lessons, ${c.checks.length} checks — consistent`);
      for (const k of c.checks)
        console.log(
          `content/courses/${c.id}: check ${k.id} asks ${questionsAsked(k)} of a bank of ${k.questions.length} questions`,
        );
    }
  }
} catch (e) {
  console.error((e as Error).message);
  failed = true;
}
if (failed) {
  console.error('Content check failed: fix the course before building.');
  process.exit(1);
}
