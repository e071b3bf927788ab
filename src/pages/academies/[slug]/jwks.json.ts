import type { APIRoute } from 'astro';
import { keyId } from '../../../lib/certification/signing.ts';
import { academyKeys } from '../../../server/certificates.ts';
import { getDb } from '../../../server/db.ts';
import { apiError } from '../../../server/http.ts';

/** The academy's public signing key (JWKS), at a stable URL. Never the private key. */
export const GET: APIRoute = async ({ params }) => {
  const a = academyKeys(await getDb(), params.slug ?? '');
  if (!a) return apiError('not_found', 'No such academy.');
  const { kty, crv, x } = a.publicJwk as { kty: string; crv: string; x: string };
  return Response.json(
    { keys: [{ kty, crv, x, kid: await keyId(a.publicJwk), alg: 'EdDSA', use: 'sig' }] },
    { headers: { 'cache-control': 'public, max-age=3600' } },
  );
};
