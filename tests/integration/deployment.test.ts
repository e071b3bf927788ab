/**
 * Deploying behind a TLS reverse proxy, tried with a real forwarding proxy in front of the built
 * server: forwarded headers count only when STIPPLE_TRUST_PROXY says so; STIPPLE_PUBLIC_URL is
 * the origin form posts must come from; security headers, CSP, Cache-Control and compression on
 * real responses; a start beyond loopback without a public URL is refused.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import zlib from 'node:zlib';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unlockDrillPath } from '../support/fixtures.ts';
import { DEMO_PASSWORD, spawnServer, startServer, type RunningServer } from '../support/server.ts';

const PUBLIC = 'https://academy.example';
const ADMIN = 'admin@demo.stipple.test';

/**
 * A reverse proxy as nginx is set up for Stipple: it passes the request on and adds
 * X-Forwarded-For (appending the address it saw), X-Forwarded-Proto (https: it terminated TLS)
 * and X-Forwarded-Host.
 */
async function startProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const seen = req.socket.remoteAddress ?? '';
    const prior = req.headers['x-forwarded-for'];
    const headers = {
      ...req.headers,
      'x-forwarded-for': prior ? `${String(prior)}, ${seen}` : seen,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': req.headers.host ?? '',
    };
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One raw HTTP request (no automatic decompression), from `localAddress` when given. */
function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? 'GET', headers: opts.headers, localAddress: opts.localAddress },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A sign-in form post as a browser on `origin` sends it. */
function signIn(url: string, origin: string, email: string, password: string, localAddress?: string) {
  return send(`${url}/login`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ email, password }).toString(),
    localAddress,
  });
}

const sessionOf = (a: Answer) => [a.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('stipple_session='));

const servers: RunningServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all([...servers.splice(0).map((s) => s.stop()), ...closers.splice(0).map((c) => c())]);
});

describe('behind a TLS reverse proxy', () => {
  let trusted: { server: RunningServer; proxy: string };
  let untrusted: { server: RunningServer; proxy: string };
  beforeAll(async () => {
    const [a, b] = await Promise.all([
      startServer({ STIPPLE_PUBLIC_URL: PUBLIC, STIPPLE_TRUST_PROXY: '1' }),
      startServer(),
    ]);
    servers.push(a, b);
    const [pa, pb] = await Promise.all([startProxy(a.baseUrl), startProxy(b.baseUrl)]);
    closers.push(pa.close, pb.close);
    trusted = { server: a, proxy: pa.url };
    untrusted = { server: b, proxy: pb.url };
  });

  it('accepts a sign-in posted from the public https origin, with a Secure cookie, and refuses other origins', async () => {
    const ok = await signIn(trusted.proxy, PUBLIC, ADMIN, DEMO_PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/learn');
    expect(sessionOf(ok)).toMatch(/;\s*Secure/i);
    expect(ok.headers['strict-transport-security']).toBe('max-age=31536000');

    const forged = await signIn(trusted.proxy, 'https://evil.example', ADMIN, DEMO_PASSWORD);
    expect(forged.status).toBe(403);
    // The proxy's own http address is not the public origin either.
    expect((await signIn(trusted.proxy, trusted.proxy, ADMIN, DEMO_PASSWORD)).status).toBe(403);
  });

  it('without STIPPLE_TRUST_PROXY ignores forwarded headers: no https from X-Forwarded-Proto, no HSTS', async () => {
    const viaProxy = await signIn(untrusted.proxy, 'https://' + new URL(untrusted.proxy).host, ADMIN, DEMO_PASSWORD);
    expect(viaProxy.status).toBe(403);
    const plain = await send(`${untrusted.proxy}/login`);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('throttles sign-in by the client address the trusted proxy saw, not by the proxy or a forged header', async () => {
    // Twenty-one wrong passwords from one client (spoofing X-Forwarded-For each time) lock that client out…
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await send(`${trusted.proxy}/login`, {
        method: 'POST',
        headers: {
          origin: PUBLIC,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `10.9.8.${i}`,
        },
        body: new URLSearchParams({ email: `nobody${i}@example.test`, password: 'wrong-password' }).toString(),
        localAddress: '127.0.0.2',
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
    // …while another client behind the same proxy still signs in.
    const other = await signIn(trusted.proxy, PUBLIC, ADMIN, DEMO_PASSWORD, '127.0.0.3');
    expect(other.status).toBe(303);
    const page = await send(`${trusted.proxy}/learn`, {
      headers: { cookie: sessionOf(other)!.split(';')[0]!, 'x-request-id': 'proxy-req-42' },
      localAddress: '127.0.0.3',
    });
    expect(page.status).toBe(200);
    expect(page.headers['x-request-id']).toBe('proxy-req-42');
    const rows = trusted.server.db.$client
      .prepare("SELECT DISTINCT key FROM auth_failures WHERE key LIKE 'ip:%'")
      .all() as { key: string }[];
    expect(rows.map((r) => r.key)).toEqual(['ip:127.0.0.2']);
    // One access line per request, with the proxy's request id, the client address and the user.
    const adminId = (
      trusted.server.db.$client.prepare('SELECT id FROM users WHERE email = ?').get(ADMIN) as { id: number }
    ).id;
    // Log lines go out through an asynchronous destination, in order: once the last request's line is out, all are.
    await trusted.server.outputMatching('"reqId":"proxy-req-42"');
    const lines = trusted.server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.reqId === 'proxy-req-42')).toMatchObject({
      msg: 'request',
      method: 'GET',
      path: '/learn',
      status: 200,
      userId: adminId,
      ip: '127.0.0.3',
      ms: expect.any(Number),
    });
    expect(lines.filter((l) => l.path === '/login' && l.status === 429 && l.ip === '127.0.0.2')).toHaveLength(1);
  });
});

describe('headers and compression on real responses', () => {
  let server: RunningServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer();
    servers.push(server);
    const res = await signIn(server.baseUrl, server.baseUrl, ADMIN, DEMO_PASSWORD);
    cookie = sessionOf(res)!.split(';')[0]!;
  });

  it('puts the security headers on pages, JSON, assets and errors', async () => {
    for (const path of ['/', '/login', '/healthz', '/no-such-page', '/favicon.svg']) {
      const res = await send(server.baseUrl + path);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      expect(res.headers['x-frame-options'], path).toBe('DENY');
      expect(res.headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
      expect(res.headers['permissions-policy'], path).toContain('camera=()');
      expect(res.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(res.headers['strict-transport-security'], path).toBeUndefined(); // plain http on loopback
    }
  });

  it('has a page CSP without unsafe-inline scripts that lists the hash of each inline script the page runs', async () => {
    const res = await send(`${server.baseUrl}/learn`, { headers: { cookie } });
    const html = res.body.toString('utf8');
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(scriptSrc).not.toContain('unsafe-inline');
    const inline = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline.length).toBeGreaterThan(0); // the academy switcher's script, inlined by Astro
    for (const code of inline)
      expect(scriptSrc).toContain(`'sha256-${createHash('sha256').update(code).digest('base64')}'`);
    expect(html).not.toMatch(/\son(change|click|submit|load)=/i);
  });

  it('marks signed-in pages private, no-store, and leaves public pages cacheable by choice', async () => {
    const signedIn = await send(`${server.baseUrl}/learn`, { headers: { cookie } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('private, no-store');
    const anonymous = await send(`${server.baseUrl}/login`);
    expect(anonymous.headers['cache-control']).toBeUndefined();
  });

  it('compresses pages with brotli or gzip as negotiated, to the same bytes', async () => {
    const plain = await send(`${server.baseUrl}/learn`, { headers: { cookie } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('Accept-Encoding');
    const br = await send(`${server.baseUrl}/learn`, { headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(plain.body.toString());
    const gz = await send(`${server.baseUrl}/learn`, { headers: { cookie, 'accept-encoding': 'gzip;q=1, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(plain.body.toString());
    // JSON too, when big enough to be worth it.
    const json = await send(`${server.baseUrl}/healthz`, { headers: { 'accept-encoding': 'br' } });
    expect(json.headers['content-encoding']).toBeUndefined(); // 70 bytes: sent as they are
  });

  it('serves hashed scripts and styles precompressed and immutable', async () => {
    const html = (await send(`${server.baseUrl}/login`)).body.toString();
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(html)![1]!;
    const raw = await send(server.baseUrl + css);
    const br = await send(server.baseUrl + css, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toMatch(/^text\/css/);
    expect(zlib.brotliDecompressSync(br.body).equals(raw.body)).toBe(true);
    expect(br.body.equals(fs.readFileSync(`dist/client${css}.br`))).toBe(true);
  });
});

describe('inputs that used to answer 500', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    servers.push(server);
    // The trainee saves crown drafts (a full template): the drill path is open.
    unlockDrillPath(server.db);
  });

  it('answers a declared body over 4 MB with a readable 413 the client receives', async () => {
    const cookie = sessionOf(
      await signIn(server.baseUrl, server.baseUrl, 'instructor@demo.stipple.test', DEMO_PASSWORD),
    )!;
    const big = JSON.stringify({ comment: 'x'.repeat(5 * 1024 * 1024) });
    const res = await fetch(`${server.baseUrl}/api/grading/attempts/1/review`, {
      method: 'POST',
      headers: { origin: server.baseUrl, 'content-type': 'application/json', cookie: cookie.split(';')[0]! },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'This upload is too large: at most 4 MB can be sent at once.' });
    // A form page gets the same answer as text.
    const form = await fetch(`${server.baseUrl}/login`, {
      method: 'POST',
      headers: { origin: server.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=a&password=${'x'.repeat(5 * 1024 * 1024)}`,
    });
    expect(form.status).toBe(413);
    expect(await form.text()).toMatch(/too large: at most 4 MB/);
  });

  it('answers a streamed JSON body past the limit (no Content-Length) with 413, not 500', async () => {
    const cookie = sessionOf(await signIn(server.baseUrl, server.baseUrl, 'trainee@demo.stipple.test', DEMO_PASSWORD))!;
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${server.baseUrl}/api/drill/crown-whorl/draft`, {
      method: 'PUT',
      headers: { origin: server.baseUrl, 'content-type': 'application/json', cookie: cookie.split(';')[0]! },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'This canvas is too large to save (over 1.5 MB).' });
  });

  it('refuses a check form field named q.__proto__ as an unknown question', async () => {
    const cookie = sessionOf(
      await signIn(server.baseUrl, server.baseUrl, 'instructor@demo.stipple.test', DEMO_PASSWORD),
    )!;
    const html = (
      await send(`${server.baseUrl}/learn`, { headers: { cookie: cookie.split(';')[0]! } })
    ).body.toString();
    const check = /href="(\/learn\/check\/[^"]+)"/.exec(html)![1]!;
    const res = await send(server.baseUrl + check, {
      method: 'POST',
      headers: {
        origin: server.baseUrl,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookie.split(';')[0]!,
      },
      body: 'q.__proto__=a&q.constructor=b',
    });
    expect(res.status).toBe(400);
    expect(res.body.toString()).toContain('There is no question &quot;__proto__&quot; in this check.');
  });

  it('signs in and sends the cookie when next= holds characters beyond Latin-1', async () => {
    const res = await send(`${server.baseUrl}/login?next=${encodeURIComponent('/learn/€uro ✓')}`, {
      method: 'POST',
      headers: { origin: server.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: ADMIN, password: DEMO_PASSWORD }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/learn/%E2%82%ACuro%20%E2%9C%93');
    expect(sessionOf(res)).toBeDefined();
  });
});

describe('STIPPLE_WORKERS=2', () => {
  it('serves from two processes that share the verification limit, and stops both on SIGTERM', async () => {
    const server = await startServer({ STIPPLE_WORKERS: '2' });
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) {
      // A fresh connection each time, so that the requests spread over both workers.
      const res = await send(`${server.baseUrl}/verify/AAAAAAAAAAAAAAAAAAAA`, { headers: { connection: 'close' } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 60)).toEqual(Array(60).fill(404)); // no such certificate, but looked up
    expect(statuses.slice(60)).toEqual([429, 429]);
    const pids = new Set(
      server
        .output()
        .split('\n')
        .filter((l) => l.includes('"path":"/verify/AAAAAAAAAAAAAAAAAAAA"'))
        .map((l) => (JSON.parse(l) as { pid: number }).pid),
    );
    expect(pids.size).toBe(2);
    expect(server.output()).toContain('with 2 worker processes');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('Stopped: every worker has closed the database.');
    server.db.$client.close();
  });
});

describe('start-up', () => {
  const spawned: { child: { kill: (s: NodeJS.Signals) => void } }[] = [];
  afterEach(() => spawned.splice(0).forEach((p) => p.child.kill('SIGTERM')));

  it('refuses to listen beyond loopback without STIPPLE_PUBLIC_URL, and refuses a public URL with a path', async () => {
    const open = await spawnServer({ HOST: '0.0.0.0' });
    spawned.push(open);
    expect(await open.exited).toBe(1);
    expect(open.stderr()).toMatch(/STIPPLE_PUBLIC_URL must say the address people use/);
    const pathy = await spawnServer({ STIPPLE_PUBLIC_URL: 'https://academy.example/stipple' });
    spawned.push(pathy);
    expect(await pathy.exited).toBe(1);
    expect(pathy.stderr()).toMatch(/must be an origin only/);
  });
});
