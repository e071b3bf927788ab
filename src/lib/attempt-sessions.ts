/**
 * Sessions of a practice attempt, free of the database and the browser: which session placed
 * each impression (a list parallel to the dots, never decreasing, since a session only adds
 * after the ones before it) and which session the trainee is working. Validates what the
 * browser sends with messages a person understands. What a judged session says in words is in
 * `judged-session.ts`, free of zod, for the drill page.
 */
import { z } from 'zod';
import { describeDotsError } from './drill/dots.ts';
import { fail, ok, type Result } from './errors.ts';

/** The session columns of an attempt as stored; both null for attempts saved before sessions (one session). */
export interface AttemptSessions {
  /** The session that placed each impression (1-based), parallel to the dots; null: all in one session. */
  dotSessions: number[] | null;
  /** The session being worked (draft) or judged (submission); null: the plan's last session. */
  session: number | null;
}

/** No session information: an attempt as saved before sessions existed. */
export const NO_SESSIONS: AttemptSessions = { dotSessions: null, session: null };

const sessionNumber = (what: string) =>
  z
    .number({ error: (i) => (i.input === undefined ? `${what} is missing` : `${what} must be a number`) })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be 1 or more`);

/** The optional session fields of a canvas save or submission: `{ sessions?: number[], session?: k }`. */
export const sessionPayloadSchema = z.object({
  sessions: z.array(sessionNumber('session'), { error: '"sessions" must be a list of session numbers' }).optional(),
  session: sessionNumber('session').optional(),
});

/** The result of `checkSessions`: the attempt's session columns, or an `invalid` error. */
export type SessionCheck = Result<AttemptSessions>;

/**
 * Validates the session fields of a canvas body against the template's plan (`planLength`
 * sessions) and the `dotCount` impressions it carries: one session per impression, each within
 * the plan and not after the current session, never going back to an earlier session.
 * Absent fields mean a canvas without sessions (judged as finished work).
 */
export function checkSessions(body: unknown, dotCount: number, planLength: number): SessionCheck {
  const parsed = sessionPayloadSchema.safeParse(body);
  if (!parsed.success) return fail('invalid', describeDotsError(parsed.error));
  const { sessions, session } = parsed.data;
  const plan = `this template's plan has ${planLength} session${planLength === 1 ? '' : 's'}`;
  if (session !== undefined && session > planLength)
    return fail('invalid', `session ${session} does not exist: ${plan}.`);
  if (sessions === undefined) return ok({ dotSessions: null, session: session ?? null });
  if (sessions.length !== dotCount)
    return fail(
      'invalid',
      `"sessions" has ${sessions.length} entries for ${dotCount} impressions: send one session number per impression.`,
    );
  const current = session ?? planLength;
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i]!;
    if (s > planLength) return fail('invalid', `sessions[${i}] is ${s}, but ${plan}.`);
    if (s > current) return fail('invalid', `sessions[${i}] is ${s}, later than the current session ${current}.`);
    if (i > 0 && s < sessions[i - 1]!)
      return fail(
        'invalid',
        `sessions[${i}] is ${s} after an impression of session ${sessions[i - 1]}: impressions are listed in placement order, and a session never goes back.`,
      );
  }
  return ok({ dotSessions: sessions, session: session ?? null });
}

/** How many impressions each session placed: index k − 1 holds session k's count (`of` entries). */
export function sessionCounts(dotSessions: readonly number[] | null, dotCount: number, of: number): number[] {
  const counts = new Array<number>(Math.max(1, of)).fill(0);
  if (!dotSessions) {
    counts[counts.length - 1] = dotCount;
    return counts;
  }
  for (const s of dotSessions) counts[Math.min(counts.length, Math.max(1, s)) - 1]!++;
  return counts;
}
