import type { APIRoute } from 'astro';
import { AREA_ROLES } from '../../../../lib/auth/roles.ts';
import { MAX_CANVAS_BODY_BYTES } from '../../../../lib/drill/attempt.ts';
import { parseDelta } from '../../../../lib/drill/draft-delta-schema.ts';
import { canvasTemplate, readCanvasRequest } from '../../../../server/canvas-request.ts';
import { getDb } from '../../../../server/db.ts';
import { saveDraftDelta, saveFullDraft, type SavedDraft } from '../../../../server/draft-delta.ts';
import { requireRole } from '../../../../server/guard.ts';
import { errorResponse, readJsonBody } from '../../../../server/http.ts';

const answer = (saved: SavedDraft) =>
  Response.json({
    attemptId: saved.attemptId,
    savedAt: saved.savedAt.toISOString(),
    dotCount: saved.dotCount,
    revision: saved.revision,
  });

/** Autosave: replaces the signed-in trainee's draft on this template with the whole canvas. */
export const PUT: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.drill, { api: true });
  if (!access.ok) return access.response;
  const db = await getDb();
  const viewer = { userId: access.user.id, academyId: access.membership.academyId, role: access.membership.role };
  const req = await readCanvasRequest(ctx.request, ctx.params.templateId, { db, viewer });
  if (!req.ok) return errorResponse(req.error);
  const { template, dots, sessions } = req.value;
  const key = { userId: access.user.id, academyId: access.membership.academyId, templateId: template.id };
  return answer(saveFullDraft(db, key, template, dots, sessions));
};

/**
 * Autosave of the changes since revision `revision` (`src/lib/drill/draft-delta.ts`): 409 when
 * the draft is at another revision (the page then sends the whole canvas with PUT).
 */
export const PATCH: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.drill, { api: true });
  if (!access.ok) return access.response;
  const db = await getDb();
  const viewer = { userId: access.user.id, academyId: access.membership.academyId, role: access.membership.role };
  const named = await canvasTemplate(ctx.params.templateId, { db, viewer });
  if (!named.ok) return errorResponse(named.error);
  const template = named.value;
  const body = await readJsonBody(
    ctx.request,
    MAX_CANVAS_BODY_BYTES,
    'These changes are too large to save (over 1.5 MB).',
  );
  if (!body.ok) return errorResponse(body.error);
  const delta = parseDelta(body.value);
  if (!delta.ok) return errorResponse(delta.error);
  const key = { userId: access.user.id, academyId: access.membership.academyId, templateId: template.id };
  const saved = saveDraftDelta(db, key, template, delta.value);
  return saved.ok ? answer(saved.value) : errorResponse(saved.error);
};
