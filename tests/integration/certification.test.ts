import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, certificates } from '../../db/schema.ts';
import { addAcademyWithStaff, addUser, readyDemoTrainee } from '../support/fixtures.ts';
import { Client, signedInClients } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';
import { addMember } from '../../src/server/academies.ts';

let server: RunningServer;
let readyId = 0;
let notReadyId = 0;
let code = '';
const as = signedInClients(() => server, DEMO_PASSWORD);
const certCount = () => server.db.select({ n: count() }).from(certificates).get()!.n;
const issue = async (c: Client, trainee: number) =>
  c.postForm(`/academy/trainees/${trainee}`, { action: 'issue', programId: '1' });

beforeAll(async () => {
  server = await startServer();
  await addAcademyWithStaff(server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
  readyId = readyDemoTrainee(server.db);
  notReadyId = await addUser(server.db, 'halfway@demo.stipple.test', DEMO_PASSWORD, 'Halfway Harper');
  addMember(server.db, notReadyId, 1, 'trainee');
});
afterAll(() => server?.stop());

describe('issuing', () => {
  it('lists the ready trainee in the bulk view, and not the one who is halfway', async () => {
    const html = await (await (await as('admin@demo.stipple.test')).get('/academy')).text();
    expect(html).toContain('data-ready-trainee="trainee@demo.stipple.test"');
    expect(html).not.toContain('data-ready-trainee="halfway@demo.stipple.test"');
  });

  it('refuses to issue when requirements are not met — the server re-checks — and writes nothing', async () => {
    const admin = await as('admin@demo.stipple.test');
    const page = await (await admin.get(`/academy/trainees/${notReadyId}`)).text();
    expect(page).toMatch(/<button type="submit" disabled[^>]*data-issue/);
    const res = await issue(admin, notReadyId);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Not all requirements are met: All lessons completed (0 of 16)');
    expect(certCount()).toBe(0);
  });

  it('lets only admins of the academy issue', async () => {
    expect((await issue(await as('instructor@demo.stipple.test'), readyId)).status).toBe(403);
    expect((await issue(await as('trainee@demo.stipple.test'), readyId)).status).toBe(403);
    const north = await issue(await as('admin@northline.test'), readyId);
    expect(north.status).toBe(404);
    expect(certCount()).toBe(0);
  });

  it('issues a signed certificate with an unguessable code, audited', async () => {
    const res = await issue(await as('admin@demo.stipple.test'), readyId);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/Certificate [A-Z2-7]{4}(-[A-Z2-7]{4}){4} issued\./);
    const row = server.db.select().from(certificates).get()!;
    code = row.code;
    expect(code).toMatch(/^[A-Z2-7]{20}$/);
    expect(row.credentialJwt.split('.')).toHaveLength(3);
    expect(server.db.select().from(auditLog).where(eq(auditLog.action, 'certificate.issued')).get()).toMatchObject({
      subject: `certificate:${row.id}`,
    });
  });

  it('refuses to issue twice for the same program and period', async () => {
    const res = await issue(await as('admin@demo.stipple.test'), readyId);
    expect(res.status).toBe(409);
    expect(await res.text()).toMatch(/already valid until \d{4}-\d{2}-\d{2}\. Renewal opens on/);
    expect(certCount()).toBe(1);
  });

  it('shows the trainee their certificate on /learn', async () => {
    const html = await (await (await as('trainee@demo.stipple.test')).get('/learn')).text();
    expect(html).toContain('data-my-certificates');
    expect(html).toContain(`/verify/${code}/certificate`);
  });
});

describe('public verification', () => {
  it('shows a valid certificate to anyone, with a genuine signature', async () => {
    const res = await new Client(server.baseUrl).get(`/verify/${code}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-certificate-status="valid"');
    expect(html).toContain('data-signature="valid"');
    expect(html).toContain('Jamie Lee');
    expect(html).toContain('Stipple Demo Academy');
  });

  it('answers an unknown or malformed code with the 404 page', async () => {
    const anon = new Client(server.baseUrl);
    expect((await anon.get('/verify/AAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await anon.get('/verify/not-a-code')).status).toBe(404);
  });

  const upload = (anon: Client, json: string) =>
    anon.request('/verify', {
      method: 'POST',
      body: (() => {
        const f = new FormData();
        f.set('file', new File([json], 'c.json', { type: 'application/json' }));
        return f;
      })(),
      headers: { origin: server.baseUrl },
    });

  // Issue 13 changed the download: it is now the credential with a Data Integrity proof (what wallets
  // import), no longer the EnvelopedVerifiableCredential; the envelope keeps verifying (next test).
  it('serves the signed credential as JSON and verifies an uploaded copy', async () => {
    const anon = new Client(server.baseUrl);
    const file = await anon.get(`/verify/${code}/credential.json`);
    expect(file.headers.get('content-type')).toContain('application/json');
    const json = await file.text();
    const vc = JSON.parse(json);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.proof).toMatchObject([{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' }]);
    const ok = await upload(anon, json);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('data-verification="verified"');

    // Change the holder's name in the signed credential: the proof no longer matches.
    vc.credentialSubject.identifier[1].identityHash = 'Mallory Forger';
    const bad = await anon.postForm('/verify', { credential: JSON.stringify(vc) });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('data-verification="failed"');
    expect(text).toContain('altered after it was issued');
  });

  it('still verifies the older VC-JWT envelope, and refuses a forged one', async () => {
    const anon = new Client(server.baseUrl);
    const row = server.db.select().from(certificates).where(eq(certificates.code, code)).get()!;
    const env = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: `data:application/vc+jwt,${row.credentialJwt}`,
      type: 'EnvelopedVerifiableCredential',
    };
    const ok = await upload(anon, JSON.stringify(env));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('data-verification="verified"');

    // Change the holder's name inside the signed payload: the signature no longer matches.
    const jwt: string = env.id.slice('data:application/vc+jwt,'.length);
    const [h, p, s] = jwt.split('.');
    const forged = JSON.parse(Buffer.from(p!, 'base64url').toString());
    forged.credentialSubject.identifier[1].identityHash = 'Mallory Forger';
    const forgedEnv = JSON.stringify({
      ...env,
      id: `data:application/vc+jwt,${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`,
    });
    const bad = await anon.postForm('/verify', { credential: forgedEnv });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('data-verification="failed"');
    expect(text).toContain('altered after it was issued');
  });

  it('publishes the public key only', async () => {
    const jwks = await (await new Client(server.baseUrl).get('/academies/demo/jwks.json')).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0].d).toBeUndefined();
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });
});

describe('revocation and expiry', () => {
  it('needs a reason, refuses other academies, and then shows the certificate as revoked', async () => {
    const admin = await as('admin@demo.stipple.test');
    const noReason = await admin.postForm(`/academy/trainees/${readyId}`, { action: 'revoke', code, reason: '' });
    expect(noReason.status).toBe(400);
    const northRes = await (
      await as('admin@northline.test')
    ).postForm(`/academy/trainees/${readyId}`, { action: 'revoke', code, reason: 'x'.repeat(5) });
    expect(northRes.status).toBe(404);
    expect(server.db.select().from(certificates).get()!.revokedAt).toBeNull();

    const res = await admin.postForm(`/academy/trainees/${readyId}`, {
      action: 'revoke',
      code,
      reason: 'Compliance record found to be forged.',
    });
    expect(res.status).toBe(200);
    const html = await (await new Client(server.baseUrl).get(`/verify/${code}`)).text();
    expect(html).toContain('data-certificate-status="revoked"');
    expect(html).toContain('Compliance record found to be forged.');
    expect(
      server.db.select().from(auditLog).where(eq(auditLog.action, 'certificate.revoked')).get()!.detail,
    ).toMatchObject({ reason: 'Compliance record found to be forged.' });
  });

  it('reports an expired certificate as expired, and allows renewal once requirements are met again', async () => {
    // A fresh certificate after revocation, then move its dates into the past.
    const admin = await as('admin@demo.stipple.test');
    expect((await issue(admin, readyId)).status).toBe(200);
    const fresh = server.db
      .select()
      .from(certificates)
      .all()
      .find((c) => !c.revokedAt)!;
    server.db
      .update(certificates)
      .set({ validFrom: new Date(Date.now() - 800 * 86_400_000), validUntil: new Date(Date.now() - 70 * 86_400_000) })
      .where(eq(certificates.id, fresh.id))
      .run();
    const html = await (await new Client(server.baseUrl).get(`/verify/${fresh.code}`)).text();
    expect(html).toContain('data-certificate-status="expired"');
    const page = await (await admin.get(`/academy/trainees/${readyId}`)).text();
    expect(page).toContain('Renew certificate');
    const renewed = await issue(admin, readyId);
    expect(renewed.status).toBe(200);
    const latest = server.db.select().from(certificates).all().at(-1)!;
    expect(latest.replaces).toBe(fresh.id);
  });
});

// The verification rate limit is tested on a server of its own: verify-rate-limit.test.ts.
