/**
 * `requireRole`: the one guard every protected page and endpoint calls. It applies the
 * decision of src/lib/auth/guard.ts to the request: 303 to the sign-in page without a
 * session, 403 for the wrong role or another academy, else the user and membership.
 */
import type { APIContext, AstroGlobal } from 'astro';
import { decideAccess, type MembershipView } from '../lib/auth/guard.ts';
import type { Role } from '../lib/auth/roles.ts';
import { apiError } from './http.ts';
import type { SessionUser } from './sessions.ts';

type Context = Pick<APIContext, 'locals' | 'url' | 'redirect' | 'rewrite'> | AstroGlobal;

/** The signed-in user and membership, or the response to answer with. */
export type Guarded =
  { ok: true; user: SessionUser; membership: MembershipView } | { ok: false; response: Response | Promise<Response> };

/** Guards a page (`api: false`: redirect or 403 page) or JSON endpoint (`api: true`: 401/403 JSON) by role. */
export function requireRole(ctx: Context, roles: readonly Role[], options: { api?: boolean } = {}): Guarded {
  const { locals, url } = ctx;
  const decision = decideAccess({ signedIn: locals.user !== null, choice: locals.academyChoice }, roles);
  if (decision.kind === 'allow') return { ok: true, user: locals.user!, membership: decision.membership };
  if (options.api) {
    const response =
      decision.kind === 'login'
        ? apiError('unauthenticated', 'Sign in first.')
        : apiError('forbidden', decision.reason);
    return { ok: false, response };
  }
  if (decision.kind === 'login') {
    const next = encodeURIComponent(url.pathname + url.search);
    return { ok: false, response: ctx.redirect(`/login?next=${next}`, 303) };
  }
  locals.forbiddenReason = decision.reason;
  return { ok: false, response: ctx.rewrite('/403') };
}

/** For pages any signed-in user may open (account settings): 303 to sign-in otherwise. */
export function requireUser(ctx: Context): { ok: true; user: SessionUser } | { ok: false; response: Response } {
  if (ctx.locals.user) return { ok: true, user: ctx.locals.user };
  const next = encodeURIComponent(ctx.url.pathname + ctx.url.search);
  return { ok: false, response: ctx.redirect(`/login?next=${next}`, 303) };
}
