/**
 * Structured logs (pino): one access line per request (request id, method, path, status,
 * duration, user id) and error lines with the same context. `STIPPLE_LOG_LEVEL` (`info` by
 * default; `warn` drops access lines, `silent` everything) and `STIPPLE_LOG_FORMAT` (`json`, one
 * object per line for a log collector, or `text` for a terminal) come from the environment.
 *
 * The logger and the request context live on `globalThis`: this module is loaded both by
 * `src/cli/serve.ts` and inside the built bundle, and both must share them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Writable } from 'node:stream';
import pino from 'pino';

/** What is known about the request being served, wherever in its handling the code runs. */
export interface RequestContext {
  id: string;
  method: string;
  /** The path, with secret tokens (invitations, password resets) replaced by `:token`. */
  path: string;
  userId?: number;
  /** The client address (as the trusted proxy saw it, behind one). */
  ip?: string;
}

const shared = ((globalThis as { [key: symbol]: unknown })[Symbol.for('stipple.log')] ??= {
  requests: new AsyncLocalStorage<RequestContext>(),
}) as { logger?: pino.Logger; requests: AsyncLocalStorage<RequestContext> };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A one-line, human-readable rendering of pino's JSON lines (`STIPPLE_LOG_FORMAT=text`). */
function textStream(out: NodeJS.WritableStream): Writable {
  const names: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        const {
          time,
          level,
          msg,
          err,
          pid: _pid,
          hostname: _host,
          ...rest
        } = JSON.parse(line) as Record<string, unknown>;
        const fields = Object.entries(rest)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ');
        const stack = err && typeof err === 'object' && 'stack' in err ? `\n${String(err.stack)}` : '';
        out.write(
          `${new Date(Number(time)).toISOString()} ${names[Number(level)] ?? level} ${String(msg ?? '')} ${fields}${stack}\n`,
        );
      }
      done();
    },
  });
}

/** How long a line may wait for others to be written with it (ms). */
const BATCH_MS = 10;

/**
 * Stdout through pino's asynchronous destination, lines gathered for up to `BATCH_MS` and
 * handed over together: written one by one, every access line cost a write through the thread
 * pool and its completion on the request path (and a thread switch); under load a batch now
 * carries the lines of many requests. What is gathered is written synchronously when the
 * process exits, as the destination's own buffer is.
 */
function batchedStdout(): { write(line: string): boolean; flushSync(): void } {
  const dest = pino.destination({ dest: process.stdout.fd, sync: false });
  let pending = '';
  let timer: NodeJS.Timeout | null = null;
  const handOver = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pending) return;
    const lines = pending;
    pending = '';
    dest.write(lines);
  };
  process.on('exit', () => {
    handOver();
    try {
      dest.flushSync();
    } catch {
      // A closed stdout: nothing more can be written.
    }
  });
  return {
    write(line: string) {
      pending += line;
      timer ??= setTimeout(handOver, BATCH_MS).unref();
      return true;
    },
    flushSync() {
      handOver();
      dest.flushSync();
    },
  };
}

/**
 * A logger configured from `env` (see the module comment), writing to `out`; by default to
 * stdout through pino's asynchronous destination (lines are written off the request path, in
 * batches of up to `BATCH_MS`, and flushed when the process exits).
 */
export function createLogger(env: NodeJS.ProcessEnv = process.env, out?: NodeJS.WritableStream): pino.Logger {
  const level = env.STIPPLE_LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LEVELS.includes(level)) throw new Error(`STIPPLE_LOG_LEVEL=${level} must be one of ${LEVELS.join(', ')}`);
  const format = env.STIPPLE_LOG_FORMAT?.trim().toLowerCase() || 'json';
  if (format !== 'json' && format !== 'text') throw new Error(`STIPPLE_LOG_FORMAT=${format} must be json or text`);
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: pino.stdSerializers.err },
    },
    format === 'text' ? textStream(out ?? process.stdout) : (out ?? batchedStdout()),
  );
}

/** The process's logger. */
export function logger(): pino.Logger {
  return (shared.logger ??= createLogger());
}

/** Runs `fn` with `context` as the current request's. */
export function withRequest<T>(context: RequestContext, fn: () => T): T {
  return shared.requests.run(context, fn);
}

/** The request being served, if any. */
export function currentRequest(): RequestContext | undefined {
  return shared.requests.getStore();
}

/** A path fit for the logs: secret tokens in invitation and password-reset links are replaced. */
export function loggablePath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.replace(/^\/(invite|reset-password)\/[^/]+/, '/$1/:token');
}

/** Logs an error with the current request's context (id, method, path, user). */
export function logError(error: unknown, message: string): void {
  const req = currentRequest();
  logger().error(
    { err: error, ...(req ? { reqId: req.id, method: req.method, path: req.path, userId: req.userId } : {}) },
    message,
  );
}
