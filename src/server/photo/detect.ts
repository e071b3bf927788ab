/**
 * Reads a photo of a worked practice sheet: sharp decodes it (EXIF orientation applied),
 * js-aruco2 finds the four registration marks, a homography fitted to their corners maps
 * the template's millimetres onto the photo, jsQR reads the sheet's QR code from a rectified
 * crop, and the canvas is rectified to a millimetre grid where dark blobs are found against
 * the local paper brightness (src/lib/photo/impressions.ts). An unusable photo gets a reason a
 * person can act on.
 */
import { createRequire } from 'node:module';
import jsQR from 'jsqr';
import sharp, { type Metadata } from 'sharp';
import { fail, ok, type Result } from '../../lib/errors.ts';
import type { Template } from '../../lib/drill/template.ts';
import { fitHomography, project, type Homography } from '../../lib/photo/homography.ts';
import { blobOptionsFor, findImpressions, type DetectedImpression } from '../../lib/photo/impressions.ts';
import {
  decodeSheetCode,
  MARKER_DICTIONARY,
  MARKER_MM,
  sheetGeometry,
  type SheetCode,
} from '../../lib/photo/sheet-layout.ts';

const require = createRequire(import.meta.url);
interface ArucoMarker {
  id: number;
  corners: { x: number; y: number }[];
}
const { AR } = require('js-aruco2') as {
  AR: {
    Detector: new (config: { dictionaryName: string; maxHammingDistance?: number }) => {
      detect(image: { width: number; height: number; data: Uint8ClampedArray }): ArucoMarker[];
    };
  };
};

/** Largest photo accepted (bytes). */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
/** Largest photo accepted (pixels): bigger declared sizes are refused before decoding (decompression bombs). */
export const MAX_PHOTO_PIXELS = 50_000_000;
/** Formats accepted, by content. */
export const PHOTO_FORMATS = ['jpeg', 'png', 'webp', 'heif'] as const;
/** Photo resolution on the sheet below which 0.3 mm impressions blur away (pixels per mm). */
export const MIN_PX_PER_MM = 5;
/** Resolution of the rectified canvas (pixels per mm). */
export const RECTIFIED_PX_PER_MM = 8;

/** What a photo of a sheet gave. */
export interface SheetDetection {
  dots: DetectedImpression[];
  sheet: SheetCode;
  /** Marks found (3 or 4). */
  marks: number;
  /** Photo resolution on the sheet (pixels per mm) and the marks' fit error (mm). */
  pxPerMm: number;
  fitErrorMm: number;
  /** The canvas rectified to the template (greyscale JPEG, RECTIFIED_PX_PER_MM). */
  rectified: Buffer;
  ms: number;
  /** Milliseconds per stage: decode, marks, qr, rectify, background, blobs. */
  stages: Record<string, number>;
}

/** A decoded photo: greyscale pixels, orientation applied. */
interface Grey {
  width: number;
  height: number;
  data: Buffer;
}

/** Checks a photo by its content and decodes it to greyscale with EXIF orientation applied. */
export async function decodePhoto(photo: Buffer): Promise<Result<Grey>> {
  if (photo.length > MAX_PHOTO_BYTES) return fail('too_large', 'The photo is larger than 15 MB: send a smaller one.');
  let meta: Metadata;
  try {
    meta = await sharp(photo, { limitInputPixels: false }).metadata();
  } catch {
    return fail('invalid', 'This file is not a photo we can read: send a JPEG or PNG picture of the sheet.');
  }
  const format = meta.format;
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (!format || !(PHOTO_FORMATS as readonly string[]).includes(format))
    return fail('invalid', `A ${format ?? 'file of this kind'} is not a photo we can read: send a JPEG or PNG.`);
  if (pixels > MAX_PHOTO_PIXELS)
    return fail('too_large', 'The picture has more than 50 megapixels: send it at the camera’s normal size.');
  try {
    const { data, info } = await sharp(photo, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'truncated' })
      .autoOrient()
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return ok({ width: info.width, height: info.height, data });
  } catch {
    return fail('invalid', 'The photo is damaged or cut short: take or send it again.');
  }
}

/** The photo as it is kept: orientation applied, every metadata field (GPS, camera, time) dropped, JPEG. */
export async function cleanPhoto(photo: Buffer): Promise<Buffer> {
  return sharp(photo, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'truncated' })
    .autoOrient()
    .resize({ width: 4000, height: 4000, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Finds the marks at one working size; returns them in full-resolution pixels. */
async function findMarks(grey: Grey, longSide: number): Promise<ArucoMarker[]> {
  const scale = Math.min(1, longSide / Math.max(grey.width, grey.height));
  const w = Math.round(grey.width * scale);
  const h = Math.round(grey.height * scale);
  const small =
    scale === 1
      ? grey.data
      : await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
          .resize(w, h)
          .toColourspace('b-w')
          .raw()
          .toBuffer();
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0, j = 0; i < w * h; i++, j += 4) rgba[j] = rgba[j + 1] = rgba[j + 2] = small[i]!;
  const detector = new AR.Detector({ dictionaryName: MARKER_DICTIONARY });
  const sx = grey.width / w;
  const sy = grey.height / h;
  return detector.detect({ width: w, height: h, data: rgba }).map((m) => ({
    id: m.id,
    corners: m.corners.map((c) => ({ x: (c.x + 0.5) * sx - 0.5, y: (c.y + 0.5) * sy - 0.5 })),
  }));
}

/**
 * Whether a photo is too blurred to read: the steepest edges (99.9th percentile of the
 * gradient at 1000 px) against the photo's tonal range. A sharp printed edge spans about
 * two thirds of the range in one pixel; a blurred one far less.
 */
async function looksBlurred(grey: Grey): Promise<boolean> {
  const scale = Math.min(1, 1000 / Math.max(grey.width, grey.height));
  const w = Math.round(grey.width * scale);
  const h = Math.round(grey.height * scale);
  const d = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .resize(w, h)
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  const grads = new Uint32Array(256);
  const tones = new Uint32Array(256);
  for (let j = 1; j < h; j++)
    for (let i = 1; i < w; i++) {
      const k = j * w + i;
      const v = d[k]!;
      tones[v]!++;
      grads[Math.max(Math.abs(v - d[k - 1]!), Math.abs(v - d[k - w]!))]!++;
    }
  const quantile = (hist: Uint32Array, q: number) => {
    const total = hist.reduce((a, b) => a + b, 0);
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += hist[v]!) >= q * total) return v;
    return 255;
  };
  const range = quantile(tones, 0.99) - quantile(tones, 0.01);
  return range >= 40 && quantile(grads, 0.999) / range < 0.35;
}

/** Re-finds each mark in a full-resolution crop around it, for corners to the pixel of the photo. */
function refineMarks(grey: Grey, marks: ArucoMarker[]): ArucoMarker[] {
  const detector = new AR.Detector({ dictionaryName: MARKER_DICTIONARY });
  return marks.map((m) => {
    const xs = m.corners.map((c) => c.x);
    const ys = m.corners.map((c) => c.y);
    const size = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    const x0 = Math.max(0, Math.floor(Math.min(...xs) - size * 0.5));
    const y0 = Math.max(0, Math.floor(Math.min(...ys) - size * 0.5));
    const x1 = Math.min(grey.width, Math.ceil(Math.max(...xs) + size * 0.5));
    const y1 = Math.min(grey.height, Math.ceil(Math.max(...ys) + size * 0.5));
    const w = x1 - x0;
    const h = y1 - y0;
    if (w < 16 || h < 16) return m;
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let j = 0; j < h; j++)
      for (let i = 0; i < w; i++) {
        const v = grey.data[(y0 + j) * grey.width + x0 + i]!;
        const k = (j * w + i) * 4;
        rgba[k] = rgba[k + 1] = rgba[k + 2] = v;
      }
    const again = detector.detect({ width: w, height: h, data: rgba }).find((k) => k.id === m.id);
    if (!again) return m;
    return { id: m.id, corners: again.corners.map((c) => ({ x: c.x + x0, y: c.y + y0 })) };
  });
}

/** Samples the photo through a homography onto a grid of `p` px/mm over [x0, x0+w] × [y0, y0+h] mm (bilinear). */
function rectify(grey: Grey, hm: Homography, x0: number, y0: number, wMm: number, hMm: number, p: number) {
  const W = Math.round(wMm * p);
  const Ht = Math.round(hMm * p);
  const out = new Uint8Array(W * Ht);
  const { width: gw, height: gh, data } = grey;
  for (let j = 0; j < Ht; j++) {
    const y = y0 + (j + 0.5) / p;
    for (let i = 0; i < W; i++) {
      const x = x0 + (i + 0.5) / p;
      const wq = hm[6]! * x + hm[7]! * y + hm[8]!;
      const u = (hm[0]! * x + hm[1]! * y + hm[2]!) / wq;
      const v = (hm[3]! * x + hm[4]! * y + hm[5]!) / wq;
      const ix = Math.floor(u);
      const iy = Math.floor(v);
      if (ix < 0 || iy < 0 || ix >= gw - 1 || iy >= gh - 1) {
        out[j * W + i] = 0;
        continue;
      }
      const fx = u - ix;
      const fy = v - iy;
      const k = iy * gw + ix;
      const top = data[k]! + (data[k + 1]! - data[k]!) * fx;
      const bottom = data[k + gw]! + (data[k + gw + 1]! - data[k + gw]!) * fx;
      out[j * W + i] = Math.round(top + (bottom - top) * fy);
    }
  }
  return { width: W, height: Ht, data: out };
}

/** Mean absolute horizontal+vertical gradient over the image, relative to its contrast: low when blurred. */
function sharpness(img: { width: number; height: number; data: Uint8Array }): number {
  const { width: w, height: h, data } = img;
  let g = 0;
  let min = 255;
  let max = 0;
  for (let j = 1; j < h; j++)
    for (let i = 1; i < w; i++) {
      const k = j * w + i;
      const v = data[k]!;
      g += Math.max(Math.abs(v - data[k - 1]!), Math.abs(v - data[k - w]!));
      if (v < min) min = v;
      if (v > max) max = v;
    }
  return g / ((w - 1) * (h - 1)) / Math.max(1, max - min);
}

/** Reads a sheet's QR code anywhere in the photo (slow path, only when the marks do not fit this template). */
async function qrAnywhere(grey: Grey): Promise<SheetCode | null> {
  const scale = Math.min(1, 1600 / Math.max(grey.width, grey.height));
  const w = Math.round(grey.width * scale);
  const h = Math.round(grey.height * scale);
  const small = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .resize(w, h)
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0, j = 0; i < w * h; i++, j += 4) {
    rgba[j] = rgba[j + 1] = rgba[j + 2] = small[i]!;
    rgba[j + 3] = 255;
  }
  const qr = jsQR(rgba, w, h, { inversionAttempts: 'dontInvert' });
  return qr ? decodeSheetCode(qr.data) : null;
}

/** Why a sheet is not this template's current one, or null when it is. */
function mismatch(code: SheetCode, template: Template): string | null {
  if (code.templateId !== template.id)
    return `This is the sheet for another template (${code.templateId}): upload it on that template’s drill page.`;
  if (code.version !== template.version)
    return `This sheet was printed for version ${code.version} of the template; the template is now version ${template.version}: print a new sheet.`;
  return null;
}

const CORNER_NAMES = ['top-left', 'top-right', 'bottom-right', 'bottom-left'];

/**
 * Detects the impressions on a photo of the template's practice sheet. Fails with a reason
 * a person can act on: not a photo, no sheet, marks cut off, too dark, too blurred, the QR
 * code unreadable, or the sheet of another template or version.
 */
export async function detectSheet(photo: Buffer, template: Template): Promise<Result<SheetDetection>> {
  const t0 = performance.now();
  const stages: Record<string, number> = {};
  let last = t0;
  const stage = (name: string) => {
    const now = performance.now();
    stages[name] = Math.round((now - last) * 10) / 10;
    last = now;
  };
  const decoded = await decodePhoto(photo);
  stage('decode');
  if (!decoded.ok) return decoded;
  const grey = decoded.value;
  const g = sheetGeometry(template.width, template.height);
  const wanted = new Map(g.markers.map((m) => [m.id, m]));
  let marks: ArucoMarker[] = [];
  for (const side of [1000, 1800, 3000]) {
    const found = (await findMarks(grey, side)).filter((m) => wanted.has(m.id));
    const unique = [...new Map(found.map((m) => [m.id, m])).values()];
    if (unique.length > marks.length) marks = unique;
    if (marks.length === 4) break;
  }
  marks = refineMarks(grey, marks);
  stage('marks');
  if (marks.length === 0) {
    let sum = 0;
    for (let i = 0; i < grey.data.length; i += 97) sum += grey.data[i]!;
    const mean = sum / Math.ceil(grey.data.length / 97);
    if (mean < 40)
      return fail('invalid', 'The photo is too dark to find the sheet: take it again in good, even light.');
    if (await looksBlurred(grey))
      return fail(
        'invalid',
        'The photo is too blurred: hold the phone steady, let it focus on the sheet and take it again.',
      );
    return fail(
      'invalid',
      'No practice sheet found in this photo: photograph the whole printed sheet, flat, with its four black corner squares in view.',
    );
  }
  if (marks.length < 3) {
    const missing = g.markers.filter((m) => !marks.some((k) => k.id === m.id)).map((m) => g.markers.indexOf(m));
    return fail(
      'invalid',
      `The sheet's marks are cut off (${missing.map((i) => CORNER_NAMES[i]).join(', ')} not found): step back so all four black corner squares are in the photo.`,
    );
  }
  const from: [number, number][] = [];
  const to: [number, number][] = [];
  for (const m of marks) {
    const place = wanted.get(m.id)!;
    m.corners.forEach((c, i) => {
      from.push(place.corners[i]!);
      to.push([c.x, c.y]);
    });
  }
  const hm = fitHomography(from, to);
  if (!hm) return fail('invalid', 'The sheet’s marks could not be lined up: photograph the sheet flat and from above.');
  // Fit error in mm: how far each mark corner lands from where the fit puts it, measured on the sheet.
  let err = 0;
  const pxPerMm =
    Math.hypot(
      ...(() => {
        const [a, b] = [project(hm, 0, 0), project(hm, MARKER_MM, 0)];
        return [b[0] - a[0], b[1] - a[1]] as [number, number];
      })(),
    ) / MARKER_MM;
  for (let k = 0; k < from.length; k++) {
    const [u, v] = project(hm, from[k]![0], from[k]![1]);
    err += Math.hypot(u - to[k]![0], v - to[k]![1]);
  }
  const fitErrorMm = err / from.length / pxPerMm;
  if (fitErrorMm > 1.2) {
    const other = await qrAnywhere(grey);
    const why = other && mismatch(other, template);
    if (why) return fail('invalid', why);
    return fail(
      'invalid',
      'The sheet is not flat in this photo (bent or curled): lay it flat and photograph it from above.',
    );
  }
  if (pxPerMm < MIN_PX_PER_MM)
    return fail(
      'invalid',
      'The sheet is too small in this photo to see every impression: move closer so the sheet fills the picture, at the camera’s full resolution.',
    );

  // The QR code, read from a rectified crop with its quiet zone.
  const qz = 4;
  const qrImg = rectify(grey, hm, g.qr.x - qz, g.qr.y - qz, g.qr.size + 2 * qz, g.qr.size + 2 * qz, 8);
  const rgba = new Uint8ClampedArray(qrImg.width * qrImg.height * 4);
  for (let i = 0, j = 0; i < qrImg.data.length; i++, j += 4) {
    rgba[j] = rgba[j + 1] = rgba[j + 2] = qrImg.data[i]!;
    rgba[j + 3] = 255;
  }
  const qr = jsQR(rgba, qrImg.width, qrImg.height, { inversionAttempts: 'dontInvert' });
  const code = qr ? decodeSheetCode(qr.data) : null;
  stage('qr');
  if (!code) {
    const other = await qrAnywhere(grey);
    const why = other && mismatch(other, template);
    if (why) return fail('invalid', why);
    const s = sharpness(qrImg);
    if (s < 0.08)
      return fail(
        'invalid',
        'The photo is too blurred: hold the phone steady, let it focus on the sheet and take it again.',
      );
    return fail(
      'invalid',
      'The sheet’s QR code could not be read: keep it uncovered and in good light, and make sure this is a Stipple practice sheet.',
    );
  }
  const why = mismatch(code, template);
  if (why) return fail('invalid', why);

  // The canvas, rectified; darkness against the local paper brightness.
  const p = RECTIFIED_PX_PER_MM;
  const canvas = rectify(grey, hm, 0, 0, template.width, template.height, p);
  stage('rectify');
  const raw = { raw: { width: canvas.width, height: canvas.height, channels: 1 as const } };
  // Paper brightness: a median over ~2.5 mm at a quarter of the resolution ignores impressions and keeps shading.
  const q = { width: Math.ceil(canvas.width / 4), height: Math.ceil(canvas.height / 4) };
  const coarse = await sharp(canvas.data, raw)
    .resize(q.width, q.height)
    .median(5)
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  const paper = await sharp(coarse, { raw: { ...q, channels: 1 } })
    .resize(canvas.width, canvas.height)
    .blur(2)
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  let paperSum = 0;
  for (let i = 0; i < paper.length; i += 13) paperSum += paper[i]!;
  if (paperSum / Math.ceil(paper.length / 13) < 45)
    return fail(
      'invalid',
      'The photo is too dark: take it again in good, even light, without your shadow on the sheet.',
    );
  stage('background');
  const dark = new Float32Array(canvas.data.length);
  for (let i = 0; i < dark.length; i++) dark[i] = Math.max(0, 1 - canvas.data[i]! / Math.max(1, paper[i]!));
  const dots = findImpressions(
    { width: canvas.width, height: canvas.height, pxPerMm: p, data: dark },
    blobOptionsFor(template.impressionDiameterMm),
  );
  stage('blobs');
  const rectified = await sharp(canvas.data, raw).toColourspace('b-w').jpeg({ quality: 85 }).toBuffer();
  return ok({
    dots,
    sheet: code,
    marks: marks.length,
    pxPerMm,
    fitErrorMm,
    rectified,
    ms: performance.now() - t0,
    stages,
  });
}
