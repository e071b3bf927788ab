/** Shared fixtures of the credential unit tests: a fresh Ed25519 key pair and a certificate's facts. */
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import type { CredentialFacts } from '../../src/lib/certification/credential.ts';

/** A new Ed25519 key pair as JWKs. */
export function ed25519Keys(): { pub: JWK; priv: JWK } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { pub: publicKey.export({ format: 'jwk' }) as JWK, priv: privateKey.export({ format: 'jwk' }) as JWK };
}

/** The facts of one demo certificate (issuer academy.example, one reviewed drill), with `overrides` applied. */
export function sampleFacts(overrides: Partial<CredentialFacts> = {}): CredentialFacts {
  return {
    baseUrl: 'https://academy.example',
    issuerDid: 'did:web:academy.example:academies:demo',
    code: 'ABCDEFGHIJKLMNOPQRST',
    academy: { slug: 'demo', name: 'Demo Academy' },
    program: {
      id: 3,
      name: 'SMP Technician — Level 1',
      description: 'Foundations.',
      criteria: 'All lessons; all checks',
      hours: 40,
    },
    holder: {
      name: 'Jamie Lee',
      email: 'jamie@example.test',
      salt: 'pepper',
      subjectId: 'urn:uuid:7d9c7a4e-0a34-4a53-9a57-2f2d3c1f5b11',
    },
    validFrom: new Date('2026-11-26T10:00:00Z'),
    validUntil: new Date('2028-11-26T10:00:00Z'),
    issuedAt: new Date('2026-11-26T10:00:00Z'),
    drills: [
      {
        attemptId: 7,
        templateId: 'crown-whorl',
        templateName: 'Crown and whorl',
        total: 91,
        reviewedBy: 'Sam Okafor',
        reviewedAt: new Date('2026-11-20T09:00:00Z'),
      },
    ],
    requirementsSummary: ['All lessons completed: 16 of 16'],
    ...overrides,
  };
}
