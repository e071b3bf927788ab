/**
 * Claims keep two instructors from grading the same submission. A claim lasts a limited
 * time and is renewed while its instructor works; an expired claim is as good as none.
 */

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

/** A claim granted until `expiresAt`, or refused with a reason. */
export type ClaimDecision = { ok: true; expiresAt: Date } | { ok: false; status: 409; message: string };

/** Whether `me` may claim (or renew a claim on) a submission in status `status`. */
export function decideClaim(
  status: 'draft' | 'submitted' | 'graded',
  claim: Claim | null,
  me: number,
  now: Date,
): ClaimDecision {
  if (status === 'graded') return { ok: false, status: 409, message: 'This submission has already been graded.' };
  if (status !== 'submitted')
    return { ok: false, status: 409, message: 'This canvas has not been submitted for review.' };
  const st = claimState(claim, me, now);
  if (st.state === 'taken') {
    return {
      ok: false,
      status: 409,
      message: `${st.by} is reviewing this submission (claimed until ${st.expiresAt.toISOString().slice(11, 16)} UTC).`,
    };
  }
  return { ok: true, expiresAt: new Date(now.getTime() + CLAIM_MS) };
}

/** Whether `me` may grade now: the submission must be waiting and claimed by me. */
export function decideGrade(
  status: 'draft' | 'submitted' | 'graded',
  claim: Claim | null,
  me: number,
  now: Date,
): { ok: true } | { ok: false; status: 409; message: string } {
  if (status === 'graded')
    return {
      ok: false,
      status: 409,
      message: 'This submission has already been graded. To change the grade, add a correction.',
    };
  if (status !== 'submitted')
    return { ok: false, status: 409, message: 'This canvas has not been submitted for review.' };
  const st = claimState(claim, me, now);
  if (st.state === 'unclaimed')
    return {
      ok: false,
      status: 409,
      message: 'Claim this submission before grading it (your claim may have expired).',
    };
  if (st.state === 'taken') return { ok: false, status: 409, message: `${st.by} has claimed this submission.` };
  return { ok: true };
}
