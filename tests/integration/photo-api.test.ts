/**
 * The practice sheet and photo flow over HTTP: the sheet PDF, an upload that is detected and
 * stored without metadata, corrections submitted and scored by the server into the review
 * queue, and who may see a photo.
 */
import { count, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillAttempts, drillPhotos } from '../../db/schema.ts';
import { naturalPattern } from '../../src/lib/drill/patterns.ts';
import { scoreDrill } from '../../src/lib/drill/scoring.ts';
import { correctedDots } from '../../src/lib/photo/corrections.ts';
import { addMember } from '../../src/server/academies.ts';
import { addAcademyWithStaff, addUser, unlockDrillPath } from '../support/fixtures.ts';
import { signedInClients, type Client } from '../support/http.ts';
import {
  compareDots,
  drawImpressions,
  photograph,
  randomCamera,
  renderSheet,
  seededRng,
  trueDots,
} from '../support/photo-synth.ts';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server.ts';
import { template } from '../support/templates.ts';

let server: RunningServer;
const as = signedInClients(() => server, DEMO_PASSWORD);
const crown = template('crown-whorl');
let photo: Buffer;
let truth: { x: number; y: number; d: number }[];

beforeAll(async () => {
  server = await startServer();
  const north = await addAcademyWithStaff(server.db, 'northline', 'Northline SMP Studio', DEMO_PASSWORD);
  addMember(server.db, await addUser(server.db, 'other.trainee@demo.test', DEMO_PASSWORD), 1, 'trainee');
  // Both trainees practise the crown (a full template): their drill path is open (levels 1–2 passed by the instructor).
  unlockDrillPath(server.db);
  unlockDrillPath(server.db, 'other.trainee@demo.test');
  unlockDrillPath(server.db, 'trainee@northline.test', north.academyId, {
    email: 'instructor@northline.test',
    name: 'Northline SMP Studio instructor',
  });
  // A worked crown sheet, photographed sideways by a phone that records where and with what it was taken.
  const rng = seededRng(404);
  const pat = naturalPattern(crown, rng);
  truth = trueDots(pat.xs, pat.ys, crown, rng);
  const sheet = await drawImpressions(await renderSheet(crown, 'a4'), truth, rng);
  const shot = await photograph(sheet, randomCamera(rng, { rotation: 95 }), rng);
  // Stored as the sensor saw it (portrait pixels) with an EXIF orientation saying "turn 90°".
  photo = await sharp(shot.jpeg)
    .rotate(270)
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'PhoneCo', Model: 'P1' }, IFD3: { GPSLatitudeRef: 'N' } })
    .jpeg({ quality: 85 })
    .toBuffer();
}, 120_000);
afterAll(() => server?.stop());

const photoCount = () => server.db.select({ n: count() }).from(drillPhotos).get()!.n;
const upload = (client: Client, templateId: string, bytes: Buffer | string, name = 'sheet.jpg') => {
  const body = new FormData();
  body.append('photo', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  return client.request(`/api/drill/${templateId}/photo`, {
    method: 'POST',
    body,
    headers: { origin: client.baseUrl },
  });
};

describe('the practice sheet PDF', () => {
  it('needs a session, and is A4 or Letter at 1:1 scale with the trainee named on it', async () => {
    const anon = await fetch(`${server.baseUrl}/drill/crown-whorl/sheet.pdf`, { redirect: 'manual' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    const trainee = await as('trainee@demo.stipple.test');
    const a4 = await trainee.get('/drill/crown-whorl/sheet.pdf');
    expect(a4.status).toBe(200);
    expect(a4.headers.get('content-type')).toBe('application/pdf');
    const doc = await PDFDocument.load(new Uint8Array(await a4.arrayBuffer()));
    expect(doc.getPageCount()).toBe(1);
    const size = doc.getPage(0).getSize();
    expect(size.width).toBeCloseTo((210 / 25.4) * 72, 1);
    expect(size.height).toBeCloseTo((297 / 25.4) * 72, 1);
    expect(doc.getTitle()).toBe('Practice sheet: Crown and whorl (v1)');
    const letter = await PDFDocument.load(
      new Uint8Array(await (await trainee.get('/drill/crown-whorl/sheet.pdf?paper=letter')).arrayBuffer()),
    );
    expect(letter.getPage(0).getSize().width).toBeCloseTo(612, 3);
    expect(letter.getPage(0).getSize().height).toBeCloseTo(792, 3);
    expect((await trainee.get('/drill/crown-whorl/sheet.pdf?paper=a3')).status).toBe(400);
    expect((await trainee.get('/drill/no-such-template/sheet.pdf')).status).toBe(404);
  });
});

describe('uploading, checking and submitting a photo', () => {
  let uploaded: { photoId: number; dots: [number, number, number, number][]; rectifiedUrl: string; submitUrl: string };

  it('refuses anonymous and cross-site uploads, and unusable photos with a reason, storing nothing', async () => {
    const before = photoCount();
    const anon = await new (await import('../support/http.ts')).Client(server.baseUrl).request(
      '/api/drill/crown-whorl/photo',
      { method: 'POST', body: new FormData() },
    );
    expect(anon.status).toBe(401);
    const trainee = await as('trainee@demo.stipple.test');
    const xsiteBody = new FormData();
    xsiteBody.append('photo', new Blob([new Uint8Array(photo)]), 'sheet.jpg');
    const xsite = await trainee.request('/api/drill/crown-whorl/photo', {
      method: 'POST',
      body: xsiteBody,
      headers: { origin: 'https://evil.example' },
    });
    expect(xsite.status).toBe(403);
    const notImage = await upload(trainee, 'crown-whorl', 'hello, not a picture', 'sheet.jpg');
    expect(notImage.status).toBe(400);
    expect((await notImage.json()).error).toMatch(/not a photo we can read/);
    const wrong = await upload(trainee, 'frontal-hairline', photo);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatch(/sheet for another template \(crown-whorl\)/);
    const empty = await trainee.request('/api/drill/crown-whorl/photo', {
      method: 'POST',
      body: new FormData(),
      headers: { origin: trainee.baseUrl },
    });
    expect(empty.status).toBe(400);
    expect(photoCount()).toBe(before);
  }, 60_000);

  it('detects the impressions and keeps the photo upright with no metadata', async () => {
    const trainee = await as('trainee@demo.stipple.test');
    const res = await upload(trainee, 'crown-whorl', photo);
    expect(res.status).toBe(201);
    uploaded = await res.json();
    const found = uploaded.dots.map(([x, y]) => ({ x, y }));
    const m = compareDots(truth, found);
    expect(m.recall).toBeGreaterThanOrEqual(0.95);
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
    const stored = await trainee.get(`/api/drill/photos/${uploaded.photoId}/photo.jpg`);
    expect(stored.status).toBe(200);
    expect(stored.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await stored.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([4000, 3000]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    const rectified = await trainee.get(uploaded.rectifiedUrl);
    const rm = await sharp(Buffer.from(await rectified.arrayBuffer())).metadata();
    expect([rm.width, rm.height]).toEqual([crown.width * 8, crown.height * 8]);
  }, 60_000);

  it('shows a photo only to its trainee before it is submitted', async () => {
    const url = `/api/drill/photos/${uploaded.photoId}/photo.jpg`;
    expect((await (await as('other.trainee@demo.test')).get(url)).status).toBe(404);
    expect((await (await as('instructor@demo.stipple.test')).get(url)).status).toBe(404);
    expect((await (await as('instructor@northline.test')).get(url)).status).toBe(404);
    const other = await (await as('other.trainee@demo.test')).postJson(uploaded.submitUrl, { removed: [] });
    expect(other.status).toBe(404);
  });

  it('submits the corrected impressions, scored by the server, and leaves the canvas draft alone', async () => {
    const trainee = await as('trainee@demo.stipple.test');
    const draft = await trainee.postJson('/api/drill/crown-whorl/draft', { dots: [[50, 50, 0, 0.3]] }, 'PUT');
    expect(draft.status).toBe(200);
    const bad = await trainee.postJson(uploaded.submitUrl, { removed: [uploaded.dots.length] });
    expect(bad.status).toBe(400);
    const corrections = { removed: [0, 1], added: [[50.5, 49.5]] as [number, number][] };
    const res = await trainee.postJson(uploaded.submitUrl, corrections);
    expect(res.status).toBe(201);
    const body = await res.json();
    const attempt = server.db.select().from(drillAttempts).where(eq(drillAttempts.id, body.attemptId)).get()!;
    expect(attempt.status).toBe('submitted');
    expect(attempt.dotCount).toBe(uploaded.dots.length - 1);
    const dots = correctedDots(crown, uploaded.dots, corrections);
    const expected = scoreDrill(crown, {
      xs: dots.map((d) => d[0]),
      ys: dots.map((d) => d[1]),
      diameters: dots.map((d) => d[3]),
    });
    expect(body.total).toBe(expected.total);
    expect(attempt.total).toBe(expected.total);
    const drafts = server.db.select().from(drillAttempts).where(eq(drillAttempts.status, 'draft')).all();
    expect(drafts.some((d) => d.userId === attempt.userId && d.templateId === 'crown-whorl' && d.dotCount === 1)).toBe(
      true,
    );
    expect((await trainee.postJson(uploaded.submitUrl, corrections)).status).toBe(409);

    const page = await (await trainee.get(`/drill/attempts/${body.attemptId}`)).text();
    expect(page).toContain('From a photo of practice sheet');
    expect(page).toContain('the trainee removed 2 and added 1');
  }, 60_000);

  it('lets the academy’s instructor review it beside the photo; other academies see nothing', async () => {
    const row = server.db.select().from(drillPhotos).where(eq(drillPhotos.id, uploaded.photoId)).get()!;
    const instructor = await as('instructor@demo.stipple.test');
    expect((await instructor.get(`/api/drill/photos/${uploaded.photoId}/photo.jpg`)).status).toBe(200);
    const review = await instructor.get(`/instructor/review/${row.attemptId}`);
    expect(review.status).toBe(200);
    const html = await review.text();
    expect(html).toContain('From a photo of practice sheet');
    expect(html).toContain(`/api/drill/photos/${uploaded.photoId}/rectified.jpg`);
    expect(html).toContain('"fromPhoto":true'); // replay says the impressions come from a photo
    const queue = await (await instructor.get('/instructor?order=newest&template=crown-whorl')).text();
    const text = queue.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toMatch(/Jamie Lee Crown and whorl just now \d+ (passing|not passing)/);
    const outsider = await as('instructor@northline.test');
    expect((await outsider.get(`/api/drill/photos/${uploaded.photoId}/photo.jpg`)).status).toBe(404);
    expect((await outsider.get(`/api/drill/photos/${uploaded.photoId}/rectified.jpg`)).status).toBe(404);
    expect((await outsider.get(`/instructor/review/${row.attemptId}`)).status).toBe(404);
  });

  it('limits uploads to 20 an hour per trainee, counted before the photo is read; others are not affected', async () => {
    const other = await as('other.trainee@demo.test');
    const before = photoCount();
    for (let i = 0; i < 20; i++) expect((await upload(other, 'crown-whorl', `not a photo ${i}`)).status).toBe(400);
    const limited = await upload(other, 'crown-whorl', photo);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited.json()).error).toMatch(/many photos in the last hour/);
    expect(photoCount()).toBe(before);
    const northline = await as('trainee@northline.test');
    expect((await upload(northline, 'crown-whorl', 'not a photo')).status).toBe(400);
  }, 60_000);
});
