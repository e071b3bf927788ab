/**
 * Sample work for the demo academy, made through the real domain functions (scorer,
 * grading, compliance): a trainee who is ready for certification and one whose canvas is
 * waiting for review. Also used by tests to arrange a ready trainee.
 */
import type { Queryable } from '../../../db/client.ts';
import { checkAttempts, lessonProgress } from '../../../db/schema.ts';
import { questionsAsked } from '../../lib/learning/check-policy.ts';
import { buildCurriculum } from '../../lib/learning/curriculum.ts';
import { naturalPattern, naturalWithSoftEdge, seededRng } from '../../lib/drill/patterns.ts';
import { defaultRubric } from '../../lib/grading/rubric.ts';
import type { StoredDot } from '../../lib/drill/dots.ts';
import type { Template } from '../../lib/drill/template.ts';
import { addComplianceRecord } from '../compliance.ts';
import { readAllCourses } from '../course-files.ts';
import { submitAttempt } from '../drill-attempts.ts';
import { passedTemplateIds } from '../drill-path.ts';
import { claimAttempt, submitReview } from '../grading.ts';
import type { CourseShape } from '../../lib/certification/requirements.ts';
import { listTemplates, loadTemplate } from '../templates.ts';

function curriculum() {
  const files = readAllCourses()[0]!;
  return buildCurriculum(files.course, files.lessons, files.checks);
}

/** The course and templates as certification rules see them, read from the content files (no Astro runtime). */
export function demoCourseShape(): CourseShape {
  const files = readAllCourses()[0]!;
  return {
    lessonIds: files.lessons.map((l) => l.id),
    checkIds: files.checks.map((c) => c.module),
    templateNames: new Map(listTemplates().map((t) => [t.id, t.name])),
  };
}

function templateOrThrow(id: string): Template {
  const t = loadTemplate(id);
  if (!t) throw new Error(`content/templates/${id}.json is missing`);
  return t;
}

/** A canvas as a trainee would leave it: dots in placement order, about 0.7 s apart. */
function canvas(t: Template, xs: number[], ys: number[]): StoredDot[] {
  return xs.map((x, k) => [
    Math.round(x * 1000) / 1000,
    Math.round(ys[k]! * 1000) / 1000,
    k * 700,
    t.impressionDiameterMm,
  ]);
}

/** Marks lessons complete and checks passed for the first `modules` modules (all by default), a few days ago. */
export function completeCourse(
  db: Queryable,
  userId: number,
  modules = Infinity,
  now = new Date(Date.now() - 3 * 86_400_000),
): void {
  const course = curriculum();
  course.modules.slice(0, modules).forEach((m) => {
    for (const l of m.lessons)
      db.insert(lessonProgress)
        .values({ userId, lessonId: l.id, firstOpenedAt: now, lastOpenedAt: now, completedAt: now })
        .run();
    const total = m.check ? questionsAsked(m.check) : 0;
    db.insert(checkAttempts)
      .values({ userId, checkId: m.id, answers: {}, correct: total, total, score: 100, passed: true, createdAt: now })
      .run();
  });
}

/** The template each level of the drill path is passed on by `passDrillPath` (level 1 the patch, level 2 the whorl). */
export const PATH_TEMPLATES: Readonly<Record<number, string>> = { 1: 'patch-square', 2: 'segment-whorl' };

/**
 * Opens the drill path up to `upToLevel` for a trainee in an academy, as the trainee and an
 * instructor of that academy would: for each level below it, a natural canvas on that level's
 * template submitted (scored by the real scorer) and passed by the instructor (claim, review).
 * A level already passed there is left as it is. Returns the attempt ids it added.
 */
export function passDrillPath(
  db: Queryable,
  traineeId: number,
  academyId: number,
  instructor: { id: number; name: string },
  upToLevel = 3,
  now = new Date(),
): number[] {
  const ids: number[] = [];
  const passed = passedTemplateIds(db, traineeId, academyId);
  for (let level = 1; level < upToLevel; level++) {
    const t = templateOrThrow(PATH_TEMPLATES[level]!);
    if (passed.has(t.id)) continue;
    const d = naturalWithSoftEdge(t, seededRng(300 + level));
    const { id: attemptId } = submitAttempt(
      db,
      { userId: traineeId, academyId, templateId: t.id },
      t,
      canvas(t, d.xs, d.ys),
      undefined,
      now,
    );
    const claimed = claimAttempt(db, attemptId, academyId, instructor.id, now);
    if (!claimed.ok) throw new Error(claimed.error.message);
    const rubric = defaultRubric(t.family);
    const r = submitReview(
      db,
      attemptId,
      academyId,
      instructor,
      rubric,
      {
        verdict: 'pass',
        comment: `Level ${level} passed: natural, even work.`,
        levels: Object.fromEntries(rubric.map((c) => [c.id, 4])),
        annotations: [],
      },
      now,
    );
    if (!r.ok) throw new Error(r.error.message);
    ids.push(attemptId);
  }
  return ids;
}

/**
 * Makes a trainee meet the demo program: the drill path's first two levels passed, every
 * lesson and check, a frontal and a crown drill scored by the real scorer and passed by an
 * instructor, and a current bloodborne-pathogens record.
 */
export function makeReadyTrainee(
  db: Queryable,
  traineeId: number,
  academyId: number,
  instructor: { id: number; name: string },
  adminId: number,
): void {
  completeCourse(db, traineeId);
  passDrillPath(db, traineeId, academyId, instructor);
  for (const [i, id] of ['frontal-hairline', 'crown-whorl'].entries()) {
    const t = templateOrThrow(id);
    const d = naturalWithSoftEdge(t, seededRng(100 + i));
    const { id: attemptId } = submitAttempt(
      db,
      { userId: traineeId, academyId, templateId: id },
      t,
      canvas(t, d.xs, d.ys),
    );
    claimAttempt(db, attemptId, academyId, instructor.id);
    const rubric = defaultRubric(t.family);
    const r = submitReview(db, attemptId, academyId, instructor, rubric, {
      verdict: 'pass',
      comment: 'Natural, even work with a soft front edge.',
      levels: Object.fromEntries(rubric.map((c) => [c.id, 4])),
      annotations: [],
    });
    if (!r.ok) throw new Error(r.error.message);
  }
  const day = 86_400_000;
  addComplianceRecord(
    db,
    academyId,
    traineeId,
    {
      kind: 'bloodborne-pathogens',
      completedOn: new Date(Date.now() - 30 * day),
      expiresOn: new Date(Date.now() + 335 * day),
      reference: 'BBP-2026-0042',
    },
    adminId,
  );
}

/**
 * A trainee part-way through: two modules done, the drill path's first two levels passed (by
 * `instructor`) and a crown canvas waiting for review.
 */
export function makeWaitingSubmission(
  db: Queryable,
  traineeId: number,
  academyId: number,
  instructor: { id: number; name: string },
): void {
  completeCourse(db, traineeId, 2);
  passDrillPath(db, traineeId, academyId, instructor);
  const t = templateOrThrow('crown-whorl');
  const d = naturalPattern(t, seededRng(7));
  // Leave the left side thin, as a trainee might: the score and the instructor will notice.
  const keep = d.xs.map((x, i) => x > 25 || i % 3 === 0);
  submitAttempt(
    db,
    { userId: traineeId, academyId, templateId: t.id },
    t,
    canvas(
      t,
      d.xs.filter((_, i) => keep[i]),
      d.ys.filter((_, i) => keep[i]),
    ),
  );
}
