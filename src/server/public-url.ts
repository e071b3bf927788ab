/**
 * Where the academy is reached from outside, and how far the reverse proxy in front of it is
 * trusted. `STIPPLE_PUBLIC_URL` is the origin the app answers as (cross-site checks, secure
 * cookies, HSTS, every signed or mailed URL); `STIPPLE_TRUST_PROXY=1` takes the client address
 * and protocol from the proxy's `X-Forwarded-For` / `X-Forwarded-Proto` (a number N > 1 trusts
 * N proxies in a chain). Without it, forwarded headers are ignored: anyone can send them.
 */
import type http from 'node:http';

/** The deployment as read from the environment. */
export interface ProxySettings {
  /** The configured public origin, if any. */
  publicUrl: URL | null;
  /** How many proxies in front of the server are trusted (0: forwarded headers are ignored). */
  trustedHops: number;
}

/** The address, protocol and host a request is treated as coming from and to. */
export interface ForwardedView {
  clientAddress: string | undefined;
  protocol: 'http' | 'https';
  host: string | undefined;
}

/**
 * Reads and checks `STIPPLE_PUBLIC_URL` and `STIPPLE_TRUST_PROXY`; a value that cannot be used
 * throws an Error whose message says what to write instead.
 */
export function readProxySettings(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const raw = env.STIPPLE_PUBLIC_URL?.trim();
  let publicUrl: URL | null = null;
  if (raw) {
    if (!URL.canParse(raw))
      throw new Error(`STIPPLE_PUBLIC_URL=${raw} is not a URL; write e.g. https://academy.example.com`);
    publicUrl = new URL(raw);
    if (publicUrl.protocol !== 'https:' && publicUrl.protocol !== 'http:')
      throw new Error(`STIPPLE_PUBLIC_URL=${raw} must start with https:// (or http://)`);
    if (publicUrl.pathname.replace(/\/+$/, '') !== '' || publicUrl.search || publicUrl.hash || publicUrl.username)
      throw new Error(`STIPPLE_PUBLIC_URL=${raw} must be an origin only, without a path: ${publicUrl.origin}`);
  }
  const trust = env.STIPPLE_TRUST_PROXY?.trim() || '0';
  if (!/^\d{1,2}$/.test(trust))
    throw new Error(`STIPPLE_TRUST_PROXY=${trust} must be 1 (one reverse proxy in front), a number of proxies, or 0`);
  return { publicUrl, trustedHops: Number(trust) };
}

/** The public origin (`https://academy.example.com`) when configured, else null. */
export function configuredPublicOrigin(env: NodeJS.ProcessEnv = process.env): string | null {
  return readProxySettings(env).publicUrl?.origin ?? null;
}

/** True for loopback listen addresses, where running without a public URL is fine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * Why this start would be unsafe, or null: a server listening outside loopback must know its
 * public URL, or cross-site checks and signed URLs would trust whatever Host a client sends.
 */
export function startProblem(host: string, env: NodeJS.ProcessEnv = process.env): string | null {
  let settings: ProxySettings;
  try {
    settings = readProxySettings(env);
  } catch (error) {
    return (error as Error).message;
  }
  if (!settings.publicUrl && !isLoopbackHost(host))
    return `HOST=${host} listens beyond this machine, so STIPPLE_PUBLIC_URL must say the address people use (e.g. https://academy.example.com).`;
  return null;
}

function headerValues(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * How a request is seen once the settings are applied. The client address is the socket's,
 * or with N trusted proxies the N-th `X-Forwarded-For` entry from the right (each proxy
 * appends the address it saw, so entries further left are whatever the client claimed).
 * The protocol and host are the public URL's when configured; else, behind a trusted proxy,
 * `X-Forwarded-Proto` / `X-Forwarded-Host`; else the connection's own.
 */
export function forwardedView(
  headers: http.IncomingHttpHeaders,
  socket: { remoteAddress?: string; encrypted?: boolean },
  settings: ProxySettings,
): ForwardedView {
  let clientAddress = socket.remoteAddress;
  let protocol: 'http' | 'https' = socket.encrypted ? 'https' : 'http';
  let host = headers.host;
  if (settings.trustedHops > 0) {
    const chain = headerValues(headers['x-forwarded-for']);
    if (chain.length > 0) clientAddress = chain[Math.max(0, chain.length - settings.trustedHops)];
    const proto = headerValues(headers['x-forwarded-proto']).at(-1)?.toLowerCase();
    if (proto === 'http' || proto === 'https') protocol = proto;
    const fwdHost = headerValues(headers['x-forwarded-host']).at(-1);
    if (fwdHost && /^[\w.-]+(:\d+)?$|^\[[\da-f:.]+\](:\d+)?$/i.test(fwdHost)) host = fwdHost;
  }
  if (settings.publicUrl) {
    protocol = settings.publicUrl.protocol === 'https:' ? 'https' : 'http';
    host = settings.publicUrl.host;
  }
  return { clientAddress, protocol, host };
}
