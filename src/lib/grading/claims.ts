/**
 * Claims keep two instructors from grading the same submission. A claim lasts a limited
 * time and is renewed while its instructor works; an expired claim is as good as none.
 */
import { fail, ok, type Result } from '../errors.ts';

/** How long a claim lasts without being renewed. */
export const CLAIM_MINUTES = 30;
/** CLAIM_MINUTES in milliseconds. */
export const CLAIM_MS = CLAIM_MINUTES * 60 * 1000;

/** An instructor's claim on a submission, until `expiresAt`. */
export interface Claim {
  userId: number;
  userName: string;
  expiresAt: Date;
}

/**
 * A submission as one instructor sees it: unclaimed (or the claim expired), claimed by them, or taken by someone
 * else.
 */
export type ClaimState =
  { state: 'unclaimed' } | { state: 'mine'; expiresAt: Date } | { state: 'taken'; by: string; expiresAt: Date };

/** The claim state of a submission for instructor `me` at `now`; a claim expires at `expiresAt` itself. */
export function claimState(claim: Claim | null, me: number, now: Date): ClaimState {
  if (!claim || claim.expiresAt <= now) return { state: 'unclaimed' };
  if (claim.userId === me) return { state: 'mine', expiresAt: claim.expiresAt };
  return { state: 'taken', by: claim.userName, expiresAt: claim.expiresAt };
}

/** A claim granted until `expiresAt`, or refused (`conflict`) with a reason. */
export type ClaimDecision = Result<{ expiresAt: Date }>;

/** Whether `me` may claim (or renew a claim on) a submission in status `status`. */
export function decideClaim(
  status: 'draft' | 'submitted' | 'graded',
  claim: Claim | null,
  me: number,
  now: Date,
): ClaimDecision {
  if (status === 'graded') return fail('conflict', 'This submission has already been graded.');
  if (status !== 'submitted') return fail('conflict', 'This canvas has not been submitted for review.');
  const st = claimState(claim, me, now);
  if (st.state === 'taken') {
    return fail(
      'conflict',
      `${st.by} is reviewing this submission (claimed until ${st.expiresAt.toISOString().slice(11, 16)} UTC).`,
    );
  }
  return ok({ expiresAt: new Date(now.getTime() + CLAIM_MS) });
}

/** Whether `me` may grade now: the submission must be waiting and claimed by me (else `conflict`). */
export function decideGrade(
  status: 'draft' | 'submitted' | 'graded',
  claim: Claim | null,
  me: number,
  now: Date,
): Result {
  if (status === 'graded')
    return fail('conflict', 'This submission has already been graded. To change the grade, add a correction.');
  if (status !== 'submitted') return fail('conflict', 'This canvas has not been submitted for review.');
  const st = claimState(claim, me, now);
  if (st.state === 'unclaimed')
    return fail('conflict', 'Claim this submission before grading it (your claim may have expired).');
  if (st.state === 'taken') return fail('conflict', `${st.by} has claimed this submission.`);
  return ok();
}
