import type { APIRoute } from 'astro';
import { normalizeCode } from '../../../lib/certification/certificates.ts';
import { envelope } from '../../../lib/certification/signing.ts';
import { certificateByCode } from '../../../server/certificates.ts';
import { getDb } from '../../../server/db.ts';
import { apiError } from '../../../server/http.ts';
import { limitVerification } from '../../../server/rate-limit.ts';

/** The signed credential as a VCDM 2.0 EnvelopedVerifiableCredential (JSON). */
export const GET: APIRoute = async ({ params, clientAddress }) => {
  const limited = limitVerification(clientAddress);
  if (limited) return limited;
  const code = normalizeCode(params.code ?? '');
  const cert = code ? certificateByCode(await getDb(), code) : null;
  if (!cert) return apiError('not_found', 'No certificate has this code.');
  return new Response(JSON.stringify(envelope(cert.credentialJwt), null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="stipple-${cert.code}.json"`,
    },
  });
};
