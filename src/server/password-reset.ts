/**
 * Password reset by mail: a request makes a one-hour, single-use link token (only its hash stored) when the
 * address has an account, and answers the same either way; the mail is sent in the background so that the answer
 * takes the same time too. Requests are throttled per address (silently) and per client (openly: it reveals
 * nothing). Setting the new password ends every session of the account.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { passwordResets, users } from '../../db/schema.ts';
import {
  generateLinkToken,
  hashLinkToken,
  isLinkTokenShape,
  RESET_LIFETIME_MS,
  tokenState,
  type TokenState,
} from '../lib/academy/tokens.ts';
import { hashPassword } from '../lib/auth/password.ts';
import { describeRetry, type ThrottlePolicy } from '../lib/auth/throttle.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { passwordResetMail } from '../lib/mail/messages.ts';
import { audit } from './audit.ts';
import { publicOrigin } from './issuer.ts';
import { sendMail } from './mail.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';
import { invalidateUserSessions } from './sessions.ts';

/** Per address: 3 reset mails an hour at most (further requests are answered alike but send nothing). */
export const RESET_PER_ADDRESS: ThrottlePolicy = { maxFailures: 3, windowMs: 60 * 60 * 1000 };
/** Per client address: 10 requests an hour. */
export const RESET_PER_CLIENT: ThrottlePolicy = { maxFailures: 10, windowMs: 60 * 60 * 1000 };

/** The process's limiters (tests build their own). */
export const resetLimiters = {
  address: createRateLimiter(RESET_PER_ADDRESS),
  client: createRateLimiter(RESET_PER_CLIENT),
};

/** The one answer to a reset request, whether or not the account exists. */
export const RESET_REQUESTED =
  'If an account uses that address, we sent it a link to choose a new password. It works for one hour. Check your spam folder if it does not arrive.';

/**
 * Handles a reset request for `email` from `clientAddress`: `rate_limited` when this client asked too often,
 * else ok (always the same), having mailed a link when the account exists and the address is not throttled.
 * `deliver` receives the mail promise (tests await it; the page does not).
 */
export function requestPasswordReset(
  db: Db,
  email: string,
  clientAddress: string,
  opts: {
    now?: Date;
    limiters?: { address: RateLimiter; client: RateLimiter };
    deliver?: (p: Promise<boolean>) => void;
  } = {},
): Result {
  const now = opts.now ?? new Date();
  const limiters = opts.limiters ?? resetLimiters;
  const client = limiters.client.hit(clientAddress);
  if (!client.allowed)
    return fail('rate_limited', `Too many reset requests from here. ${describeRetry(client.retryAfterMs)}`, {
      retryAfterMs: client.retryAfterMs,
    });
  const address = limiters.address.hit(email);
  const user = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!user || !address.allowed) return ok();
  const { token, hash } = generateLinkToken();
  db.transaction((tx) => {
    tx.insert(passwordResets)
      .values({
        tokenHash: hash,
        userId: user.id,
        expiresAt: new Date(now.getTime() + RESET_LIFETIME_MS),
        createdAt: now,
      })
      .run();
    audit(tx, {
      academyId: null,
      actorUserId: null,
      action: 'user.password_reset_requested',
      subject: `user:${user.id}`,
    });
  });
  const sending = sendMail(passwordResetMail({ to: email, link: `${publicOrigin()}/reset-password/${token}` }));
  opts.deliver?.(sending);
  return ok();
}

/** What a reset link leads to: its state, and the account's address when it is valid. */
export function resetByToken(
  db: Db,
  token: string | undefined,
  now = new Date(),
): { state: TokenState | 'unknown'; email?: string } {
  if (!isLinkTokenShape(token)) return { state: 'unknown' };
  const row = db
    .select({ expiresAt: passwordResets.expiresAt, usedAt: passwordResets.usedAt, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashLinkToken(token)))
    .get();
  if (!row) return { state: 'unknown' };
  const state = tokenState(row, now);
  return state === 'valid' ? { state, email: row.email } : { state };
}

/**
 * Sets a new password through a reset link: re-checks the token inside the transaction, marks it (and every
 * other open reset of the account) used, and ends all the account's sessions. Audited.
 */
export async function completePasswordReset(
  db: Db,
  token: string,
  password: string,
  now = new Date(),
): Promise<Result<{ userId: number }>> {
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    if (!isLinkTokenShape(token)) return fail('not_found', 'This link is not valid.');
    const row = tx
      .select({ userId: passwordResets.userId, expiresAt: passwordResets.expiresAt, usedAt: passwordResets.usedAt })
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, hashLinkToken(token)))
      .get();
    if (!row) return fail('not_found', 'This link is not valid.');
    if (tokenState(row, now) !== 'valid') return fail('conflict', 'This link no longer works. Ask for a new one.');
    tx.update(users).set({ passwordHash }).where(eq(users.id, row.userId)).run();
    tx.update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, row.userId), isNull(passwordResets.usedAt)))
      .run();
    invalidateUserSessions(tx, row.userId);
    audit(tx, {
      academyId: null,
      actorUserId: row.userId,
      action: 'user.password_reset',
      subject: `user:${row.userId}`,
    });
    return ok({ userId: row.userId });
  });
}
