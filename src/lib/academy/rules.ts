/**
 * The rules an academy runs by, free of storage: academy slugs and names, who may change whose role or remove
 * whom (the last admin stays), conflicts of interest, and the invitation list an admin pastes.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../auth/roles.ts';
import { normalizeEmail } from '../auth/email.ts';
import { fail, ok, type Result } from '../errors.ts';

/** Slugs that name app routes or would confuse people; never an academy's. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'new',
  'admin',
  'api',
  'academy',
  'academies',
  'account',
  'login',
  'logout',
  'signup',
  'join',
  'invite',
  'verify',
  'learn',
  'drill',
  'instructor',
  'healthz',
  'static',
  'assets',
  'settings',
  'members',
  'stipple',
  'www',
  'mail',
  'support',
  'help',
  'forgot-password',
  'reset-password',
]);

/** The create-an-academy form: a name and a slug (lowercase letters, digits and single hyphens, 3–40). */
export const newAcademySchema = z.object({
  name: z
    .string({ error: 'Name your academy.' })
    .trim()
    .min(2, 'Name your academy (at least 2 characters).')
    .max(100, 'Keep the name under 100 characters.'),
  slug: z
    .string({ error: 'Choose a short web name (slug).' })
    .trim()
    .min(3, 'Use at least 3 characters for the web name.')
    .max(40, 'Use at most 40 characters for the web name.')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens only, like "northline-smp".')
    .refine((s) => !RESERVED_SLUGS.has(s), 'That web name is reserved. Choose another.'),
});

/** One membership as the role rules see it. */
export interface MemberFacts {
  userId: number;
  role: Role;
}

/**
 * Whether `target`'s role may change to `newRole` (or remove them, `newRole` null) given how many
 * admins the academy has now: the last admin can be neither demoted nor removed.
 */
export function checkMemberChange(target: MemberFacts, newRole: Role | null, adminCount: number): Result {
  if (newRole === target.role) return fail('invalid', 'That member already has this role.', { field: 'role' });
  if (target.role === 'admin' && adminCount <= 1) {
    return fail(
      'conflict',
      newRole === null
        ? 'This is the academy’s last admin, so they cannot be removed. Make someone else an admin first.'
        : 'This is the academy’s last admin, so their role cannot change. Make someone else an admin first.',
    );
  }
  return ok();
}

/** No one grades or claims their own canvas. */
export function checkNotOwnWork(actorId: number, ownerId: number, what = 'grade'): Result {
  return actorId === ownerId
    ? fail('forbidden', `You cannot ${what} your own canvas: another instructor has to.`)
    : ok();
}

/** An admin cannot issue a certificate to themselves. */
export function checkNotSelfCertify(actorId: number, holderId: number): Result {
  return actorId === holderId
    ? fail('forbidden', 'You cannot issue a certificate to yourself: another admin of the academy has to.')
    : ok();
}

/** At most this many addresses in one invitation form. */
export const MAX_INVITES_PER_FORM = 50;
/** At most this many invitation mails (new or resent) per academy per day. */
export const MAX_INVITES_PER_DAY = 200;

const emailShape = z.email();

/**
 * Reads a pasted list of addresses (separated by commas, semicolons, spaces or new lines; `Name <a@b>` allowed):
 * the normalised unique addresses, or an `invalid` error on the `email` field naming the first bad entry.
 */
export function parseInviteList(raw: string): Result<string[]> {
  const tokens = raw
    .split(/[\s,;]+/)
    .map((p) => p.replace(/^[<"']+|[>"']+$/g, ''))
    .filter(Boolean);
  // Words without an @ are the names of a pasted "Ana Silva <ana@example.com>"; anything else is a mistake.
  const stray = tokens.find((p) => !p.includes('@') && !/^[\p{L}.'()-]+$/u.test(p));
  if (stray) return fail('invalid', `“${stray}” is not an email address.`, { field: 'email' });
  const addresses = tokens.filter((p) => p.includes('@'));
  if (addresses.length === 0) return fail('invalid', 'Enter at least one email address.', { field: 'email' });
  const out: string[] = [];
  for (const a of addresses) {
    if (a.length > 254 || !emailShape.safeParse(a).success)
      return fail('invalid', `“${a}” is not a valid email address.`, { field: 'email' });
    const n = normalizeEmail(a);
    if (!out.includes(n)) out.push(n);
  }
  if (out.length > MAX_INVITES_PER_FORM)
    return fail('invalid', `Invite at most ${MAX_INVITES_PER_FORM} people at once.`, { field: 'email' });
  return ok(out);
}

/** A role posted by a form. */
export const roleSchema = z.enum(ROLES, { error: 'Choose a role: trainee, instructor or academy admin.' });

/**
 * A display name a person can be addressed and certified by: 2–80 characters with at least one letter, and not
 * just an email address or its local part.
 */
export function nameProblem(name: string, email?: string): string | null {
  const n = name.trim();
  if (n.length < 2) return 'Enter your name as it should appear (at least 2 characters).';
  if (n.length > 80) return 'Keep the name under 80 characters.';
  if (!/\p{L}/u.test(n)) return 'A name needs at least one letter.';
  if (n.includes('@')) return 'Enter your name, not an email address.';
  if (email && n.toLowerCase() === email.split('@')[0]!.toLowerCase() && /[._\d]/.test(n))
    return 'That looks like the start of your email address. Enter your name as it should appear.';
  return null;
}
