/**
 * Redo from feedback: what the drill page starts from after an instructor asked for a redo.
 * The trainee may continue from the reviewed canvas (its impressions and sessions become the
 * starting point of the new attempt) or start fresh; either way the instructor's pins and
 * circles of the latest redo on this template can be shown as a layer while working.
 */
import type { Db } from '../../db/client.ts';
import { currentReviewOf } from '../lib/grading/review.ts';
import type { StoredDot } from '../lib/drill/dots.ts';
import type { MembershipView } from '../lib/auth/guard.ts';
import { attemptForViewer } from './attempt-access.ts';
import { listSubmitted, type AttemptKey } from './drill-attempts.ts';
import { reviewsOf } from './grading.ts';

/** An instructor's pin or circle as the drill page draws it. */
export interface RedoNote {
  kind: 'pin' | 'circle';
  x: number;
  y: number;
  radius: number;
  label: string;
  text: string;
}

/** The latest redo on this template: the attempt it reviewed and its pins and circles. */
export interface RedoFeedback {
  attemptId: number;
  comment: string;
  notes: RedoNote[];
}

/** The trainee's most recent submitted attempt on the template, if its current review asks for a redo. */
export function latestRedo(db: Db, key: AttemptKey): RedoFeedback | null {
  const latest = listSubmitted(db, key)[0];
  if (!latest) return null;
  const review = currentReviewOf(reviewsOf(db, latest.id));
  if (!review || review.verdict !== 'redo') return null;
  return {
    attemptId: latest.id,
    comment: review.comment,
    notes: review.annotations.map((a, i) => ({
      kind: a.kind,
      x: a.x,
      y: a.y,
      radius: a.radius,
      label: String(i + 1),
      text: a.text,
    })),
  };
}

/** The canvas to continue from: the reviewed attempt's impressions and sessions. */
export interface ContinueFrom {
  attemptId: number;
  dots: StoredDot[];
  /** The session of each impression, or null for a canvas stored before sessions existed. */
  sessions: number[] | null;
  /** The session the canvas was submitted as, or null (finished work, one session). */
  session: number | null;
}

/**
 * The reviewed canvas `attemptId` to continue from, when it is the viewer's own submitted
 * attempt on this template with a redo requested; otherwise null (the page starts as usual).
 */
export function continueFrom(
  db: Db,
  attemptId: number,
  viewer: { userId: number; memberships: MembershipView[] },
  templateId: string,
): ContinueFrom | null {
  if (!Number.isSafeInteger(attemptId) || attemptId <= 0) return null;
  const found = attemptForViewer(db, attemptId, viewer.userId, viewer.memberships);
  if (!found || found.access !== 'owner') return null;
  const { attempt } = found;
  if (attempt.status === 'draft' || attempt.templateId !== templateId) return null;
  const review = currentReviewOf(reviewsOf(db, attempt.id));
  if (!review || review.verdict !== 'redo') return null;
  return { attemptId: attempt.id, dots: attempt.dots, sessions: attempt.dotSessions, session: attempt.session };
}
