import type { APIRoute } from 'astro';
import { z } from 'zod';
import { AREA_ROLES } from '../../lib/auth/roles.ts';
import { invalidFromZod } from '../../lib/errors.ts';
import { getDb } from '../../server/db.ts';
import { claimAttempt, releaseClaim } from '../../server/grading.ts';
import { requireRole } from '../../server/guard.ts';
import { errorResponse, readForm, redirectWithNotice } from '../../server/http.ts';

const claimForm = z.object({
  attemptId: z.coerce.number({ error: 'Which submission?' }).int().positive('Which submission?'),
  action: z.enum(['claim', 'release'], { error: 'Claim or release?' }),
});

/** Claim or release a submission (form POST from the queue or review page). */
export const POST: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.instructor);
  if (!access.ok) return access.response;
  const parsed = claimForm.safeParse((await readForm(ctx.request)) ?? {});
  if (!parsed.success) return errorResponse(invalidFromZod(parsed.error).error);
  const { attemptId, action } = parsed.data;
  const db = await getDb();
  const result =
    action === 'claim'
      ? claimAttempt(db, attemptId, access.membership.academyId, access.user.id)
      : releaseClaim(db, attemptId, access.membership.academyId, access.user.id);
  if (!result.ok) {
    const { error } = result;
    // Not ctx.rewrite('/404'): the body is already read, and a rewrite would re-read it.
    if (error.kind === 'not_found') return errorResponse(error);
    return redirectWithNotice('/instructor', error.message);
  }
  return action === 'claim'
    ? ctx.redirect(`/instructor/review/${attemptId}`, 303)
    : redirectWithNotice('/instructor', 'Claim released.');
};
