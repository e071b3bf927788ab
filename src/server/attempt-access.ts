/** Loads an attempt for a viewer, applying the access rules of src/lib/drill/attempt.ts and src/lib/grading/submissions.ts. */
import type { Db } from '../../db/client.ts';
import { attemptAccess } from '../lib/drill/attempt.ts';
import type { MembershipView } from '../lib/auth/guard.ts';
import { staffMaySee } from '../lib/grading/submissions.ts';
import { getAttempt, type AttemptRow } from './drill-attempts.ts';

/** The attempt with this id; null for a missing one or an id that cannot be one (NaN, 0, -1, 1.5). */
function attemptById(db: Db, id: number): AttemptRow | null {
  return Number.isSafeInteger(id) && id > 0 ? getAttempt(db, id) : null;
}

/** An attempt and why the viewer may see it (their own, or as staff of its academy); null if they may not. */
export type AttemptForViewer = { attempt: AttemptRow; access: 'owner' | 'staff' } | null;

/**
 * The attempt if this viewer may see it, else null — the same answer for "does not exist"
 * and "not yours", so attempt ids reveal nothing. Staff never see drafts.
 */
export function attemptForViewer(db: Db, id: number, userId: number, memberships: MembershipView[]): AttemptForViewer {
  const attempt = attemptById(db, id);
  if (!attempt) return null;
  const roleInAcademy = memberships.find((m) => m.academyId === attempt.academyId)?.role ?? null;
  const access = attemptAccess({ userId, roleInAcademy }, attempt);
  if (access === 'owner' || (access === 'staff' && staffMaySee(attempt, attempt.academyId))) return { attempt, access };
  return null;
}

/**
 * A submission staff of `academyId` may see (`staffMaySee`: their academy's, not a
 * draft), or null — the same answer for a missing id, so ids reveal nothing.
 */
export function submissionForStaff(db: Db, id: number, academyId: number): AttemptRow | null {
  const attempt = attemptById(db, id);
  return attempt && staffMaySee(attempt, academyId) ? attempt : null;
}
