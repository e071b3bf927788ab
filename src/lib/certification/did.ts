/**
 * The academy as a `did:web` issuer (W3C did:web method): the DID derived from the
 * instance's public URL, the URL a DID resolves to, and the DID document listing the
 * academy's public keys as Multikey verification methods.
 */

/** Hosts where a did:web resolves over plain http (local development and tests); everywhere else https. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Whether a host name (without port) is this machine's loopback, where plain http is acceptable. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname);
}

/**
 * The did:web of an academy: `did:web:<host>[%3A<port>][:<path>…]:academies:<slug>` from the instance's
 * public URL (scheme dropped, port colon percent-encoded, path segments colon-separated).
 */
export function didWebFor(publicUrl: string, slug: string): string {
  const u = new URL(publicUrl);
  const host = u.port ? `${u.hostname}%3A${u.port}` : u.hostname;
  const path = u.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => encodeURIComponent(decodeURIComponent(s)));
  return ['did:web', host, ...path, 'academies', slug].join(':');
}

/**
 * The URL of the DID document a did:web names (DID URL fragments and queries ignored): `https://<host>/<path>/did.json`,
 * or `/.well-known/did.json` for a bare domain; http for loopback hosts. Null when it is not a did:web.
 */
export function didWebDocumentUrl(did: string): string | null {
  const m = /^did:web:([^:#?/]+)((?::[^:#?/]+)*)(?:[#?].*)?$/.exec(did);
  if (!m) return null;
  const host = decodeURIComponent(m[1]!);
  const segments = m[2]!.split(':').filter(Boolean).map(decodeURIComponent);
  const scheme = LOOPBACK.has(host.replace(/:\d+$/, '')) ? 'http' : 'https';
  const path = segments.length ? `/${segments.join('/')}/did.json` : '/.well-known/did.json';
  return `${scheme}://${host}${path}`;
}

/** The academy slug a Stipple issuer DID ends with (`…:academies:<slug>`), or null. */
export function slugOfDid(did: string): string | null {
  return /:academies:([a-z0-9-]+)$/.exec(did.split('#')[0]!)?.[1] ?? null;
}

/** The id of an academy's Ed25519 (eddsa-rdfc-2022) verification method. */
export const ed25519MethodId = (did: string) => `${did}#ed25519`;

/** The DID v1 context, first in every DID document. */
export const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
/** The Multikey context (defines `Multikey` and `publicKeyMultibase`). */
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

/** A Multikey verification method as it appears in a DID document. */
export interface MultikeyMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

/** A JSON Web Key verification method (the P-256 key of the VC-JWTs), as W3C Controlled Identifiers define it. */
export interface JsonWebKeyMethod {
  id: string;
  type: 'JsonWebKey';
  controller: string;
  publicKeyJwk: Record<string, unknown>;
}

/** The Controlled Identifiers context (defines `JsonWebKey` and `publicKeyJwk`). */
export const CID_CONTEXT = 'https://www.w3.org/ns/cid/v1';

/** The DID document of an academy: its verification methods, all usable to assert (sign) credentials. */
export function didDocument(did: string, methods: Array<MultikeyMethod | JsonWebKeyMethod>) {
  const jwk = methods.some((m) => m.type === 'JsonWebKey');
  return {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT, ...(jwk ? [CID_CONTEXT] : [])],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}
