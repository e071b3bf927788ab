/**
 * The graceful server on its own (real sockets, no build): requests in flight finish after
 * `stop`, kept-alive idle connections do not hold it open, and the grace period is enforced.
 */
import http from 'node:http';
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenGracefully, type NodeHandler } from '../../src/server/http-server.ts';

/** A handler that answers after `ms` (never, for Infinity). */
const after =
  (ms: number): NodeHandler =>
  (_req, res) => {
    if (Number.isFinite(ms)) setTimeout(() => res.end('done'), ms);
  };

function get(port: number, agent?: http.Agent) {
  return new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
      })
      .on('error', reject);
  });
}

describe('listenGracefully', () => {
  it('lets a request in flight finish, closes its kept-alive connection, and resolves with none cut', async () => {
    const served = await listenGracefully(after(400), '127.0.0.1', 0);
    const { port } = served.server.address() as net.AddressInfo;
    const agent = new http.Agent({ keepAlive: true });
    const idle = await get(port, agent); // leaves an idle kept-alive connection behind
    expect(idle.body).toBe('done');
    const inFlight = get(port, agent);
    await expect.poll(() => served.inFlight()).toBe(1);
    const start = Date.now();
    const cut = await served.stop(5000);
    expect(cut).toBe(0);
    expect(Date.now() - start).toBeLessThan(2000);
    expect(await inFlight).toEqual({ status: 200, body: 'done', connection: 'close' });
    await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });

  it('cuts what is still running when the grace period ends, and says how many', async () => {
    const served = await listenGracefully(after(Infinity), '127.0.0.1', 0);
    const { port } = served.server.address() as net.AddressInfo;
    const hanging = get(port).catch((e: Error) => e);
    await expect.poll(() => served.inFlight()).toBe(1);
    const start = Date.now();
    expect(await served.stop(300)).toBe(1);
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
    expect(await hanging).toBeInstanceOf(Error);
    expect(served.stop()).toBe(served.stop()); // one stop, however often asked
  });
});
