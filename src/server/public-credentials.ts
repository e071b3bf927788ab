/**
 * The public pages behind a credential's links: the achievement (`achievement.id`) and its result descriptions,
 * and the evidence (the reviewed practice canvases), shown to anyone without signing in but only for what a
 * certificate cites, and only what its credential already discloses.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { academies, programs } from '../../db/schema.ts';
import { peekCredential } from '../lib/certification/signing.ts';
import { certificateByCode, certificatesOf, type CertificateRow } from './certificates.ts';
import { getAttempt, type AttemptRow } from './drill-attempts.ts';
import { publicOrigin } from './issuer.ts';
import type { Program } from './programs.ts';
import { getProgram } from './programs.ts';

type Json = Record<string, unknown>;

/** The signed credential of a certificate as stored (its Data Integrity JSON, else the VC-JWT's payload). */
export function signedCredentialOf(cert: CertificateRow): Json | null {
  return cert.credentialJson ?? peekCredential(cert.credentialJwt);
}

/** One evidence entry of a credential: the drill attempt it cites, with the name and description it was signed with. */
export interface CitedEvidence {
  attemptId: number;
  name: string;
  description: string;
  /** Where this site shows it publicly (a path). */
  url: string;
}

/** The attempt id an evidence id cites: `…/verify/<code>/evidence/<id>` or the older `…/drill/attempts/<id>`. */
function citedAttemptId(id: unknown): number | null {
  if (typeof id !== 'string') return null;
  const m = /\/(?:evidence|drill\/attempts)\/(\d+)$/.exec(id);
  return m ? Number(m[1]) : null;
}

/** The drill attempts a certificate's signed credential cites as evidence, in the credential's order. */
export function citedEvidence(cert: CertificateRow): CitedEvidence[] {
  const evidence = signedCredentialOf(cert)?.evidence;
  if (!Array.isArray(evidence)) return [];
  return evidence.flatMap((e: Json) => {
    const attemptId = citedAttemptId(e?.id);
    return attemptId
      ? [
          {
            attemptId,
            name: String(e.name ?? ''),
            description: String(e.description ?? ''),
            url: `/verify/${cert.code}/evidence/${attemptId}`,
          },
        ]
      : [];
  });
}

/** The path of a URL this site issued (signed URLs carry the origin at issue; links on the page stay on this site). */
function localPath(url: unknown, fallback: string): string {
  try {
    return typeof url === 'string' ? new URL(url).pathname : fallback;
  } catch {
    return fallback;
  }
}

/** The links a certificate's public page offers: its achievement page, the credential file, the evidence. */
export function certificateLinks(cert: CertificateRow): {
  achievementUrl: string;
  credentialUrl: string;
  evidence: CitedEvidence[];
} {
  const subject = signedCredentialOf(cert)?.credentialSubject as Json | undefined;
  const achievement = subject?.achievement as Json | undefined;
  return {
    achievementUrl: localPath(achievement?.id, `/academies/${cert.academySlug}/programs/${cert.programId}`),
    credentialUrl: `${publicOrigin()}/verify/${cert.code}/credential.json`,
    evidence: citedEvidence(cert),
  };
}

/**
 * A piece of evidence of a certificate, for its public page: only an attempt the certificate's signed credential
 * cites, of the certificate's holder and academy; null otherwise (the same answer for every other id).
 */
export function publicEvidence(
  db: Db,
  code: string,
  attemptId: number,
): { certificate: CertificateRow; evidence: CitedEvidence; attempt: AttemptRow } | null {
  const certificate = certificateByCode(db, code);
  if (!certificate) return null;
  const evidence = citedEvidence(certificate).find((e) => e.attemptId === attemptId);
  if (!evidence) return null;
  const attempt = getAttempt(db, attemptId);
  if (!attempt || attempt.userId !== certificate.userId || attempt.academyId !== certificate.academyId) return null;
  if (attempt.status === 'draft') return null;
  return { certificate, evidence, attempt };
}

/**
 * Evidence at an older credential's evidence URL (`<origin>/drill/attempts/<id>`, before evidence moved under the
 * certificate's URL): the attempt and what the credential says of it when one of its holder's certificates cites
 * it there; null otherwise. Shown without the certificate (attempt ids are sequential; certificate codes are not).
 */
export function legacyPublicEvidence(
  db: Db,
  attemptId: number,
): { programName: string; evidence: CitedEvidence; attempt: AttemptRow } | null {
  if (!Number.isSafeInteger(attemptId) || attemptId <= 0) return null;
  const attempt = getAttempt(db, attemptId);
  if (!attempt || attempt.status === 'draft') return null;
  for (const certificate of certificatesOf(db, attempt.userId, attempt.academyId)) {
    const evidence = signedCredentialOf(certificate)?.evidence;
    const cited = Array.isArray(evidence)
      ? evidence.find((e: Json) => typeof e?.id === 'string' && e.id.endsWith(`/drill/attempts/${attemptId}`))
      : undefined;
    if (cited)
      return {
        programName: certificate.programName,
        evidence: {
          attemptId,
          name: String(cited.name ?? ''),
          description: String(cited.description ?? ''),
          url: `/evidence/${attemptId}`,
        },
        attempt,
      };
  }
  return null;
}

/** A program as its public achievement page shows it, with its academy's name; null for an unknown pair. */
export function publicAchievement(
  db: Db,
  slug: string,
  programId: number,
): { program: Program; academyName: string; academySlug: string } | null {
  if (!Number.isSafeInteger(programId) || programId <= 0) return null;
  const a = db
    .select({ id: academies.id, name: academies.name })
    .from(academies)
    .innerJoin(programs, and(eq(programs.academyId, academies.id), eq(programs.id, programId)))
    .where(eq(academies.slug, slug))
    .get();
  const program = a ? getProgram(db, a.id, programId) : null;
  return program && a ? { program, academyName: a.name, academySlug: slug } : null;
}
