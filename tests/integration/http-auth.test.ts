import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.ts';
import { hashPassword } from '../../src/lib/auth/password.ts';
import { addMember, createAcademy } from '../../src/server/academies.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
  // A second academy with its own admin.
  const otherId = createAcademy(server.db, { slug: 'northline', name: 'Northline SMP Studio', joinCode: 'NORTH-1' });
  const { id } = server.db
    .insert(users)
    .values({
      email: 'owner@northline.test',
      displayName: 'Nora North',
      passwordHash: await hashPassword(DEMO_PASSWORD),
    })
    .returning({ id: users.id })
    .get();
  addMember(server.db, id, otherId, 'admin');
});
afterAll(() => server?.stop());

const userCount = () => server.db.select({ n: count() }).from(users).get()!.n;

describe('HTTP: sessions, roles and academies', () => {
  it('redirects a visitor without a session to sign in, remembering the page', async () => {
    const res = await new Client(server.baseUrl).get('/academy');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Facademy');
  });

  it('sets an httpOnly SameSite=Lax cookie at sign-in and clears the session at sign-out', async () => {
    const c = new Client(server.baseUrl);
    const res = await c.login('trainee@demo.stipple.test', DEMO_PASSWORD);
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('stipple_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const page = await c.get('/learn');
    expect(page.status).toBe(200);
    // A fresh session is not renewed, so ordinary requests do not re-send the cookie.
    expect(page.headers.getSetCookie().some((l) => l.startsWith('stipple_session='))).toBe(false);
    const out = await c.postForm('/logout', {});
    expect(out.status).toBe(303);
    expect((await c.get('/learn')).status).toBe(303);
  });

  it('gives a trainee 403 on the instructor and academy pages', async () => {
    const c = new Client(server.baseUrl);
    await c.login('trainee@demo.stipple.test', DEMO_PASSWORD);
    for (const path of ['/instructor', '/academy']) {
      const res = await c.get(path);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('This page is for');
    }
  });

  it("gives an admin of academy A 403 on academy B's admin page", async () => {
    const demoAdmin = new Client(server.baseUrl);
    await demoAdmin.login('admin@demo.stipple.test', DEMO_PASSWORD);
    expect((await demoAdmin.get('/academy')).status).toBe(200);
    const res = await demoAdmin.get('/academy?academy=northline');
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('You are not a member of that academy.');
    expect(html).not.toContain('Northline SMP Studio');

    const northAdmin = new Client(server.baseUrl);
    await northAdmin.login('owner@northline.test', DEMO_PASSWORD);
    const own = await northAdmin.get('/academy?academy=northline');
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('Northline SMP Studio');
    expect((await northAdmin.get('/academy?academy=demo')).status).toBe(403);
  });

  it('refuses a cross-site form POST with 403 and creates no account', async () => {
    const before = userCount();
    const res = await new Client(server.baseUrl).postForm(
      '/signup',
      { email: 'csrf@x.test', password: 'a long passphrase' },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(userCount()).toBe(before);
  });

  it('explains bad sign-up input with a 400 and writes nothing', async () => {
    const before = userCount();
    const c = new Client(server.baseUrl);
    const res = await c.postForm('/signup', { email: 'nope', password: '123' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Enter a valid email address');
    expect(html).toContain('Use at least 10 characters');
    const dup = await c.postForm('/signup', {
      email: 'TRAINEE@demo.stipple.test',
      password: 'a long passphrase',
      displayName: 'Jamie Again',
    });
    expect(dup.status).toBe(400);
    expect(await dup.text()).toContain('An account with this email already exists');
    expect(userCount()).toBe(before);
  });

  it('answers an unreadable form body with 400, not a 500', async () => {
    const c = new Client(server.baseUrl);
    const res = await c.request('/login', {
      method: 'POST',
      body: '--x\r\nbroken',
      headers: { origin: server.baseUrl, 'content-type': 'multipart/form-data; boundary=zzz' },
    });
    expect(res.status).toBe(400);
  });

  it('answers the sixth wrong password within 15 minutes with 429 and a clear message', async () => {
    const c = new Client(server.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await c.login('instructor@demo.stipple.test', 'wrong-password')).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const again = await c.login('instructor@demo.stipple.test', DEMO_PASSWORD);
    expect(again.status).toBe(429);
    expect(await again.text()).toMatch(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./);
  });

  it('does not reveal whether an email has an account', async () => {
    const c = new Client(server.baseUrl);
    const a = await (await c.login('nobody@nowhere.test', 'some password')).text();
    const b = await (await c.login('admin@demo.stipple.test', 'some password')).text();
    const message = 'That email and password do not match an account.';
    expect(a).toContain(message);
    expect(b).toContain(message);
  });

  it('refuses GET /logout and serves a 404 page for unknown paths', async () => {
    const c = new Client(server.baseUrl);
    expect((await c.get('/logout')).status).toBe(405);
    const res = await c.get('/no-such-page');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('page not found');
  });
});
