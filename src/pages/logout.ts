import type { APIRoute } from 'astro';
import { getDb } from '../server/db.ts';
import { SESSION_COOKIE, invalidateSession } from '../server/sessions.ts';

/** Ends the current session and returns to the home page. */
export const POST: APIRoute = async ({ locals, cookies, redirect }) => {
  if (locals.session) invalidateSession(await getDb(), locals.session.id);
  cookies.delete(SESSION_COOKIE, { path: '/' });
  return redirect('/', 303);
};

export const GET: APIRoute = () =>
  new Response('Sign out with the "Sign out" button (a POST request).', {
    status: 405,
    headers: { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' },
  });
