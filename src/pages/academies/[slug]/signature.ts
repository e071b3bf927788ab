import type { APIRoute } from 'astro';
import { academyImage } from '../../../server/academy-settings.ts';
import { getDb } from '../../../server/db.ts';
import { apiError } from '../../../server/http.ts';

/** The signatory's signature image (public: it is printed on certificates), typed by its content. */
export const GET: APIRoute = async ({ params }) => {
  const image = academyImage(await getDb(), params.slug ?? '', 'signature');
  if (!image) return apiError('not_found', 'This academy has no signature image.');
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      'content-type': image.type,
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    },
  });
};
