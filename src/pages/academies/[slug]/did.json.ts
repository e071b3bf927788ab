import type { APIRoute } from 'astro';
import { getDb } from '../../../server/db.ts';
import { academyDidDocument } from '../../../server/issuer.ts';
import { apiError } from '../../../server/http.ts';

/** The academy's did:web DID document: its public keys as Multikey verification methods (assertion methods). */
export const GET: APIRoute = async ({ params }) => {
  const doc = await academyDidDocument(await getDb(), params.slug ?? '');
  if (!doc) return apiError('not_found', 'No such academy.');
  return new Response(JSON.stringify(doc, null, 2), {
    headers: { 'content-type': 'application/did+json', 'cache-control': 'public, max-age=300' },
  });
};
