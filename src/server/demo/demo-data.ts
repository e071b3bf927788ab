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

/**
 * Makes a trainee meet the demo program: every lesson and check, a frontal and a crown
 * drill scored by the real scorer and passed by an instructor, and a current
 * bloodborne-pathogens record.
 */
export function makeReadyTrainee(
  db: Queryable,
  traineeId: number,
  academyId: number,
  instructor: { id: number; name: string },
  adminId: number,
): void {
  completeCourse(db, traineeId);
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

/** A trainee part-way through: two modules done and a crown canvas waiting for review. */
export function makeWaitingSubmission(db: Queryable, traineeId: number, academyId: number): void {
  completeCourse(db, traineeId, 2);
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
