/**
 * `npm start` (after `astro build`): prepares the database — migrate, and seed the demo
 * academy on first start — then serves the built academy on HOST:PORT (127.0.0.1:4321).
 */
import { databasePath } from '../../db/client.ts';
import { prepareDatabase } from '../server/db.ts';

process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '4321';

await prepareDatabase(databasePath());
// Produced by `astro build` (so absent before it, and not a static import); starts listening on import.
await import(new URL('../../dist/server/entry.mjs', import.meta.url).href);
