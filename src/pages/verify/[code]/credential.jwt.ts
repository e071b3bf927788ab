import type { APIRoute } from 'astro';
import { normalizeCode } from '../../../lib/certification/certificates.ts';
import { certificateByCode } from '../../../server/certificates.ts';
import { getDb } from '../../../server/db.ts';
import { limitVerification } from '../../../server/rate-limit.ts';
import { apiError } from '../../../server/http.ts';

/**
 * The certificate as a VC-JWT (Open Badges 3.0 §8.2: ES256, `kid` a DID URL, iss/jti/sub/nbf/exp), for
 * verifiers that take JWTs. Served for revoked and expired certificates too; the status list tells them apart.
 */
export const GET: APIRoute = async ({ params, clientAddress }) => {
  const limited = limitVerification(clientAddress);
  if (limited) return limited;
  const code = normalizeCode(params.code ?? '');
  const cert = code ? certificateByCode(await getDb(), code) : null;
  if (!cert) return apiError('not_found', 'No certificate has this code.');
  return new Response(cert.credentialJwt, {
    headers: {
      'content-type': 'application/jwt',
      'content-disposition': `attachment; filename="stipple-${cert.code}.jwt"`,
    },
  });
};
