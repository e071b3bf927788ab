import type { APIRoute } from 'astro';
import { AREA_ROLES } from '../../../../../lib/auth/roles.ts';
import { describeZodError } from '../../../../../lib/errors.ts';
import { correctionsSchema } from '../../../../../lib/photo/corrections.ts';
import { getTemplate, getTemplates } from '../../../../../server/content.ts';
import { checkDrillLevel } from '../../../../../server/drill-path.ts';
import { getDb } from '../../../../../server/db.ts';
import { photoForViewer, submitPhoto } from '../../../../../server/drill-photos.ts';
import { requireRole } from '../../../../../server/guard.ts';
import { apiError, errorResponse, readJsonBody } from '../../../../../server/http.ts';

/** Submits a checked photo: JSON `{"removed": [index…], "added": [[x, y]…]}`; the server scores the corrected impressions. */
export const POST: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.drill, { api: true });
  if (!access.ok) return access.response;
  const db = await getDb();
  const photo = photoForViewer(db, Number(ctx.params.id), access.user.id, ctx.locals.memberships);
  if (!photo || photo.userId !== access.user.id) return apiError('not_found', 'There is no such photo.');
  const template = await getTemplate(photo.templateId);
  if (!template) return apiError('not_found', 'This photo’s template no longer exists.');
  const viewer = { userId: access.user.id, academyId: photo.academyId, role: access.membership.role };
  const level = checkDrillLevel(db, await getTemplates(), template, viewer);
  if (!level.ok) return errorResponse(level.error);
  const body = await readJsonBody(ctx.request, 400_000, 'Too many corrections in one request.');
  if (!body.ok) return errorResponse(body.error);
  const parsed = correctionsSchema(template, photo.detected.length).safeParse(body.value);
  if (!parsed.success) return apiError('invalid', describeZodError(parsed.error));
  const result = submitPhoto(db, photo, template, parsed.data);
  if (!result.ok) return errorResponse(result.error);
  const { attemptId, score } = result.value;
  return Response.json(
    {
      attemptId,
      url: `/drill/attempts/${attemptId}`,
      total: score.total,
      pass: score.pass,
      scoreVersion: score.scoreVersion,
    },
    { status: 201 },
  );
};
