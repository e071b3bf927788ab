/** Academies and memberships: creation (with the academy's signing key pair) and look-ups. */
import { generateKeyPairSync } from 'node:crypto';
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { academies, memberships, users } from '../../db/schema.ts';
import type { MembershipView } from '../lib/auth/guard.ts';
import type { Role } from '../lib/auth/roles.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { audit } from './audit.ts';
import { bound, preparedOnce } from './prepared.ts';

/** What creating an academy needs. */
export interface NewAcademy {
  slug: string;
  name: string;
  joinCode: string;
  openEnrollment?: boolean;
}

/** A fresh P-256 key pair (JWKs) for an academy's ES256 VC-JWTs. */
function p256Pair() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { p256PublicJwk: publicKey.export({ format: 'jwk' }), p256PrivateJwk: privateKey.export({ format: 'jwk' }) };
}

/**
 * Gives every academy without one a P-256 key pair (academies created before migration 0008); run at
 * start-up after migrating, since keys are generated in code, not SQL. Returns how many it filled in.
 */
export function ensureAcademyKeys(db: Queryable): number {
  const missing = db.select({ id: academies.id }).from(academies).where(isNull(academies.p256PublicJwk)).all();
  for (const a of missing) db.update(academies).set(p256Pair()).where(eq(academies.id, a.id)).run();
  return missing.length;
}

/** Creates an academy with fresh Ed25519 (Data Integrity) and P-256 (VC-JWT) key pairs for signing its credentials. */
export function createAcademy(db: Queryable, input: NewAcademy): number {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const row = db
    .insert(academies)
    .values({
      ...input,
      openEnrollment: input.openEnrollment ?? false,
      publicKeyJwk: publicKey.export({ format: 'jwk' }),
      privateKeyJwk: privateKey.export({ format: 'jwk' }),
      ...p256Pair(),
    })
    .returning({ id: academies.id })
    .get();
  return row.id;
}

/** Makes a user a member of an academy with a role. */
export function addMember(db: Queryable, userId: number, academyId: number, role: Role): void {
  db.insert(memberships).values({ userId, academyId, role }).run();
}

/** Every academy the user belongs to (removed memberships no longer count), oldest membership first. */
export function listMemberships(db: Db, userId: number): MembershipView[] {
  return preparedOnce(db, 'memberships-of-user', () =>
    db
      .select({
        academyId: academies.id,
        academySlug: academies.slug,
        academyName: academies.name,
        role: memberships.role,
      })
      .from(memberships)
      .innerJoin(academies, eq(academies.id, memberships.academyId))
      .where(and(eq(memberships.userId, bound('userId')), isNull(memberships.removedAt)))
      .orderBy(asc(memberships.createdAt), asc(academies.id))
      .prepare(),
  ).all({ userId });
}

/** The academy a trainee joins with this code (id and name), or undefined. */
export function findAcademyByJoinCode(db: Queryable, joinCode: string) {
  return db
    .select({ id: academies.id, name: academies.name })
    .from(academies)
    .where(eq(academies.joinCode, joinCode))
    .get();
}

/** The academy new sign-ups without a join code land in (the oldest with open enrolment), or undefined. */
export function findOpenEnrollmentAcademy(db: Queryable) {
  return db
    .select({ id: academies.id, name: academies.name })
    .from(academies)
    .where(eq(academies.openEnrollment, true))
    .orderBy(asc(academies.id))
    .get();
}

/** A trainee of an academy as the academy's pages show them. */
export interface TraineeView {
  id: number;
  name: string;
  email: string;
}

/** The trainees of an academy, optionally narrowed further (to one user), as a query to finish with get/all. */
function traineeQuery(db: Queryable, academyId: number, also?: SQL) {
  return db
    .select({ id: users.id, name: users.displayName, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.academyId, academyId), eq(memberships.role, 'trainee'), also));
}

/** Trainees of an academy (id, name, email) by name, for the bulk "who is ready" view. */
export function traineesOf(db: Queryable, academyId: number): TraineeView[] {
  return traineeQuery(db, academyId).orderBy(asc(users.displayName)).all();
}

/**
 * The trainee `userId` of `academyId`, or null — also for a member with another role and
 * for a trainee of another academy, so ids reveal nothing across academies.
 */
export function traineeOf(db: Queryable, academyId: number, userId: number): TraineeView | null {
  if (!Number.isSafeInteger(userId) || userId <= 0) return null;
  return traineeQuery(db, academyId, eq(memberships.userId, userId)).get() ?? null;
}

/**
 * A signed-in user joins the academy with this join code as a trainee, audited, in one
 * transaction. Fails `invalid` (on the `academyCode` field) for an unknown code and when
 * already a member: both are a wrong value in the form.
 */
export function joinAcademy(
  db: Db,
  userId: number,
  joinCode: string,
): Result<{ academyId: number; academyName: string }> {
  return db.transaction((tx) => {
    const academy = findAcademyByJoinCode(tx, joinCode);
    if (!academy)
      return fail('invalid', 'No academy has that code. Check it with your academy.', { field: 'academyCode' });
    const existing = tx
      .select({ role: memberships.role, removedAt: memberships.removedAt })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.academyId, academy.id)))
      .get();
    if (existing?.removedAt)
      return fail('forbidden', 'The academy removed you. Ask them for an invitation to come back.', {
        field: 'academyCode',
      });
    if (existing) return fail('invalid', 'You are already a member of that academy.', { field: 'academyCode' });
    addMember(tx, userId, academy.id, 'trainee');
    audit(tx, { academyId: academy.id, actorUserId: userId, action: 'membership.joined', subject: `user:${userId}` });
    return ok({ academyId: academy.id, academyName: academy.name });
  });
}
