/** The grading queue: filtering, sorting and the summary an instructor sees first. */
import { claimState, type Claim, type ClaimState } from './claims.ts';

/** A submission waiting for review, as the queue lists it. */
export interface QueueEntry {
  attemptId: number;
  traineeId: number;
  traineeName: string;
  templateId: string;
  templateName: string;
  submittedAt: Date;
  total: number;
  pass: boolean;
  claim: Claim | null;
}

/** The queue's status filters: unclaimed, claimed by me, claimed by others, or all. */
export const QUEUE_STATUSES = ['waiting', 'mine', 'claimed', 'all'] as const;
/** One of QUEUE_STATUSES. */
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/**
 * Lower-cases A–Z only, as SQLite's `lower()` does: the queue's name search matches the same
 * way in SQL (`src/server/grading.ts`) and here.
 */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
}

/** The queue's filters and order, from the query string. */
export interface QueueFilter {
  templateId?: string;
  traineeId?: number;
  /** Part of the trainee's name, any case (empty: every trainee). */
  q?: string;
  status: QueueStatus;
  order: 'oldest' | 'newest';
}

/**
 * The queue filter from the query string (`template`, `trainee` id, `q` part of a trainee's name, `status`, `order`);
 * anything unknown is ignored, and the name search is cut to 100 characters.
 */
export function parseQueueFilter(params: URLSearchParams): QueueFilter {
  const status = params.get('status');
  const trainee = Number(params.get('trainee'));
  const q = (params.get('q') ?? '').trim().slice(0, 100);
  return {
    templateId: params.get('template') || undefined,
    traineeId: Number.isSafeInteger(trainee) && trainee > 0 ? trainee : undefined,
    ...(q ? { q } : {}),
    status: (QUEUE_STATUSES as readonly string[]).includes(status ?? '') ? (status as QueueStatus) : 'all',
    order: params.get('order') === 'newest' ? 'newest' : 'oldest',
  };
}

/**
 * The entries that pass the filter, each with its claim state for `me`, oldest first unless the filter asks for the
 * newest.
 */
export function filterQueue(
  entries: QueueEntry[],
  f: QueueFilter,
  me: number,
  now: Date,
): Array<QueueEntry & { claimState: ClaimState }> {
  return entries
    .map((e) => ({ ...e, claimState: claimState(e.claim, me, now) }))
    .filter((e) => (!f.templateId || e.templateId === f.templateId) && (!f.traineeId || e.traineeId === f.traineeId))
    .filter((e) => !f.q || asciiLower(e.traineeName).includes(asciiLower(f.q)))
    .filter((e) => {
      if (f.status === 'waiting') return e.claimState.state === 'unclaimed';
      if (f.status === 'mine') return e.claimState.state === 'mine';
      if (f.status === 'claimed') return e.claimState.state === 'taken';
      return true;
    })
    .sort(
      (a, b) =>
        (f.order === 'oldest' ? 1 : -1) * (a.submittedAt.getTime() - b.submittedAt.getTime()) ||
        a.attemptId - b.attemptId,
    );
}

/** The counts at the top of the queue and the age of the oldest waiting submission. */
export interface QueueSummary {
  waiting: number;
  unclaimed: number;
  mine: number;
  oldestAgeMs: number | null;
}

/** Counts the waiting, unclaimed and my claimed submissions, and how long the oldest has waited. */
export function summarise(entries: QueueEntry[], me: number, now: Date): QueueSummary {
  const states = entries.map((e) => claimState(e.claim, me, now).state);
  const oldest = entries.reduce<Date | null>((m, e) => (!m || e.submittedAt < m ? e.submittedAt : m), null);
  return {
    waiting: entries.length,
    unclaimed: states.filter((s) => s === 'unclaimed').length,
    mine: states.filter((s) => s === 'mine').length,
    oldestAgeMs: oldest ? now.getTime() - oldest.getTime() : null,
  };
}

/** "submitted 3 days ago" style: "3 days ago", "just now". */
export function describeAgo(ms: number): string {
  const age = describeAge(ms);
  return age === 'just now' ? age : `${age} ago`;
}

/** "3 days", "5 hours", "12 minutes", "just now". */
export function describeAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}
