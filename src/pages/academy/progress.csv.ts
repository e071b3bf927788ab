import type { APIRoute } from 'astro';
import { AREA_ROLES } from '../../lib/auth/roles.ts';
import { progressCsvHeader, progressCsvLine } from '../../lib/learning/report.ts';
import { academyProgressRows, parseAcademyQuery } from '../../server/academy-overview.ts';
import { courseShape } from '../../server/course-shape.ts';
import { getDb } from '../../server/db.ts';
import { requireRole } from '../../server/guard.ts';
import { errorResponse } from '../../server/http.ts';

/** CSV lines written per chunk of the stream. */
const CHUNK = 500;

/**
 * The trainee progress table of the admin's academy (all pages, the search applied), as CSV,
 * streamed in chunks. The rows are read first, in order, by one indexed query on the academy's
 * summary table: better-sqlite3 allows no other statement on the connection while a cursor is
 * open, so no cursor stays open across the stream's turns of the event loop.
 */
export const GET: APIRoute = async (ctx) => {
  const access = requireRole(ctx, AREA_ROLES.academy);
  if (!access.ok) return access.response;
  const parsed = parseAcademyQuery(ctx.url.searchParams);
  if (!parsed.ok) return errorResponse(parsed.error);
  const rows = academyProgressRows(await getDb(), access.membership.academyId, await courseShape(), parsed.value);
  const date = new Date().toISOString().slice(0, 10);
  const encoder = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(progressCsvHeader()));
    },
    pull(controller) {
      const end = Math.min(next + CHUNK, rows.length);
      let text = '';
      for (; next < end; next++) text += progressCsvLine(rows[next]!);
      if (text) controller.enqueue(encoder.encode(text));
      if (next >= rows.length) controller.close();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${access.membership.academySlug}-progress-${date}.csv"`,
      'cache-control': 'no-store',
    },
  });
};
