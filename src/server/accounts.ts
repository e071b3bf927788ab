/** Sign-up, sign-in and password change: the account rules, each write in one transaction. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { hashPassword, timingDummyHash, verifyPassword } from '../lib/auth/password.ts';
import { describeRetry } from '../lib/auth/throttle.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { addMember, findAcademyByJoinCode } from './academies.ts';
import { audit } from './audit.ts';
import { createSession, invalidateUserSessions } from './sessions.ts';
import { clearAccountFailures, reserveSignInAttempt } from './throttle-store.ts';

/** A validated sign-up form. */
export interface SignUpInput {
  email: string; // normalised
  password: string;
  displayName: string;
  academyCode?: string;
}

/** The new account's session (and the academy it joined), or an `invalid` error on a form field. */
export type SignUpResult = Result<{ userId: number; token: string; expiresAt: Date; academyName: string | null }>;

/**
 * Creates an account and signs it in. With an academy code the person joins that academy as a trainee; without
 * one they join no academy (they create one, or accept an invitation, or join by code later).
 */
export async function signUp(db: Db, input: SignUpInput): Promise<SignUpResult> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx): SignUpResult => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get()) {
      return fail('invalid', 'An account with this email already exists. Sign in instead.', { field: 'email' });
    }
    const academy = input.academyCode ? findAcademyByJoinCode(tx, input.academyCode) : undefined;
    if (input.academyCode && !academy) {
      return fail('invalid', 'No academy has that code. Check it with your academy.', { field: 'academyCode' });
    }
    const displayName = input.displayName;
    const { id: userId } = tx
      .insert(users)
      .values({ email: input.email, displayName, passwordHash })
      .returning({ id: users.id })
      .get();
    if (academy) addMember(tx, userId, academy.id, 'trainee');
    audit(tx, {
      academyId: academy?.id ?? null,
      actorUserId: userId,
      action: 'user.signup',
      subject: `user:${userId}`,
    });
    const { token, session } = createSession(tx, userId);
    return ok({ userId, token, expiresAt: session.expiresAt, academyName: academy?.name ?? null });
  });
}

/** A new session, or `invalid` (wrong email or password) or `rate_limited` (throttled, with the wait). */
export type SignInResult = Result<{ userId: number; token: string; expiresAt: Date }>;

/** The one message for an unknown email and a wrong password. */
export const WRONG_CREDENTIALS = 'That email and password do not match an account.';

/**
 * Checks a password, throttled per account and per address. The message for an unknown
 * email and a wrong password is the same, and both take an argon2 verification.
 */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  ip: string,
  now = Date.now(),
): Promise<SignInResult> {
  // Check and record in one transaction: the attempt counts as a failure from here on, so
  // concurrent wrong passwords cannot all pass the check before any is recorded.
  const throttle = reserveSignInAttempt(db, email, ip, now);
  if (!throttle.allowed) {
    return fail('rate_limited', `Too many failed sign-in attempts. ${describeRetry(throttle.retryAfterMs)}`, {
      retryAfterMs: throttle.retryAfterMs,
    });
  }
  const user = db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .get();
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), password);
  if (!user || !valid) return fail('invalid', WRONG_CREDENTIALS);
  throttle.release();
  clearAccountFailures(db, email);
  const { token, session } = createSession(db, user.id, new Date(now));
  return ok({ userId: user.id, token, expiresAt: session.expiresAt });
}

/** The one new session, or `invalid` on the `currentPassword` field. */
export type ChangePasswordResult = Result<{ token: string; expiresAt: Date }>;

/** Changes a password, signs the user out on every device, and opens one new session here. */
export async function changePassword(
  db: Db,
  userId: number,
  currentPassword: string,
  newPassword: string,
): Promise<ChangePasswordResult> {
  const user = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return fail('invalid', 'Your current password is not correct.', { field: 'currentPassword' });
  }
  const passwordHash = await hashPassword(newPassword);
  return db.transaction((tx): ChangePasswordResult => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
    invalidateUserSessions(tx, userId);
    audit(tx, { academyId: null, actorUserId: userId, action: 'user.password_changed', subject: `user:${userId}` });
    const { token, session } = createSession(tx, userId);
    return ok({ token, expiresAt: session.expiresAt });
  });
}
