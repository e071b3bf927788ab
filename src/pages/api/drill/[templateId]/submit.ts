import type { APIRoute } from 'astro';
import { AREA_ROLES } from '../../../../lib/auth/roles.ts';
import { readCanvasRequest } from '../../../../server/canvas-request.ts';
import { getDb } from '../../../../server/db.ts';
import { submitAttempt } from '../../../../server/drill-attempts.ts';
import { requireRole } from '../../../../server/guard.ts';
import { apiError, errorResponse } from '../../../../server/http.ts';

/** "Submit for review": freezes the canvas with the server's own score. */
export const POST: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.drill, { api: true });
  if (!access.ok) return access.response;
  const db = await getDb();
  const viewer = { userId: access.user.id, academyId: access.membership.academyId, role: access.membership.role };
  const req = await readCanvasRequest(ctx.request, ctx.params.templateId, { db, viewer });
  if (!req.ok) return errorResponse(req.error);
  const { template, dots, sessions } = req.value;
  if (dots.length === 0) return apiError('invalid', 'Place some impressions before submitting.');
  const key = { userId: access.user.id, academyId: access.membership.academyId, templateId: template.id };
  const { id, score, repeated } = submitAttempt(db, key, template, dots, sessions);
  return Response.json(
    {
      attemptId: id,
      url: `/drill/attempts/${id}`,
      total: score.total,
      pass: score.pass,
      scoreVersion: score.scoreVersion,
      session: score.session ?? null,
    },
    // A repeated submit (double click, retry) answers the submission it repeats.
    { status: repeated ? 200 : 201 },
  );
};
