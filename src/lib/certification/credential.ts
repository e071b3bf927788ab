/**
 * The Open Badges 3.0 `OpenBadgeCredential` (W3C VC Data Model 2.0) for a certificate.
 * Pure: given the facts, the same document every time; signing is in signing.ts.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/** The JSON-LD context of the W3C Verifiable Credentials Data Model 2.0. */
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The JSON-LD context of Open Badges 3.0. */
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

/** Everything a credential states, gathered from the database by the certification service. */
export interface CredentialFacts {
  /** Absolute base URL of this Stipple instance, without a trailing slash. */
  baseUrl: string;
  /** The issuing academy's did:web (see did.ts). */
  issuerDid: string;
  code: string;
  academy: { slug: string; name: string };
  program: { id: number; name: string; description: string; criteria: string; hours: number };
  /** `subjectId` is a non-personal URI for the holder (a `urn:uuid:`). */
  holder: { name: string; email: string; salt: string; subjectId: string };
  validFrom: Date;
  validUntil: Date;
  issuedAt: Date;
  drills: Array<{
    attemptId: number;
    templateId: string;
    templateName: string;
    total: number;
    reviewedBy: string;
    reviewedAt: Date;
  }>;
  requirementsSummary: string[];
  /** The certificate's entry in its academy's Bitstring Status List, when it has one. */
  status?: { listUrl: string; index: number };
}

/** OB 3.0 hashed identifier: "sha256$" + hex(SHA-256(identity + salt)). */
export function hashIdentity(identity: string, salt: string): string {
  return `sha256$${encodeHexLowerCase(sha256(new TextEncoder().encode(identity + salt)))}`;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The unsigned OpenBadgeCredential for a certificate: issuer, validity, the achievement and its criteria, the
 * hashed email and the name of the holder, drill scores as results and the reviewed drills as evidence (each at a
 * public page under the certificate's URL), and the certificate's badge image (PNG, under the same URL).
 */
export function buildCredential(f: CredentialFacts) {
  const profileUrl = `${f.baseUrl}/academies/${f.academy.slug}`;
  const achievementId = `${profileUrl}/programs/${f.program.id}`;
  const certificateUrl = `${f.baseUrl}/verify/${f.code}`;
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: certificateUrl,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: f.program.name,
    image: { id: `${certificateUrl}/badge.png`, type: 'Image', caption: `${f.program.name} badge` },
    issuer: { id: f.issuerDid, type: ['Profile'], name: f.academy.name, url: profileUrl },
    validFrom: iso(f.validFrom),
    validUntil: iso(f.validUntil),
    awardedDate: iso(f.issuedAt),
    credentialSubject: {
      id: f.holder.subjectId,
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'emailAddress',
          hashed: true,
          identityHash: hashIdentity(f.holder.email, f.holder.salt),
          salt: f.holder.salt,
        },
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: f.holder.name },
      ],
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: f.program.name,
        description: f.program.description,
        image: { id: `${certificateUrl}/badge.png`, type: 'Image', caption: `${f.program.name} badge` },
        criteria: { narrative: f.program.criteria },
        creditsAvailable: f.program.hours,
        resultDescription: f.drills.map((d) => ({
          id: `${achievementId}/results/${d.templateId}`,
          type: ['ResultDescription'],
          name: `${d.templateName} drill score`,
          resultType: 'ScaledScore',
          valueMin: '0',
          valueMax: '100',
        })),
      },
      result: f.drills.map((d) => ({
        type: ['Result'],
        resultDescription: `${achievementId}/results/${d.templateId}`,
        value: String(d.total),
      })),
    },
    evidence: [
      ...f.drills.map((d) => ({
        id: `${certificateUrl}/evidence/${d.attemptId}`,
        type: ['Evidence'],
        name: `${d.templateName} practice canvas`,
        description: `Automatic score ${d.total}/100; passed by instructor ${d.reviewedBy} on ${d.reviewedAt.toISOString().slice(0, 10)}.`,
      })),
      { type: ['Evidence'], name: 'Requirements met', description: f.requirementsSummary.join('; ') },
    ],
    ...(f.status
      ? {
          credentialStatus: {
            id: `${f.status.listUrl}#${f.status.index}`,
            type: 'BitstringStatusListEntry',
            statusPurpose: 'revocation',
            statusListIndex: String(f.status.index),
            statusListCredential: f.status.listUrl,
          },
        }
      : {}),
  };
}

/** The credential document `buildCredential` returns. */
export type OpenBadgeCredential = ReturnType<typeof buildCredential>;

/**
 * An achievement on its own, as its public URL answers a client asking for JSON: an Open Badges 3.0 `Achievement`
 * (the program as the academy describes it now), with its creator and result descriptions.
 */
export function achievementJson(a: {
  id: string;
  name: string;
  description: string;
  hours: number;
  issuer: { id: string; name: string };
  resultDescriptions: Array<{ id: string; name: string }>;
}) {
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: a.id,
    type: ['Achievement'],
    achievementType: 'Certificate',
    name: a.name,
    description: a.description,
    criteria: { id: a.id },
    creditsAvailable: a.hours,
    creator: { id: a.issuer.id, type: ['Profile'], name: a.issuer.name },
    resultDescription: a.resultDescriptions.map((r) => ({
      id: r.id,
      type: ['ResultDescription'],
      name: r.name,
      resultType: 'ScaledScore',
      valueMin: '0',
      valueMax: '100',
    })),
  };
}
