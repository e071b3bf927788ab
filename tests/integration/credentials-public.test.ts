/**
 * Issue 13: what a certificate's public pages show and where its links lead. The page states the facts signed at
 * issue (a renamed program does not change it), the status first and in words, downloads only while current; the
 * credential's achievement, result-description, evidence and image URLs answer for anyone, without signing in,
 * and only for what the certificate cites.
 */
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { eq } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificates, drillAttempts } from '../../db/schema.ts';
import { addMember } from '../../src/server/academies.ts';
import { DEMO_PROGRAM } from '../../src/server/demo/seed.ts';
import { saveProgram } from '../../src/server/programs.ts';
import { addUser, makeReadyTrainee, readyDemoTrainee, userIdOf } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: RunningServer;
let admin: Client;
let traineeId = 0;
let code = '';
let credential: Json;
const anon = () => new Client(server.baseUrl);
/** The visible text of a page, tags removed and whitespace collapsed. */
const text = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ');
const day = (d: Date) =>
  d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

beforeAll(async () => {
  server = await startServer();
  traineeId = readyDemoTrainee(server.db);
  admin = new Client(server.baseUrl);
  expect((await admin.login('admin@demo.stipple.test', DEMO_PASSWORD)).status).toBe(303);
  expect((await admin.postForm(`/academy/trainees/${traineeId}`, { action: 'issue', programId: '1' })).status).toBe(
    200,
  );
  code = server.db.select().from(certificates).get()!.code;
  credential = await (await anon().get(`/verify/${code}/credential.json`)).json();
});
afterAll(() => server?.stop());

describe('facts frozen at issue', () => {
  it('the page keeps the signed name and hours after the program is renamed', async () => {
    expect(credential.credentialSubject.achievement).toMatchObject({ name: DEMO_PROGRAM.name, creditsAvailable: 40 });
    const renamed = saveProgram(
      server.db,
      1,
      { ...DEMO_PROGRAM, name: 'Renamed Program', hours: 99 },
      userIdOf(server.db, 'admin@demo.stipple.test'),
      1,
    );
    expect(renamed.ok).toBe(true);
    const page = text(await (await anon().get(`/verify/${code}`)).text());
    expect(page).toContain(DEMO_PROGRAM.name);
    expect(page).toContain('Training hours 40');
    expect(page).not.toContain('Renamed Program');
    expect(page).not.toContain('Training hours 99');
    const printable = text(await (await anon().get(`/verify/${code}/certificate`)).text());
    expect(printable).toContain(DEMO_PROGRAM.name);
    expect(printable).toContain('40 hours');
    expect(printable).not.toContain('Renamed Program');
    const badge = await (await anon().get(`/verify/${code}/badge.svg`)).text();
    expect(badge).toContain('40 hours');
    expect(badge).not.toContain('Renamed');
    // The achievement page describes the program as it is now, and says so.
    const achievement = text(
      await (await anon().get(new URL(credential.credentialSubject.achievement.id).pathname)).text(),
    );
    expect(achievement).toContain('Renamed Program');
    expect(achievement).toContain('as Stipple Demo Academy describes it today');
  });
});

describe('the verify page', () => {
  const setDates = (
    validFrom: Date,
    validUntil: Date,
    revokedAt: Date | null = null,
    revokedReason: string | null = null,
  ) =>
    server.db
      .update(certificates)
      .set({ validFrom, validUntil, revokedAt, revokedReason })
      .where(eq(certificates.code, code))
      .run();
  const original = () => server.db.select().from(certificates).where(eq(certificates.code, code)).get()!;
  let saved: ReturnType<typeof original>;
  beforeAll(() => {
    saved = original();
  });
  afterAll(() => {
    setDates(saved.validFrom, saved.validUntil, saved.revokedAt, saved.revokedReason);
  });

  it('says valid until the end date, then the signature, and offers the holder’s links', async () => {
    const html = await (await anon().get(`/verify/${code}`)).text();
    const page = text(html);
    expect(page).toContain(`Valid until ${day(saved.validUntil)}.`);
    expect(page.indexOf('Valid until')).toBeLessThan(page.indexOf('Signature: genuine'));
    expect(html).toContain('data-signature="valid"');
    expect(html).toContain(`href="/verify/${code}/credential.json"`);
    const linkedIn = new URL(
      /data-linkedin[^>]*|href="(https:\/\/www\.linkedin\.com[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'),
    );
    expect(linkedIn.searchParams.get('name')).toBe(DEMO_PROGRAM.name);
    expect(linkedIn.searchParams.get('organizationName')).toBe('Stipple Demo Academy');
    expect(linkedIn.searchParams.get('certUrl')).toBe(`${server.baseUrl}/verify/${code}`);
    expect(linkedIn.searchParams.get('issueYear')).toBe(String(saved.issuedAt.getUTCFullYear()));
    expect(linkedIn.searchParams.get('expirationYear')).toBe(String(saved.validUntil.getUTCFullYear()));
    expect(html).toMatch(/data-wallet[\s\S]*<svg[\s\S]*Learner Credential Wallet/);
    expect(html).toContain(`${server.baseUrl}/verify/${code}/credential.json</a>`);
  });

  it('says expired on the end date and does not offer the download as if current', async () => {
    const until = new Date(Date.now() - 10 * 86_400_000);
    setDates(new Date(Date.now() - 800 * 86_400_000), until);
    const html = await (await anon().get(`/verify/${code}`)).text();
    expect(text(html)).toContain(`Expired on ${day(until)}.`);
    expect(html).not.toContain('Download the signed credential');
    expect(html).not.toContain('data-linkedin');
    expect(html).not.toContain('data-wallet');
    expect(text(html)).toContain('signed credential (JSON, expired)');
  });

  it('says revoked on the date because of the reason, with no download offered as current', async () => {
    const at = new Date(Date.now() - 86_400_000);
    setDates(saved.validFrom, saved.validUntil, at, 'Compliance record found to be forged.');
    const html = await (await anon().get(`/verify/${code}`)).text();
    expect(text(html)).toContain(`Revoked on ${day(at)} because: Compliance record found to be forged.`);
    expect(html).not.toContain('Download the signed credential');
    expect(html).not.toContain('data-linkedin');
    expect(text(html)).toContain('signed credential (JSON, revoked)');
    // The files themselves keep answering, for verifiers.
    expect((await anon().get(`/verify/${code}/credential.json`)).status).toBe(200);
  });

  it('says not yet valid until the start date', async () => {
    const from = new Date(Date.now() + 30 * 86_400_000);
    const until = new Date(Date.now() + 800 * 86_400_000);
    setDates(from, until);
    const page = text(await (await anon().get(`/verify/${code}`)).text());
    expect(page).toContain(`Not yet valid until ${day(from)} (then valid until ${day(until)}).`);
  });

  it('offers nothing to present when the stored signature does not verify', async () => {
    setDates(saved.validFrom, saved.validUntil);
    const forged = structuredClone(saved.credentialJson!) as Json;
    forged.credentialSubject.achievement.name = 'SMP Master Trainer';
    server.db.update(certificates).set({ credentialJson: forged }).where(eq(certificates.code, code)).run();
    try {
      const html = await (await anon().get(`/verify/${code}`)).text();
      expect(html).toContain('data-signature="invalid"');
      expect(text(html)).toContain('This certificate cannot be confirmed');
      expect(html).not.toContain('Download the signed credential');
      expect(html).not.toContain('data-linkedin');
    } finally {
      server.db
        .update(certificates)
        .set({ credentialJson: saved.credentialJson })
        .where(eq(certificates.code, code))
        .run();
    }
  });

  it('answers a code no certificate has with 404 and says so', async () => {
    for (const bogus of ['AAAAAAAAAAAAAAAAAAAA', 'not-a-code']) {
      const res = await anon().get(`/verify/${bogus}`);
      expect(res.status).toBe(404);
      const page = text(await res.text());
      expect(page).toContain('No certificate has this code');
      expect(page).not.toContain('Valid');
    }
  });
});

describe('the credential’s links, opened without signing in', () => {
  it('the achievement page and every result description answer 200', async () => {
    const achievement = credential.credentialSubject.achievement;
    const res = await anon().get(new URL(achievement.id).pathname);
    expect(res.status).toBe(200);
    expect(text(await res.text())).toContain('practice canvas with an automatic score of 70 or more');
    expect(achievement.resultDescription.length).toBeGreaterThan(0);
    for (const rd of achievement.resultDescription) {
      expect(rd.id.startsWith(server.baseUrl)).toBe(true);
      const r = await anon().get(new URL(rd.id).pathname);
      expect(r.status).toBe(200);
      expect(text(await r.text())).toContain('Scale 0 to 100');
    }
    // Asked for JSON, the same URL answers with the Open Badges Achievement, valid against the Achievement
    // definition of 1EdTech's OB 3.0 schema (vendored, see tests/fixtures/openbadges/SOURCE.md).
    const asJson = await anon().request(new URL(achievement.id).pathname, { headers: { accept: 'application/json' } });
    expect(asJson.headers.get('content-type')).toContain('application/json');
    const json = await asJson.json();
    const schema = JSON.parse(
      readFileSync(
        new URL('../fixtures/openbadges/ob_v3p0_achievementcredential_schema.json', import.meta.url),
        'utf8',
      ),
    );
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(schema);
    const validAchievement = ajv.compile({ $ref: `${schema.$id}#/$defs/Achievement` });
    expect(validAchievement(json), JSON.stringify(validAchievement.errors)).toBe(true);
    expect(json).toMatchObject({
      id: achievement.id,
      type: ['Achievement'],
      creator: { id: credential.issuer.id },
      resultDescription: achievement.resultDescription.map((r: Json) => expect.objectContaining({ id: r.id })),
    });
    expect((await anon().get('/academies/demo/programs/999')).status).toBe(404);
    expect((await anon().get('/academies/nope/programs/1')).status).toBe(404);
    expect((await anon().get('/academies/demo/programs/1/results/no-such-template')).status).toBe(404);
  });

  it('every evidence link shows the reviewed canvas and its score, not the sign-in page', async () => {
    const cited = credential.evidence.filter((e: Json) => e.id);
    expect(cited.length).toBe(credential.credentialSubject.result.length);
    for (const e of cited) {
      expect(e.id).toMatch(new RegExp(`^${server.baseUrl}/verify/${code}/evidence/\\d+$`));
      const res = await anon().get(new URL(e.id).pathname);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('data-evidence-scores');
      expect(html).toMatch(/<svg[^>]*viewBox="0 0 [\d.]+ [\d.]+"/);
      const page = text(html);
      expect(page).toContain(e.name);
      expect(page).toContain(e.description);
      expect(html).not.toContain('name="password"'); // not the sign-in form
    }
  });

  it('shows no evidence the certificate does not cite', async () => {
    const cited = credential.evidence.filter((e: Json) => e.id).map((e: Json) => Number(e.id.split('/').pop()));
    // Another trainee's passed, reviewed attempts, under this certificate's code: refused like a missing one.
    const other = await addUser(server.db, 'other@demo.stipple.test', DEMO_PASSWORD, 'Other Trainee');
    addMember(server.db, other, 1, 'trainee');
    makeReadyTrainee(
      server.db,
      other,
      1,
      { id: userIdOf(server.db, 'instructor@demo.stipple.test'), name: 'Sam Okafor' },
      userIdOf(server.db, 'admin@demo.stipple.test'),
    );
    const theirs = server.db.select().from(drillAttempts).where(eq(drillAttempts.userId, other)).all();
    // The drill path's patch and segment, then the frontal and crown canvases.
    expect(theirs.length).toBe(4);
    for (const a of theirs) expect((await anon().get(`/verify/${code}/evidence/${a.id}`)).status).toBe(404);
    expect((await anon().get(`/verify/AAAAAAAAAAAAAAAAAAAA/evidence/${cited[0]}`)).status).toBe(404);
    expect((await anon().get(`/verify/${code}/evidence/abc`)).status).toBe(404);
  });

  it('the badge image the credential names is a 512 px PNG, also as SVG', async () => {
    expect(credential.image).toMatchObject({ id: `${server.baseUrl}/verify/${code}/badge.png`, type: 'Image' });
    expect(credential.credentialSubject.achievement.image.id).toBe(credential.image.id);
    const res = await anon().get(new URL(credential.image.id).pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 512, height: 512 });
    const svg = await anon().get(`/verify/${code}/badge.svg`);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toContain(`<title>${DEMO_PROGRAM.name} — Stipple Demo Academy</title>`);
  });
});

describe('evidence links of older credentials (/drill/attempts/<id>)', () => {
  it('send a visitor to the public evidence, without the certificate, and nothing else', async () => {
    const row = server.db.select().from(certificates).where(eq(certificates.code, code)).get()!;
    // An older certificate cited its evidence at the attempt's own page.
    const older = structuredClone(row.credentialJson!) as Json;
    for (const e of older.evidence)
      if (e.id) e.id = e.id.replace(/\/verify\/[A-Z2-7]{20}\/evidence\//, '/drill/attempts/');
    server.db.update(certificates).set({ credentialJson: older }).where(eq(certificates.id, row.id)).run();
    try {
      const cited = older.evidence.filter((e: Json) => e.id);
      for (const e of cited) {
        const id = Number(e.id.split('/').pop());
        const res = await anon().get(`/drill/attempts/${id}`);
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe(`/evidence/${id}`);
        const page = await anon().get(`/evidence/${id}`);
        expect(page.status).toBe(200);
        const html = await page.text();
        expect(html).toContain('data-evidence-scores');
        expect(text(html)).toContain(e.description);
        expect(html).not.toContain(code); // attempt ids are sequential: the page names no certificate
        expect(html).not.toContain('Jamie Lee');
      }
      // An attempt no certificate cites: the sign-in page as before, and no public page.
      const uncited = server.db
        .select()
        .from(drillAttempts)
        .where(eq(drillAttempts.userId, userIdOf(server.db, 'other@demo.stipple.test')))
        .get()!.id;
      expect((await anon().get(`/drill/attempts/${uncited}`)).headers.get('location')).toMatch(/^\/login\?next=/);
      expect((await anon().get(`/evidence/${uncited}`)).status).toBe(404);
      // The trainee still sees their own attempt page.
      const trainee = new Client(server.baseUrl);
      expect((await trainee.login('trainee@demo.stipple.test', DEMO_PASSWORD)).status).toBe(303);
      const own = await trainee.get(`/drill/attempts/${Number(cited[0].id.split('/').pop())}`);
      expect(own.status).toBe(200);
      expect(await own.text()).toContain('Your attempt');
    } finally {
      server.db
        .update(certificates)
        .set({ credentialJson: row.credentialJson })
        .where(eq(certificates.id, row.id))
        .run();
    }
  });
});
