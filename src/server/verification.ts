/**
 * Verifying a credential someone pasted or uploaded: find the issuing academy from the
 * credential, check the signature with that academy's published key, then look up the
 * certificate's live status (revoked or expired since issue).
 */
import type { Db } from '../../db/client.ts';
import { certificateStatus, normalizeCode, type CertificateStatus } from '../lib/certification/certificates.ts';
import { extractJwt, peekCredential, verifySignature } from '../lib/certification/signing.ts';
import { academyKeys, certificateByCode, type CertificateRow } from './certificates.ts';

export type VerificationReport =
  | { ok: false; reason: string }
  | {
      ok: true;
      certificate: CertificateRow;
      status: CertificateStatus;
      credential: Record<string, unknown>;
    };

export async function verifyCredentialText(db: Db, text: string, now = new Date()): Promise<VerificationReport> {
  const extracted = extractJwt(text);
  if (!extracted.ok) return { ok: false, reason: extracted.reason };
  const claimed = peekCredential(extracted.jwt);
  const issuerId = (claimed?.issuer as { id?: unknown } | undefined)?.id;
  const slug = typeof issuerId === 'string' ? /\/academies\/([a-z0-9-]+)$/.exec(issuerId)?.[1] : undefined;
  const academy = slug ? academyKeys(db, slug) : null;
  if (!academy) return { ok: false, reason: 'The credential names an issuer that is not an academy on this Stipple.' };
  const signature = await verifySignature(extracted.jwt, academy.publicJwk);
  if (!signature.ok) return { ok: false, reason: signature.reason };
  const id = signature.credential.id;
  const code = typeof id === 'string' ? normalizeCode(id.split('/').pop() ?? '') : null;
  const certificate = code ? certificateByCode(db, code) : null;
  if (!certificate || certificate.academyId !== academy.id)
    return { ok: false, reason: 'The signature is genuine, but this academy has no record of the certificate.' };
  return { ok: true, certificate, status: certificateStatus(certificate, now), credential: signature.credential };
}
