/** Loads an attempt for a viewer, applying src/lib/drill/attempt.ts's access rule. */
import type { Db } from '../../db/client.ts';
import { attemptAccess } from '../lib/drill/attempt.ts';
import type { MembershipView } from '../lib/auth/guard.ts';
import { getAttempt, type AttemptRow } from './drill-attempts.ts';

/** The attempt and how the viewer sees it, or null when they may not. */
export type AttemptForViewer = { attempt: AttemptRow; access: 'owner' | 'staff' } | null;

/**
 * The attempt if this viewer may see it, else null — the same answer for "does not exist"
 * and "not yours", so attempt ids reveal nothing. Staff never see drafts.
 */
export function attemptForViewer(db: Db, id: number, userId: number, memberships: MembershipView[]): AttemptForViewer {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const attempt = getAttempt(db, id);
  if (!attempt) return null;
  const roleInAcademy = memberships.find((m) => m.academyId === attempt.academyId)?.role ?? null;
  const access = attemptAccess({ userId, roleInAcademy }, attempt);
  if (access === 'none' || (access === 'staff' && attempt.status === 'draft')) return null;
  return { attempt, access };
}

/**
 * A submission as the grading staff of `academyId` see it: submitted or graded, of their
 * academy — else null, the same answer for "does not exist", "another academy's" and "a
 * draft", so ids reveal nothing. (The caller has checked the instructor/admin role.)
 */
export function submissionForStaff(db: Db, id: number, academyId: number): AttemptRow | null {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const attempt = getAttempt(db, id);
  if (!attempt || attempt.academyId !== academyId || attempt.status === 'draft') return null;
  return attempt;
}
