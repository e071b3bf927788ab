/**
 * The built static files (`dist/client`: the hashed `/_astro/` assets and the favicon), read
 * into memory once at start and served from there, with their build-time `.br` / `.gz`
 * variants chosen by `Accept-Encoding`. A request whose path is not one of these files goes
 * straight to the pages: no file-system lookup per page request (the adapter's standalone
 * handler did a `stat` miss before every page).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

/** A content encoding of the precompressed variants. */
export type StaticEncoding = 'br' | 'gzip';

/** One file as it is served. */
interface StaticFile {
  type: string;
  body: Buffer;
  etag: string;
  /** Hashed assets never change: cached for a year. */
  immutable: boolean;
  encoded: Partial<Record<StaticEncoding, Buffer>>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** The static files of `clientDir` by URL path (`/_astro/x.js`), with their precompressed variants. */
export function readStaticFiles(clientDir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string, prefix: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // no build output: nothing static to serve
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const url = `${prefix}/${e.name}`;
      if (e.isDirectory()) walk(full, url);
      else if (e.isFile() && !e.name.startsWith('.') && !/\.(br|gz)$/.test(e.name)) {
        const body = fs.readFileSync(full);
        const encoded: StaticFile['encoded'] = {};
        for (const [enc, ext] of [
          ['br', '.br'],
          ['gzip', '.gz'],
        ] as const) {
          if (fs.existsSync(full + ext)) encoded[enc] = fs.readFileSync(full + ext);
        }
        files.set(url, {
          type: TYPES[path.extname(e.name).toLowerCase()] ?? 'application/octet-stream',
          body,
          etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
          immutable: url.startsWith('/_astro/'),
          encoded,
        });
      }
    }
  };
  walk(clientDir, '');
  return files;
}

/**
 * A server of `files`: `serveStatic(req, res, headers, encoding)` answers a GET or HEAD for one
 * of them with `headers` (the security headers) and the negotiated encoding's variant, and
 * returns true; or returns false (any other path or method) without touching the response.
 */
export function staticFileServer(files: Map<string, StaticFile>) {
  return function serveStatic(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    base: Record<string, string>,
    encodingOf: () => StaticEncoding | null,
  ): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const file = files.get(q >= 0 ? url.slice(0, q) : url);
    if (!file) return false;
    const headers: Record<string, string> = {
      ...base,
      'content-type': file.type,
      etag: file.etag,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=0',
    };
    if (Object.keys(file.encoded).length > 0) headers.vary = 'Accept-Encoding';
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const encoding = encodingOf();
    let body = file.body;
    const encoded = encoding ? file.encoded[encoding] : undefined;
    if (encoded) {
      body = encoded;
      headers['content-encoding'] = encoding!;
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
