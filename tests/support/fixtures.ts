/** Users and academies arranged directly in a test database. */
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { hashPassword } from '../../src/lib/auth/password.ts';
import type { Role } from '../../src/lib/auth/roles.ts';
import { addMember, createAcademy } from '../../src/server/academies.ts';

export async function addUser(db: Db, email: string, password: string, displayName = email.split('@')[0]!): Promise<number> {
  return db.insert(users).values({ email, displayName, passwordHash: await hashPassword(password) }).returning({ id: users.id }).get().id;
}

/** A second academy with one member of each role, emails `<role>@<slug>.test`. */
export async function addAcademyWithStaff(db: Db, slug: string, name: string, password: string) {
  const academyId = createAcademy(db, { slug, name, joinCode: `${slug.toUpperCase()}-CODE` });
  const ids: Record<Role, number> = { admin: 0, instructor: 0, trainee: 0 };
  for (const role of ['admin', 'instructor', 'trainee'] as const) {
    ids[role] = await addUser(db, `${role}@${slug}.test`, password, `${name} ${role}`);
    addMember(db, ids[role], academyId, role);
  }
  return { academyId, ids };
}

import { checkAttempts, lessonProgress } from '../../db/schema.ts';
import { buildCurriculum } from '../../src/lib/learning/curriculum.ts';
import { naturalWithSoftEdge, seededRng } from '../../src/lib/drill/patterns.ts';
import { defaultRubric } from '../../src/lib/grading/rubric.ts';
import { addComplianceRecord } from '../../src/server/certification.ts';
import { readAllCourses } from '../../src/server/course-files.ts';
import { submitAttempt } from '../../src/server/drill-attempts.ts';
import { claimAttempt, submitReview } from '../../src/server/grading.ts';
import { loadTemplate } from '../../src/server/templates.ts';

/**
 * Makes a trainee meet the demo program through the real domain functions: every lesson
 * completed, every check passed, a frontal and a crown drill scored by the real scorer and
 * passed by an instructor, and a current bloodborne-pathogens record.
 */
export function makeReadyTrainee(db: Db, traineeId: number, academyId: number, instructor: { id: number; name: string }, adminId: number): void {
  const files = readAllCourses()[0]!;
  const course = buildCurriculum(files.course, files.lessons, files.checks);
  const now = new Date();
  for (const l of course.lessons) db.insert(lessonProgress).values({ userId: traineeId, lessonId: l.id, firstOpenedAt: now, lastOpenedAt: now, completedAt: now }).run();
  for (const m of course.modules) {
    db.insert(checkAttempts).values({ userId: traineeId, checkId: m.id, answers: {}, correct: 7, total: 7, score: 100, passed: true, createdAt: now }).run();
  }
  for (const [i, id] of ['frontal-hairline', 'crown-whorl'].entries()) {
    const t = loadTemplate(id)!;
    const d = naturalWithSoftEdge(t, seededRng(100 + i));
    const dots = d.xs.map((x, k) => [x, d.ys[k]!, k * 200, t.impressionDiameterMm] as [number, number, number, number]);
    const { id: attemptId } = submitAttempt(db, { userId: traineeId, academyId, templateId: id }, t, dots);
    claimAttempt(db, attemptId, academyId, instructor.id);
    const rubric = defaultRubric(t.family);
    const r = submitReview(db, attemptId, academyId, instructor, rubric, { verdict: 'pass', comment: 'Natural and even.', levels: Object.fromEntries(rubric.map((c) => [c.id, 4])), annotations: [] });
    if (!r.ok) throw new Error(r.message);
  }
  const done = new Date(now.getTime() - 30 * 86_400_000);
  const expires = new Date(now.getTime() + 335 * 86_400_000);
  addComplianceRecord(db, academyId, traineeId, { kind: 'bloodborne-pathogens', completedOn: done, expiresOn: expires, reference: 'BBP-2026-0042' }, adminId);
}
