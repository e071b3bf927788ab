/** Session storage and validation (Lucia's design) on top of the `sessions` table. */
import { hash, timingSafeEqual } from 'node:crypto';
import type { AstroCookies } from 'astro';
import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { sessions, users } from '../../db/schema.ts';
import { bound, preparedOnce } from './prepared.ts';
import {
  SESSION_LIFETIME_MS,
  generateSessionToken,
  judgeSessionExpiry,
  parseSessionToken,
} from '../lib/auth/session-token.ts';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'stipple_session';

/** The signed-in user as pages see it. */
export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
}

/** A stored, unexpired session. */
export interface ActiveSession {
  id: string;
  userId: number;
  expiresAt: Date;
}

/** Creates a session for `userId`; returns the token for the cookie and the stored session. */
export function createSession(
  db: Queryable,
  userId: number,
  now = new Date(),
): { token: string; session: ActiveSession } {
  const t = generateSessionToken();
  const session = { id: t.id, userId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) };
  db.insert(sessions)
    .values({ ...session, secretHash: Buffer.from(t.secretHash), createdAt: now })
    .run();
  return { token: t.token, session };
}

/**
 * Resolves a cookie token to its session and user, or null. Expired sessions are deleted;
 * sessions used with less than half their lifetime left are extended.
 */
export function validateSessionToken(
  db: Queryable,
  token: string | undefined | null,
  now = new Date(),
): { session: ActiveSession; user: SessionUser; renewed: boolean } | null {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  // The user's two columns as scalar subqueries: SQLite ran the equivalent two-table join
  // several times slower than this one-row lookup by primary key.
  const row = preparedOnce(db, 'session-by-id', () =>
    db
      .select({
        id: sessions.id,
        userId: sessions.userId,
        expiresAt: sessions.expiresAt,
        createdAt: sessions.createdAt,
        secretHash: sessions.secretHash,
        email: sql<string | null>`(select ${users.email} from ${users} where ${users.id} = ${sessions.userId})`,
        displayName: sql<
          string | null
        >`(select ${users.displayName} from ${users} where ${users.id} = ${sessions.userId})`,
      })
      .from(sessions)
      .where(eq(sessions.id, bound('id')))
      .prepare(),
  ).get({ id: parsed.id });
  if (!row || row.email === null || row.displayName === null) return null;
  if (!secretHashMatches(parsed.secret, row.secretHash)) return null;
  const verdict = judgeSessionExpiry(row.expiresAt, now, row.createdAt);
  if (verdict.state === 'expired') {
    invalidateSession(db, row.id);
    return null;
  }
  let expiresAt = row.expiresAt;
  if (verdict.state === 'renew') {
    expiresAt = verdict.expiresAt;
    db.update(sessions).set({ expiresAt }).where(eq(sessions.id, row.id)).run();
  }
  return {
    session: { id: row.id, userId: row.userId, expiresAt },
    user: { id: row.userId, email: row.email, displayName: row.displayName },
    renewed: verdict.state === 'renew',
  };
}

/**
 * Whether a cookie's secret hashes to the stored hash, compared in constant time: what
 * `secretMatches` (src/lib/auth/session-token.ts) decides, with Node's native SHA-256 (a few µs
 * instead of tens on every signed-in request).
 */
function secretHashMatches(secret: string, storedHash: Buffer): boolean {
  const digest = hash('sha256', secret, 'buffer');
  return storedHash.length === digest.length && timingSafeEqual(digest, storedHash);
}

/** Deletes one session (sign-out). */
export function invalidateSession(db: Queryable, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Signs a user out everywhere (used on password change). */
export function invalidateUserSessions(db: Queryable, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Cookie attributes: httpOnly, SameSite=Lax, Secure unless served over plain HTTP on loopback. */
export function sessionCookieOptions(url: URL, expiresAt: Date) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: !isLocalHttp(url),
    path: '/',
    expires: expiresAt,
  };
}

/**
 * Writes the session cookie carrying `token` until `expiresAt`: the one place a session
 * cookie is set (sign-in, sign-up, password change, sliding renewal).
 */
export function setSessionCookie(cookies: AstroCookies, url: URL, token: string, expiresAt: Date): void {
  cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url, expiresAt));
}

/** Removes the session cookie (sign-out, or a token that no longer resolves to a session). */
export function clearSessionCookie(cookies: AstroCookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}

function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
