import type { APIRoute } from 'astro';
import { badgeSvg } from '../../../lib/certification/badge.ts';
import { normalizeCode } from '../../../lib/certification/certificates.ts';
import { certificateByCode } from '../../../server/certificates.ts';
import { getDb } from '../../../server/db.ts';
import { apiError } from '../../../server/http.ts';

/** The certificate's badge (SVG), drawn from the facts signed at issue. */
export const GET: APIRoute = async ({ params }) => {
  const code = normalizeCode(params.code ?? '');
  const cert = code ? certificateByCode(await getDb(), code) : null;
  if (!cert) return apiError('not_found', 'No certificate has this code.');
  const svg = badgeSvg({ programName: cert.programName, hours: cert.programHours, academyName: cert.academyName });
  return new Response(svg, {
    headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=86400' },
  });
};
