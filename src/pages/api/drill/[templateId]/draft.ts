import type { APIRoute } from 'astro';
import { AREA_ROLES } from '../../../../lib/auth/roles.ts';
import { readCanvasRequest } from '../../../../server/canvas-request.ts';
import { getDb } from '../../../../server/db.ts';
import { saveDraft } from '../../../../server/drill-attempts.ts';
import { requireRole } from '../../../../server/guard.ts';
import { errorResponse } from '../../../../server/http.ts';

/** Autosave: replaces the signed-in trainee's draft on this template. */
export const PUT: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.drill, { api: true });
  if (!access.ok) return access.response;
  const db = await getDb();
  const viewer = { userId: access.user.id, academyId: access.membership.academyId, role: access.membership.role };
  const req = await readCanvasRequest(ctx.request, ctx.params.templateId, { db, viewer });
  if (!req.ok) return errorResponse(req.error);
  const { template, dots, sessions } = req.value;
  const key = { userId: access.user.id, academyId: access.membership.academyId, templateId: template.id };
  const saved = saveDraft(db, key, template, dots, sessions);
  return Response.json({ attemptId: saved.id, savedAt: saved.updatedAt.toISOString(), dotCount: dots.length });
};
