/**
 * An academy run by its own people: creating an academy (its creator becomes admin, its signing keys are made in
 * the same transaction), its members (list, change role, remove), and invitations (invite, resend, revoke,
 * accept). Every change is audited; every check of academy is made here, so an admin of academy A can neither
 * see nor change anything of academy B.
 */
import { and, asc, count, desc, eq, gt, isNull, like, max, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { academies, invitations, memberships, sessions, users } from '../../db/schema.ts';
import { checkMemberChange, MAX_INVITES_PER_DAY } from '../lib/academy/rules.ts';
import {
  generateLinkToken,
  hashLinkToken,
  INVITATION_LIFETIME_MS,
  isLinkTokenShape,
  tokenState,
  type TokenState,
} from '../lib/academy/tokens.ts';
import { hashPassword } from '../lib/auth/password.ts';
import type { Role } from '../lib/auth/roles.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { createAcademy } from './academies.ts';
import { audit } from './audit.ts';
import { createSession } from './sessions.ts';

/** Whether signed-in users may create academies themselves (`STIPPLE_ACADEMY_CREATION=operators` turns it off). */
export function selfServiceCreationAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.STIPPLE_ACADEMY_CREATION ?? '').trim().toLowerCase() !== 'operators';
}

/** A fresh join code such as `NORTH-7K3QX` (from the slug, plus random letters without look-alikes). */
function newJoinCode(slug: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  const tail = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  const head = slug.replace(/-/g, '').slice(0, 6).toUpperCase();
  return `${head}-${tail}`;
}

/**
 * Creates an academy with `adminUserId` as its admin, its signing keys and a join code, audited, in one
 * transaction: `invalid` on `slug` when the slug is taken.
 */
export function createAcademyWithAdmin(
  db: Db,
  input: { name: string; slug: string; adminUserId: number },
): Result<{ academyId: number; slug: string }> {
  return db.transaction((tx) => {
    if (tx.select({ id: academies.id }).from(academies).where(eq(academies.slug, input.slug)).get())
      return fail('invalid', 'That web name is taken. Choose another.', { field: 'slug' });
    const academyId = createAcademy(tx, { name: input.name, slug: input.slug, joinCode: newJoinCode(input.slug) });
    tx.insert(memberships).values({ userId: input.adminUserId, academyId, role: 'admin' }).run();
    audit(tx, {
      academyId,
      actorUserId: input.adminUserId,
      action: 'academy.created',
      subject: `academy:${academyId}`,
      detail: { name: input.name, slug: input.slug },
    });
    return ok({ academyId, slug: input.slug });
  });
}

/**
 * What an operator's `academy:create` does, in one transaction: creates the academy; its admin is the account with
 * `adminEmail` when there is one, else that address gets an admin invitation (returned, to mail).
 */
export function createAcademyForOperator(
  db: Db,
  input: { name: string; slug: string; adminEmail: string },
): Result<{ academyId: number; joinCode: string; adminUserId: number | null; invitation: InvitationToSend | null }> {
  return db.transaction((tx) => {
    if (tx.select({ id: academies.id }).from(academies).where(eq(academies.slug, input.slug)).get())
      return fail('invalid', `The slug “${input.slug}” is taken.`, { field: 'slug' });
    const joinCode = newJoinCode(input.slug);
    const academyId = createAcademy(tx, { name: input.name, slug: input.slug, joinCode });
    const admin = tx.select({ id: users.id }).from(users).where(eq(users.email, input.adminEmail)).get();
    audit(tx, {
      academyId,
      actorUserId: null,
      action: 'academy.created',
      subject: `academy:${academyId}`,
      detail: { name: input.name, slug: input.slug, by: 'operator', adminEmail: input.adminEmail },
    });
    if (admin) {
      tx.insert(memberships).values({ userId: admin.id, academyId, role: 'admin' }).run();
      return ok({ academyId, joinCode, adminUserId: admin.id, invitation: null });
    }
    const invited = inviteMembers(tx, academyId, null, [input.adminEmail], 'admin');
    if (!invited.ok) return invited;
    return ok({ academyId, joinCode, adminUserId: null, invitation: invited.value.toSend[0]! });
  });
}

/** A new join code for the academy (the old one stops working), audited. */
export function regenerateJoinCode(db: Db, academyId: number, actorId: number): string {
  return db.transaction((tx) => {
    const a = tx.select({ slug: academies.slug }).from(academies).where(eq(academies.id, academyId)).get()!;
    const joinCode = newJoinCode(a.slug);
    tx.update(academies).set({ joinCode }).where(eq(academies.id, academyId)).run();
    audit(tx, {
      academyId,
      actorUserId: actorId,
      action: 'academy.join_code_regenerated',
      subject: `academy:${academyId}`,
    });
    return joinCode;
  });
}

/** A member as the members page lists them. */
export interface MemberRow {
  userId: number;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
  removedAt: Date | null;
  lastSignIn: Date | null;
}

/** Filters of the members page. */
export interface MemberFilter {
  q?: string;
  role?: Role;
  /** `current` (default), `former` (removed) or `all`. */
  status?: 'current' | 'former' | 'all';
}

/** The members of one academy (never another's), filtered by name/email text, role and current/former. */
export function listMembers(db: Queryable, academyId: number, filter: MemberFilter = {}): MemberRow[] {
  const q = filter.q?.trim().toLowerCase();
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const status = filter.status ?? 'current';
  const lastSignIn = db
    .select({ userId: sessions.userId, at: max(sessions.createdAt).as('at') })
    .from(sessions)
    .groupBy(sessions.userId)
    .as('last_sign_in');
  return db
    .select({
      userId: users.id,
      name: users.displayName,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      removedAt: memberships.removedAt,
      lastSignIn: sql<number | null>`${lastSignIn.at}`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(lastSignIn, eq(lastSignIn.userId, users.id))
    .where(
      and(
        eq(memberships.academyId, academyId),
        filter.role ? eq(memberships.role, filter.role) : undefined,
        status === 'current'
          ? isNull(memberships.removedAt)
          : status === 'former'
            ? sql`${memberships.removedAt} is not null`
            : undefined,
        pattern
          ? or(sql`lower(${users.displayName}) like ${pattern} escape '\\'`, like(users.email, pattern))
          : undefined,
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id))
    .all()
    .map((r) => ({ ...r, lastSignIn: r.lastSignIn === null ? null : new Date(r.lastSignIn) }));
}

function activeAdminCount(db: Queryable, academyId: number): number {
  return db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.academyId, academyId), eq(memberships.role, 'admin'), isNull(memberships.removedAt)))
    .get()!.n;
}

function currentMember(db: Queryable, academyId: number, userId: number) {
  if (!Number.isSafeInteger(userId) || userId <= 0) return undefined;
  return db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.academyId, academyId), eq(memberships.userId, userId), isNull(memberships.removedAt)))
    .get();
}

/** Changes a current member's role (never the last admin's), audited; `not_found` for anyone not in the academy. */
export function changeMemberRole(db: Db, academyId: number, actorId: number, userId: number, role: Role): Result {
  return db.transaction((tx) => {
    const target = currentMember(tx, academyId, userId);
    if (!target) return fail('not_found', 'No such member in your academy.');
    const allowed = checkMemberChange(target, role, activeAdminCount(tx, academyId));
    if (!allowed.ok) return allowed;
    tx.update(memberships)
      .set({ role })
      .where(and(eq(memberships.academyId, academyId), eq(memberships.userId, userId)))
      .run();
    audit(tx, {
      academyId,
      actorUserId: actorId,
      action: 'membership.role_changed',
      subject: `user:${userId}`,
      detail: { from: target.role, to: role },
    });
    return ok();
  });
}

/**
 * Removes a member: their access to the academy ends at once (the membership is marked removed, so no page of
 * the academy admits them), while their attempts, reviews and certificates stay and keep counting. Audited; the
 * last admin cannot be removed.
 */
export function removeMember(db: Db, academyId: number, actorId: number, userId: number, now = new Date()): Result {
  return db.transaction((tx) => {
    const target = currentMember(tx, academyId, userId);
    if (!target) return fail('not_found', 'No such member in your academy.');
    const allowed = checkMemberChange(target, null, activeAdminCount(tx, academyId));
    if (!allowed.ok) return allowed;
    tx.update(memberships)
      .set({ removedAt: now })
      .where(and(eq(memberships.academyId, academyId), eq(memberships.userId, userId)))
      .run();
    audit(tx, {
      academyId,
      actorUserId: actorId,
      action: 'membership.removed',
      subject: `user:${userId}`,
      detail: { role: target.role },
    });
    return ok();
  });
}

/** A pending (or otherwise) invitation as the members page lists it. */
export interface InvitationRow {
  id: number;
  email: string;
  role: Role;
  sentAt: Date;
  expiresAt: Date;
  state: TokenState;
}

/** The academy's invitations not yet accepted or revoked (expired ones included, to resend), newest first. */
export function pendingInvitations(db: Queryable, academyId: number, now = new Date()): InvitationRow[] {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      sentAt: invitations.sentAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .where(and(eq(invitations.academyId, academyId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.sentAt), desc(invitations.id))
    .all()
    .map((r) => ({
      id: r.id,
      email: r.email,
      role: r.role,
      sentAt: r.sentAt,
      expiresAt: r.expiresAt,
      state: tokenState({ expiresAt: r.expiresAt, usedAt: r.acceptedAt, revokedAt: r.revokedAt }, now),
    }));
}

/** One invitation to mail: the address and the link token (known only now; only its hash is stored). */
export interface InvitationToSend {
  id: number;
  email: string;
  role: Role;
  token: string;
  expiresAt: Date;
}

function sentToday(db: Queryable, academyId: number, now: Date): number {
  const since = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  return db
    .select({ n: count() })
    .from(invitations)
    .where(and(eq(invitations.academyId, academyId), gt(invitations.sentAt, since)))
    .get()!.n;
}

/**
 * Invites each address with `role`, in one transaction: current members are skipped (reported), a pending
 * invitation to the same address is replaced, and at most `MAX_INVITES_PER_DAY` invitations go out per academy
 * per day (`rate_limited`, nothing written, when the list would pass it). Audited per address.
 */
export function inviteMembers(
  db: Queryable,
  academyId: number,
  actorId: number | null,
  emails: string[],
  role: Role,
  now = new Date(),
): Result<{ toSend: InvitationToSend[]; alreadyMembers: string[] }> {
  return db.transaction((tx) => {
    // On a transaction already (operator creation), this nests as a savepoint.
    const alreadyMembers: string[] = [];
    const fresh: string[] = [];
    for (const email of emails) {
      const member = tx
        .select({ id: users.id })
        .from(users)
        .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.academyId, academyId)))
        .where(and(eq(users.email, email), isNull(memberships.removedAt)))
        .get();
      (member ? alreadyMembers : fresh).push(email);
    }
    if (sentToday(tx, academyId, now) + fresh.length > MAX_INVITES_PER_DAY)
      return fail(
        'rate_limited',
        `An academy can send at most ${MAX_INVITES_PER_DAY} invitations a day. Try the rest tomorrow.`,
        { field: 'email', retryAfterMs: 60 * 60 * 1000 },
      );
    const toSend: InvitationToSend[] = [];
    const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
    for (const email of fresh) {
      tx.update(invitations)
        .set({ revokedAt: now })
        .where(
          and(
            eq(invitations.academyId, academyId),
            eq(invitations.email, email),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
          ),
        )
        .run();
      const { token, hash } = generateLinkToken();
      const { id } = tx
        .insert(invitations)
        .values({ academyId, email, role, tokenHash: hash, invitedBy: actorId, sentAt: now, expiresAt })
        .returning({ id: invitations.id })
        .get();
      audit(tx, {
        academyId,
        actorUserId: actorId,
        action: 'invitation.sent',
        subject: `invitation:${id}`,
        detail: { email, role },
      });
      toSend.push({ id, email, role, token, expiresAt });
    }
    return ok({ toSend, alreadyMembers });
  });
}

/** Sends a pending invitation again with a new link (the old link stops working) and a new 7-day expiry. */
export function resendInvitation(
  db: Db,
  academyId: number,
  actorId: number,
  invitationId: number,
  now = new Date(),
): Result<InvitationToSend> {
  return db.transaction((tx) => {
    const inv = pendingInvitation(tx, academyId, invitationId);
    if (!inv) return fail('not_found', 'No such pending invitation in your academy.');
    if (sentToday(tx, academyId, now) + 1 > MAX_INVITES_PER_DAY)
      return fail('rate_limited', `An academy can send at most ${MAX_INVITES_PER_DAY} invitations a day.`);
    const { token, hash } = generateLinkToken();
    const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
    tx.update(invitations).set({ tokenHash: hash, sentAt: now, expiresAt }).where(eq(invitations.id, inv.id)).run();
    audit(tx, { academyId, actorUserId: actorId, action: 'invitation.resent', subject: `invitation:${inv.id}` });
    return ok({ id: inv.id, email: inv.email, role: inv.role, token, expiresAt });
  });
}

function pendingInvitation(db: Queryable, academyId: number, invitationId: number) {
  if (!Number.isSafeInteger(invitationId) || invitationId <= 0) return undefined;
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role })
    .from(invitations)
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.academyId, academyId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .get();
}

/** Withdraws a pending invitation: its link stops working. Audited. */
export function revokeInvitation(
  db: Db,
  academyId: number,
  actorId: number,
  invitationId: number,
  now = new Date(),
): Result {
  return db.transaction((tx) => {
    const inv = pendingInvitation(tx, academyId, invitationId);
    if (!inv) return fail('not_found', 'No such pending invitation in your academy.');
    tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, inv.id)).run();
    audit(tx, {
      academyId,
      actorUserId: actorId,
      action: 'invitation.revoked',
      subject: `invitation:${inv.id}`,
      detail: { email: inv.email },
    });
    return ok();
  });
}

/** What an invitation link leads to. */
export type InvitationLookup =
  | { state: 'unknown' }
  | {
      state: TokenState;
      id: number;
      email: string;
      role: Role;
      academyId: number;
      academyName: string;
      academySlug: string;
      /** Whether an account with the invited address exists (then it signs in to accept). */
      hasAccount: boolean;
    };

/** The invitation behind a link token, with its state at `now`. */
export function invitationByToken(db: Queryable, token: string | undefined, now = new Date()): InvitationLookup {
  if (!isLinkTokenShape(token)) return { state: 'unknown' };
  const row = db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      academyId: academies.id,
      academyName: academies.name,
      academySlug: academies.slug,
    })
    .from(invitations)
    .innerJoin(academies, eq(academies.id, invitations.academyId))
    .where(eq(invitations.tokenHash, hashLinkToken(token)))
    .get();
  if (!row) return { state: 'unknown' };
  const hasAccount = !!db.select({ id: users.id }).from(users).where(eq(users.email, row.email)).get();
  return {
    state: tokenState({ expiresAt: row.expiresAt, usedAt: row.acceptedAt, revokedAt: row.revokedAt }, now),
    id: row.id,
    email: row.email,
    role: row.role,
    academyId: row.academyId,
    academyName: row.academyName,
    academySlug: row.academySlug,
    hasAccount,
  };
}

/** Joins (or re-joins, for a former member) the academy with the invitation's role and marks it used, audited. */
function acceptInto(tx: Queryable, inv: { id: number; academyId: number; role: Role }, userId: number, now: Date) {
  tx.insert(memberships)
    .values({ userId, academyId: inv.academyId, role: inv.role })
    .onConflictDoUpdate({
      target: [memberships.userId, memberships.academyId],
      set: { role: inv.role, removedAt: null },
    })
    .run();
  tx.update(invitations).set({ acceptedAt: now, acceptedBy: userId }).where(eq(invitations.id, inv.id)).run();
  audit(tx, {
    academyId: inv.academyId,
    actorUserId: userId,
    action: 'invitation.accepted',
    subject: `invitation:${inv.id}`,
    detail: { role: inv.role },
  });
}

function usable(lookup: InvitationLookup): Result<Extract<InvitationLookup, { id: number }>> {
  if (lookup.state === 'valid') return ok(lookup as Extract<InvitationLookup, { id: number }>);
  return fail(lookup.state === 'unknown' ? 'not_found' : 'conflict', 'This invitation link no longer works.');
}

/**
 * A new person accepts: the account is created with the invited (and so proven) address, joins the academy,
 * and is signed in — all in one transaction, after re-checking the token inside it.
 */
export async function acceptInvitationAsNewUser(
  db: Db,
  token: string,
  input: { displayName: string; password: string },
  now = new Date(),
): Promise<Result<{ userId: number; token: string; expiresAt: Date; academySlug: string }>> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    const inv = usable(invitationByToken(tx, token, now));
    if (!inv.ok) return inv;
    if (inv.value.hasAccount)
      return fail('conflict', 'An account with this address exists already: sign in to accept.', { field: 'form' });
    const { id: userId } = tx
      .insert(users)
      .values({ email: inv.value.email, displayName: input.displayName, passwordHash })
      .returning({ id: users.id })
      .get();
    audit(tx, {
      academyId: inv.value.academyId,
      actorUserId: userId,
      action: 'user.signup',
      subject: `user:${userId}`,
    });
    acceptInto(tx, inv.value, userId, now);
    const { token: sessionToken, session } = createSession(tx, userId, now);
    return ok({ userId, token: sessionToken, expiresAt: session.expiresAt, academySlug: inv.value.academySlug });
  });
}

/** A signed-in user accepts: only the account whose address was invited may. */
export function acceptInvitationAsUser(
  db: Db,
  token: string,
  user: { id: number; email: string },
  now = new Date(),
): Result<{ academySlug: string }> {
  return db.transaction((tx) => {
    const inv = usable(invitationByToken(tx, token, now));
    if (!inv.ok) return inv;
    if (inv.value.email !== user.email)
      return fail(
        'forbidden',
        `This invitation is for ${inv.value.email}, and you are signed in as ${user.email}. Sign out and sign in with the invited address.`,
      );
    // A current member keeps their role (an admin changes roles on the members page; the last admin stays admin).
    if (currentMember(tx, inv.value.academyId, user.id))
      return fail('conflict', `You are already a member of ${inv.value.academyName}.`);
    acceptInto(tx, inv.value, user.id, now);
    return ok({ academySlug: inv.value.academySlug });
  });
}

/** The academy's name and logo for mails. */
export function mailAcademy(db: Queryable, academyId: number) {
  const a = db
    .select({ name: academies.name, logo: academies.logo, logoType: academies.logoType })
    .from(academies)
    .where(eq(academies.id, academyId))
    .get()!;
  return {
    academy: { name: a.name, hasLogo: !!a.logo },
    logo: a.logo && a.logoType ? { content: a.logo, contentType: a.logoType } : null,
  };
}

/** When the member was removed from the academy (a former member), or null while they are a member. */
export function removedAt(db: Queryable, academyId: number, userId: number): Date | null {
  return (
    db
      .select({ removedAt: memberships.removedAt })
      .from(memberships)
      .where(and(eq(memberships.academyId, academyId), eq(memberships.userId, userId)))
      .get()?.removedAt ?? null
  );
}
