import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, checkResets } from '../../db/schema.ts';
import { attemptOrder, drawnCheck } from '../../src/lib/learning/check-policy.ts';
import { buildCurriculum } from '../../src/lib/learning/curriculum.ts';
import { readAllCourses } from '../../src/server/course-files.ts';
import { resetCheck } from '../../src/server/check-resets.ts';
import { recordLessonCompleted, submitCheck } from '../../src/server/learning.ts';
import { addAcademyWithStaff, userIdOf } from '../support/fixtures.ts';
import { signedInClients } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

const files = readAllCourses()[0]!;
const curriculum = buildCurriculum(files.course, files.lessons, files.checks);
const module1 = curriculum.modules[0]!;
const check = module1.check!;

let server: RunningServer;
let traineeId: number;
let northlineAcademy: number;
const as = signedInClients(() => server, DEMO_PASSWORD);
const written = () => ({
  resets: server.db.select({ n: count() }).from(checkResets).get()!.n,
  audit: server.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'check.reset')).get()!.n,
});
const resetForm = (reason = 'Reread the depth lessons together on Tuesday') => ({
  action: 'reset-check',
  check: module1.id,
  reason,
});

beforeAll(async () => {
  server = await startServer();
  ({ academyId: northlineAcademy } = await addAcademyWithStaff(
    server.db,
    'northline',
    'Northline SMP Studio',
    DEMO_PASSWORD,
  ));
  traineeId = userIdOf(server.db, 'trainee@demo.stipple.test');
  for (const l of module1.lessons) recordLessonCompleted(server.db, traineeId, l.id);
  // The demo trainee uses the round's attempts (wrong answers to each attempt's drawn questions), ten minutes apart.
  const start = Date.now() - 60 * 60_000;
  for (let n = 0; n < check.attempts.max; n++) {
    const asked = drawnCheck(check, attemptOrder(check, traineeId, n));
    const wrong = Object.fromEntries(
      asked.questions.map((q) => [q.id, [q.options.find((o) => !q.answer.includes(o.id))!.id]]),
    );
    const r = submitCheck(server.db, traineeId, check, wrong, new Date(start + n * 10 * 60_000));
    expect(r.ok && !r.value.result.passed).toBe(true);
  }
});
afterAll(() => server?.stop());

describe('a check whose attempts are used up', () => {
  it('rests for the trainee: no form, the time it opens again, and who can reset it', async () => {
    const html = await (await (await as('trainee@demo.stipple.test')).get(`/learn/check/${module1.id}`)).text();
    expect(html).toContain('data-rest');
    expect(html).toContain('ask an instructor to reset it');
    expect(html).not.toContain('data-knowledge-check');
  });

  it('shows staff of the trainee’s academy the rest and a "Reset attempts" form', async () => {
    for (const email of ['instructor@demo.stipple.test', 'admin@demo.stipple.test']) {
      const res = await (await as(email)).get(`/instructor/trainees/${traineeId}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(new RegExp(`data-check-standing="${module1.id}" data-state="rest"`));
      expect(html).toContain(`data-reset-form="${module1.id}"`);
      expect(html).toContain('Reset attempts');
    }
  });
});

describe('who may not reset it', () => {
  const refusals: Array<[string, string, number]> = [
    ['an instructor of another academy', 'instructor@northline.test', 404],
    ['an admin of another academy', 'admin@northline.test', 404],
    ['a trainee of another academy', 'trainee@northline.test', 403],
    ['the trainee themself', 'trainee@demo.stipple.test', 403],
  ];
  for (const [who, email, status] of refusals)
    it(`refuses ${who} with ${status}, writing nothing`, async () => {
      const before = written();
      const client = await as(email);
      expect((await client.get(`/instructor/trainees/${traineeId}`)).status).toBe(status);
      const res = await client.postForm(`/instructor/trainees/${traineeId}`, resetForm());
      expect(res.status).toBe(status);
      expect(await res.text()).not.toContain('was reset');
      expect(written()).toEqual(before);
    });

  it('is refused by the service too: staff of another academy, a trainee, or a trainee of another academy', () => {
    const before = written();
    const northline = userIdOf(server.db, 'instructor@northline.test');
    const ask = (academyId: number, actorId: number, trainee = traineeId) =>
      resetCheck(server.db, { academyId, actorId, traineeId: trainee, check, reason: 'because' });
    expect(ask(1, northline)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(ask(1, userIdOf(server.db, 'trainee@northline.test'))).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(ask(1, traineeId)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(ask(northlineAcademy, northline)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(written()).toEqual(before);
  });

  it('refuses a cross-site post from the trainee’s own instructor, writing nothing', async () => {
    const before = written();
    const res = await (
      await as('instructor@demo.stipple.test')
    ).postForm(`/instructor/trainees/${traineeId}`, resetForm(), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(written()).toEqual(before);
  });

  const invalid: Array<[string, Record<string, string>, RegExp]> = [
    ['no reason', { action: 'reset-check', check: module1.id, reason: '  ' }, /Say why you reset the check/],
    ['a reason too long', resetForm('x'.repeat(501)), /under 500 characters/],
    ['an unknown check', { ...resetForm(), check: 'no-such-module' }, /one of the course’s checks/],
    ['a malformed check id', { ...resetForm(), check: '../etc' }, /one of the course’s checks/],
    ['an unknown action', { ...resetForm(), action: 'delete-everything' }, /./],
  ];
  for (const [what, form, message] of invalid)
    it(`answers ${what} with 400 and a message, writing nothing`, async () => {
      const before = written();
      const res = await (await as('instructor@demo.stipple.test')).postForm(`/instructor/trainees/${traineeId}`, form);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(message);
      expect(written()).toEqual(before);
    });
});

describe('a reset by the trainee’s instructor', () => {
  it('is stored with who, when and why, audited, and opens the check for the trainee again', async () => {
    const instructorId = userIdOf(server.db, 'instructor@demo.stipple.test');
    const res = await (
      await as('instructor@demo.stipple.test')
    ).postForm(`/instructor/trainees/${traineeId}`, resetForm());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`has ${check.attempts.max} attempts available again`);
    expect(html).toMatch(new RegExp(`data-check-standing="${module1.id}" data-state="open"`));
    expect(html).toContain('Last reset by Sam Okafor');
    expect(server.db.select().from(checkResets).all()).toMatchObject([
      {
        userId: traineeId,
        checkId: module1.id,
        academyId: 1,
        resetBy: instructorId,
        reason: 'Reread the depth lessons together on Tuesday',
      },
    ]);
    expect(server.db.select().from(auditLog).where(eq(auditLog.action, 'check.reset')).all()).toMatchObject([
      {
        academyId: 1,
        actorUserId: instructorId,
        subject: `user:${traineeId}`,
        detail: { check: module1.id, reason: 'Reread the depth lessons together on Tuesday', state: 'rest' },
      },
    ]);

    // The trainee sees the check open, with the next attempt's questions and every attempt of a round.
    const page = await (await (await as('trainee@demo.stipple.test')).get(`/learn/check/${module1.id}`)).text();
    expect(page).not.toContain('data-rest');
    expect(page).toContain('data-knowledge-check');
    expect(page).toMatch(/data-reset-notice[^>]*>\s*Sam Okafor reset this check on/);
    expect(page).toContain(`you have ${check.attempts.max} attempts again`);
    const next = attemptOrder(check, traineeId, check.attempts.max);
    expect([...page.matchAll(/data-question="([^"]+)"/g)].map((m) => m[1])).toEqual(next.questions);
  });

  it('refuses a second reset while every attempt is available, with 409', async () => {
    const before = written();
    const res = await (await as('admin@demo.stipple.test')).postForm(`/instructor/trainees/${traineeId}`, resetForm());
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Nothing to reset');
    expect(written()).toEqual(before);
  });
});
