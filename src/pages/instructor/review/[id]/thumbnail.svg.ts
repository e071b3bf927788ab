import type { APIRoute } from 'astro';
import { AREA_ROLES } from '../../../../lib/auth/roles.ts';
import { thumbnailSvg } from '../../../../lib/drill/thumbnail.ts';
import { submissionForStaff } from '../../../../server/attempt-access.ts';
import { getTemplate } from '../../../../server/content.ts';
import { getDb } from '../../../../server/db.ts';
import { requireRole } from '../../../../server/guard.ts';

/** Rendered thumbnails by attempt id (submissions are frozen, so one drawing serves every later look). */
const cache = new Map<number, string>();
const CACHE_LIMIT = 500;

/**
 * A submission's thumbnail (down-sampled SVG) for staff of its academy, as the review page's
 * lazily loaded earlier attempts show it: the same 404 as the review page for a missing id or
 * another academy's submission. Kept by the browser (private, a day) and in a small server cache.
 */
export const GET: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.instructor);
  if (!access.ok) return access.response;
  const attempt = submissionForStaff(await getDb(), Number(ctx.params.id), access.membership.academyId);
  const template = attempt ? await getTemplate(attempt.templateId) : null;
  if (!attempt || !template) return new Response('No such submission.', { status: 404 });
  let svg = cache.get(attempt.id);
  if (!svg) {
    const label = `Attempt submitted ${attempt.submittedAt?.toISOString().slice(0, 10)}, ${attempt.dots.length} impressions`;
    svg = thumbnailSvg(template, attempt.dots, label);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(attempt.id, svg);
  }
  return new Response(svg, {
    headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, max-age=86400' },
  });
};
