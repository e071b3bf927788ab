import type { APIRoute } from 'astro';
import { academyKeys } from '../../../server/certificates.ts';
import { publicBaseUrl } from '../../../server/course-shape.ts';
import { getDb } from '../../../server/db.ts';
import { apiError } from '../../../server/http.ts';

/** The issuer profile a credential's `issuer.id` points to (Open Badges 3.0 Profile). */
export const GET: APIRoute = async ({ params, url }) => {
  const a = academyKeys(await getDb(), params.slug ?? '');
  if (!a) return apiError('not_found', 'No such academy.');
  const id = `${publicBaseUrl(url)}/academies/${params.slug}`;
  return Response.json({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id,
    type: ['Profile'],
    name: a.name,
    publicKeys: `${id}/jwks.json`,
  });
};
