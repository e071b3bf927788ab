import type { APIRoute } from 'astro';
import { getDb } from '../server/db.ts';
import { apiError } from '../server/http.ts';
import { clearSessionCookie, invalidateSession } from '../server/sessions.ts';

/** Ends the current session and returns to the home page. */
export const POST: APIRoute = async ({ locals, cookies, redirect }) => {
  if (locals.session) invalidateSession(await getDb(), locals.session.id);
  clearSessionCookie(cookies);
  return redirect('/', 303);
};

export const GET: APIRoute = () =>
  apiError('not_allowed', 'Sign out with the "Sign out" button (a POST request).', { allow: 'POST' });
