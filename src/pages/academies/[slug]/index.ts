import type { APIRoute } from 'astro';
import { academyKeys } from '../../../server/certificates.ts';
import { getDb } from '../../../server/db.ts';
import { apiError } from '../../../server/http.ts';
import { issuerDid, publicOrigin } from '../../../server/issuer.ts';

/**
 * The issuer profile a credential's `issuer.url` points to (Open Badges 3.0 Profile), named by the
 * academy's did:web; its keys are in the DID document (`did.json`) and `jwks.json`.
 */
export const GET: APIRoute = async ({ params }) => {
  const a = academyKeys(await getDb(), params.slug ?? '');
  if (!a) return apiError('not_found', 'No such academy.');
  const slug = params.slug!;
  return Response.json({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: issuerDid(slug),
    type: ['Profile'],
    name: a.name,
    url: `${publicOrigin()}/academies/${slug}`,
  });
};
