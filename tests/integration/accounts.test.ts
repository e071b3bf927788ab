import { count, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { sessions, users, memberships } from '../../db/schema.ts';
import { DEMO_USERS, seedDemoAcademy } from '../../src/server/demo/seed.ts';
import { changePassword, signIn, signUp, WRONG_CREDENTIALS } from '../../src/server/accounts.ts';
import { createAcademy } from '../../src/server/academies.ts';
import { invalidateSession, validateSessionToken } from '../../src/server/sessions.ts';
import { freshDb } from '../support/db.ts';

let db: Db;
beforeEach(async () => {
  db = freshDb();
  await seedDemoAcademy(db, 'demo-password');
});

const countSessions = () => db.select({ n: count() }).from(sessions).get()!.n;

describe('accounts on a real migrated SQLite file', () => {
  it('sign-up → sign-in → session valid → sign-out → session gone', async () => {
    const up = await signUp(db, {
      email: 'new@trainee.test',
      password: 'a long passphrase',
      displayName: 'Nia Trainee',
    });
    expect(up.ok).toBe(true);
    if (!up.ok) return;
    // Without a code or an invitation, sign-up joins no academy (not even the demo one).
    expect(up.value.academyName).toBeNull();
    expect(db.select().from(memberships).where(eq(memberships.userId, up.value.userId)).all()).toEqual([]);

    const inResult = await signIn(db, 'new@trainee.test', 'a long passphrase', '127.0.0.1');
    expect(inResult.ok).toBe(true);
    if (!inResult.ok) return;
    const current = validateSessionToken(db, inResult.value.token);
    expect(current?.user.email).toBe('new@trainee.test');

    invalidateSession(db, current!.session.id);
    expect(validateSessionToken(db, inResult.value.token)).toBeNull();
  });

  it('stores only a hash of the session secret', async () => {
    const r = await signIn(db, DEMO_USERS[2]!.email, 'demo-password', '10.0.0.1');
    if (!r.ok) throw new Error('sign-in failed');
    const [id, secret] = r.value.token.split('.');
    const row = db.select().from(sessions).where(eq(sessions.id, id!)).get()!;
    expect(row.secretHash.toString('hex')).not.toContain(Buffer.from(secret!).toString('hex'));
    expect(validateSessionToken(db, `${id}.${'a'.repeat(32)}`)).toBeNull();
  });

  it('rejects and deletes an expired session', async () => {
    const r = await signIn(db, DEMO_USERS[2]!.email, 'demo-password', '10.0.0.1');
    if (!r.ok) throw new Error('sign-in failed');
    const id = r.value.token.split('.')[0]!;
    db.update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, id))
      .run();
    expect(validateSessionToken(db, r.value.token)).toBeNull();
    expect(db.select().from(sessions).where(eq(sessions.id, id)).get()).toBeUndefined();
  });

  it('extends a session used in the second half of its life', async () => {
    const r = await signIn(db, DEMO_USERS[2]!.email, 'demo-password', '10.0.0.1');
    if (!r.ok) throw new Error('sign-in failed');
    const id = r.value.token.split('.')[0]!;
    const soon = new Date(Date.now() + 2 * 86_400_000);
    db.update(sessions).set({ expiresAt: soon }).where(eq(sessions.id, id)).run();
    const v = validateSessionToken(db, r.value.token)!;
    expect(v.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it('refuses a duplicate sign-up (whatever the case of the email) and writes nothing', async () => {
    const before = db.select({ n: count() }).from(users).get()!.n;
    const r = await signUp(db, {
      email: 'trainee@demo.stipple.test',
      password: 'another passphrase',
      displayName: 'Jamie Again',
    });
    expect(r).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        field: 'email',
        message: 'An account with this email already exists. Sign in instead.',
      },
    });
    expect(db.select({ n: count() }).from(users).get()!.n).toBe(before);
  });

  it('refuses an unknown academy code and writes nothing', async () => {
    const before = db.select({ n: count() }).from(users).get()!.n;
    const r = await signUp(db, {
      email: 'x@y.test',
      password: 'a long passphrase',
      displayName: 'Xavier Young',
      academyCode: 'NOPE',
    });
    expect(r.ok).toBe(false);
    expect(db.select({ n: count() }).from(users).get()!.n).toBe(before);
  });

  it('joins the academy a code names, as a trainee', async () => {
    const otherId = createAcademy(db, { slug: 'north', name: 'Northline', joinCode: 'NORTH-1' });
    const r = await signUp(db, {
      email: 'x@y.test',
      password: 'a long passphrase',
      displayName: 'Xavier Young',
      academyCode: 'NORTH-1',
    });
    if (!r.ok) throw new Error('sign-up failed');
    const m = db.select().from(memberships).where(eq(memberships.userId, r.value.userId)).all();
    expect(m).toEqual([expect.objectContaining({ academyId: otherId, role: 'trainee' })]);
  });

  it('gives the same message for an unknown email and a wrong password, then throttles', async () => {
    const unknown = await signIn(db, 'nobody@x.test', 'whatever1', '10.0.0.2');
    const wrong = await signIn(db, DEMO_USERS[0]!.email, 'whatever1', '10.0.0.2');
    expect(unknown).toEqual({ ok: false, error: { kind: 'invalid', message: WRONG_CREDENTIALS } });
    expect(wrong).toEqual(unknown);
    for (let i = 0; i < 4; i++) await signIn(db, DEMO_USERS[0]!.email, 'whatever1', '10.0.0.2');
    const sixth = await signIn(db, DEMO_USERS[0]!.email, 'demo-password', '10.0.0.2');
    expect(sixth).toMatchObject({ ok: false, error: { kind: 'rate_limited' } });
  });

  it('checks exactly five of forty concurrent wrong passwords for one account', async () => {
    const email = DEMO_USERS[0]!.email;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(db, email, `wrong-${i}`, `10.1.0.${i}`)),
    );
    const kinds = results.map((r) => (r.ok ? 'ok' : r.error.kind));
    expect(kinds.filter((k) => k === 'invalid')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'rate_limited')).toHaveLength(35);
    const recorded = db.$client
      .prepare('SELECT count(*) AS n FROM auth_failures WHERE key = ?')
      .get(`account:${email}`);
    expect(recorded).toEqual({ n: 5 });
    expect(await signIn(db, email, 'demo-password', '10.1.1.1')).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited' },
    });
  });

  it('leaves no failure behind for a correct password, even from a busy address', async () => {
    await signIn(db, 'nobody@x.test', 'wrong-one', '10.2.0.1');
    const good = await signIn(db, DEMO_USERS[1]!.email, 'demo-password', '10.2.0.1');
    expect(good.ok).toBe(true);
    const keys = db.$client.prepare('SELECT key FROM auth_failures ORDER BY key').all();
    expect(keys).toEqual([{ key: 'account:nobody@x.test' }, { key: 'ip:10.2.0.1' }]);
  });

  it('signs the user out everywhere on password change', async () => {
    const email = DEMO_USERS[2]!.email;
    const a = await signIn(db, email, 'demo-password', '1.1.1.1');
    const b = await signIn(db, email, 'demo-password', '1.1.1.2');
    if (!a.ok || !b.ok) throw new Error('sign-in failed');
    const userId = a.value.userId;
    expect(await changePassword(db, userId, 'wrong', 'new passphrase 1')).toMatchObject({
      ok: false,
      error: { field: 'currentPassword' },
    });
    const changed = await changePassword(db, userId, 'demo-password', 'new passphrase 1');
    expect(changed.ok).toBe(true);
    expect(validateSessionToken(db, a.value.token)).toBeNull();
    expect(validateSessionToken(db, b.value.token)).toBeNull();
    if (changed.ok) expect(validateSessionToken(db, changed.value.token)?.user.id).toBe(userId);
    expect(countSessions()).toBe(1);
    expect((await signIn(db, email, 'new passphrase 1', '1.1.1.3')).ok).toBe(true);
  });
});
