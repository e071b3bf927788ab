import type { APIRoute } from 'astro';
import { getDb } from '../../../../server/db.ts';
import { statusListCredential } from '../../../../server/issuer.ts';
import { apiError } from '../../../../server/http.ts';

/** The academy's revocation Bitstring Status List, a credential signed by its did:web. Never cached long. */
export const GET: APIRoute = async ({ params }) => {
  const list = await statusListCredential(await getDb(), params.slug ?? '');
  if (!list) return apiError('not_found', 'No such academy.');
  return new Response(JSON.stringify(list), {
    headers: { 'content-type': 'application/vc+ld+json', 'cache-control': 'no-cache' },
  });
};
