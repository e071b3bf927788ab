/**
 * Verifying a credential someone pasted or uploaded: find the issuing academy from the
 * credential, check the signature with that academy's published key, then look up the
 * certificate's live status (revoked or expired since issue). Two formats: the Data Integrity
 * credential (`proof`, did:web issuer) and the older VC-JWT, bare or in its JSON envelope.
 */
import type { Db } from '../../db/client.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { certificateStatus, normalizeCode, type CertificateStatus } from '../lib/certification/certificates.ts';
import { verifyDataIntegrity } from '../lib/certification/data-integrity.ts';
import { slugOfDid } from '../lib/certification/did.ts';
import { extractJwt, peekCredential, verifySignature } from '../lib/certification/signing.ts';
import { academyKeys, certificateByCode, type CertificateRow } from './certificates.ts';
import { apiError } from './http.ts';
import { serverDocumentLoader } from './issuer.ts';
import { limitVerification } from './rate-limit.ts';

/** What a signature check says: genuine, or why not. */
export type SignatureResult = Result;

/** The JSON object in `text` when it carries a Data Integrity `proof`, else null. */
function dataIntegrityCredential(text: string): Record<string, unknown> | null {
  try {
    const json: unknown = JSON.parse(text);
    return json && typeof json === 'object' && !Array.isArray(json) && 'proof' in json
      ? (json as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The origin a Stipple credential was issued under (from its `id`, `<origin>/verify/<code>`), so that a
 * certificate issued before `STIPPLE_PUBLIC_URL` changed still resolves its issuer's DID from this database.
 */
function issuedOrigin(credential: Record<string, unknown>): string | undefined {
  const id = credential.id;
  return typeof id === 'string' ? /^(https?:\/\/[^/]+(?:\/.*)?)\/verify\/[A-Z2-7]{20}$/.exec(id)?.[1] : undefined;
}

const TAMPERED =
  'The signature does not match: the credential was altered after it was issued (for example its name, dates or scores), or it was not issued by this academy.';

/** Checks the signature of a certificate as stored: its Data Integrity proof, or its VC-JWT for older ones. */
export async function storedSignature(db: Db, cert: CertificateRow): Promise<SignatureResult> {
  if (cert.credentialJson) {
    const r = await verifyDataIntegrity(cert.credentialJson, {
      documentLoader: serverDocumentLoader(db, issuedOrigin(cert.credentialJson)),
    });
    return r.ok ? ok() : fail('invalid', TAMPERED);
  }
  const keys = academyKeys(db, cert.academySlug)!;
  const r = await verifySignature(cert.credentialJwt, keys.publicJwk, keys.p256PublicJwk);
  return r.ok ? ok() : r;
}

/** Verifies a Data Integrity credential against the did:web academy it names. */
async function verifyDataIntegrityText(
  db: Db,
  credential: Record<string, unknown>,
  now: Date,
): Promise<VerificationReport> {
  const issuer = credential.issuer;
  const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown } | null)?.id;
  const slug = typeof issuerId === 'string' ? slugOfDid(issuerId) : null;
  const academy = slug ? academyKeys(db, slug) : null;
  if (!academy) return fail('invalid', 'The credential names an issuer that is not an academy on this Stipple.');
  const r = await verifyDataIntegrity(credential, {
    documentLoader: serverDocumentLoader(db, issuedOrigin(credential)),
  });
  if (!r.ok) return fail('invalid', TAMPERED);
  const id = credential.id;
  const code = typeof id === 'string' ? normalizeCode(id.split('/').pop() ?? '') : null;
  const certificate = code ? certificateByCode(db, code) : null;
  if (!certificate || certificate.academyId !== academy.id)
    return fail('invalid', 'The signature is genuine, but this academy has no record of the certificate.');
  return ok({ certificate, status: certificateStatus(certificate, now), credential });
}

/** The outcome of checking an uploaded credential: the certificate and its live status, or an `invalid` error saying why it failed. */
export type VerificationReport = Result<{
  certificate: CertificateRow;
  status: CertificateStatus;
  credential: Record<string, unknown>;
}>;

/** Verifies a pasted or uploaded credential (Data Integrity JSON, JWT envelope or bare JWT). */
export async function verifyCredentialText(db: Db, text: string, now = new Date()): Promise<VerificationReport> {
  const secured = dataIntegrityCredential(text);
  if (secured) return verifyDataIntegrityText(db, secured, now);
  const extracted = extractJwt(text);
  if (!extracted.ok) return extracted;
  const claimed = peekCredential(extracted.value);
  const issuerId = (claimed?.issuer as { id?: unknown } | undefined)?.id;
  const slug =
    typeof issuerId === 'string' ? (/\/academies\/([a-z0-9-]+)$/.exec(issuerId)?.[1] ?? slugOfDid(issuerId)) : null;
  const academy = slug ? academyKeys(db, slug) : null;
  if (!academy) return fail('invalid', 'The credential names an issuer that is not an academy on this Stipple.');
  const signature = await verifySignature(extracted.value, academy.publicJwk, academy.p256PublicJwk);
  if (!signature.ok) return signature;
  const id = signature.value.id;
  const code = typeof id === 'string' ? normalizeCode(id.split('/').pop() ?? '') : null;
  const certificate = code ? certificateByCode(db, code) : null;
  if (!certificate || certificate.academyId !== academy.id)
    return fail('invalid', 'The signature is genuine, but this academy has no record of the certificate.');
  return ok({ certificate, status: certificateStatus(certificate, now), credential: signature.value });
}

/** What a credential download serves: the body, its content type and the file extension. */
export interface CredentialFile {
  body: string;
  contentType: string;
  extension: string;
}

/**
 * Answers a credential download of the certificate with this code (`/verify/<code>/credential.*`):
 * rate-limited like verification, a 404 `{ "error" }` for an unknown code, else the file `serve`
 * makes of the certificate as an attachment named `stipple-<code>.<extension>`. Revoked and expired
 * certificates are served too, so that verifiers can see the status.
 */
export function credentialDownload(
  db: Db,
  code: string | undefined,
  clientAddress: string | undefined,
  serve: (cert: CertificateRow) => CredentialFile,
): Response {
  const limited = limitVerification(clientAddress);
  if (limited) return limited;
  const normalized = normalizeCode(code ?? '');
  const cert = normalized ? certificateByCode(db, normalized) : null;
  if (!cert) return apiError('not_found', 'No certificate has this code.');
  const file = serve(cert);
  return new Response(file.body, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="stipple-${cert.code}.${file.extension}"`,
    },
  });
}
