/**
 * The verification routes' rate limit, on a server of its own: no other test's look-ups
 * share its limiter, so the test can assert exactly where the limit falls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificates } from '../../db/schema.ts';
import { VERIFY_POLICY } from '../../src/server/rate-limit.ts';
import { readyDemoTrainee } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
let code = '';

beforeAll(async () => {
  server = await startServer();
  const trainee = readyDemoTrainee(server.db);
  const admin = new Client(server.baseUrl);
  expect((await admin.login('admin@demo.stipple.test', DEMO_PASSWORD)).status).toBe(303);
  const issued = await admin.postForm(`/academy/trainees/${trainee}`, { action: 'issue', programId: '1' });
  expect(issued.status).toBe(200);
  code = server.db.select().from(certificates).get()!.code;
});
afterAll(() => server?.stop());

describe('rate limiting', () => {
  it('answers 429 after 60 verification requests a minute from one address', async () => {
    expect(VERIFY_POLICY).toEqual({ maxFailures: 60, windowMs: 60_000 });
    const anon = new Client(server.baseUrl);
    // The public routes share one limit per address.
    const routes = [`/verify/${code}`, `/verify/${code}/certificate`, `/verify/${code}/credential.json`];
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 70; i++) statuses.push((await anon.get(routes[i % routes.length]!)).status);
    expect(Date.now() - started).toBeLessThan(VERIFY_POLICY.windowMs); // all of them within one window
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.indexOf(429)).toBeLessThanOrEqual(60);
    // Exactly the limit: the 60th request is served, the 61st and every later one refused.
    expect(statuses.slice(0, 60)).toEqual(Array(60).fill(200));
    expect(statuses.slice(60)).toEqual(Array(10).fill(429));
    const refused = await anon.get(`/verify/${code}`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error).toMatch(/^Too many verification requests\. Try again in 1 minute\.$/);
  });
});
