/**
 * Signing and verifying credentials as VC-JWT (VC-JOSE-COSE: the JWS payload is the
 * VCDM 2.0 credential, header `typ: vc+jwt`), EdDSA over the academy's Ed25519 key, with
 * `jose`. This was the downloadable form (in a VCDM 2.0 EnvelopedVerifiableCredential) before
 * Data Integrity proofs; such files keep verifying. The OB 3.0 VC-JWT (ES256) is in vc-jwt.ts.
 */
import { fail, ok, type Result } from '../errors.ts';
import { calculateJwkThumbprint, CompactSign, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';

/** The data-URL prefix of the JWT inside an EnvelopedVerifiableCredential's `id`. */
export const ENVELOPE_PREFIX = 'data:application/vc+jwt,';

/** The key id (`kid`) of a public key: its RFC 7638 JWK thumbprint (SHA-256). */
export async function keyId(publicJwk: JWK): Promise<string> {
  return calculateJwkThumbprint(publicJwk, 'sha256');
}

/** Signs a credential as a compact VC-JWT (EdDSA, `typ: vc+jwt`) whose `kid` names the matching public key. */
export async function signCredential(credential: object, privateJwk: JWK, publicJwk: JWK): Promise<string> {
  const key = await importJWK(privateJwk, 'EdDSA');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: await keyId(publicJwk) })
    .sign(key);
}

/** The downloadable VCDM 2.0 EnvelopedVerifiableCredential wrapping a signed JWT. */
export function envelope(jwt: string) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `${ENVELOPE_PREFIX}${jwt}`,
    type: 'EnvelopedVerifiableCredential',
  };
}

/** The compact JWT, or an `invalid` error saying why there is none. */
export type Extracted = Result<string>;

/**
 * The JWT inside whatever a verifier pasted or uploaded: a compact JWT, or the JSON
 * envelope we publish. A bare credential JSON has no signature and cannot be verified.
 */
export function extractJwt(input: string): Extracted {
  const text = input.trim();
  if (!text) return fail('invalid', 'Paste or upload a credential first.');
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text)) return ok(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('invalid', 'This is neither a credential JSON file nor a signed credential (JWT).');
  }
  const id = (json as { id?: unknown; type?: unknown })?.id;
  const type = (json as { type?: unknown })?.type;
  if (type === 'EnvelopedVerifiableCredential' && typeof id === 'string' && id.startsWith(ENVELOPE_PREFIX)) {
    const jwt = id.slice(ENVELOPE_PREFIX.length);
    if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt)) return ok(jwt);
    return fail('invalid', 'The envelope does not contain a well-formed signed credential.');
  }
  return fail(
    'invalid',
    'This credential carries no signature, so nothing proves who issued it. Use the JSON file downloaded from the verification page.',
  );
}

/** The credential inside a JWT without checking anything (to find its issuer). */
export function peekCredential(jwt: string): Record<string, unknown> | null {
  try {
    const payload = jwt.split('.')[1]!;
    return JSON.parse(
      new TextDecoder().decode(
        Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
      ),
    );
  } catch {
    return null;
  }
}

/** The verified credential, or an `invalid` error saying why the signature does not hold. */
export type SignatureCheck = Result<Record<string, unknown>>;

/**
 * Verifies the JWS signature against the issuer's public key: EdDSA with its Ed25519 key (the older VC-JWTs),
 * or ES256 with its P-256 key (the OB 3.0 VC-JWT). Dates are not checked here: an expired credential still has
 * a genuine signature, and its status is reported separately.
 */
export async function verifySignature(jwt: string, publicJwk: JWK, p256Jwk?: JWK | null): Promise<SignatureCheck> {
  let header;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    return fail('invalid', 'The signed credential is malformed.');
  }
  let key: JWK;
  if (header.alg === 'EdDSA') {
    if (header.kid && header.kid !== (await keyId(publicJwk)))
      return fail('invalid', 'The credential was signed with a key this academy does not publish.');
    key = publicJwk;
  } else if (header.alg === 'ES256' && p256Jwk) {
    key = p256Jwk;
  } else return fail('invalid', `Unexpected signature algorithm ${String(header.alg)}.`);
  try {
    const { payload } = await compactVerify(jwt, await importJWK(key, header.alg));
    return ok(JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>);
  } catch {
    return fail(
      'invalid',
      'The signature does not match: the credential was altered after it was issued (for example its name, dates or scores), or it was not issued by this academy.',
    );
  }
}
