import type { APIRoute } from 'astro';
import { academyImage } from '../../../server/academy-settings.ts';
import { getDb } from '../../../server/db.ts';
import { apiError } from '../../../server/http.ts';

/** The academy's logo (public: it is printed on certificates and mails), typed by its content. */
export const GET: APIRoute = async ({ params }) => {
  const image = academyImage(await getDb(), params.slug ?? '', 'logo');
  if (!image) return apiError('not_found', 'This academy has no logo.');
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      'content-type': image.type,
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    },
  });
};
