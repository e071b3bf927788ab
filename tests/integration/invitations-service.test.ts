/**
 * The invitation service on a real migrated SQLite file, with an injected clock: the daily limit per academy, the
 * 7-day expiry, single use, and that a refused acceptance writes nothing.
 */
import { count, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { invitations, memberships, users } from '../../db/schema.ts';
import { MAX_INVITES_PER_DAY } from '../../src/lib/academy/rules.ts';
import {
  acceptInvitationAsNewUser,
  acceptInvitationAsUser,
  createAcademyWithAdmin,
  invitationByToken,
  inviteMembers,
} from '../../src/server/academy-admin.ts';
import { freshDb } from '../support/db.ts';
import { addUser } from '../support/fixtures.ts';

let db: Db;
let academyId = 0;
let adminId = 0;
const t0 = new Date('2026-03-01T09:00:00Z');
const DAY = 86_400_000;

beforeEach(async () => {
  db = freshDb();
  adminId = await addUser(db, 'owner@north.test', 'pw-owner-123', 'Nora North');
  const created = createAcademyWithAdmin(db, { name: 'North', slug: 'north', adminUserId: adminId });
  if (!created.ok) throw new Error(created.error.message);
  academyId = created.value.academyId;
});

const emails = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}@x.test`);
const invitationCount = () => db.select({ n: count() }).from(invitations).get()!.n;

describe('invitations', () => {
  it(`allows ${MAX_INVITES_PER_DAY} a day per academy; a list that would pass it is refused whole`, () => {
    expect(inviteMembers(db, academyId, adminId, emails(150, 'a'), 'trainee', t0).ok).toBe(true);
    const over = inviteMembers(db, academyId, adminId, emails(51, 'b'), 'trainee', new Date(t0.getTime() + 1000));
    expect(over).toMatchObject({ ok: false, error: { kind: 'rate_limited', field: 'email' } });
    expect(invitationCount()).toBe(150);
    expect(inviteMembers(db, academyId, adminId, emails(50, 'c'), 'trainee', new Date(t0.getTime() + 2000)).ok).toBe(
      true,
    );
    // A day later the window has moved on.
    expect(inviteMembers(db, academyId, adminId, emails(50, 'd'), 'trainee', new Date(t0.getTime() + DAY + 1)).ok).toBe(
      true,
    );
  });

  it('expire 7 days after sending; an expired or used link creates nothing', async () => {
    const sent = inviteMembers(db, academyId, adminId, ['new@x.test'], 'instructor', t0);
    if (!sent.ok) throw new Error(sent.error.message);
    const { token } = sent.value.toSend[0]!;
    expect(invitationByToken(db, token, new Date(t0.getTime() + 7 * DAY - 1)).state).toBe('valid');
    expect(invitationByToken(db, token, new Date(t0.getTime() + 7 * DAY)).state).toBe('expired');
    const usersBefore = db.select({ n: count() }).from(users).get()!.n;
    const late = await acceptInvitationAsNewUser(
      db,
      token,
      { displayName: 'Nat New', password: 'velvet harbour lantern 42' },
      new Date(t0.getTime() + 8 * DAY),
    );
    expect(late).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(db.select({ n: count() }).from(users).get()!.n).toBe(usersBefore);

    const inTime = await acceptInvitationAsNewUser(
      db,
      token,
      { displayName: 'Nat New', password: 'velvet harbour lantern 42' },
      new Date(t0.getTime() + DAY),
    );
    expect(inTime.ok).toBe(true);
    if (!inTime.ok) return;
    expect(db.select().from(memberships).where(eq(memberships.userId, inTime.value.userId)).all()).toEqual([
      expect.objectContaining({ academyId, role: 'instructor', removedAt: null }),
    ]);
    const again = await acceptInvitationAsNewUser(
      db,
      token,
      { displayName: 'Nat Other', password: 'velvet harbour lantern 42' },
      new Date(t0.getTime() + DAY),
    );
    expect(again).toMatchObject({ ok: false });
    expect(db.select({ n: count() }).from(users).get()!.n).toBe(usersBefore + 1);
  });

  it('an existing member who opens an invitation keeps their role: accepting is refused, nothing changes', () => {
    const sent = inviteMembers(db, academyId, adminId, ['owner2@north.test'], 'trainee', t0);
    if (!sent.ok) throw new Error(sent.error.message);
    // Current members are not invited at all…
    const other = inviteMembers(db, academyId, adminId, ['owner@north.test'], 'trainee', t0);
    expect(other.ok && other.value.alreadyMembers).toEqual(['owner@north.test']);
    // …but one who joined after the invitation went out (here: made admin meanwhile) keeps their role.
    const token = sent.value.toSend[0]!.token;
    db.insert(users).values({ email: 'owner2@north.test', displayName: 'Owen Two', passwordHash: 'x' }).run();
    const id = db.select().from(users).where(eq(users.email, 'owner2@north.test')).get()!.id;
    db.insert(memberships).values({ userId: id, academyId, role: 'admin' }).run();
    const r = acceptInvitationAsUser(db, token, { id, email: 'owner2@north.test' }, t0);
    expect(r).toMatchObject({ ok: false, error: { kind: 'conflict', message: 'You are already a member of North.' } });
    expect(db.select().from(memberships).where(eq(memberships.userId, id)).get()!.role).toBe('admin');
    expect(invitationByToken(db, token, t0).state).toBe('valid');
  });

  it('a new invitation to the same address replaces the pending one', () => {
    const first = inviteMembers(db, academyId, adminId, ['twice@x.test'], 'trainee', t0);
    const second = inviteMembers(db, academyId, adminId, ['twice@x.test'], 'instructor', new Date(t0.getTime() + 1));
    if (!first.ok || !second.ok) throw new Error('invite failed');
    expect(invitationByToken(db, first.value.toSend[0]!.token, t0).state).toBe('revoked');
    expect(invitationByToken(db, second.value.toSend[0]!.token, t0)).toMatchObject({
      state: 'valid',
      role: 'instructor',
    });
  });
});
