/** The services moved out of pages (join, trainee look-up, check submission, rubric choice) on real SQLite. */
import { and, count, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { auditLog, checkAttempts, memberships, users } from '../../db/schema.ts';
import { attemptOrder, drawnCheck } from '../../src/lib/learning/check-policy.ts';
import { CHECK_COOLDOWN_MS } from '../../src/lib/learning/check-scoring.ts';
import type { Check } from '../../src/lib/learning/schema.ts';
import { defaultRubric } from '../../src/lib/grading/rubric.ts';
import { joinAcademy, traineeOf } from '../../src/server/academies.ts';
import { submissionForStaff } from '../../src/server/attempt-access.ts';
import { readAllCourses } from '../../src/server/course-files.ts';
import { saveDraft, submitAttempt } from '../../src/server/drill-attempts.ts';
import { claimAttempt, submitReview } from '../../src/server/grading.ts';
import { submitCheck } from '../../src/server/learning.ts';
import { getRubric, rubricForAttempt, saveRubric } from '../../src/server/rubrics.ts';
import { loadTemplate } from '../../src/server/templates.ts';
import { DEMO_ACADEMY, seedDemoAcademy } from '../../src/server/demo/seed.ts';
import { freshDb } from '../support/db.ts';
import { addAcademyWithStaff, addUser } from '../support/fixtures.ts';

let db: Db;
const idOf = (email: string) => db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
const demoId = () => 1;

beforeEach(async () => {
  db = freshDb();
  await seedDemoAcademy(db, 'demo-password');
});

describe('traineeOf', () => {
  it('finds a trainee of the academy and nobody else', async () => {
    const trainee = idOf('trainee@demo.stipple.test');
    expect(traineeOf(db, demoId(), trainee)).toEqual({
      id: trainee,
      name: 'Jamie Lee',
      email: 'trainee@demo.stipple.test',
    });
    // Staff are not trainees; a trainee of another academy is not found; nonsense ids are not found.
    expect(traineeOf(db, demoId(), idOf('instructor@demo.stipple.test'))).toBeNull();
    const north = await addAcademyWithStaff(db, 'northline', 'Northline', 'pw-northline');
    expect(traineeOf(db, demoId(), north.ids.trainee)).toBeNull();
    expect(traineeOf(db, north.academyId, north.ids.trainee)?.name).toBe('Northline trainee');
    for (const bad of [NaN, -1, 0, 1.5, 999_999]) expect(traineeOf(db, demoId(), bad)).toBeNull();
  });
});

describe('joinAcademy', () => {
  it('adds a trainee membership and an audit entry in one go', async () => {
    const north = await addAcademyWithStaff(db, 'northline', 'Northline', 'pw-northline');
    const userId = await addUser(db, 'drifter@example.test', 'a long passphrase');
    const r = joinAcademy(db, userId, 'NORTHLINE-CODE');
    expect(r).toEqual({ ok: true, value: { academyId: north.academyId, academyName: 'Northline' } });
    expect(db.select().from(memberships).where(eq(memberships.userId, userId)).all()).toMatchObject([
      { academyId: north.academyId, role: 'trainee' },
    ]);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'membership.joined'), eq(auditLog.actorUserId, userId)))
        .all(),
    ).toMatchObject([{ academyId: north.academyId, subject: `user:${userId}` }]);
  });

  it('refuses an unknown code and a second membership, writing nothing', async () => {
    const userId = idOf('trainee@demo.stipple.test');
    const before = () => ({
      memberships: db.select({ n: count() }).from(memberships).get()!.n,
      audit: db.select({ n: count() }).from(auditLog).get()!.n,
    });
    const start = before();
    expect(joinAcademy(db, userId, 'NO-SUCH-CODE')).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        field: 'academyCode',
        message: 'No academy has that code. Check it with your academy.',
      },
    });
    expect(joinAcademy(db, userId, DEMO_ACADEMY.joinCode)).toEqual({
      ok: false,
      error: { kind: 'invalid', field: 'academyCode', message: 'You are already a member of that academy.' },
    });
    expect(before()).toEqual(start);
  });
});

describe('submitCheck', () => {
  const check: Check = readAllCourses()[0]!.checks[0]!;
  const attempts = (userId: number) => db.select().from(checkAttempts).where(eq(checkAttempts.userId, userId)).all();
  /** The questions the user's next attempt draws from the bank. */
  const asked = (userId: number) => drawnCheck(check, attemptOrder(check, userId, attempts(userId).length)).questions;
  const right = (userId: number) => Object.fromEntries(asked(userId).map((q) => [q.id, [...q.answer]]));

  it('scores on the server and stores the attempt', () => {
    const userId = idOf('trainee@demo.stipple.test');
    const r = submitCheck(db, userId, check, right(userId), new Date(1_000_000));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.result).toMatchObject({ correct: check.ask, total: check.ask, passed: true });
    expect(attempts(userId)).toMatchObject([{ checkId: check.module, score: 100, passed: true }]);
  });

  it('refuses invalid answers without storing anything', () => {
    const userId = idOf('trainee@demo.stipple.test');
    const r = submitCheck(db, userId, check, { nonsense: ['a'] });
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid', message: /no question "nonsense"/ } });
    expect(attempts(userId)).toEqual([]);
  });

  it('refuses a second submission within the cooldown with the wait, then accepts one after it', () => {
    const userId = idOf('trainee@demo.stipple.test');
    const t0 = 5_000_000;
    expect(submitCheck(db, userId, check, right(userId), new Date(t0)).ok).toBe(true);
    const again = submitCheck(db, userId, check, right(userId), new Date(t0 + 1_000));
    expect(again).toEqual({
      ok: false,
      error: {
        kind: 'rate_limited',
        message: `You just submitted this check. Wait ${Math.ceil((CHECK_COOLDOWN_MS - 1_000) / 1000)} seconds before trying again.`,
        retryAfterMs: Math.ceil((CHECK_COOLDOWN_MS - 1_000) / 1000) * 1000,
      },
    });
    expect(attempts(userId)).toHaveLength(1);
    expect(submitCheck(db, userId, check, right(userId), new Date(t0 + CHECK_COOLDOWN_MS)).ok).toBe(true);
    expect(attempts(userId)).toHaveLength(2);
  });

  it('holds a failed attempt back for the retry time and rests the check after the last attempt of a round', () => {
    const userId = idOf('trainee@demo.stipple.test');
    const wrong = () =>
      Object.fromEntries(asked(userId).map((q) => [q.id, [q.options.find((o) => !q.answer.includes(o.id))!.id]]));
    const retry = check.attempts.retryMinutes * 60_000;
    let t = 9_000_000;
    const first = submitCheck(db, userId, check, wrong(), new Date(t));
    expect(first).toMatchObject({ ok: true, value: { result: { passed: false }, gate: { state: 'retry' } } });
    const early = submitCheck(db, userId, check, wrong(), new Date(t + retry - 1_000));
    expect(early).toMatchObject({
      ok: false,
      error: {
        kind: 'rate_limited',
        message: /opens again in 1 second\./,
        retryAfterMs: 1_000,
      },
    });
    for (let n = 2; n <= check.attempts.max; n++) {
      t += retry;
      expect(submitCheck(db, userId, check, wrong(), new Date(t)).ok).toBe(true);
    }
    t += retry;
    const rested = submitCheck(db, userId, check, right(userId), new Date(t));
    expect(rested).toMatchObject({ ok: false, error: { kind: 'rate_limited', message: /used the attempts/ } });
    expect(attempts(userId)).toHaveLength(check.attempts.max);
    const after = submitCheck(
      db,
      userId,
      check,
      right(userId),
      new Date(t - retry + check.attempts.lockoutHours * 3_600_000),
    );
    expect(after).toMatchObject({ ok: true, value: { result: { passed: true } } });
  });
});

describe('rubricForAttempt', () => {
  it('grades first against the academy’s rubric and corrects against the rubric of the review', () => {
    const template = loadTemplate('crown-whorl')!;
    const trainee = idOf('trainee@demo.stipple.test');
    const admin = idOf('admin@demo.stipple.test');
    const instructor = { id: idOf('instructor@demo.stipple.test'), name: 'Sam Okafor' };
    const dots = Array.from(
      { length: 30 },
      (_, i) => [10 + (i % 6) * 5, 10 + Math.floor(i / 6) * 5, i * 500, 0.3] as [number, number, number, number],
    );
    const { id } = submitAttempt(db, { userId: trainee, academyId: demoId(), templateId: template.id }, template, dots);
    const submitted = { id, academyId: demoId(), status: 'submitted' as const };
    expect(rubricForAttempt(db, submitted, template.family)).toEqual(defaultRubric(template.family));

    const custom = defaultRubric(template.family).slice(0, 2);
    saveRubric(db, demoId(), template.family, custom, admin);
    expect(rubricForAttempt(db, submitted, template.family)).toEqual(getRubric(db, demoId(), template.family).rubric);
    expect(rubricForAttempt(db, submitted, template.family)).toEqual(custom);

    claimAttempt(db, id, demoId(), instructor.id);
    const r = submitReview(db, id, demoId(), instructor, custom, {
      verdict: 'pass',
      comment: 'Fine.',
      levels: Object.fromEntries(custom.map((c) => [c.id, 3])),
      annotations: [],
    });
    expect(r.ok).toBe(true);
    // The academy changes its rubric again: a correction still uses the one the review was graded with.
    saveRubric(db, demoId(), template.family, defaultRubric(template.family), admin);
    expect(rubricForAttempt(db, submitted, template.family)).toEqual(custom);
  });
});

describe('submissionForStaff', () => {
  it('shows staff their academy’s submissions, never a draft or another academy’s', async () => {
    const template = loadTemplate('crown-whorl')!;
    const trainee = idOf('trainee@demo.stipple.test');
    const dots: Array<[number, number, number, number]> = [[10, 10, 0, 0.3]];
    const draft = saveDraft(
      db,
      { userId: trainee, academyId: demoId(), templateId: 'frontal-hairline' },
      loadTemplate('frontal-hairline')!,
      dots,
    );
    const { id } = submitAttempt(db, { userId: trainee, academyId: demoId(), templateId: template.id }, template, dots);
    expect(submissionForStaff(db, id, demoId())).toMatchObject({ id, status: 'submitted', traineeName: 'Jamie Lee' });
    expect(submissionForStaff(db, draft.id, demoId())).toBeNull();
    const north = await addAcademyWithStaff(db, 'northline', 'Northline', 'pw-northline');
    expect(submissionForStaff(db, id, north.academyId)).toBeNull();
    for (const bad of [NaN, 0, -3, 2.5, 999_999]) expect(submissionForStaff(db, bad, demoId())).toBeNull();
  });
});
