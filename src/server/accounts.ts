/** Sign-up, sign-in and password change: the account rules, each write in one transaction. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { hashPassword, timingDummyHash, verifyPassword } from '../lib/auth/password.ts';
import { describeRetry } from '../lib/auth/throttle.ts';
import { addMember, findAcademyByJoinCode, findOpenEnrollmentAcademy } from './academies.ts';
import { audit } from './audit.ts';
import { createSession, invalidateUserSessions } from './sessions.ts';
import { checkSignInThrottle, clearAccountFailures, recordSignInFailure } from './throttle-store.ts';

export interface SignUpInput {
  email: string; // normalised
  password: string;
  displayName?: string;
  academyCode?: string;
}

export type SignUpResult =
  | { ok: true; userId: number; token: string; expiresAt: Date; academyName: string | null }
  | { ok: false; field: string; message: string };

/**
 * Creates a trainee account and signs it in. With an academy code the trainee joins that
 * academy; without one, the academy that has open enrolment (if any).
 */
export async function signUp(db: Db, input: SignUpInput): Promise<SignUpResult> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get()) {
      return {
        ok: false as const,
        field: 'email',
        message: 'An account with this email already exists. Sign in instead.',
      };
    }
    const academy = input.academyCode ? findAcademyByJoinCode(tx, input.academyCode) : findOpenEnrollmentAcademy(tx);
    if (input.academyCode && !academy) {
      return {
        ok: false as const,
        field: 'academyCode',
        message: 'No academy has that code. Check it with your academy.',
      };
    }
    const displayName = input.displayName ?? input.email.split('@')[0]!;
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
    return { ok: true as const, userId, token, expiresAt: session.expiresAt, academyName: academy?.name ?? null };
  });
}

export type SignInResult =
  { ok: true; userId: number; token: string; expiresAt: Date } | { ok: false; status: 400 | 429; message: string };

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
  const throttle = checkSignInThrottle(db, email, ip, now);
  if (!throttle.allowed) {
    return {
      ok: false,
      status: 429,
      message: `Too many failed sign-in attempts. ${describeRetry(throttle.retryAfterMs)}`,
    };
  }
  const user = db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .get();
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), password);
  if (!user || !valid) {
    recordSignInFailure(db, email, ip, now);
    return { ok: false, status: 400, message: WRONG_CREDENTIALS };
  }
  clearAccountFailures(db, email);
  const { token, session } = createSession(db, user.id, new Date(now));
  return { ok: true, userId: user.id, token, expiresAt: session.expiresAt };
}

export type ChangePasswordResult =
  { ok: true; token: string; expiresAt: Date } | { ok: false; field: string; message: string };

/** Changes a password, signs the user out on every device, and opens one new session here. */
export async function changePassword(
  db: Db,
  userId: number,
  currentPassword: string,
  newPassword: string,
): Promise<ChangePasswordResult> {
  const user = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, field: 'currentPassword', message: 'Your current password is not correct.' };
  }
  const passwordHash = await hashPassword(newPassword);
  return db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
    invalidateUserSessions(tx, userId);
    audit(tx, { academyId: null, actorUserId: userId, action: 'user.password_changed', subject: `user:${userId}` });
    const { token, session } = createSession(tx, userId);
    return { ok: true as const, token, expiresAt: session.expiresAt };
  });
}
