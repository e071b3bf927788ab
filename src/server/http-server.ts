/**
 * The academy's own HTTP server around the built Astro handler, so that shutdown is ours:
 * stop accepting, let the requests in flight finish (up to a grace period), then close.
 * The @astrojs/node standalone server offers no graceful stop, so the adapter runs in middleware
 * mode and `src/cli/serve.ts` serves its `handler` (pages and endpoints) through this server,
 * with the static files of `dist/client` served by `productionHandler` (`static-files.ts`).
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

/** A request handler in Node's `(req, res)` form, as the Astro node adapter exports it. */
export type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/** A listening server with a graceful `stop`. */
export interface GracefulServer {
  server: http.Server;
  /** Requests whose response has not finished yet. */
  inFlight: () => number;
  /**
   * Stops accepting connections, lets the requests in flight finish, and resolves once every
   * connection has closed; after `graceMs` the connections still open are cut. Resolves to
   * the number of requests that were cut. Calling it again returns the same promise.
   */
  stop: (graceMs?: number) => Promise<number>;
}

/** How long an idle kept-alive connection stays open. */
export const KEEP_ALIVE_MS = 65_000;

/** How long `stop` lets requests in flight run by default. */
export const DEFAULT_GRACE_MS = 10_000;

/**
 * Serves `handler` on `host`:`port` (HTTPS when `SERVER_CERT_PATH` and `SERVER_KEY_PATH` name a
 * certificate and key, as the standalone adapter did) and resolves once listening.
 */
export async function listenGracefully(handler: NodeHandler, host: string, port: number): Promise<GracefulServer> {
  const open = new Set<http.ServerResponse>();
  let stopping: Promise<number> | undefined;

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    open.add(res);
    res.once('close', () => {
      open.delete(res);
      // A kept-alive connection whose last response just ended is idle now: close it.
      if (stopping) server.closeIdleConnections();
    });
    if (stopping) res.setHeader('connection', 'close');
    return handler(req, res);
  };
  const cert = process.env.SERVER_CERT_PATH;
  const key = process.env.SERVER_KEY_PATH;
  const server =
    cert && key
      ? https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, listener)
      : http.createServer(listener);
  // A kept-alive connection stays open longer than a reverse proxy's (nginx 60 s) and than a busy
  // event loop's lag: with Node's 5 s, a loop seconds behind could close a connection whose next
  // request had already arrived, and the client saw it dropped.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const stop = (graceMs = DEFAULT_GRACE_MS) =>
    (stopping ??= new Promise<number>((resolve) => {
      let cut = 0;
      const closed = new Promise<void>((done) => server.close(() => done()));
      // Responses not yet started tell the client that this connection ends with them.
      for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        cut = open.size;
        server.closeAllConnections();
      }, graceMs);
      timer.unref();
      void closed.then(() => {
        clearTimeout(timer);
        resolve(cut);
      });
    }));

  return { server, inFlight: () => open.size, stop };
}
