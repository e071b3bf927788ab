import type { APIRoute } from 'astro';
import { normalizeCode } from '../../../lib/certification/certificates.ts';
import { envelope } from '../../../lib/certification/signing.ts';
import { certificateByCode } from '../../../server/certificates.ts';
import { getDb } from '../../../server/db.ts';
import { apiError } from '../../../server/http.ts';
import { limitVerification } from '../../../server/rate-limit.ts';

/**
 * The credential a wallet imports: the Open Badges credential with its Data Integrity proof (for certificates
 * issued before proofs existed, the VC-JWT as a VCDM 2.0 EnvelopedVerifiableCredential). Served for revoked and
 * expired certificates too, so that verifiers can see the revocation.
 */
export const GET: APIRoute = async ({ params, clientAddress }) => {
  const limited = limitVerification(clientAddress);
  if (limited) return limited;
  const code = normalizeCode(params.code ?? '');
  const cert = code ? certificateByCode(await getDb(), code) : null;
  if (!cert) return apiError('not_found', 'No certificate has this code.');
  return new Response(JSON.stringify(cert.credentialJson ?? envelope(cert.credentialJwt), null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="stipple-${cert.code}.json"`,
    },
  });
};
