import type { APIRoute } from 'astro';
import { AREA_ROLES } from '../../lib/auth/roles.ts';
import { parseSort, progressCsv, sortRows } from '../../lib/learning/report.ts';
import { academyProgressForCourse } from '../../server/academy-progress.ts';
import { getCurriculum } from '../../server/curriculum.ts';
import { getDb } from '../../server/db.ts';
import { requireRole } from '../../server/guard.ts';

/** The trainee progress table of the admin's academy, as CSV. */
export const GET: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.academy);
  if (!access.ok) return access.response;
  const course = await getCurriculum();
  const sort = parseSort(ctx.url.searchParams.get('sort'), ctx.url.searchParams.get('dir'));
  const rows = sortRows(
    academyProgressForCourse(await getDb(), access.membership.academyId, course),
    sort.key,
    sort.dir,
  );
  const date = new Date().toISOString().slice(0, 10);
  return new Response(progressCsv(rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${access.membership.academySlug}-progress-${date}.csv"`,
      'cache-control': 'no-store',
    },
  });
};
