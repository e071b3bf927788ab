import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildCredential,
  hashIdentity,
  OB_CONTEXT,
  VC_CONTEXT,
  type OpenBadgeCredential,
} from '../../../src/lib/certification/credential.ts';
import {
  envelope,
  extractJwt,
  peekCredential,
  signCredential,
  verifySignature,
} from '../../../src/lib/certification/signing.ts';
import { ed25519Keys, sampleFacts } from '../../support/credentials.ts';

const keys = ed25519Keys;
const facts = sampleFacts();

/** Re-encodes a JWT's payload after `edit`, keeping the original signature: a forgery. */
function tamper(jwt: string, edit: (c: OpenBadgeCredential) => void): string {
  const [h, p, s] = jwt.split('.');
  const c = JSON.parse(Buffer.from(p!, 'base64url').toString());
  edit(c);
  return `${h}.${Buffer.from(JSON.stringify(c)).toString('base64url')}.${s}`;
}

describe('the Open Badges 3.0 credential', () => {
  const c = buildCredential(facts);
  it('is a VC Data Model 2.0 OpenBadgeCredential with dates, issuer and achievement', () => {
    expect(c['@context']).toEqual([VC_CONTEXT, OB_CONTEXT]);
    expect(c.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(c.id).toBe('https://academy.example/verify/ABCDEFGHIJKLMNOPQRST');
    // Issue 13: the issuer is the academy's did:web; its profile page stays its `url`.
    expect(c.issuer).toMatchObject({
      id: 'did:web:academy.example:academies:demo',
      url: 'https://academy.example/academies/demo',
      type: ['Profile'],
      name: 'Demo Academy',
    });
    expect(c.validFrom).toBe('2026-11-26T10:00:00Z');
    expect(c.validUntil).toBe('2028-11-26T10:00:00Z');
    expect(c.credentialSubject.achievement).toMatchObject({
      type: ['Achievement'],
      name: 'SMP Technician — Level 1',
      criteria: { narrative: 'All lessons; all checks' },
    });
  });
  it('identifies the holder by a salted email hash, never the plain address', () => {
    const id = c.credentialSubject.identifier[0]!;
    expect(id).toMatchObject({ identityType: 'emailAddress', hashed: true, salt: 'pepper' });
    expect(id.identityHash).toBe(hashIdentity('jamie@example.test', 'pepper'));
    expect(id.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(JSON.stringify(c)).not.toContain('jamie@example.test');
  });
  it('carries drill scores as results and the reviewed attempts as evidence', () => {
    expect(c.credentialSubject.result).toEqual([
      {
        type: ['Result'],
        resultDescription: 'https://academy.example/academies/demo/programs/3/results/crown-whorl',
        value: '91',
      },
    ]);
    expect(c.evidence[0]).toMatchObject({
      id: 'https://academy.example/verify/ABCDEFGHIJKLMNOPQRST/evidence/7',
      description: expect.stringContaining('passed by instructor Sam Okafor'),
    });
  });
  it('names the certificate’s badge image for the credential and its achievement', () => {
    const image = { id: 'https://academy.example/verify/ABCDEFGHIJKLMNOPQRST/badge.png', type: 'Image' };
    expect(c.image).toMatchObject(image);
    expect(c.credentialSubject.achievement.image).toMatchObject(image);
  });
});

describe('VC-JWT signing and verification', () => {
  let k: ReturnType<typeof keys>;
  let jwt: string;
  beforeAll(async () => {
    k = keys();
    jwt = await signCredential(buildCredential(facts), k.priv, k.pub);
  });

  it('verifies a genuine credential and returns its content', async () => {
    const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
    const r = await verifySignature(jwt, k.pub);
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value as { name: string }).name).toBe('SMP Technician — Level 1');
  });

  const edits: Array<[string, (c: OpenBadgeCredential) => void]> = [
    ['the holder name', (c) => (c.credentialSubject.identifier[1]!.identityHash = 'Someone Else')],
    ['the expiry date', (c) => (c.validUntil = '2099-01-01T00:00:00Z')],
    ['a drill score', (c) => (c.credentialSubject.result[0]!.value = '100')],
  ];
  for (const [what, edit] of edits) {
    it(`rejects a copy with a changed ${what}, saying why`, async () => {
      const r = await verifySignature(tamper(jwt, edit), k.pub);
      expect(r).toEqual({
        ok: false,
        error: { kind: 'invalid', message: expect.stringContaining('altered after it was issued') },
      });
    });
  }

  it('rejects a credential signed by another key', async () => {
    const other = keys();
    const forged = await signCredential(buildCredential(facts), other.priv, other.pub);
    const r = await verifySignature(forged, k.pub);
    expect(r.ok).toBe(false);
  });

  it('reads the JWT from the downloadable envelope, and refuses unsigned JSON', () => {
    expect(extractJwt(JSON.stringify(envelope(jwt)))).toEqual({ ok: true, value: jwt });
    expect(extractJwt(jwt)).toEqual({ ok: true, value: jwt });
    expect(extractJwt(JSON.stringify(buildCredential(facts)))).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('carries no signature') },
    });
    expect(extractJwt('not a credential')).toMatchObject({ ok: false });
    expect(peekCredential(jwt)?.id).toBe('https://academy.example/verify/ABCDEFGHIJKLMNOPQRST');
  });
});
