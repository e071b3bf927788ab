/**
 * The rest of an academy run by its people, over HTTP with mail through a real SMTP server: conflicts of interest
 * (no one claims or grades their own canvas), verdict and certificate mails (and turning them off), names on
 * certificates with the preview before issuing, and the academy's settings (images checked by content, join code).
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { academies, auditLog, certificates, claims, reviews } from '../../db/schema.ts';
import { naturalPattern, seededRng } from '../../src/lib/drill/patterns.ts';
import { defaultRubric } from '../../src/lib/grading/rubric.ts';
import { addMember } from '../../src/server/academies.ts';
import {
  addAcademyWithStaff,
  addUser,
  makeReadyTrainee,
  readyDemoTrainee,
  unlockDrillPath,
  userIdOf,
} from '../support/fixtures.ts';
import { Client, signedInClients } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';
import { template } from '../support/templates.ts';

let server: RunningServer;
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startServer({ STIPPLE_SMTP_URL: sink.url });
  await addAcademyWithStaff(server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
  // Jamie submits crowns (a full template): the drill path is open (levels 1–2 passed by Sam).
  unlockDrillPath(server.db);
});
afterAll(async () => {
  await server?.stop();
  await sink?.stop();
});

const as = signedInClients(() => server, DEMO_PASSWORD);
const crown = template('crown-whorl');
const dots = (seed: number) => {
  const d = naturalPattern(crown, seededRng(seed));
  return d.xs.map((x, i) => [x, d.ys[i]!, i * 250, 0.3]);
};
const levels = Object.fromEntries(defaultRubric('crown').map((c) => [c.id, 2]));
const redo = { verdict: 'redo', comment: 'Break up the rings.', levels, annotations: [] };
const submit = async (c: Client, seed: number) =>
  (await (await c.postJson('/api/drill/crown-whorl/submit', { dots: dots(seed) })).json()).attemptId as number;

describe('conflicts of interest', () => {
  it('an instructor can neither claim nor grade their own canvas', async () => {
    const sam = await as('instructor@demo.stipple.test');
    const own = await submit(sam, 11);
    expect(own).toBeGreaterThan(0);
    const res = await sam.postForm('/instructor/claim', { attemptId: String(own), action: 'claim' });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('location')!)).toContain('You cannot claim your own canvas');
    expect(server.db.select().from(claims).where(eq(claims.attemptId, own)).get()).toBeUndefined();
    const graded = await sam.postJson(`/api/grading/attempts/${own}/review`, redo);
    expect(graded.status).toBe(403);
    expect((await graded.json()).error).toContain('cannot grade your own canvas');
    expect(server.db.select({ n: count() }).from(reviews).where(eq(reviews.attemptId, own)).get()!.n).toBe(0);
  });
});

describe('notification mails', () => {
  it('mails the trainee the verdict through SMTP, with a working link, until they turn such mails off', async () => {
    const jamie = await as('trainee@demo.stipple.test');
    const sam = await as('instructor@demo.stipple.test');
    const attempt = await submit(jamie, 12);
    expect((await sam.postForm('/instructor/claim', { attemptId: String(attempt), action: 'claim' })).status).toBe(303);
    expect((await sam.postJson(`/api/grading/attempts/${attempt}/review`, redo)).status).toBe(201);
    const mail = await sink.waitFor('trainee@demo.stipple.test', /canvas needs another try/);
    expect(mail.parsed.text).toContain('Stipple Demo Academy');
    const link = sink.linkIn(mail, `${server.baseUrl}/drill/attempts/`);
    const page = await jamie.get(new URL(link).pathname);
    expect(page.status).toBe(200);

    // Jamie turns notification mails off (the checkbox left unticked).
    const saved = await jamie.postForm('/account?form=profile', { displayName: 'Jamie Lee', certificateName: '' });
    expect(saved.status).toBe(200);
    const before = sink.mails.filter((m) => m.to.includes('trainee@demo.stipple.test')).length;
    const second = await submit(jamie, 13);
    await sam.postForm('/instructor/claim', { attemptId: String(second), action: 'claim' });
    expect((await sam.postJson(`/api/grading/attempts/${second}/review`, redo)).status).toBe(201);
    await new Promise((r) => setTimeout(r, 1000));
    expect(sink.mails.filter((m) => m.to.includes('trainee@demo.stipple.test')).length).toBe(before);
    // Back on for the certificate below.
    await jamie.postForm('/account?form=profile', { displayName: 'Jamie Lee', notificationMails: 'on' });
  });
});

describe('names on certificates', () => {
  it('refuses an empty or email-like display name on /account, keeping the input and writing nothing', async () => {
    const jamie = await as('trainee@demo.stipple.test');
    const res = await jamie.postForm('/account?form=profile', { displayName: 'jamie@x.test', certificateName: 'J' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Enter your name, not an email address.');
    expect(html).toContain('value="jamie@x.test"');
    expect(await (await jamie.get('/account')).text()).toContain('Jamie Lee');
  });

  it('the trainee sets it, an admin corrects it (audited), issuing previews it, and the certificate carries it', async () => {
    const trainee = readyDemoTrainee(server.db);
    const jamie = await as('trainee@demo.stipple.test');
    const set = await jamie.postForm('/account?form=profile', {
      displayName: 'Jamie Lee',
      certificateName: 'Jamie Le',
      notificationMails: 'on',
    });
    expect(set.status).toBe(200);
    const admin = await as('admin@demo.stipple.test');
    const preview = await admin.postForm(`/academy/trainees/${trainee}`, { action: 'preview', programId: '1' });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toMatch(/data-preview-name[^>]*>Jamie Le</);
    expect(html).toContain('Confirm and issue');
    expect(server.db.select({ n: count() }).from(certificates).get()!.n).toBe(0);

    const fixed = await admin.postForm(`/academy/trainees/${trainee}`, {
      action: 'certificate-name',
      certificateName: 'Jamie Lee-Okoro',
      programId: '1',
    });
    expect(fixed.status).toBe(200);
    expect(await fixed.text()).toMatch(/data-preview-name[^>]*>Jamie Lee-Okoro</);
    const corrected = server.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'user.certificate_name_corrected'))
      .get()!;
    expect(corrected.detail).toEqual({ before: 'Jamie Le', after: 'Jamie Lee-Okoro' });
    expect(corrected.actorUserId).toBe(userIdOf(server.db, 'admin@demo.stipple.test'));

    // Another academy's admin cannot correct it.
    const north = await as('admin@northline.test');
    const foreign = await north.postForm(`/academy/trainees/${trainee}?academy=northline`, {
      action: 'certificate-name',
      certificateName: 'Hacked Name',
    });
    expect(foreign.status).toBe(404);

    const issued = await admin.postForm(`/academy/trainees/${trainee}`, { action: 'issue', programId: '1' });
    expect(issued.status).toBe(200);
    const cert = server.db.select().from(certificates).get()!;
    expect(JSON.stringify(cert)).toContain('Jamie Lee-Okoro');
    const mail = await sink.waitFor('trainee@demo.stipple.test', /certificate from Stipple Demo Academy/);
    const link = new URL(sink.linkIn(mail, `${server.baseUrl}/verify/`)).pathname;
    const verify = await new Client(server.baseUrl).get(link);
    expect(verify.status).toBe(200);
    expect(await verify.text()).toContain('Jamie Lee-Okoro');
  });
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function postSettings(c: Client, fields: Record<string, string>, files: Record<string, [Buffer, string]> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const [k, [bytes, name]] of Object.entries(files)) form.set(k, new Blob([new Uint8Array(bytes)]), name);
  return c.request('/academy/settings', { method: 'POST', body: form, headers: { origin: c.baseUrl } });
}

describe('academy settings', () => {
  const base = {
    name: 'Stipple Demo Academy',
    contactEmail: 'office@demo.stipple.test',
    signatoryName: 'Morgan Reyes',
    signatoryTitle: 'Director',
  };

  it('saves contact, signatory and a logo checked by its content, audited; the logo is served', async () => {
    const admin = await as('admin@demo.stipple.test');
    const res = await postSettings(admin, base, { logo: [PNG, 'logo.png'] });
    expect(res.status).toBe(303);
    const row = server.db.select().from(academies).where(eq(academies.slug, 'demo')).get()!;
    expect(row).toMatchObject({
      contactEmail: 'office@demo.stipple.test',
      signatoryName: 'Morgan Reyes',
      logoType: 'image/png',
    });
    const logo = await new Client(server.baseUrl).get('/academies/demo/logo');
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await logo.arrayBuffer())).toEqual(PNG);
    expect(server.db.select().from(auditLog).where(eq(auditLog.action, 'academy.settings_changed')).all()).toHaveLength(
      1,
    );
    // Mails of the academy now carry the logo inline.
    const invited = await admin.postForm('/academy/members', {
      action: 'invite',
      email: 'logo@example.test',
      role: 'trainee',
    });
    expect(invited.status).toBe(303);
    const mail = await sink.waitFor('logo@example.test', /Stipple Demo Academy/);
    expect(mail.raw).toContain('src=3D"cid:academy-logo"'); // quoted-printable HTML part
    expect(mail.parsed.html).toContain(`src="data:image/png;base64,${PNG.toString('base64')}"`); // resolved by mailparser
    const logoPart = mail.parsed.attachments.find((a) => a.cid === 'academy-logo')!;
    expect(logoPart.contentType).toBe('image/png');
    expect(logoPart.content).toEqual(PNG);
  });

  it('refuses a disguised or oversized image and a bad contact address, keeping the input, writing nothing', async () => {
    const admin = await as('admin@demo.stipple.test');
    const before = server.db.select().from(academies).where(eq(academies.slug, 'demo')).get()!;
    const fake = await postSettings(
      admin,
      { ...base, signatoryTitle: 'Head' },
      {
        logo: [Buffer.from('<svg onload="alert(1)"></svg>'), 'logo.png'],
      },
    );
    expect(fake.status).toBe(400);
    const html = await fake.text();
    expect(html).toContain('The logo must be a PNG, JPEG or WebP image.');
    expect(html).toContain('value="Head"');
    const big = await postSettings(admin, base, {
      signature: [Buffer.concat([PNG, Buffer.alloc(600 * 1024)]), 'sig.png'],
    });
    expect(big.status).toBe(400);
    expect(await big.text()).toContain('too large');
    const badMail = await postSettings(admin, { ...base, contactEmail: 'not an address' });
    expect(badMail.status).toBe(400);
    expect(await badMail.text()).toContain('Enter a valid contact address');
    expect(server.db.select().from(academies).where(eq(academies.slug, 'demo')).get()).toEqual(before);
  });

  it('regenerates the join code: the old code stops working', async () => {
    const admin = await as('admin@demo.stipple.test');
    const old = server.db.select().from(academies).where(eq(academies.slug, 'demo')).get()!.joinCode;
    expect(await (await admin.get('/academy/settings')).text()).toContain(old);
    const res = await postSettings(admin, { action: 'regenerate' });
    expect(res.status).toBe(303);
    const fresh = server.db.select().from(academies).where(eq(academies.slug, 'demo')).get()!.joinCode;
    expect(fresh).not.toBe(old);
    const c = new Client(server.baseUrl);
    const signup = await c.postForm('/signup', {
      email: 'late@example.test',
      displayName: 'Lee Late',
      password: 'velvet harbour lantern 42',
      academyCode: old,
    });
    expect(signup.status).toBe(400);
    expect(await signup.text()).toContain('No academy has that code');
  });

  it("is for admins of the academy only: another academy's admin and instructors get 403", async () => {
    const north = await as('admin@northline.test');
    expect((await north.get('/academy/settings?academy=demo')).status).toBe(403);
    const sam = await as('instructor@demo.stipple.test');
    expect((await sam.get('/academy/settings')).status).toBe(403);
    const before = server.db.select().from(academies).where(eq(academies.slug, 'demo')).get()!.joinCode;
    const res = await north.request('/academy/settings?academy=demo', {
      method: 'POST',
      body: new URLSearchParams({ action: 'regenerate' }),
      headers: { origin: server.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(403);
    expect(server.db.select().from(academies).where(eq(academies.slug, 'demo')).get()!.joinCode).toBe(before);
  });

  it('prints the logo and the signatory as they were at issue; a later signatory keeps off earlier certificates', async () => {
    const admin = await as('admin@demo.stipple.test');
    const saved = await postSettings(admin, base, { logo: [PNG, 'logo.png'], signature: [PNG, 'sig.png'] });
    expect(saved.status).toBe(303);
    const rowan = await addUser(server.db, 'rowan@example.test', DEMO_PASSWORD, 'Rowan Adeyemi');
    addMember(server.db, rowan, 1, 'trainee');
    const staff = { id: userIdOf(server.db, 'instructor@demo.stipple.test'), name: 'Sam Okafor' };
    makeReadyTrainee(server.db, rowan, 1, staff, userIdOf(server.db, 'admin@demo.stipple.test'));
    const issued = await admin.postForm(`/academy/trainees/${rowan}`, { action: 'issue', programId: '1' });
    expect(issued.status).toBe(200);
    const cert = server.db.select().from(certificates).where(eq(certificates.userId, rowan)).get()!;
    expect(cert).toMatchObject({ signatoryName: 'Morgan Reyes', signatoryTitle: 'Director' });
    expect((cert.credentialJson as { issuer: { image?: { id: string } } }).issuer.image?.id).toBe(
      `${server.baseUrl}/academies/demo/logo`,
    );
    const visitor = new Client(server.baseUrl);
    const page = await (await visitor.get(`/verify/${cert.code}/certificate`)).text();
    expect(page).toContain('src="/academies/demo/logo"');
    expect(page).toMatch(/data-signatory[\s\S]*Signature of Morgan Reyes[\s\S]*Morgan Reyes[\s\S]*Director/);

    const changed = await postSettings(admin, { ...base, signatoryName: 'Ines Carvalho', signatoryTitle: 'Head' });
    expect(changed.status).toBe(303);
    const after = await (await visitor.get(`/verify/${cert.code}/certificate`)).text();
    expect(after).toContain('Morgan Reyes');
    expect(after).not.toContain('Ines Carvalho');
    expect(after).not.toContain('Signature of'); // the stored image now belongs to someone else
  });

  it('a trainee who leaves is no longer listed as ready, and stays in the report as a former member', async () => {
    const admin = await as('admin@demo.stipple.test');
    const casey = await addUser(server.db, 'casey@example.test', DEMO_PASSWORD, 'Casey Moreau');
    addMember(server.db, casey, 1, 'trainee');
    const staff = { id: userIdOf(server.db, 'instructor@demo.stipple.test'), name: 'Sam Okafor' };
    makeReadyTrainee(server.db, casey, 1, staff, userIdOf(server.db, 'admin@demo.stipple.test'));
    expect(await (await admin.get('/academy?q=casey')).text()).toContain('data-ready-trainee="casey@example.test"');
    const removed = await admin.postForm('/academy/members', { action: 'remove', userId: String(casey) });
    expect(removed.status).toBe(303);
    const after = await (await admin.get('/academy?q=casey')).text();
    expect(after).not.toContain('data-ready-trainee="casey@example.test"');
    expect(after).toMatch(/data-trainee="casey@example\.test"[\s\S]*?data-former/);
  });
});
