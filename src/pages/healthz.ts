import type { APIRoute } from 'astro';
import { getDb } from '../server/db.ts';
import { checkHealth } from '../server/health.ts';

/**
 * For load balancers and monitors: 200 `{"ok":true,…}` while the database can be read and
 * written and its migrations are current, else 503 `{"ok":false,"reason":…}`. No session
 * needed (nothing in the middleware reads the database without a session cookie), never cached.
 */
export const GET: APIRoute = async () => {
  const health = checkHealth((await getDb()).$client);
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
