/**
 * Without `STIPPLE_SMTP_URL`, mails are written as `.eml` files to the `outbox` folder beside the database and
 * their links are logged, so development works without a mail server — and the links work.
 */
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ STIPPLE_SMTP_URL: '' });
});
afterAll(() => server?.stop());

describe('mail without an SMTP server', () => {
  it('writes the invitation to the outbox as .eml, logs its link, and the link works', async () => {
    const admin = new Client(server.baseUrl);
    expect((await admin.login('admin@demo.stipple.test', DEMO_PASSWORD)).status).toBe(303);
    const res = await admin.postForm('/academy/members', {
      action: 'invite',
      email: 'dev@example.test',
      role: 'trainee',
    });
    expect(res.status).toBe(303);
    const outbox = path.join(path.dirname(server.dbPath), 'outbox');
    const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const mail = await simpleParser(fs.readFileSync(path.join(outbox, files[0]!)));
    expect((mail.to as { text: string }).text).toBe('dev@example.test');
    const link = mail.text!.match(new RegExp(`${server.baseUrl}/invite/\\S+`))![0];
    expect(await server.outputMatching(link)).toContain(link);
    const page = await new Client(server.baseUrl).get(new URL(link).pathname);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Join Stipple Demo Academy');
  });
});
