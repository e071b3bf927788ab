/**
 * Detection on photos made from the real practice sheet (tests/support/photo-synth.ts):
 * pdftoppm renders the PDF, impressions are drawn at known millimetres, and a phone-like
 * camera photographs it. Measures precision, recall, position error and score agreement
 * against the known impressions, and checks every unusable-photo reason.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { clustered, naturalWithSoftEdge, rows, type Dots } from '../../src/lib/drill/patterns.ts';
import { scoreDrill } from '../../src/lib/drill/scoring.ts';
import type { Template } from '../../src/lib/drill/template.ts';
import { project } from '../../src/lib/photo/homography.ts';
import { sheetGeometry } from '../../src/lib/photo/sheet-layout.ts';
import { detectSheet } from '../../src/server/photo/detect.ts';
import {
  compareDots,
  drawImpressions,
  photograph,
  randomCamera,
  renderSheet,
  seededRng,
  trueDots,
  type CameraOptions,
} from '../support/photo-synth.ts';
import { tempDir } from '../support/temp.ts';
import { template } from '../support/templates.ts';

const dir = tempDir('stipple-photo-');
const SLOW = 240_000;

interface Case {
  id: string;
  paper: 'a4' | 'letter';
  seed: number;
  pattern: 'natural' | 'clustered' | 'rows';
  camera: Partial<CameraOptions>;
}

async function makePhoto(c: Case) {
  const t = template(c.id);
  const rng = seededRng(c.seed * 7919);
  const pat: Dots =
    c.pattern === 'clustered'
      ? clustered(t, 500, 12, 3, rng)
      : c.pattern === 'rows'
        ? rows(t, rng)
        : naturalWithSoftEdge(t, rng);
  const dots = trueDots(pat.xs, pat.ys, t, rng);
  const sheet = await drawImpressions(await renderSheet(t, c.paper), dots, rng);
  const cam = randomCamera(rng, c.camera);
  const shot = await photograph(sheet, cam, rng);
  return { t, dots, cam, sheet, ...shot };
}

const measured: string[] = [];
afterAll(() => {
  if (measured.length) console.log(['Photo detection on synthetic phone photos:', ...measured].join('\n'));
});

describe('detection on synthetic phone photos of the real sheet', () => {
  const jitter = (base: number, seed: number) => base + ((seed * 37) % 21) - 10;
  const cases: Case[] = [
    { id: 'frontal-hairline', paper: 'a4', seed: 1, pattern: 'natural', camera: { rotation: jitter(90, 1) } },
    { id: 'crown-whorl', paper: 'letter', seed: 2, pattern: 'natural', camera: { rotation: jitter(180, 2) } },
    { id: 'diffuse-top', paper: 'a4', seed: 3, pattern: 'natural', camera: { rotation: jitter(0, 3), tilt: 20 } },
    {
      id: 'scar-patch',
      paper: 'letter',
      seed: 4,
      pattern: 'natural',
      camera: { rotation: jitter(270, 4), quality: 60, blur: 1.5, lightLow: 0.45, cast: [1, 0.9, 0.7] },
    },
    { id: 'crown-whorl', paper: 'a4', seed: 5, pattern: 'clustered', camera: {} },
    { id: 'frontal-hairline', paper: 'letter', seed: 6, pattern: 'rows', camera: { quality: 60 } },
  ];

  it.each(cases)(
    '$id ($pattern, $paper, seed $seed): precision and recall ≥ 0.95 within 0.5 mm, median error ≤ 0.25 mm, score within 5',
    async (c) => {
      const { t, dots, cam, jpeg } = await makePhoto(c);
      const r = await detectSheet(jpeg, t);
      if (!r.ok) throw new Error(r.error.message);
      const found = r.value.dots;
      const m = compareDots(dots, found, 0.5);
      // Impressions that overlap on paper are one mark of ink: recall is judged on those that stand apart.
      const apart = dots.filter(
        (d) => !dots.some((e) => e !== d && Math.hypot(e.x - d.x, e.y - d.y) < 0.5 * (d.d + e.d) + 0.1),
      );
      const separable = compareDots(apart, found, 0.5);
      const truthScore = scoreDrill(t, {
        xs: dots.map((d) => d.x),
        ys: dots.map((d) => d.y),
        diameters: dots.map((d) => d.d),
      }).total;
      const detectedScore = scoreDrill(t, {
        xs: found.map((d) => d.x),
        ys: found.map((d) => d.y),
        diameters: found.map((d) => d.d),
      }).total;
      measured.push(
        `  ${c.id} ${c.pattern} ${c.paper} rot ${cam.rotation.toFixed(0)}° tilt ${cam.tilt.toFixed(0)}° blur ${cam.blur.toFixed(2)} q${cam.quality}: ` +
          `${dots.length} true (${apart.length} apart), ${found.length} found, precision ${m.precision.toFixed(3)}, ` +
          `recall ${m.recall.toFixed(3)} (apart ${separable.recall.toFixed(3)}), ` +
          `median error ${m.medianErrorMm.toFixed(3)} mm, score ${truthScore} true vs ${detectedScore} detected, ${r.value.ms.toFixed(0)} ms`,
      );
      expect(r.value.sheet).toMatchObject({ templateId: t.id, version: t.version });
      expect(m.precision).toBeGreaterThanOrEqual(0.95);
      expect(separable.recall).toBeGreaterThanOrEqual(0.95);
      expect(m.medianErrorMm).toBeLessThanOrEqual(0.25);
      expect(Math.abs(truthScore - detectedScore)).toBeLessThanOrEqual(5);
      for (const d of found) {
        expect(d.confidence).toBeGreaterThan(0);
        expect(d.confidence).toBeLessThanOrEqual(1);
      }
    },
    SLOW,
  );
});

describe('unusable photos get a reason a person can act on', () => {
  const small = { width: 2400, height: 1800 };
  let base: Awaited<ReturnType<typeof makePhoto>> | undefined;
  const photo = async () =>
    (base ??= await makePhoto({
      id: 'crown-whorl',
      paper: 'a4',
      seed: 9,
      pattern: 'natural',
      camera: { ...small, rotation: 102, fill: 0.95 },
    }));
  const reason = async (buf: Buffer, t: Template = template('crown-whorl')) => {
    const r = await detectSheet(buf, t);
    expect(r.ok).toBe(false);
    return r.ok ? '' : r.error.message;
  };

  it(
    'reads the base photo (so the failures below are the changes, not the photo)',
    async () => {
      const p = await photo();
      const r = await detectSheet(p.jpeg, p.t);
      expect(r.ok).toBe(true);
    },
    SLOW,
  );

  it(
    'not an image, a truncated photo, a decompression bomb',
    async () => {
      expect(await reason(Buffer.from('GIF89a… not really'))).toMatch(/not a photo we can read/);
      const p = await photo();
      expect(await reason(p.jpeg.subarray(0, Math.floor(p.jpeg.length * 0.6)))).toMatch(/damaged or cut short/);
      // A PNG header declaring 100 000 × 100 000 pixels, with almost no data behind it.
      const chunk = (type: string, data: Buffer) => {
        const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
        const len = Buffer.alloc(4);
        len.writeUInt32BE(data.length);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(crc32(body));
        return Buffer.concat([len, body, crc]);
      };
      const ihdr = Buffer.alloc(13);
      ihdr.writeUInt32BE(100_000, 0);
      ihdr.writeUInt32BE(100_000, 4);
      ihdr.set([8, 0, 0, 0, 0], 8);
      const bomb = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', ihdr),
        chunk('IDAT', deflateSync(Buffer.alloc(1000))),
        chunk('IEND', Buffer.alloc(0)),
      ]);
      expect(await reason(bomb)).toMatch(/more than 50 megapixels/);
    },
    SLOW,
  );

  it(
    'a photo of something else, a mark covered, too dark, too blurred',
    async () => {
      const p = await photo();
      const table = await sharp({
        create: { width: 2400, height: 1800, channels: 3, background: { r: 120, g: 84, b: 52 } },
      })
        .jpeg()
        .toBuffer();
      expect(await reason(table)).toMatch(/No practice sheet found/);
      // Cover marks with white patches where the camera put them: one covered mark is tolerated, two are not.
      const t = template('crown-whorl');
      const mm = p.sheet.dpi / 25.4;
      const cover = async (which: number[]) => {
        const patches = await Promise.all(
          which.map(async (k) => {
            const mark = sheetGeometry(t.width, t.height).markers[k]!;
            const corners = mark.corners.map(([x, y]) =>
              project(p.sheetToPhoto, p.sheet.origin.x + x * mm, p.sheet.origin.y + y * mm),
            );
            const left = Math.floor(Math.min(...corners.map((c) => c[0]))) - 10;
            const top = Math.floor(Math.min(...corners.map((c) => c[1]))) - 10;
            const width = Math.ceil(Math.max(...corners.map((c) => c[0]))) + 10 - left;
            const height = Math.ceil(Math.max(...corners.map((c) => c[1]))) + 10 - top;
            const input = await sharp({ create: { width, height, channels: 3, background: '#eeeeee' } })
              .png()
              .toBuffer();
            return { input, left, top };
          }),
        );
        return sharp(p.jpeg).composite(patches).jpeg().toBuffer();
      };
      const one = await detectSheet(await cover([1]), t);
      expect(one.ok && one.value.marks).toBe(3);
      expect(one.ok && compareDots(p.dots, one.value.dots).recall).toBeGreaterThanOrEqual(0.95);
      expect(await reason(await cover([1, 2]))).toMatch(/marks are cut off \(top-right, bottom-right not found\)/);
      expect(await reason(await sharp(p.jpeg).linear(0.07, 0).jpeg().toBuffer())).toMatch(/too dark/);
      expect(await reason(await sharp(p.jpeg).blur(5).jpeg().toBuffer())).toMatch(/too blurred/);
    },
    SLOW,
  );

  it(
    'the sheet of another template, or of an older version of this one',
    async () => {
      const p = await photo();
      expect(await reason(p.jpeg, template('frontal-hairline'))).toMatch(/sheet for another template \(crown-whorl\)/);
      const newer = { ...p.t, version: p.t.version + 1 };
      expect(await reason(p.jpeg, newer)).toMatch(
        /printed for version 1 of the template; the template is now version 2/,
      );
    },
    SLOW,
  );
});

describe('npm run detect', () => {
  it(
    'prints one JSON line with the impressions in millimetres and ms; an unusable photo exits 1 with one line',
    async () => {
      const p = await makePhoto({
        id: 'diffuse-top',
        paper: 'a4',
        seed: 11,
        pattern: 'natural',
        camera: {},
      });
      const file = path.join(dir, 'sheet.jpg');
      fs.writeFileSync(file, p.jpeg);
      const ok = spawnSync('npm', ['run', '-s', 'detect', '--', 'diffuse-top', file], { encoding: 'utf8' });
      expect(ok.status, ok.stderr).toBe(0);
      const lines = ok.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const out = JSON.parse(lines[0]!);
      expect(out.ms).toBeGreaterThan(0);
      expect(compareDots(p.dots, out.dots).recall).toBeGreaterThanOrEqual(0.95);
      for (const d of out.dots) expect(Object.keys(d)).toEqual(expect.arrayContaining(['x', 'y']));

      const junk = path.join(dir, 'junk.jpg');
      fs.writeFileSync(junk, 'not a photo');
      const bad = spawnSync('npm', ['run', '-s', 'detect', '--', 'diffuse-top', junk], { encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stdout).toBe('');
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toMatch(/not a photo we can read/);
      const unknown = spawnSync('npm', ['run', '-s', 'detect', '--', 'no-such-template', junk], { encoding: 'utf8' });
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toMatch(/unknown template/);
    },
    SLOW,
  );
});
