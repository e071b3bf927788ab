/**
 * Which submitted canvases an academy's staff may see. Whether a viewer counts as staff
 * of the attempt's academy at all is `attemptAccess` in `src/lib/drill/attempt.ts`.
 */

/** The part of an attempt the staff rule looks at. */
export interface SubmissionLike {
  academyId: number;
  status: 'draft' | 'submitted' | 'graded';
}

/**
 * Whether staff acting for academy `staffAcademyId` may see (and so grade or correct) an
 * attempt: it must belong to that academy and have been submitted. Drafts stay private
 * to their trainee, and another academy's attempts are treated exactly like missing ones.
 */
export function staffMaySee(attempt: SubmissionLike, staffAcademyId: number): boolean {
  return attempt.academyId === staffAcademyId && attempt.status !== 'draft';
}
