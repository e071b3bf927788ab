import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, auditLog, claims, drillAttempts, notifications, reviews } from '../../db/schema.ts';
import { defaultRubric } from '../../src/lib/grading/rubric.ts';
import { naturalPattern, seededRng } from '../../src/lib/drill/patterns.ts';
import { addUser, addAcademyWithStaff, unlockDrillPath } from '../support/fixtures.ts';
import { Client, signedInClients } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';
import { template } from '../support/templates.ts';
import { addMember } from '../../src/server/academies.ts';

let server: RunningServer;
const crown = template('crown-whorl');
const levels = Object.fromEntries(defaultRubric('crown').map((c) => [c.id, 2]));
const redo = {
  verdict: 'redo',
  comment: 'Rings around the whorl: break them up.',
  levels,
  annotations: [
    { kind: 'pin', x: 52, y: 47, text: 'A ring starts here.', criterion: 'whorl' },
    { kind: 'circle', x: 30, y: 60, radius: 6, text: 'Thin area.', criterion: 'coverage' },
  ],
};
const dots = () => {
  const d = naturalPattern(crown, seededRng(5));
  return d.xs.map((x, i) => [x, d.ys[i]!, i * 250, 0.3]);
};

const as = signedInClients(() => server, DEMO_PASSWORD);
const claim = (c: Client, attemptId: number, action = 'claim') =>
  c.postForm('/instructor/claim', { attemptId: String(attemptId), action });
const grade = (c: Client, attemptId: number, body: unknown) =>
  c.postJson(`/api/grading/attempts/${attemptId}/review`, body);
const rows = () => ({
  reviews: server.db.select({ n: count() }).from(reviews).get()!.n,
  annotations: server.db.select({ n: count() }).from(annotations).get()!.n,
  notifications: server.db.select({ n: count() }).from(notifications).get()!.n,
});

let attemptId = 0;
beforeAll(async () => {
  server = await startServer();
  await addAcademyWithStaff(server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
  const second = await addUser(server.db, 'instructor2@demo.stipple.test', DEMO_PASSWORD, 'Riya Patel');
  addMember(server.db, second, 1, 'instructor');
  // The trainee submits a crown (a full template): their drill path is open (levels 1–2 passed by Sam).
  unlockDrillPath(server.db);
  const trainee = await as('trainee@demo.stipple.test');
  attemptId = (await (await trainee.postJson('/api/drill/crown-whorl/submit', { dots: dots() })).json()).attemptId;
});
afterAll(() => server?.stop());

describe('the grading queue', () => {
  it('lists the submission for the academy’s instructors with its automatic score', async () => {
    const html = await (await (await as('instructor@demo.stipple.test')).get('/instructor')).text();
    expect(html).toContain(`data-attempt="${attemptId}"`);
    expect(html).toMatch(/data-summary="waiting"[^>]*>1</);
    expect(html).toContain('Jamie Lee');
  });

  it('is invisible to another academy: empty queue, 404 on the review page, the claim and the grade', async () => {
    const north = await as('instructor@northline.test');
    const html = await (await north.get('/instructor')).text();
    expect(html).not.toContain(`data-attempt="${attemptId}"`);
    expect((await north.get(`/instructor/review/${attemptId}`)).status).toBe(404);
    expect((await claim(north, attemptId)).status).toBe(404);
    const before = rows();
    expect((await grade(north, attemptId, redo)).status).toBe(404);
    expect(rows()).toEqual(before);
    expect(server.db.select().from(claims).all()).toEqual([]);
  });

  it('is closed to trainees', async () => {
    const trainee = await as('trainee@demo.stipple.test');
    expect((await trainee.get('/instructor')).status).toBe(403);
    expect((await trainee.get(`/instructor/review/${attemptId}`)).status).toBe(403);
    expect((await grade(trainee, attemptId, redo)).status).toBe(403);
  });
});

describe('claiming and grading', () => {
  it('refuses to grade an unclaimed submission (409) and writes nothing', async () => {
    const before = rows();
    const res = await grade(await as('instructor@demo.stipple.test'), attemptId, redo);
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatch(/Claim this submission/);
    expect(rows()).toEqual(before);
  });

  it('lets one instructor claim it and keeps the other out', async () => {
    const sam = await as('instructor@demo.stipple.test');
    const res = await claim(sam, attemptId);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/instructor/review/${attemptId}`);
    const riya = await as('instructor2@demo.stipple.test');
    const taken = await claim(riya, attemptId);
    expect(decodeURIComponent(taken.headers.get('location')!)).toMatch(/Sam Okafor is reviewing this submission/);
    const g = await grade(riya, attemptId, redo);
    expect(g.status).toBe(409);
    expect((await g.json()).error).toBe('Sam Okafor has claimed this submission.');
    expect(server.db.select().from(claims).get()).toMatchObject({ attemptId, userId: expect.any(Number) });
  });

  const bad: Array<[string, object | string, RegExp]> = [
    [
      'an annotation outside the canvas',
      { ...redo, annotations: [{ kind: 'pin', x: 140, y: 10, text: 'x' }] },
      /outside the 100×100 mm canvas/,
    ],
    ['an oversized comment', { ...redo, comment: 'x'.repeat(4001) }, /limited to 4000 characters/],
    ['an unknown rubric criterion', { ...redo, levels: { ...levels, depth: 3 } }, /“depth” is not a criterion/],
    ['a redo without a comment', { ...redo, comment: '' }, /comment is required/],
    ['a body that is not JSON', '{"verdict": ', /not valid JSON/],
  ];
  for (const [what, body, message] of bad) {
    it(`answers ${what} with 400 and writes nothing`, async () => {
      const before = rows();
      const res = await grade(await as('instructor@demo.stipple.test'), attemptId, body);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(message);
      expect(rows()).toEqual(before);
      expect(server.db.select().from(drillAttempts).where(eq(drillAttempts.id, attemptId)).get()!.status).toBe(
        'submitted',
      );
    });
  }

  it('records the review with its annotations, marks the attempt graded, frees the claim, notifies and audits', async () => {
    const res = await grade(await as('instructor@demo.stipple.test'), attemptId, redo);
    expect(res.status).toBe(201);
    const { reviewId } = await res.json();
    expect(server.db.select().from(drillAttempts).where(eq(drillAttempts.id, attemptId)).get()!.status).toBe('graded');
    expect(server.db.select().from(annotations).where(eq(annotations.reviewId, reviewId)).all()).toHaveLength(2);
    expect(server.db.select().from(claims).all()).toEqual([]);
    const note = server.db
      .select()
      .from(notifications)
      .where(eq(notifications.link, `/drill/attempts/${attemptId}`))
      .get()!;
    expect(note).toMatchObject({ kind: 'review', link: `/drill/attempts/${attemptId}`, readAt: null });
    expect(note.text).toBe('Sam Okafor asked you to redo your canvas.');
    const audit = server.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'review.created'), eq(auditLog.subject, `attempt:${attemptId}`)))
      .get()!;
    expect(audit).toMatchObject({ subject: `attempt:${attemptId}` });
    expect(audit.detail).toMatchObject({ reviewId, verdict: 'redo' });
  });

  it('refuses to grade it again (409), but accepts a correction that supersedes the review', async () => {
    const sam = await as('instructor@demo.stipple.test');
    const again = await grade(sam, attemptId, { ...redo, verdict: 'pass' });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatch(/already been graded/);
    const original = server.db.select().from(reviews).where(eq(reviews.attemptId, attemptId)).get()!;
    const corrected = await grade(await as('instructor2@demo.stipple.test'), attemptId, {
      ...redo,
      comment: 'Also watch the crown edge.',
      supersedes: original.id,
    });
    expect(corrected.status).toBe(201);
    const all = server.db.select().from(reviews).where(eq(reviews.attemptId, attemptId)).all();
    expect(all).toHaveLength(2);
    // The original is untouched: immutable.
    expect(all.find((r) => r.id === original.id)).toEqual(original);
    expect(all.find((r) => r.id !== original.id)).toMatchObject({
      supersedes: original.id,
      comment: 'Also watch the crown edge.',
    });
    // A stale correction (of the superseded review) is refused.
    const stale = await grade(sam, attemptId, { ...redo, supersedes: original.id });
    expect(stale.status).toBe(409);
  });
});

describe('the trainee’s side', () => {
  it('shows the verdict, comment and pins on the trainee’s own attempt, with a badge until read', async () => {
    const trainee = await as('trainee@demo.stipple.test');
    const learn = await (await trainee.get('/drill')).text();
    expect(learn).toContain('data-feedback');
    expect(learn).toMatch(/data-badge="drill"/);
    const page = await (await trainee.get(`/drill/attempts/${attemptId}`)).text();
    expect(page).toContain('Redo requested');
    expect(page).toContain('Also watch the crown edge.');
    expect(page).toContain('A ring starts here.');
    expect(page).toContain('data-start-redo');
    expect(page).toContain('"annotations":[{"kind":"pin","x":52,"y":47');
    const after = await (await trainee.get('/drill')).text();
    expect(after).not.toMatch(/data-badge="drill"/);
  });

  it('keeps reviews private from other trainees', async () => {
    const other = await addUser(server.db, 'other.trainee@demo.stipple.test', DEMO_PASSWORD);
    addMember(server.db, other, 1, 'trainee');
    const c = await as('other.trainee@demo.stipple.test');
    const res = await c.get(`/drill/attempts/${attemptId}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('A ring starts here.');
  });
});

describe('rubrics', () => {
  it('lets an admin save a custom rubric that new reviews use, and refuses a broken one', async () => {
    const admin = await as('admin@demo.stipple.test');
    const page = await (await admin.get('/academy/rubrics?family=crown')).text();
    expect(page).toContain('Whorl');
    const form: Record<string, string> = {};
    defaultRubric('crown').forEach((c, i) => {
      form[`c.${i}.id`] = c.id;
      form[`c.${i}.label`] = c.label;
      form[`c.${i}.description`] = c.description;
      if (c.id !== 'artistry') form[`c.${i}.enabled`] = 'on';
      c.levels.forEach((l, k) => (form[`c.${i}.level.${k + 1}`] = l));
    });
    const broken = await admin.postForm('/academy/rubrics?family=crown', { ...form, 'c.0.label': '' });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('Give every criterion a name.');
    const saved = await admin.postForm('/academy/rubrics?family=crown', form);
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Rubric saved');
    expect((await (await as('instructor@demo.stipple.test')).get('/academy/rubrics')).status).toBe(403);
  });
});
