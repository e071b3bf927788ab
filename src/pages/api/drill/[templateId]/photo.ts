import type { APIRoute } from 'astro';
import { AREA_ROLES } from '../../../../lib/auth/roles.ts';
import { getTemplate, getTemplates } from '../../../../server/content.ts';
import { checkDrillLevel } from '../../../../server/drill-path.ts';
import { getDb } from '../../../../server/db.ts';
import { uploadPhoto } from '../../../../server/drill-photos.ts';
import { requireRole } from '../../../../server/guard.ts';
import { apiError, errorResponse } from '../../../../server/http.ts';
import { MAX_PHOTO_BYTES } from '../../../../server/photo/detect.ts';
import { limitPhotoUploads } from '../../../../server/rate-limit.ts';

const TOO_LARGE = 'The photo is larger than 15 MB: send a smaller one.';

/**
 * Uploads a photo of a worked practice sheet (multipart field `photo`): detected and stored
 * for the trainee to check; an unusable photo gets a reason and nothing is stored. Limited to
 * 20 uploads an hour per trainee (usable or not), counted before the photo is read.
 */
export const POST: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.drill, { api: true });
  if (!access.ok) return access.response;
  const template = await getTemplate(ctx.params.templateId);
  if (!template) return apiError('not_found', 'There is no such template.');
  const db = await getDb();
  const viewer = { userId: access.user.id, academyId: access.membership.academyId, role: access.membership.role };
  const level = checkDrillLevel(db, await getTemplates(), template, viewer);
  if (!level.ok) return errorResponse(level.error);
  const limited = limitPhotoUploads(access.user.id);
  if (limited) return limited;
  if (Number(ctx.request.headers.get('content-length') ?? 0) > MAX_PHOTO_BYTES + 64 * 1024)
    return apiError('too_large', TOO_LARGE);
  let file: FormDataEntryValue | null;
  try {
    file = (await ctx.request.formData()).get('photo');
  } catch {
    return apiError('invalid', 'Send the photo as a form upload in the field "photo".');
  }
  if (!file || typeof file === 'string' || file.size === 0)
    return apiError('invalid', 'Choose a photo of your worked sheet first.');
  if (file.size > MAX_PHOTO_BYTES) return apiError('too_large', TOO_LARGE);
  const key = { userId: access.user.id, academyId: access.membership.academyId, templateId: template.id };
  const result = await uploadPhoto(db, key, template, Buffer.from(await file.arrayBuffer()));
  if (!result.ok) return errorResponse(result.error);
  const { photo, detection } = result.value;
  return Response.json(
    {
      photoId: photo.id,
      sheet: photo.sheetCode,
      dots: photo.detected,
      marks: detection.marks,
      ms: Math.round(detection.ms),
      rectifiedUrl: `/api/drill/photos/${photo.id}/rectified.jpg`,
      photoUrl: `/api/drill/photos/${photo.id}/photo.jpg`,
      submitUrl: `/api/drill/photos/${photo.id}/submit`,
    },
    { status: 201 },
  );
};
