/** One way to fail over HTTP: JSON `{ error }` with the right status for endpoints, the message beside the field for forms. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, memberships, users } from '../../db/schema.ts';
import { defaultRubric } from '../../src/lib/grading/rubric.ts';
import { Client } from '../support/http.ts';
import { addAcademyWithStaff, addUser } from '../support/fixtures.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
let northId = 0;
beforeAll(async () => {
  server = await startServer();
  northId = (await addAcademyWithStaff(server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD)).academyId;
  await addUser(server.db, 'wanderer@example.test', DEMO_PASSWORD, 'Wen Wanderer');
});
afterAll(() => server?.stop());

async function signedIn(email: string): Promise<Client> {
  const c = new Client(server.baseUrl);
  expect((await c.login(email, DEMO_PASSWORD)).status).toBe(303);
  return c;
}

describe('the join form', () => {
  it('re-renders an unknown code with the message beside the field and the input kept', async () => {
    const c = await signedIn('wanderer@example.test');
    const res = await c.postForm('/join', { academyCode: 'no-such-code' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="field-academyCode-error"[^>]*>\s*No academy has that code/);
    expect(html).toMatch(/name="academyCode"[^>]*value="no-such-code"|value="no-such-code"[^>]*name="academyCode"/);
  });

  it('asks for a code when none is given', async () => {
    const c = await signedIn('wanderer@example.test');
    const res = await c.postForm('/join', { academyCode: '   ' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Enter the code your academy gave you.');
  });

  it('joins with a code (audited), then refuses to join twice', async () => {
    const c = await signedIn('wanderer@example.test');
    const res = await c.postForm('/join', { academyCode: 'northline-code' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/learn');
    const userId = server.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.academyId, northId), eq(memberships.role, 'trainee')))
      .all()
      .map((m) => m.userId);
    expect(userId).toHaveLength(2);
    expect(server.db.select().from(auditLog).where(eq(auditLog.action, 'membership.joined')).all()).toHaveLength(1);
    const again = await c.postForm('/join', { academyCode: 'NORTHLINE-CODE' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('You are already a member of that academy.');
  });
});

describe('the program form', () => {
  it('re-renders a refused program with the message beside the field and what was typed kept', async () => {
    const admin = await signedIn('admin@demo.stipple.test');
    const res = await admin.postForm('/academy/programs', {
      programId: '',
      name: 'X',
      description: 'A description long enough to pass.',
      hours: '12',
      validityMonths: '6',
      allLessons: 'on',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="program-new-name-error"[^>]*>\s*Name the program\./);
    expect(html).toContain('>A description long enough to pass.</textarea');
    expect(html).toMatch(/name="hours"[^>]*value="12"/);
  });
});

describe('the rubric form', () => {
  it('re-renders a refused rubric with what was typed, switched-off criteria still off', async () => {
    const admin = await signedIn('admin@demo.stipple.test');
    const form: Record<string, string> = {};
    defaultRubric('crown').forEach((c, i) => {
      form[`c.${i}.id`] = c.id;
      form[`c.${i}.label`] = c.label;
      form[`c.${i}.description`] = i === 1 ? 'Typed but not saved' : c.description;
      if (c.id !== 'artistry') form[`c.${i}.enabled`] = 'on';
      c.levels.forEach((l, k) => (form[`c.${i}.level.${k + 1}`] = l));
    });
    const res = await admin.postForm('/academy/rubrics?family=crown', {
      ...form,
      'c.0.label': '',
      'new.label': 'Blend',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Give every criterion a name.');
    expect(html).toContain('value="Typed but not saved"');
    expect(html).toMatch(/name="new.label" value="Blend"|value="Blend"[^>]*name="new.label"/);
    const artistry = defaultRubric('crown').findIndex((c) => c.id === 'artistry');
    expect(html).not.toMatch(new RegExp(`name="c\\.${artistry}\\.enabled"[^>]*checked`));
    expect(html).toMatch(/name="c\.0\.enabled"[^>]*checked/);
  });
});

describe('the compliance form', () => {
  it('re-renders a refused record with its message and what was typed', async () => {
    const admin = await signedIn('admin@demo.stipple.test');
    const trainee = server.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'trainee@demo.stipple.test'))
      .get()!.id;
    const res = await admin.postForm(`/academy/trainees/${trainee}`, {
      action: 'compliance',
      kind: 'bloodborne-pathogens',
      completedOn: '2026-03-10',
      expiresOn: '2026-01-01',
      reference: 'REF-123',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('The expiry date must be after the completion date.');
    expect(html).toMatch(/name="completedOn" value="2026-03-10"/);
    expect(html).toMatch(/name="expiresOn" value="2026-01-01"/);
    expect(html).toMatch(/name="reference" maxlength="200" value="REF-123"/);
  });
});

describe('the verify form', () => {
  it('keeps a pasted text that does not verify, escaped, and a malformed code', async () => {
    const anon = new Client(server.baseUrl);
    const res = await anon.postForm('/verify', { credential: 'not a credential </textarea><b>x</b>' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('neither a credential JSON file nor a signed credential');
    expect(html).toContain('>not a credential &lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;</textarea>');
    const code = await anon.get('/verify?code=ABC');
    expect(code.status).toBe(400);
    expect(await code.text()).toMatch(/name="code" value="ABC"/);
  });
});

describe('JSON endpoints answer { error } with the status of the failure', () => {
  it('401 without a session, 404 for an unknown template', async () => {
    const anon = new Client(server.baseUrl);
    const res = await anon.postJson('/api/drill/crown-whorl/draft', { dots: [] }, 'PUT');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Sign in first.' });
    const trainee = await signedIn('trainee@demo.stipple.test');
    const missing = await trainee.postJson('/api/drill/no-such-template/draft', { dots: [] }, 'PUT');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'There is no drill template "no-such-template".' });
  });

  it('400 for a claim form that names no submission', async () => {
    const instructor = await signedIn('instructor@demo.stipple.test');
    const res = await instructor.postForm('/instructor/claim', { attemptId: 'x', action: 'claim' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Which submission?' });
  });

  it('403 for a cross-site form and 405 with Allow for GET /logout', async () => {
    const c = new Client(server.baseUrl);
    const cross = await c.postForm('/login', { email: 'a@b.test', password: 'x' }, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(await cross.json()).toEqual({ error: 'This form was sent from another site, so it was refused.' });
    const logout = await c.get('/logout');
    expect(logout.status).toBe(405);
    expect(logout.headers.get('allow')).toBe('POST');
    expect((await logout.json()).error).toMatch(/Sign out/);
  });
});

describe('sign-in throttling', () => {
  it('answers 429 with a Retry-After that matches the wait it describes', async () => {
    const c = new Client(server.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await c.postForm('/login', { email: 'owner@nowhere.test', password: 'wrong password' })).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const res = await c.postForm('/login', { email: 'owner@nowhere.test', password: 'wrong password' });
    expect(res.status).toBe(429);
    const seconds = Number(res.headers.get('retry-after'));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    expect(await res.text()).toMatch(/Too many failed sign-in attempts/);
  });
});
