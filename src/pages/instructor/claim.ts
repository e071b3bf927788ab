import type { APIRoute } from 'astro';
import { z } from 'zod';
import { AREA_ROLES } from '../../lib/auth/roles.ts';
import { getDb } from '../../server/db.ts';
import { claimAttempt, releaseClaim } from '../../server/grading.ts';
import { requireRole } from '../../server/guard.ts';
import { readForm } from '../../server/http.ts';

const claimForm = z.object({
  attemptId: z.coerce.number({ error: 'Which submission?' }).int().positive('Which submission?'),
  action: z.enum(['claim', 'release'], { error: 'Claim or release?' }),
});

/** Claim or release a submission (form POST from the queue or review page). */
export const POST: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.instructor);
  if (!access.ok) return access.response;
  const parsed = claimForm.safeParse((await readForm(ctx.request)) ?? {});
  if (!parsed.success)
    return new Response(parsed.error.issues[0]!.message, {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  const { attemptId, action } = parsed.data;
  const db = await getDb();
  const result =
    action === 'claim'
      ? claimAttempt(db, attemptId, access.membership.academyId, access.user.id)
      : releaseClaim(db, attemptId, access.membership.academyId, access.user.id);
  if (!result.ok) {
    // Not ctx.rewrite('/404'): the body is already read, and a rewrite would re-read it.
    if (result.status === 404)
      return new Response(result.message, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return ctx.redirect(`/instructor?message=${encodeURIComponent(result.message)}`, 303);
  }
  return ctx.redirect(
    action === 'claim' ? `/instructor/review/${attemptId}` : '/instructor?message=Claim%20released.',
    303,
  );
};
