/**
 * The VC-JWT variant of a credential as Open Badges 3.0 §8.2 defines it: the JWT payload is the
 * credential itself with the registered claims mapped from it (`iss` = issuer id, `jti` = credential id,
 * `sub` = subject id, `nbf`/`exp` = validFrom/validUntil), signed ES256 with the academy's P-256 key,
 * header `typ: JWT` and a `kid` that is a DID URL resolving to that key.
 */
import { importJWK, SignJWT, type JWK } from 'jose';

/** The id of an academy's P-256 (ES256) verification method. */
export const p256MethodId = (did: string) => `${did}#p256`;

/** The §8.2 registered claims of a credential (seconds since the epoch for dates). */
export function jwtClaims(credential: {
  id: string;
  issuer: { id: string } | string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id?: string };
}) {
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  return {
    iss: typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id,
    jti: credential.id,
    ...(credential.credentialSubject.id ? { sub: credential.credentialSubject.id } : {}),
    nbf: seconds(credential.validFrom),
    ...(credential.validUntil ? { exp: seconds(credential.validUntil) } : {}),
  };
}

/** Signs `credential` (without a proof) as an OB 3.0 VC-JWT, ES256, `kid` = `<issuer did>#p256`. */
export async function signVcJwt(
  credential: Parameters<typeof jwtClaims>[0] & Record<string, unknown>,
  privateP256Jwk: JWK,
): Promise<string> {
  const claims = jwtClaims(credential);
  const { proof: _proof, ...payload } = credential;
  return new SignJWT({ ...payload, ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: p256MethodId(claims.iss) })
    .sign(await importJWK(privateP256Jwk, 'ES256'));
}
