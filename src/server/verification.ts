/**
 * Verifying a credential someone pasted or uploaded: find the issuing academy from the
 * credential, check the signature with that academy's published key, then look up the
 * certificate's live status (revoked or expired since issue).
 */
import type { Db } from '../../db/client.ts';
import { fail, ok, type Result } from '../lib/errors.ts';
import { certificateStatus, normalizeCode, type CertificateStatus } from '../lib/certification/certificates.ts';
import { extractJwt, peekCredential, verifySignature } from '../lib/certification/signing.ts';
import { academyKeys, certificateByCode, type CertificateRow } from './certificates.ts';

/** A verified credential's certificate and live status, or an `invalid` error saying why it does not verify. */
export type VerificationReport = Result<{
  certificate: CertificateRow;
  status: CertificateStatus;
  credential: Record<string, unknown>;
}>;

/** Verifies a pasted or uploaded credential (JWT or our JSON envelope) against the issuing academy's key. */
export async function verifyCredentialText(db: Db, text: string, now = new Date()): Promise<VerificationReport> {
  const extracted = extractJwt(text);
  if (!extracted.ok) return extracted;
  const claimed = peekCredential(extracted.value);
  const issuerId = (claimed?.issuer as { id?: unknown } | undefined)?.id;
  const slug = typeof issuerId === 'string' ? /\/academies\/([a-z0-9-]+)$/.exec(issuerId)?.[1] : undefined;
  const academy = slug ? academyKeys(db, slug) : null;
  if (!academy) return fail('invalid', 'The credential names an issuer that is not an academy on this Stipple.');
  const signature = await verifySignature(extracted.value, academy.publicJwk);
  if (!signature.ok) return signature;
  const id = signature.value.id;
  const code = typeof id === 'string' ? normalizeCode(id.split('/').pop() ?? '') : null;
  const certificate = code ? certificateByCode(db, code) : null;
  if (!certificate || certificate.academyId !== academy.id)
    return fail('invalid', 'The signature is genuine, but this academy has no record of the certificate.');
  return ok({ certificate, status: certificateStatus(certificate, now), credential: signature.value });
}
