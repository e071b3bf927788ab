/**
 * Storage faults: SQLite errors that say the disk or the database file cannot serve right now
 * (disk full, read-only file, lock held past the busy timeout, I/O error) rather than that the
 * request was wrong. They answer 503 with a plain message instead of a 500, both at request time
 * (`storageFaultMiddleware`) and in the health check and start-up check.
 */
import { currentRequest, logger } from './log.ts';
import type { MiddlewareHandler } from 'astro';

/** What kind of storage trouble an error is. */
export type StorageFaultKind = 'full' | 'readonly' | 'busy' | 'io';

/** A storage fault recognised in an error: its kind, SQLite's code, and a message for a person. */
export interface StorageFault {
  kind: StorageFaultKind;
  /** SQLite's extended result code name, e.g. `SQLITE_IOERR_WRITE`. */
  code: string;
  message: string;
  /** SQLite's own words, for the log. */
  detail: string;
}

/** Messages for people, by kind; they say what happened and what to do, not how SQLite calls it. */
export const STORAGE_FAULT_MESSAGES: Record<StorageFaultKind, string> = {
  full: 'The server has run out of disk space, so Stipple cannot save anything right now. Please try again later.',
  readonly:
    'Stipple’s database is read-only right now, so nothing can be saved. Please tell your academy’s administrator.',
  busy: 'Stipple is busy and could not reach its database in time. Please try again in a moment.',
  io: 'Stipple could not read or write its database (a storage error). Please try again later.',
};

/** SQLite primary result codes (the part before any extended suffix) and the kind each one is. */
const KINDS: [prefix: string, kind: StorageFaultKind][] = [
  ['SQLITE_FULL', 'full'],
  ['SQLITE_READONLY', 'readonly'],
  ['SQLITE_BUSY', 'busy'],
  ['SQLITE_LOCKED', 'busy'],
  ['SQLITE_IOERR', 'io'],
  ['SQLITE_CANTOPEN', 'io'],
];

/**
 * The storage fault `error` is, or null when it is anything else. Looks through `cause`
 * chains, since Drizzle wraps driver errors (`DrizzleQueryError`) and other layers may too.
 */
export function storageFault(error: unknown): StorageFault | null {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    const match = KINDS.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`));
    if (match)
      return { kind: match[1], code, message: STORAGE_FAULT_MESSAGES[match[1]], detail: String((e as Error).message) };
  }
  return null;
}

/**
 * The 503 answer for a storage fault: `{"error": message}` for API calls and clients that ask
 * for JSON, the plain message otherwise. Never cached; `Retry-After` suggests when to try again.
 */
export function storageFaultResponse(fault: StorageFault, request: Request, pathname: string): Response {
  const headers = { 'cache-control': 'no-store', 'retry-after': fault.kind === 'busy' ? '5' : '60' };
  const wantsJson = pathname.startsWith('/api/') || /\bapplication\/json\b/.test(request.headers.get('accept') ?? '');
  if (wantsJson) return Response.json({ error: fault.message }, { status: 503, headers });
  return new Response(fault.message, {
    status: 503,
    headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
  });
}

/**
 * Astro middleware, first in the chain: a storage fault thrown by a later middleware, page or
 * endpoint becomes a 503 with a plain message (and one log line); other errors pass on to
 * Astro's own error handling unchanged.
 */
export const storageFaultMiddleware: MiddlewareHandler = async (context, next) => {
  try {
    return await next();
  } catch (error) {
    const fault = storageFault(error);
    if (!fault) throw error;
    logger().error(
      { reqId: currentRequest()?.id, userId: currentRequest()?.userId, code: fault.code },
      `Storage fault on ${context.request.method} ${context.url.pathname}: ${fault.code} (${fault.detail}); answered 503.`,
    );
    return storageFaultResponse(fault, context.request, context.url.pathname);
  }
};
