/**
 * Readiness for certification as a stored fact: whether a trainee may be certified (or
 * renewed) on a program now — `decideIssue` and the requirements checklist, exactly as a
 * trainee's own page decides it — and the first moment after `now` at which the answer can
 * change with time alone (a compliance record starting or expiring, a renewal window opening,
 * a drill falling out of the renewal period). Until then, and until one of the trainee's
 * records changes, the stored answer stays right.
 */
import { decideIssue, RENEWAL_WINDOW_DAYS, type CertificateLike } from './certificates.ts';
import {
  evaluateRenewal,
  evaluateRequirements,
  type CourseShape,
  type Evidence,
  type Renewal,
  type Requirements,
} from './requirements.ts';

const DAY = 86_400_000;

/** What readiness looks at in a program. */
export interface ProgramRules {
  validityMonths: number;
  requirements: Requirements;
  renewal: Renewal;
}

/** Whether the trainee meets every requirement of the program at `now` (first certificate or renewal, as due). */
export function isReady(
  program: ProgramRules,
  evidence: Evidence,
  held: Array<CertificateLike & { id: number }>,
  shape: CourseShape,
  now: Date,
): boolean {
  const decision = decideIssue(held, program.validityMonths, now);
  if (!decision.ok) return false;
  const checklist =
    decision.value.kind === 'renewal'
      ? evaluateRenewal(program.renewal, evidence, shape, now)
      : evaluateRequirements(program.requirements, evidence, shape, now);
  return checklist.allMet;
}

/** The start of the renewal period `evaluateRenewal` uses at `at` (calendar months back, JavaScript's rollover). */
function renewalSince(at: number, months: number): number {
  const since = new Date(at);
  since.setUTCMonth(since.getUTCMonth() - months);
  return since.getTime();
}

/**
 * The first moment after `now` at which a drill submitted at `submittedAt` enters or leaves
 * the renewal period of `months` months (`submittedAt >= since(t)`), or Infinity when it
 * never does again. Within a UTC day `since(t)` is `t` minus a fixed number of days, so the
 * change inside a day is found exactly; the days around the end of the period (where month
 * rollover makes `since` jump) are walked one by one.
 */
export function nextRenewalPeriodChange(submittedAt: number, months: number, now: number): number {
  const inPeriod = (t: number) => submittedAt >= renewalSince(t, months);
  const end = new Date(submittedAt);
  end.setUTCMonth(end.getUTCMonth() + months);
  // Month rollover moves `since` by at most three days; a week each side is safe.
  const from = end.getTime() - 7 * DAY;
  const to = end.getTime() + 7 * DAY;
  if (now < from) return from;
  const state = inPeriod(now);
  for (let dayStart = Math.floor(now / DAY) * DAY; dayStart < to; dayStart += DAY) {
    const shift = dayStart - renewalSince(dayStart, months);
    // Inside this day, t is in the period exactly while t <= submittedAt + shift.
    const last = submittedAt + shift;
    const a = Math.max(dayStart, now + 1);
    const b = dayStart + DAY;
    if (a >= b) continue;
    if (state && last + 1 >= a && last + 1 < b) return last + 1;
    if (state && last < a) return a;
    if (!state && a <= last) return a;
  }
  return state ? to : Infinity;
}

/**
 * The first moment after `now` at which `isReady` can give another answer with the same
 * records (Infinity: never). It may be earlier than the real change, never later: the
 * moments are the starts and expiries of the required compliance records, the opening of
 * each live certificate's renewal window, and each passed drill entering or leaving the
 * renewal period.
 */
export function readinessChangesAt(
  program: ProgramRules,
  evidence: Evidence,
  held: Array<CertificateLike & { id: number }>,
  now: Date,
): number {
  const t = now.getTime();
  let next = Infinity;
  const consider = (at: number) => {
    if (at > t && at < next) next = at;
  };
  const kinds = new Set<string>([...program.requirements.compliance, ...program.renewal.compliance]);
  for (const r of evidence.compliance) {
    if (!kinds.has(r.kind)) continue;
    consider(r.completedOn.getTime());
    if (r.expiresOn) consider(r.expiresOn.getTime());
  }
  const live = held.filter((c) => !c.revokedAt);
  for (const c of live) consider(c.validUntil.getTime() - RENEWAL_WINDOW_DAYS * DAY);
  if (live.length) {
    const templates = new Set(program.renewal.drills.map((d) => d.templateId));
    for (const d of evidence.passedDrills)
      if (templates.has(d.templateId))
        consider(nextRenewalPeriodChange(d.submittedAt.getTime(), program.renewal.withinMonths, t));
  }
  return next;
}
