/**
 * Data Integrity proofs (`DataIntegrityProof`, cryptosuite `eddsa-rdfc-2022`) over the academy's
 * Ed25519 key, made and checked with Digital Bazaar's `@digitalbazaar/vc`. Canonicalisation runs
 * in JSON-LD safe mode, so a credential using a term its contexts do not define cannot be signed.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { JWK } from 'jose';
import type { DocumentLoader } from './contexts.ts';
import { ed25519MethodId, type MultikeyMethod } from './did.ts';

/** The context a Data Integrity proof's terms come from (VC 2.0 includes it). */
export const DATA_INTEGRITY_CONTEXT = 'https://w3id.org/security/data-integrity/v2';

/** The Multikey verification method of an academy's Ed25519 public key, controlled by its DID. */
export async function ed25519Method(did: string, publicJwk: JWK): Promise<MultikeyMethod> {
  const key = await Ed25519Multikey.fromJwk({ jwk: publicJwk, id: ed25519MethodId(did), controller: did });
  const { publicKeyMultibase } = await key.export({ publicKey: true });
  return { id: ed25519MethodId(did), type: 'Multikey', controller: did, publicKeyMultibase };
}

/**
 * Issues `credential` with an `eddsa-rdfc-2022` proof by the key whose verification method is
 * `<did>#ed25519`. Throws when a term is undefined by the contexts or the credential is malformed.
 */
export async function signDataIntegrity<T extends object>(
  credential: T,
  opts: { did: string; privateJwk: JWK; documentLoader: DocumentLoader; now?: Date },
): Promise<T & { proof: Record<string, unknown> }> {
  const key = await Ed25519Multikey.fromJwk({
    jwk: opts.privateJwk,
    secretKey: true,
    id: ed25519MethodId(opts.did),
    controller: opts.did,
  });
  const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022, date: opts.now });
  return vc.issue({
    credential: structuredClone(credential),
    suite,
    documentLoader: opts.documentLoader,
    now: opts.now,
  });
}

/**
 * The same secured credential with its proof written as a proof set of one (`"proof": [ … ]`): VC Data Model 2.0
 * and Data Integrity allow a single object or a set, and they verify alike, but 1EdTech's Open Badges 3.0 JSON
 * Schema and its validator accept only the array.
 */
export function asProofSet<T extends { proof: unknown }>(secured: T): Omit<T, 'proof'> & { proof: unknown[] } {
  return { ...secured, proof: Array.isArray(secured.proof) ? secured.proof : [secured.proof] };
}

/** The outcome of checking a Data Integrity credential. */
export type DataIntegrityCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a credential's `eddsa-rdfc-2022` proof, resolving its verification method through `documentLoader`,
 * and that the signing key belongs to the issuer. Validity dates and status are the caller's concern.
 */
export async function verifyDataIntegrity(
  credential: object,
  opts: { documentLoader: DocumentLoader },
): Promise<DataIntegrityCheck> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  // Status and dates are reported separately (an expired or revoked certificate still has a genuine
  // signature), so the library's date check is run at the credential's own start date.
  const validFrom = (credential as { validFrom?: unknown }).validFrom;
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader: opts.documentLoader,
    now: typeof validFrom === 'string' ? new Date(validFrom) : undefined,
    checkStatus: async () => ({ verified: true }),
  });
  if (result.verified) return { ok: true };
  const error: unknown = result.error?.errors?.[0] ?? result.error ?? result.results?.[0]?.error;
  return { ok: false, reason: error instanceof Error ? error.message : 'The proof does not verify.' };
}
