import type { APIRoute } from 'astro';
import { keyId } from '../../../lib/certification/signing.ts';
import { p256MethodId } from '../../../lib/certification/vc-jwt.ts';
import { academyKeys } from '../../../server/certificates.ts';
import { getDb } from '../../../server/db.ts';
import { apiError } from '../../../server/http.ts';
import { issuerDid } from '../../../server/issuer.ts';

/**
 * The academy's public signing keys (JWKS), at a stable URL, the same keys as its DID document: Ed25519
 * (kid: its thumbprint, as the older VC-JWTs name it) and P-256 (kid: the DID URL the OB 3.0 VC-JWTs name).
 * Never a private key.
 */
export const GET: APIRoute = async ({ params }) => {
  const a = academyKeys(await getDb(), params.slug ?? '');
  if (!a) return apiError('not_found', 'No such academy.');
  const { kty, crv, x } = a.publicJwk as { kty: string; crv: string; x: string };
  const keys: object[] = [{ kty, crv, x, kid: await keyId(a.publicJwk), alg: 'EdDSA', use: 'sig' }];
  if (a.p256PublicJwk) {
    const p = a.p256PublicJwk as { kty: string; crv: string; x: string; y: string };
    keys.push({
      kty: p.kty,
      crv: p.crv,
      x: p.x,
      y: p.y,
      kid: p256MethodId(issuerDid(params.slug!)),
      alg: 'ES256',
      use: 'sig',
    });
  }
  return Response.json({ keys }, { headers: { 'cache-control': 'public, max-age=3600' } });
};
