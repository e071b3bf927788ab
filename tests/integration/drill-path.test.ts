/**
 * The drill path is enforced by the server: a trainee cannot open, save, submit or photograph
 * a canvas on a template whose level is not open (403 with the level to pass first, nothing
 * written); a level opens with an instructor's pass of a canvas of the level before, in the
 * same academy only; staff are never locked.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptDots, drillAttempts, drillPhotos } from '../../db/schema.ts';
import { naturalPattern, seededRng } from '../../src/lib/drill/patterns.ts';
import { defaultRubric } from '../../src/lib/grading/rubric.ts';
import { addMember } from '../../src/server/academies.ts';
import { addAcademyWithStaff, addUser, unlockDrillPath, userIdOf } from '../support/fixtures.ts';
import { Client, signedInClients } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';
import { template } from '../support/templates.ts';

let server: RunningServer;
const as = signedInClients(() => server, DEMO_PASSWORD);
const TRAINEE = 'trainee@demo.stipple.test';

beforeAll(async () => {
  server = await startServer();
  await addAcademyWithStaff(server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
  // A trainee of both academies.
  const both = await addUser(server.db, 'both@two.test', DEMO_PASSWORD, 'Robin Both');
  addMember(server.db, both, 1, 'trainee');
  addMember(
    server.db,
    both,
    server.db.$client.prepare(`select id from academies where slug = 'northline'`).pluck().get() as number,
    'trainee',
  );
});
afterAll(() => server?.stop());

/** Everything a canvas, draft or photo could write. */
const written = () => ({
  attempts: server.db.select().from(drillAttempts).all(),
  dots: server.db.select({ n: count() }).from(attemptDots).get()!.n,
  photos: server.db.select({ n: count() }).from(drillPhotos).get()!.n,
});
const natural = (id: string, seed = 3) => {
  const t = template(id);
  const d = naturalPattern(t, seededRng(seed));
  return d.xs.map((x, i) => [x, d.ys[i]!, i * 400, t.impressionDiameterMm]);
};
const claimAndGrade = async (
  attemptId: number,
  verdict: 'pass' | 'redo',
  family: Parameters<typeof defaultRubric>[0],
) => {
  const sam = await as('instructor@demo.stipple.test');
  const claimed = await sam.postForm('/instructor/claim', { attemptId: String(attemptId), action: 'claim' });
  expect(claimed.status).toBe(303);
  const res = await sam.postJson(`/api/grading/attempts/${attemptId}/review`, {
    verdict,
    comment: verdict === 'pass' ? 'Good, natural work.' : 'Vary the gaps.',
    levels: Object.fromEntries(defaultRubric(family).map((c) => [c.id, verdict === 'pass' ? 4 : 2])),
    annotations: [],
  });
  expect(res.status).toBe(201);
};

describe('a new trainee', () => {
  it('cannot open a level-2 or level-3 template: the page says why and what to pass first, with no canvas', async () => {
    const trainee = await as(TRAINEE);
    const seg = await trainee.get('/drill/segment-whorl');
    expect(seg.status).toBe(403);
    const html = await seg.text();
    expect(html).toContain('Level 2 (Segments) is not open yet');
    expect(html).toContain('Pass level 1 first: “Practice patch: 30 mm square”');
    expect(html).toContain('href="/drill/patch-square"');
    expect(html).not.toContain('data-canvas');
    expect(html).not.toContain('data-drill-root');
    const full = await trainee.get('/drill/crown-whorl');
    expect(full.status).toBe(403);
    expect(await full.text()).toContain('Level 3 (Full templates) is not open yet');
    // Level 1 is open.
    const patch = await trainee.get('/drill/patch-square');
    expect(patch.status).toBe(200);
    expect(await patch.text()).toContain('data-drill-root');
  });

  it('is refused save, submit, photo upload and the practice sheet on a locked template (403), and nothing is written', async () => {
    const trainee = await as(TRAINEE);
    const before = written();
    const draft = await trainee.postJson('/api/drill/segment-whorl/draft', { dots: natural('segment-whorl') }, 'PUT');
    expect(draft.status).toBe(403);
    expect((await draft.json()).error).toMatch(
      /level 2 \(Segments\).*Pass level 1 first: “Practice patch: 30 mm square”/,
    );
    const submit = await trainee.postJson('/api/drill/crown-whorl/submit', { dots: natural('crown-whorl') });
    expect(submit.status).toBe(403);
    expect((await submit.json()).error).toMatch(/level 3 \(Full templates\).*Pass level 2 first: /);
    // Refused before the body is read: even an invalid body gets the lock, not a 400.
    expect((await trainee.postJson('/api/drill/crown-whorl/draft', '{"dots": [', 'PUT')).status).toBe(403);
    const body = new FormData();
    body.append('photo', new Blob([new Uint8Array([0xff, 0xd8, 0xff])]), 'sheet.jpg');
    const photo = await trainee.request('/api/drill/crown-whorl/photo', {
      method: 'POST',
      body,
      headers: { origin: trainee.baseUrl },
    });
    expect(photo.status).toBe(403);
    expect((await trainee.get('/drill/crown-whorl/sheet.pdf')).status).toBe(403);
    // The change-only autosave is refused the same way.
    const patch = await trainee.postJson(
      '/api/drill/crown-whorl/draft',
      { revision: 1, removed: [], added: [] },
      'PATCH',
    );
    expect(patch.status).toBe(403);
    expect((await patch.json()).error).toMatch(/Pass level 2 first/);
    expect(written()).toEqual(before);
  });

  it('leaves staff unlocked', async () => {
    const sam = await as('instructor@demo.stipple.test');
    expect((await sam.get('/drill/crown-whorl')).status).toBe(200);
    const res = await sam.postJson('/api/drill/segment-whorl/draft', { dots: natural('segment-whorl') }, 'PUT');
    expect(res.status).toBe(200);
    const admin = await as('admin@demo.stipple.test');
    expect((await admin.get('/drill/segment-scar-border')).status).toBe(200);
  });
});

describe('levels open one by one with an instructor’s pass', () => {
  it('keeps level 2 closed while the patch waits for review, opens it on the pass', async () => {
    const trainee = await as(TRAINEE);
    const sub = await trainee.postJson('/api/drill/patch-square/submit', { dots: natural('patch-square') });
    expect(sub.status).toBe(201);
    const { attemptId, pass } = await sub.json();
    expect(pass).toBe(true);
    // A passing score alone does not open the level: the instructor has not passed it yet.
    expect((await trainee.get('/drill/segment-whorl')).status).toBe(403);
    const index = await (await trainee.get('/drill')).text();
    expect(index).toContain('data-awaiting-review');
    // The course map shows the path beside the lessons: level 1 open, level 2 waiting for level 1.
    const mapBefore = await (await trainee.get('/learn')).text();
    expect(mapBefore).toMatch(/data-level="1" data-open="true"[\s\S]*Small patches[\s\S]*open: Practice patch/);
    expect(mapBefore).toMatch(/data-level="2" data-open="false"[\s\S]*opens after level 1/);
    await claimAndGrade(attemptId, 'pass', 'top');
    expect((await trainee.get('/drill/segment-whorl')).status).toBe(200);
    const mapAfter = await (await trainee.get('/learn')).text();
    expect(mapAfter).toMatch(/data-level="1" data-open="true"[\s\S]*— passed/);
    expect(mapAfter).toMatch(/data-level="2" data-open="true"/);
    expect(mapAfter).toMatch(/data-level="3" data-open="false"/);
    const saved = await trainee.postJson('/api/drill/segment-whorl/draft', { dots: natural('segment-whorl') }, 'PUT');
    expect(saved.status).toBe(200);
    // Level 3 waits for a level-2 pass.
    expect((await trainee.postJson('/api/drill/crown-whorl/draft', { dots: [] }, 'PUT')).status).toBe(403);
  });

  it('does not open level 3 on a redo verdict, and opens it on a pass', async () => {
    const trainee = await as(TRAINEE);
    const sub = await trainee.postJson('/api/drill/segment-whorl/submit', { dots: natural('segment-whorl') });
    expect(sub.status).toBe(201);
    const { attemptId } = await sub.json();
    await claimAndGrade(attemptId, 'redo', 'crown');
    expect((await trainee.get('/drill/crown-whorl')).status).toBe(403);
    const again = await trainee.postJson('/api/drill/segment-whorl/submit', { dots: natural('segment-whorl', 8) });
    expect(again.status).toBe(201);
    await claimAndGrade((await again.json()).attemptId, 'pass', 'crown');
    expect((await trainee.get('/drill/crown-whorl')).status).toBe(200);
    expect((await trainee.postJson('/api/drill/crown-whorl/submit', { dots: natural('crown-whorl') })).status).toBe(
      201,
    );
  });
});

describe('academies', () => {
  it('does not let a member of another academy use the prerequisites passed in academy A', async () => {
    // Levels 1–2 passed in the demo academy (A), by its instructor.
    unlockDrillPath(server.db, 'both@two.test', 1);
    const both = new Client(server.baseUrl);
    expect((await both.login('both@two.test', DEMO_PASSWORD)).status).toBe(303);
    // In academy A the full templates are open.
    expect((await both.get('/drill/crown-whorl?academy=demo')).status).toBe(200);
    expect((await both.postJson('/api/drill/crown-whorl/draft', { dots: [] }, 'PUT')).status).toBe(200);
    // In Northline (B) the same person is a new trainee: locked, and nothing is written there.
    expect((await both.get('/drill?academy=northline')).status).toBe(200);
    const before = written();
    const page = await both.get('/drill/crown-whorl');
    expect(page.status).toBe(403);
    const draft = await both.postJson('/api/drill/crown-whorl/draft', { dots: natural('crown-whorl') }, 'PUT');
    expect(draft.status).toBe(403);
    expect((await draft.json()).error).toMatch(/Pass level 2 first/);
    expect((await both.postJson('/api/drill/segment-whorl/submit', { dots: natural('segment-whorl') })).status).toBe(
      403,
    );
    expect(written()).toEqual(before);
    const northline = server.db.$client.prepare(`select id from academies where slug = 'northline'`).pluck().get();
    expect(
      server.db
        .select()
        .from(drillAttempts)
        .where(eq(drillAttempts.userId, userIdOf(server.db, 'both@two.test')))
        .all()
        .filter((a) => a.academyId === northline),
    ).toEqual([]);
  });
});
