import type { APIRoute } from 'astro';
import { getDb } from '../../../server/db.ts';
import { credentialDownload } from '../../../server/verification.ts';

/**
 * The certificate as a VC-JWT (Open Badges 3.0 §8.2: ES256, `kid` a DID URL, iss/jti/sub/nbf/exp), for
 * verifiers that take JWTs. Served for revoked and expired certificates too; the status list tells them apart.
 */
export const GET: APIRoute = async ({ params, clientAddress }) =>
  credentialDownload(await getDb(), params.code, clientAddress, (cert) => ({
    body: cert.credentialJwt,
    contentType: 'application/jwt',
    extension: 'jwt',
  }));
