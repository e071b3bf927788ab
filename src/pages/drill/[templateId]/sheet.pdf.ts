import type { APIRoute } from 'astro';
import { z } from 'zod';
import { AREA_ROLES } from '../../../lib/auth/roles.ts';
import { sheetCodeFor } from '../../../lib/photo/sheet-layout.ts';
import { getTemplate, getTemplates } from '../../../server/content.ts';
import { getDb } from '../../../server/db.ts';
import { checkDrillLevel } from '../../../server/drill-path.ts';
import { requireRole } from '../../../server/guard.ts';
import { apiError, errorResponse } from '../../../server/http.ts';
import { practiceSheetPdf } from '../../../server/photo/sheet-pdf.ts';

const query = z.object({ paper: z.enum(['a4', 'letter']).default('a4') });

/** The printable practice sheet of a template (A4 by default, `?paper=letter`), named for the signed-in trainee. */
export const GET: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.drill);
  if (!access.ok) return access.response;
  const template = await getTemplate(ctx.params.templateId);
  if (!template) return ctx.rewrite('/404');
  const viewer = { userId: access.user.id, academyId: access.membership.academyId, role: access.membership.role };
  const level = checkDrillLevel(await getDb(), await getTemplates(), template, viewer);
  if (!level.ok) return errorResponse(level.error);
  const parsed = query.safeParse(Object.fromEntries(ctx.url.searchParams));
  if (!parsed.success) return apiError('invalid', 'paper must be a4 or letter.');
  const pdf = await practiceSheetPdf(template, {
    paper: parsed.data.paper,
    sheet: sheetCodeFor(access.user.id, Date.now()),
    traineeName: access.user.displayName,
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="stipple-${template.id}-v${template.version}-${parsed.data.paper}.pdf"`,
      'cache-control': 'private, no-store',
    },
  });
};
