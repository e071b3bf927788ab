import type { JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentLoader, didResolver } from '../../../src/lib/certification/contexts.ts';
import { buildCredential } from '../../../src/lib/certification/credential.ts';
import {
  asProofSet,
  ed25519Method,
  signDataIntegrity,
  verifyDataIntegrity,
} from '../../../src/lib/certification/data-integrity.ts';
import { didDocument } from '../../../src/lib/certification/did.ts';
import { ed25519Keys, sampleFacts } from '../../support/credentials.ts';

const did = 'did:web:academy.example:academies:demo';
const keys = ed25519Keys;
const facts = sampleFacts({
  issuerDid: did,
  holder: { ...sampleFacts().holder, subjectId: 'urn:uuid:0b0c7e2a-1d7a-4a55-8f0e-3c2b1a0f9e11' },
  status: { listUrl: 'https://academy.example/academies/demo/status/revocation', index: 42 },
});

describe('Data Integrity proof (eddsa-rdfc-2022)', () => {
  const k = keys();
  const loaderFor = (pub: JWK) =>
    documentLoader(didResolver(async (d) => (d === did ? didDocument(did, [await ed25519Method(did, pub)]) : null)));
  let signed: Awaited<ReturnType<typeof signDataIntegrity<ReturnType<typeof buildCredential>>>>;
  beforeAll(async () => {
    signed = await signDataIntegrity(buildCredential(facts), {
      did,
      privateJwk: k.priv,
      documentLoader: loaderFor(k.pub),
    });
  });

  it('signs with the did:web key, and verifies', async () => {
    expect(signed.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: `${did}#ed25519`,
    });
    expect(await verifyDataIntegrity(signed, { documentLoader: loaderFor(k.pub) })).toEqual({ ok: true });
  });

  it('verifies the same proof written as a proof set of one, and refuses it tampered', async () => {
    const set = asProofSet(signed);
    expect(set.proof).toEqual([signed.proof]);
    expect(asProofSet(set).proof).toEqual([signed.proof]);
    expect(await verifyDataIntegrity(set, { documentLoader: loaderFor(k.pub) })).toEqual({ ok: true });
    const forged = structuredClone(set);
    forged.credentialSubject.result[0]!.value = '100';
    expect((await verifyDataIntegrity(forged, { documentLoader: loaderFor(k.pub) })).ok).toBe(false);
  });

  const edits: Array<[string, (c: typeof signed) => void]> = [
    ['holder name', (c) => (c.credentialSubject.identifier[1]!.identityHash = 'Someone Else')],
    ['expiry date', (c) => (c.validUntil = '2099-01-01T00:00:00Z')],
    ['drill score', (c) => (c.credentialSubject.result[0]!.value = '100')],
    ['issuer name', (c) => (c.issuer.name = 'Other Academy')],
    ['proof value', (c) => (c.proof.proofValue = `z${'1'.repeat(86)}`)],
  ];
  for (const [what, edit] of edits) {
    it(`rejects a copy with a changed ${what}`, async () => {
      const copy = structuredClone(signed);
      edit(copy);
      expect((await verifyDataIntegrity(copy, { documentLoader: loaderFor(k.pub) })).ok).toBe(false);
    });
  }

  it('rejects a credential when the issuer publishes another key', async () => {
    expect((await verifyDataIntegrity(signed, { documentLoader: loaderFor(keys().pub) })).ok).toBe(false);
  });

  it('refuses to sign a term no context defines (JSON-LD safe mode)', async () => {
    const bad = { ...buildCredential(facts), publicKeys: 'https://academy.example/jwks.json' };
    await expect(
      signDataIntegrity(bad, { did, privateJwk: k.priv, documentLoader: loaderFor(k.pub) }),
    ).rejects.toThrow();
  });
});
