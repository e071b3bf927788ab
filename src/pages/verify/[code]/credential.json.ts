import type { APIRoute } from 'astro';
import { envelope } from '../../../lib/certification/signing.ts';
import { getDb } from '../../../server/db.ts';
import { credentialDownload } from '../../../server/verification.ts';

/**
 * The credential a wallet imports: the Open Badges credential with its Data Integrity proof (for certificates
 * issued before proofs existed, the VC-JWT as a VCDM 2.0 EnvelopedVerifiableCredential). Served for revoked and
 * expired certificates too, so that verifiers can see the revocation.
 */
export const GET: APIRoute = async ({ params, clientAddress }) =>
  credentialDownload(await getDb(), params.code, clientAddress, (cert) => ({
    body: JSON.stringify(cert.credentialJson ?? envelope(cert.credentialJwt), null, 2),
    contentType: 'application/json; charset=utf-8',
    extension: 'json',
  }));
