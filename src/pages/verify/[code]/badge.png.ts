import type { APIRoute } from 'astro';
import { normalizeCode } from '../../../lib/certification/certificates.ts';
import { badgePng } from '../../../server/badge.ts';
import { certificateByCode } from '../../../server/certificates.ts';
import { getDb } from '../../../server/db.ts';
import { apiError } from '../../../server/http.ts';

/** The certificate's badge (PNG, what the credential's `image` names), drawn from the facts signed at issue. */
export const GET: APIRoute = async ({ params }) => {
  const code = normalizeCode(params.code ?? '');
  const cert = code ? certificateByCode(await getDb(), code) : null;
  if (!cert) return apiError('not_found', 'No certificate has this code.');
  const png = await badgePng(cert.code, {
    programName: cert.programName,
    hours: cert.programHours,
    academyName: cert.academyName,
  });
  return new Response(new Uint8Array(png), {
    headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' },
  });
};
