/**
 * What every response gets on its way out, around the Astro handler: the request seen through
 * the reverse proxy (see `public-url.ts`), security headers, `Cache-Control: private, no-store`
 * for signed-in responses, a Content-Security-Policy whose script hashes come from the page
 * itself, and gzip or brotli by `Accept-Encoding` — precompressed files for the hashed assets
 * that `astro build` wrote (see `src/cli/precompress.ts`), on the fly for pages and JSON.
 */
import { createHash, randomFillSync } from 'node:crypto';
import type http from 'node:http';
import zlib from 'node:zlib';
import type { Logger } from 'pino';
import { currentRequest, loggablePath, logger, withRequest, type RequestContext } from './log.ts';
import { forwardedView, type ProxySettings } from './public-url.ts';
import type { NodeHandler } from './http-server.ts';
import { SHARED_PAGE_HEADER } from './shared-page.ts';
import { readStaticFiles, staticFileServer } from './static-files.ts';

/** Options of `productionHandler`. */
export interface ProductionOptions {
  proxy: ProxySettings;
  /** The built static files (`dist/client`), served from memory with their precompressed `.br` / `.gz` variants. */
  clientDir?: string;
  /** The session cookie's name: requests carrying it get `private, no-store` responses. */
  sessionCookie: string;
  /** Larger declared request bodies are answered 413 before any route reads them (default 4 MiB). */
  bodyLimit?: number;
  /** Where the access lines go (the process's logger by default). */
  log?: Logger;
  /** Bytes of compressed bodies and page policies kept for repeated contents (default 16 MiB). */
  transformCacheBytes?: number;
}

/** Random bytes drawn from the system in blocks (one call per 512 ids instead of one per request). */
const idPool = Buffer.alloc(4096);
let idPoolAt = idPool.length;

/** 8 random bytes as 16 hex digits. */
function newRequestId(): string {
  if (idPoolAt + 8 > idPool.length) {
    randomFillSync(idPool);
    idPoolAt = 0;
  }
  idPoolAt += 8;
  return idPool.toString('hex', idPoolAt - 8, idPoolAt);
}

/** The request id: the trusted proxy's `X-Request-Id` when it sends a sane one, else a new one. */
function requestId(req: http.IncomingMessage, proxy: ProxySettings): string {
  const given = req.headers['x-request-id'];
  if (proxy.trustedHops > 0 && typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given)) return given;
  return newRequestId();
}

/** Writes the access line of a request when its response is done (or the connection dropped). */
function logAccess(log: Logger, res: http.ServerResponse, ctx: RequestContext): void {
  const start = process.hrtime.bigint();
  res.once('close', () => {
    const ms = Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
    log.info(
      {
        reqId: ctx.id,
        method: ctx.method,
        path: ctx.path,
        status: res.statusCode,
        ms,
        userId: ctx.userId ?? null,
        ip: ctx.ip,
        bytes: Number(res.getHeader('content-length') ?? 0) || undefined,
        ...(res.writableFinished ? {} : { aborted: true }),
      },
      'request',
    );
  });
}

/** The largest request body by default: the adapter's own limit (astro.config.mjs). */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Answers a request whose declared body is over the limit with a readable 413 (JSON for API
 * calls, text otherwise). The answer goes out once the client has finished sending (what it
 * sends is read and thrown away), so that it reads the 413 instead of a reset connection;
 * a client sending more than ten times the limit is cut off.
 */
function refuseLargeBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  limit: number,
  base: Record<string, string>,
): void {
  const message = `This upload is too large: at most ${Math.round(limit / (1024 * 1024))} MB can be sent at once.`;
  const wantsJson =
    (req.url ?? '').startsWith('/api/') ||
    /json/i.test(String(req.headers['content-type'] ?? '')) ||
    /json/i.test(String(req.headers.accept ?? ''));
  const body = wantsJson ? JSON.stringify({ error: message }) : `${message}\n`;
  const answer = () => {
    if (res.headersSent) return;
    res.writeHead(413, {
      ...base,
      'content-security-policy': RESOURCE_POLICY,
      'content-type': wantsJson ? 'application/json' : 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'no-store',
      connection: 'close',
    });
    res.end(body);
  };
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > 10 * limit) {
      answer();
      req.destroy();
    }
  });
  req.on('end', answer);
}

/** Content types worth compressing. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|[\w.+-]*\+(json|xml))|image\/svg\+xml)/i;
/** Bodies smaller than this are sent as they are (compression would not pay for its header). */
export const COMPRESS_MIN_BYTES = 1024;

/** The content encodings we produce, in order of preference. */
export type Encoding = 'br' | 'gzip';

/** The encoding to use for an `Accept-Encoding` header (q-values honoured; br preferred on a tie), or null. */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (e: string) => q.get(e) ?? q.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a))[0];
  return best ?? null;
}

/** CSP sources of inline scripts already hashed, by their text (pages repeat the same few scripts). */
const scriptHashCache = new Map<string, string>();

function scriptSource(code: string): string {
  let source = scriptHashCache.get(code);
  if (source === undefined) {
    source = `'sha256-${createHash('sha256').update(code).digest('base64')}'`;
    if (scriptHashCache.size >= 512) scriptHashCache.clear();
    scriptHashCache.set(code, source);
  }
  return source;
}

/** The sha256 CSP sources of the scripts a page runs inline (data blocks such as JSON are not run, so not listed). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  if (!/<script/i.test(html)) return [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = m[1] ?? '';
    if (/\ssrc\s*=/i.test(attrs)) continue;
    const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    if (type && !['module', 'text/javascript', 'application/javascript'].includes(type)) continue;
    hashes.add(scriptSource(m[2] ?? ''));
  }
  return [...hashes];
}

/** The Content-Security-Policy of an HTML page: scripts only from this origin or hashed inline; no framing. */
export function pagePolicy(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.map((h) => ` ${h}`).join('')}`,
    // Konva and the pages set element styles; styles cannot run code, scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy of everything that is not a page (JSON, scripts, CSV…): nothing to load, never framed. */
export const RESOURCE_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The headers every response carries (HSTS only when the public URL is https). */
export function securityHeaders(proxy: ProxySettings): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (proxy.publicUrl?.protocol === 'https:') headers['strict-transport-security'] = 'max-age=31536000';
  return headers;
}

function hasCookie(req: http.IncomingMessage, name: string): boolean {
  return (req.headers.cookie ?? '').split(';').some((c) => c.trim().startsWith(`${name}=`));
}

function addVary(res: http.ServerResponse, field: string): void {
  const current = String(res.getHeader('vary') ?? '');
  if (!current.split(',').some((v) => v.trim().toLowerCase() === field.toLowerCase()))
    res.setHeader('vary', current ? `${current}, ${field}` : field);
}

/** Puts the proxy's view of the request (client address, protocol, host) where the Astro adapter reads it. */
function applyForwardedView(req: http.IncomingMessage, proxy: ProxySettings): void {
  if (!proxy.publicUrl && proxy.trustedHops === 0) return;
  const socket = req.socket as http.IncomingMessage['socket'] & { encrypted?: boolean };
  const view = forwardedView(req.headers, socket, proxy);
  if (view.host) req.headers.host = view.host;
  // The adapter builds the request URL from `socket.encrypted` and the client address from
  // `socket.remoteAddress`: a per-request view of the socket answers those two, the rest is the socket's.
  const shown = new Proxy(socket, {
    has: (target, prop) => prop === 'encrypted' || Reflect.has(target, prop),
    get(target, prop) {
      if (prop === 'encrypted') return view.protocol === 'https';
      if (prop === 'remoteAddress') return view.clientAddress;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  Object.defineProperty(req, 'socket', { value: shown, configurable: true, writable: true });
}

/** A page's policy before its inline scripts are hashed in. */
const BARE_PAGE_POLICY = pagePolicy([]);

function policyOf(html: Buffer): string {
  return pagePolicy(inlineScriptHashes(html.toString('utf8')));
}

/** How many bytes of bodies and their transforms `TransformCache` keeps by default. */
export const TRANSFORM_CACHE_BYTES = 16 * 1024 * 1024;

/** What a response body becomes on its way out: its page policy and compressed forms. */
interface Transforms {
  policy?: string;
  br?: Buffer;
  gzip?: Buffer;
}

/**
 * Transforms by body content, least recently used first out once they hold more than `limit`
 * bytes. Pages that are the same for everyone (`/`, sign-in, a lesson for every trainee at the
 * same point) and repeated views are compressed and hashed once; a different body is a different
 * entry, so nothing is shared between different contents. An entry is found by the body's length
 * and CRC-32 (a few µs, where a cryptographic digest of a page took tens) and used only when its
 * bytes equal the body's: a body whose key is taken by other bytes replaces them.
 */
export class TransformCache {
  private entries = new Map<string, Transforms & { bytes: number; body: Buffer }>();
  private bytes = 0;
  private readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }

  /** The transforms known for `body` (an empty record to fill in the first time). */
  get(body: Buffer): Transforms {
    const key = `${body.length}:${zlib.crc32(body)}`;
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      if (!entry.body.equals(body)) {
        this.bytes -= entry.bytes;
        entry = undefined;
      }
    }
    if (!entry) {
      entry = { bytes: 128 + body.length, body }; // the key, the record and the body it stands for
      this.bytes += entry.bytes;
    }
    this.entries.set(key, entry);
    this.current = entry;
    this.trim();
    return entry;
  }

  private current: { bytes: number } | undefined;

  /** Counts `output` (just computed for the body last asked for) against the limit, and returns it. */
  grew(output: Buffer): Buffer {
    if (this.current) {
      this.current.bytes += output.length;
      this.bytes += output.length;
      this.trim();
    }
    return output;
  }

  private trim(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.limit || entry === this.current) break;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }
}

/** Responses kept under `SHARED_PAGE_HEADER`, by protocol, host and URL. */
class SharedPages {
  private pages = new Map<
    string,
    { headers: http.OutgoingHttpHeaders; body: Buffer; encoded: Partial<Record<Encoding, Buffer>>; until: number }
  >();

  /** Sends the kept response for `key` if there is a fresh one; false otherwise. */
  serve(key: string, res: http.ServerResponse, encoding: Encoding | null): boolean {
    const page = this.pages.get(key);
    if (!page) return false;
    if (page.until < Date.now()) {
      this.pages.delete(key);
      return false;
    }
    const useEncoding = encoding && page.body.length >= COMPRESS_MIN_BYTES ? encoding : null;
    const body = useEncoding ? (page.encoded[useEncoding] ??= compress(page.body, useEncoding)) : page.body;
    res.writeHead(200, {
      ...page.headers,
      ...(useEncoding ? { 'content-encoding': useEncoding } : {}),
      'content-length': String(body.length),
    });
    res.end(body);
    return true;
  }

  /** Keeps the response `res` is about to send (its uncompressed body `raw`) for `seconds`. */
  store(
    key: string,
    res: http.ServerResponse,
    raw: Buffer,
    encoded: Partial<Record<Encoding, Buffer>>,
    seconds: number,
  ): void {
    const headers = { ...res.getHeaders() };
    for (const name of ['x-request-id', 'content-length', 'content-encoding', 'transfer-encoding', 'date'])
      delete headers[name];
    if (this.pages.size >= 256) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, { headers, body: raw, encoded, until: Date.now() + Math.min(seconds, 3600) * 1000 });
  }
}

function compress(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? zlib.brotliCompressSync(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      })
    : zlib.gzipSync(body, { level: 6 });
}

type WriteCallback = (error?: Error | null) => void;

/**
 * Wraps the Astro handler with the proxy view, security and cache headers, CSP and compression.
 * Compressible responses (pages, JSON, text) are collected and sent in one piece with their
 * length; everything else (PDFs, images, uncompressed files) streams through untouched.
 */
export function productionHandler(handler: NodeHandler, options: ProductionOptions): NodeHandler {
  const base = securityHeaders(options.proxy);
  const resourceHeaders = { ...base, 'content-security-policy': RESOURCE_POLICY };
  const log = options.log ?? logger();
  const serveStatic = staticFileServer(options.clientDir ? readStaticFiles(options.clientDir) : new Map());
  const transformed = new TransformCache(options.transformCacheBytes ?? TRANSFORM_CACHE_BYTES);
  const sharedPages = new SharedPages();
  return (req, res) => {
    const ctx: RequestContext = {
      id: requestId(req, options.proxy),
      method: req.method ?? 'GET',
      path: loggablePath(req.url ?? '/'),
    };
    res.setHeader('x-request-id', ctx.id);
    logAccess(log, res, ctx);
    withRequest(ctx, () => serve(req, res));
  };

  function serve(req: http.IncomingMessage, res: http.ServerResponse): unknown {
    applyForwardedView(req, options.proxy);
    const ctx = currentRequest();
    if (ctx) ctx.ip = req.socket.remoteAddress;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > (options.bodyLimit ?? DEFAULT_BODY_LIMIT))
      return refuseLargeBody(req, res, options.bodyLimit ?? DEFAULT_BODY_LIMIT, base);
    const encodingOf = () => negotiateEncoding(req.headers['accept-encoding'] as string | undefined);
    if (serveStatic(req, res, resourceHeaders, encodingOf)) return;
    try {
      decodeURI(req.url ?? '/');
    } catch {
      // What the adapter's standalone handler answered for a malformed path.
      res.writeHead(400, { ...resourceHeaders, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Bad request.');
      return;
    }

    // A visitor without cookies asking for a page that said it is the same for all of them.
    const shareKey =
      req.method === 'GET' && !req.headers.cookie && !req.headers.authorization
        ? `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${req.headers.host ?? ''}${req.url ?? '/'}`
        : null;
    if (shareKey && sharedPages.serve(shareKey, res, encodingOf())) return;

    const signedIn = hasCookie(req, options.sessionCookie);
    const origWriteHead = res.writeHead.bind(res) as (status: number, reason?: string) => http.ServerResponse;
    const origWrite = res.write.bind(res) as (chunk: Buffer, cb?: WriteCallback) => boolean;
    const origEnd = res.end.bind(res) as (chunk?: Buffer, cb?: () => void) => http.ServerResponse;
    let status = 200;
    let reason: string | undefined;
    let collected: Buffer[] | null = null; // non-null once a response is being collected
    let finished = false;

    let shareSeconds = 0;
    const prepare = (): void => {
      shareSeconds = Number(res.getHeader(SHARED_PAGE_HEADER) ?? 0) || 0;
      res.removeHeader(SHARED_PAGE_HEADER);
      for (const [k, v] of Object.entries(base)) if (!res.hasHeader(k)) res.setHeader(k, v);
      const type = String(res.getHeader('content-type') ?? '');
      if ((signedIn || res.hasHeader('set-cookie')) && !res.hasHeader('cache-control'))
        res.setHeader('cache-control', 'private, no-store');
      if (!res.hasHeader('content-security-policy') && !/^application\/pdf/i.test(type))
        res.setHeader('content-security-policy', /^text\/html/i.test(type) ? BARE_PAGE_POLICY : RESOURCE_POLICY);
      const compressible =
        COMPRESSIBLE.test(type) &&
        !res.hasHeader('content-encoding') &&
        !/no-transform/i.test(String(res.getHeader('cache-control') ?? ''));
      if (compressible) addVary(res, 'Accept-Encoding');
      const bodiless = req.method === 'HEAD' || status === 204 || status === 304 || status < 200;
      if (compressible && !bodiless) collected = [];
    };

    const finish = (cb?: () => void): http.ServerResponse => {
      if (finished) return res;
      finished = true;
      let body: Buffer = Buffer.concat(collected!);
      const raw = body;
      const type = String(res.getHeader('content-type') ?? '');
      const hashPolicy = /^text\/html/i.test(type) && res.getHeader('content-security-policy') === BARE_PAGE_POLICY;
      const encoding =
        body.length >= COMPRESS_MIN_BYTES
          ? negotiateEncoding(req.headers['accept-encoding'] as string | undefined)
          : null;
      if (hashPolicy || encoding) {
        // What these bytes become (their CSP, their compressed form) is computed once per content.
        const known = transformed.get(body);
        if (hashPolicy) res.setHeader('content-security-policy', (known.policy ??= policyOf(body)));
        if (encoding) {
          body = known[encoding] ??= transformed.grew(compress(body, encoding));
          res.setHeader('content-encoding', encoding);
        }
      }
      res.removeHeader('transfer-encoding');
      if (shareKey && shareSeconds > 0 && status === 200 && !res.hasHeader('set-cookie'))
        sharedPages.store(shareKey, res, raw, encoding ? { [encoding]: body } : {}, shareSeconds);
      res.setHeader('content-length', String(body.length));
      origWriteHead(status, reason);
      return origEnd(body, cb);
    };

    const toBuffer = (chunk: unknown, encoding?: unknown): Buffer =>
      Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
          : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');

    res.writeHead = function writeHead(this: http.ServerResponse, code: number, ...rest: unknown[]) {
      if (res.headersSent || collected) return res;
      status = code;
      const headers = (typeof rest[0] === 'string' ? rest[1] : rest[0]) as
        http.OutgoingHttpHeaders | (string | string[])[] | undefined;
      if (typeof rest[0] === 'string') reason = rest[0];
      if (Array.isArray(headers)) {
        // The flat [name, value, name, value…] form; repeated names (Set-Cookie) accumulate.
        const pairs = new Map<string, string[]>();
        for (let i = 0; i + 1 < headers.length; i += 2) {
          const name = String(headers[i]).toLowerCase();
          pairs.set(name, [...(pairs.get(name) ?? []), ...[headers[i + 1]!].flat()]);
        }
        for (const [name, values] of pairs) res.setHeader(name, values.length === 1 ? values[0]! : values);
      } else if (headers) {
        for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
      }
      prepare();
      if (!collected) return origWriteHead(status, reason);
      return res;
    } as typeof res.writeHead;

    res.write = function write(chunk: unknown, encoding?: unknown, cb?: unknown) {
      if (!res.headersSent && !collected) res.writeHead(res.statusCode);
      const callback = (typeof encoding === 'function' ? encoding : cb) as WriteCallback | undefined;
      if (!collected) return origWrite(toBuffer(chunk, encoding), callback);
      collected.push(toBuffer(chunk, encoding));
      if (callback) process.nextTick(callback);
      return true;
    } as typeof res.write;

    res.end = function end(chunk?: unknown, encoding?: unknown, cb?: unknown) {
      const callback = [chunk, encoding, cb].find((a) => typeof a === 'function') as (() => void) | undefined;
      const data = typeof chunk === 'function' ? undefined : chunk;
      if (!res.headersSent && !collected) res.writeHead(res.statusCode);
      if (!collected) return origEnd(data == null ? undefined : toBuffer(data, encoding), callback);
      if (data != null) collected.push(toBuffer(data, encoding));
      return finish(callback);
    } as typeof res.end;

    return handler(req, res);
  }
}
