/**
 * Access decisions, free of Astro: which academy membership a request acts under, and
 * whether that membership's role may open a page. `src/server/guard.ts` turns the
 * decisions into redirects and 403 responses.
 */
import type { Role } from './roles.ts';

/** A user's membership of one academy, as pages see it. */
export interface MembershipView {
  academyId: number;
  academySlug: string;
  academyName: string;
  role: Role;
}

/** The membership a request acts under, if any. */
export interface MembershipChoice {
  membership: MembershipView | null;
  /** The request named an academy the user does not belong to. */
  foreign: boolean;
}

/**
 * Picks the membership a request acts under: the academy the request names explicitly
 * (`?academy=slug`), else the one remembered in a cookie, else the user's first.
 * Naming an academy the user is not a member of is flagged as foreign, never silently
 * replaced by another academy.
 */
export function chooseMembership(
  memberships: readonly MembershipView[],
  requestedSlug: string | null | undefined,
  rememberedSlug: string | null | undefined,
): MembershipChoice {
  if (requestedSlug) {
    const match = memberships.find((m) => m.academySlug === requestedSlug);
    return match ? { membership: match, foreign: false } : { membership: null, foreign: true };
  }
  const remembered = rememberedSlug ? memberships.find((m) => m.academySlug === rememberedSlug) : undefined;
  return { membership: remembered ?? memberships[0] ?? null, foreign: false };
}

/** Let the request in under a membership, send it to sign in, or refuse it with a reason. */
export type AccessDecision =
  { kind: 'allow'; membership: MembershipView } | { kind: 'login' } | { kind: 'forbidden'; reason: string };

/** What an access decision looks at: whether anyone is signed in, and the chosen membership. */
export interface AccessRequest {
  signedIn: boolean;
  choice: MembershipChoice;
}

/** Whether a request may open a page restricted to `allowed` roles. */
export function decideAccess(request: AccessRequest, allowed: readonly Role[]): AccessDecision {
  if (!request.signedIn) return { kind: 'login' };
  if (request.choice.foreign) return { kind: 'forbidden', reason: 'You are not a member of that academy.' };
  const membership = request.choice.membership;
  if (!membership)
    return {
      kind: 'forbidden',
      reason: 'You are not in an academy yet: create an academy or ask yours for an invitation.',
    };
  if (!allowed.includes(membership.role)) {
    return { kind: 'forbidden', reason: `This page is for ${describeRoles(allowed)} of ${membership.academyName}.` };
  }
  return { kind: 'allow', membership };
}

function describeRoles(roles: readonly Role[]): string {
  const names = roles.map((r) => (r === 'admin' ? 'academy admins' : `${r}s`));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}

/**
 * A safe place to return to after signing in: a same-site absolute path only, so the
 * `next` parameter cannot send a user to another site; characters a header cannot carry are
 * percent-encoded.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/learn'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  // A Location header carries bytes up to U+00FF only: anything else (and spaces) goes percent-encoded,
  // as the browser would have sent it.
  return next.replace(/[^\u0021-\u007e]+/gu, (run) =>
    Array.from(new TextEncoder().encode(run), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
