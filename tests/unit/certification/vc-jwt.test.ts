import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwtClaims, signVcJwt } from '../../../src/lib/certification/vc-jwt.ts';

const did = 'did:web:academy.example:academies:demo';
const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: 'https://academy.example/verify/ABCDEFGHIJKLMNOPQRST',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: did, type: ['Profile'], name: 'Demo' },
  validFrom: '2026-11-26T10:00:00Z',
  validUntil: '2028-11-26T10:00:00Z',
  credentialSubject: { id: 'urn:uuid:0b0c7e2a-1d7a-4a55-8f0e-3c2b1a0f9e11', type: ['AchievementSubject'] },
};

describe('OB 3.0 VC-JWT', () => {
  it('maps iss, jti, sub, nbf and exp from the credential', () => {
    expect(jwtClaims(credential)).toEqual({
      iss: did,
      jti: credential.id,
      sub: 'urn:uuid:0b0c7e2a-1d7a-4a55-8f0e-3c2b1a0f9e11',
      nbf: Date.parse('2026-11-26T10:00:00Z') / 1000,
      exp: Date.parse('2028-11-26T10:00:00Z') / 1000,
    });
  });

  it('is signed ES256 with a DID URL kid, the credential at the top level and no proof', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwt = await signVcJwt({ ...credential, proof: { type: 'x' } }, privateKey.export({ format: 'jwk' }) as JWK);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', typ: 'JWT', kid: `${did}#p256` });
    const { payload } = await jwtVerify(jwt, await importJWK(publicKey.export({ format: 'jwk' }) as JWK, 'ES256'), {
      currentDate: new Date('2027-01-01T00:00:00Z'),
    });
    expect(payload).toMatchObject({ type: credential.type, issuer: credential.issuer, iss: did, jti: credential.id });
    expect(payload).not.toHaveProperty('proof');
  });
});
