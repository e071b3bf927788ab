/**
 * Every request: refuse cross-site state changes, resolve the session cookie to a user,
 * and pick the academy membership the request acts under.
 */
import { defineMiddleware, sequence } from 'astro:middleware';
import { chooseMembership } from './lib/auth/guard.ts';
import { isCrossSiteRequest } from './lib/auth/origin.ts';
import { listMemberships } from './server/academies.ts';
import { getDb } from './server/db.ts';
import { waitingCount } from './server/grading.ts';
import { unreadCount } from './server/notifications.ts';
import { apiError } from './server/http.ts';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie, validateSessionToken } from './server/sessions.ts';
import { currentRequest, logError } from './server/log.ts';
import { storageFaultMiddleware } from './server/storage-faults.ts';
// Registers the scorer warm-up that the production start runs once listening.
import './server/scorer-warmup.ts';

export const ACADEMY_COOKIE = 'stipple_academy';

const sessionMiddleware = defineMiddleware(async (context, next) => {
  const { request, url, cookies, locals } = context;
  if (isCrossSiteRequest(request.method, url, request.headers)) {
    return apiError('forbidden', 'This form was sent from another site, so it was refused.');
  }

  const db = await getDb();
  const token = cookies.get(SESSION_COOKIE)?.value;
  const current = token ? validateSessionToken(db, token) : null;
  if (current?.renewed) {
    // The sliding expiry moved: the cookie follows it.
    setSessionCookie(cookies, url, token!, current.session.expiresAt);
  } else if (!current && token) {
    clearSessionCookie(cookies);
  }

  const requestContext = currentRequest();
  if (requestContext && current) requestContext.userId = current.user.id;
  locals.user = current?.user ?? null;
  locals.session = current?.session ?? null;
  locals.memberships = current ? listMemberships(db, current.user.id) : [];
  const requested = url.searchParams.get('academy');
  locals.academyChoice = chooseMembership(locals.memberships, requested, cookies.get(ACADEMY_COOKIE)?.value);
  // Badge counts are read by the page layout only: computed on first read, not for every API call.
  const m = locals.academyChoice.membership;
  let badges: App.Locals['badges'] | undefined;
  Object.defineProperty(locals, 'badges', {
    configurable: true,
    get: () =>
      (badges ??= {
        feedback: current && m ? unreadCount(db, current.user.id, m.academyId) : 0,
        queue: current && m && m.role !== 'trainee' ? waitingCount(db, m.academyId) : 0,
      }),
  });
  if (requested && locals.academyChoice.membership) {
    cookies.set(ACADEMY_COOKIE, requested, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
  }
  return next();
});

/** An error escaping a page or endpoint is logged with the request's id, method, path and user. */
const errorLogMiddleware = defineMiddleware(async (_context, next) => {
  try {
    return await next();
  } catch (error) {
    logError(error, 'request failed');
    throw error;
  }
});

/**
 * Errors are logged with their request; storage faults (disk full, read-only, busy, I/O)
 * anywhere below become a 503; then the session.
 */
export const onRequest = sequence(errorLogMiddleware, storageFaultMiddleware, sessionMiddleware);
