/**
 * How often a knowledge check may be taken, and in which order its options appear.
 *
 * A check carries an attempt policy (frontmatter `attempts`): after a failed attempt the
 * trainee waits `retryMinutes` (time to reread, not to click through the options); after
 * `max` failed attempts in a row the check rests for `lockoutHours` (or until an instructor
 * resets it), and only then are the explanations shown. Each attempt draws `ask` questions
 * from the module's bank and shuffles them and their options, from a seed of the trainee, the
 * check and the attempt's number, so the server can rebuild the draw of any attempt, grade
 * against it, and a reload shows the same questions in the same order.
 */
import { CHECK_COOLDOWN_MS } from './check-scoring.ts';

/** A check's attempt policy, as validated from its frontmatter. */
export interface AttemptPolicy {
  /** Failed attempts in a row before the check rests. */
  max: number;
  /** Wait after a failed attempt, in minutes. */
  retryMinutes: number;
  /** Rest after `max` failed attempts, in hours. */
  lockoutHours: number;
}

/** The policy of a check that does not state one: three attempts, two minutes apart, then a 24-hour rest. */
export const DEFAULT_ATTEMPT_POLICY: AttemptPolicy = { max: 3, retryMinutes: 2, lockoutHours: 24 };

/** One stored attempt, as the gate needs it. */
export interface AttemptMark {
  at: Date;
  passed: boolean;
}

/** Whether a trainee may submit the check now and, if not, until when and why. */
export interface CheckGate {
  /**
   * `open`: may submit now; `burst`: just submitted (a few seconds); `retry`: wait after a failed
   * attempt; `rest`: the round's attempts are used up.
   */
  state: 'open' | 'burst' | 'retry' | 'rest';
  /** When the check opens again (null when open). */
  until: Date | null;
  /** Attempts left in this round (before the rest), counting the next one. */
  attemptsLeft: number;
  /** How many attempts were made in all (the next attempt's number is this, from 0). */
  attemptsMade: number;
}

/**
 * Decides whether the check may be taken now, from the trainee's attempts (any order) and
 * the times an instructor reset the check. A pass or a reset starts a new round; so does an
 * attempt made after a rest ended.
 */
export function checkGate(attempts: AttemptMark[], resets: Date[], policy: AttemptPolicy, now: Date): CheckGate {
  const events = [
    ...attempts.map((a) => ({ at: a.at.getTime(), kind: a.passed ? ('pass' as const) : ('fail' as const) })),
    ...resets.map((r) => ({ at: r.getTime(), kind: 'reset' as const })),
  ].sort((a, b) => a.at - b.at || (a.kind === 'reset' ? 1 : -1));
  let failures = 0;
  let restUntil: number | null = null;
  let last: { at: number; kind: 'pass' | 'fail' } | null = null;
  for (const e of events) {
    if (restUntil !== null && e.at >= restUntil) {
      failures = 0;
      restUntil = null;
    }
    if (e.kind === 'reset') {
      failures = 0;
      restUntil = null;
      last = null;
      continue;
    }
    last = { at: e.at, kind: e.kind };
    if (e.kind === 'pass') failures = 0;
    else if (++failures >= policy.max) restUntil = e.at + policy.lockoutHours * 3_600_000;
  }
  const t = now.getTime();
  const made = attempts.length;
  if (restUntil !== null && t < restUntil)
    return { state: 'rest', until: new Date(restUntil), attemptsLeft: 0, attemptsMade: made };
  if (restUntil !== null) failures = 0;
  const left = policy.max - failures;
  if (last) {
    const retry = last.kind === 'fail' && failures > 0;
    const wait = Math.max(CHECK_COOLDOWN_MS, retry ? policy.retryMinutes * 60_000 : 0);
    if (t < last.at + wait)
      return {
        state: retry ? 'retry' : 'burst',
        until: new Date(last.at + wait),
        attemptsLeft: left,
        attemptsMade: made,
      };
  }
  return { state: 'open', until: null, attemptsLeft: left, attemptsMade: made };
}

/** A 32-bit FNV-1a hash of a string (the shuffle's seed). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small seeded generator, enough to shuffle a handful of options. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher–Yates shuffle of a copy of `items`, drawn from `random`. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The questions of one attempt, in order, and each question's option ids in order. */
export interface AttemptOrder {
  /** The drawn questions' ids, in the order shown: `ask` of the bank's questions. */
  questions: string[];
  options: Record<string, string[]>;
}

/** How many questions one attempt of the check asks (`ask`, else every question of the bank). */
export function questionsAsked(check: { ask?: number | undefined; questions: ReadonlyArray<unknown> }): number {
  return Math.min(check.ask ?? check.questions.length, check.questions.length);
}

/**
 * The questions attempt number `attempt` (from 0) of a check asks a trainee, drawn from the
 * module's bank, and the order of their options: the same for the same trainee, check and
 * attempt (so a reload and the grading see the same draw), different from one attempt to
 * the next. The draw is the first `ask` questions of a seeded shuffle of the whole bank.
 */
export function attemptOrder(
  check: {
    module: string;
    ask?: number | undefined;
    questions: ReadonlyArray<{ id: string; options: ReadonlyArray<{ id: string }> }>;
  },
  userId: number,
  attempt: number,
): AttemptOrder {
  const random = generator(hash(`${userId}:${check.module}:${attempt}`));
  const questions = shuffled(check.questions, random).slice(0, questionsAsked(check));
  const options: Record<string, string[]> = {};
  for (const q of questions) options[q.id] = shuffled(q.options, random).map((o) => o.id);
  return { questions: questions.map((q) => q.id), options };
}

/**
 * The check as one attempt asks it: only the drawn questions, in the attempt's order. The
 * server validates and scores a submission against this, never against the whole bank.
 */
export function drawnCheck<C extends { questions: ReadonlyArray<{ id: string }> }>(check: C, order: AttemptOrder): C {
  const byId = new Map(check.questions.map((q) => [q.id, q]));
  return { ...check, questions: order.questions.map((id) => byId.get(id)!) };
}
