/**
 * The academy as a credential issuer: the configured public origin (never a request's Host), its
 * did:web and DID document, the document loader Stipple signs and verifies with (bundled contexts,
 * its own DIDs and status lists answered from the database, nothing fetched), and the academy's
 * revocation Bitstring Status List as a Data-Integrity-signed credential.
 */
import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { academies, certificates } from '../../db/schema.ts';
import { didResolver, documentLoader, type DocumentLoader } from '../lib/certification/contexts.ts';
import { ed25519Method, signDataIntegrity } from '../lib/certification/data-integrity.ts';
import { didDocument, didWebFor, slugOfDid, type JsonWebKeyMethod } from '../lib/certification/did.ts';
import { p256MethodId } from '../lib/certification/vc-jwt.ts';
import { configuredPublicOrigin } from './public-url.ts';

/** Entries in every status list: the Bitstring Status List minimum (131,072), for herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;

/**
 * The origin written into signed documents: `STIPPLE_PUBLIC_URL` (its origin, see `public-url.ts`), else the
 * origin the server is configured to listen on (`http://HOST:PORT`, 127.0.0.1:4321 by default).
 */
export function publicOrigin(env: NodeJS.ProcessEnv = process.env): string {
  const configured = configuredPublicOrigin(env);
  if (configured) return configured;
  const host = env.HOST || '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT || '4321'}`;
}

/** An academy's did:web under the configured public origin. */
export function issuerDid(slug: string, origin = publicOrigin()): string {
  return didWebFor(origin, slug);
}

/** The stable URL of an academy's revocation status list credential. */
export function statusListUrl(slug: string, origin = publicOrigin()): string {
  return `${origin}/academies/${slug}/status/revocation`;
}

/**
 * The DID document of an academy, or null: its Ed25519 key as Multikey (Data Integrity proofs) and its P-256 key
 * as JsonWebKey (VC-JWTs), both assertion methods.
 */
export async function academyDidDocument(db: Queryable, slug: string, origin = publicOrigin()) {
  const a = db.select().from(academies).where(eq(academies.slug, slug)).get();
  if (!a) return null;
  const did = issuerDid(slug, origin);
  const methods: Parameters<typeof didDocument>[1] = [await ed25519Method(did, a.publicKeyJwk)];
  if (a.p256PublicJwk) methods.push(p256Method(did, a.p256PublicJwk));
  return didDocument(did, methods);
}

/** The JsonWebKey verification method of a P-256 public key (only its public members). */
export function p256Method(did: string, jwk: { kty?: string; crv?: string; x?: string; y?: string }): JsonWebKeyMethod {
  return {
    id: p256MethodId(did),
    type: 'JsonWebKey',
    controller: did,
    publicKeyJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
  };
}

/**
 * The loader Stipple signs and verifies with: bundled contexts, and this instance's own academies'
 * DIDs (only under the configured origin) and status lists, from the database. Nothing is fetched.
 */
export function serverDocumentLoader(db: Queryable, origin = publicOrigin()): DocumentLoader {
  const dids = didResolver(async (did) => {
    const slug = slugOfDid(did);
    return slug && did === issuerDid(slug, origin) ? academyDidDocument(db, slug, origin) : null;
  });
  return documentLoader(async (url) => {
    if (url.startsWith('did:')) return dids(url);
    const m = /^(.*)\/academies\/([a-z0-9-]+)\/status\/revocation$/.exec(url);
    if (m && m[1] === origin) return statusListCredential(db, m[2]!, origin);
    return null;
  });
}

const signedLists = new Map<string, { key: string; credential: Record<string, unknown> }>();

/**
 * The academy's revocation status list: a BitstringStatusListCredential of STATUS_LIST_LENGTH entries,
 * a bit set for every revoked certificate (so revoking, which sets `revoked_at` in its transaction, flips
 * the bit at once), signed by the academy's did:web. Signed copies are reused until the list changes.
 */
export async function statusListCredential(
  db: Queryable,
  slug: string,
  origin = publicOrigin(),
): Promise<Record<string, unknown> | null> {
  const a = db.select().from(academies).where(eq(academies.slug, slug)).get();
  if (!a) return null;
  const revoked = db
    .select({ index: certificates.statusIndex })
    .from(certificates)
    .where(
      and(eq(certificates.academyId, a.id), isNotNull(certificates.revokedAt), isNotNull(certificates.statusIndex)),
    )
    .all()
    .map((r) => r.index!)
    .sort((x, y) => x - y);
  const url = statusListUrl(slug, origin);
  const key = `${JSON.stringify(a.publicKeyJwk)}|${revoked.join(',')}`;
  const cached = signedLists.get(url);
  if (cached?.key === key) return cached.credential;
  const list = await createList({ length: STATUS_LIST_LENGTH });
  for (const index of revoked) list.setStatus(index, true);
  const unsigned = await createCredential({ id: url, list, statusPurpose: 'revocation' });
  const now = new Date();
  const credential = await signDataIntegrity(
    { ...unsigned, issuer: issuerDid(slug, origin), validFrom: now.toISOString().replace(/\.\d{3}Z$/, 'Z') },
    { did: issuerDid(slug, origin), privateJwk: a.privateKeyJwk, documentLoader: documentLoader(), now },
  );
  signedLists.set(url, { key, credential });
  return credential;
}

/** A random status list index no certificate of the academy uses yet (random order, for herd privacy). */
export function freeStatusIndex(db: Queryable, academyId: number): number {
  const used = new Set(
    db
      .select({ index: certificates.statusIndex })
      .from(certificates)
      .where(eq(certificates.academyId, academyId))
      .all()
      .map((r) => r.index),
  );
  if (used.size >= STATUS_LIST_LENGTH) throw new Error('The academy’s status list is full.');
  for (;;) {
    const index = crypto.getRandomValues(new Uint32Array(1))[0]! % STATUS_LIST_LENGTH;
    if (!used.has(index)) return index;
  }
}
