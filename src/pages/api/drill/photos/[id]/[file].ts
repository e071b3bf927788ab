import type { APIRoute } from 'astro';
import { getDb } from '../../../../../server/db.ts';
import { photoForViewer, photoImage } from '../../../../../server/drill-photos.ts';
import { requireUser } from '../../../../../server/guard.ts';
import { apiError } from '../../../../../server/http.ts';

const FILES = { 'photo.jpg': 'photo', 'rectified.jpg': 'rectified' } as const;

/** A practice-sheet photo (`photo.jpg`, metadata stripped) or its rectified canvas: the trainee's and their academy's staff's only. */
export const GET: APIRoute = async (ctx) => {
  const user = requireUser(ctx);
  if (!user.ok) return apiError('unauthenticated', 'Sign in first.');
  const which = FILES[ctx.params.file as keyof typeof FILES];
  if (!which) return apiError('not_found', 'There is no such photo.');
  const db = await getDb();
  const row = photoForViewer(db, Number(ctx.params.id), user.user.id, ctx.locals.memberships);
  const image = row && photoImage(db, row, which);
  if (!image) return apiError('not_found', 'There is no such photo.');
  return new Response(new Uint8Array(image), {
    headers: { 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=3600' },
  });
};
