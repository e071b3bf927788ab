/**
 * Seeded synthetic phone photos of a worked practice sheet, made from the real sheet PDF:
 * pdftoppm (poppler-utils) renders it, impressions are drawn at known millimetres, then a
 * phone-like camera: rotation (sideways, upside down), perspective tilt, scale, a background
 * around the paper, a lighting gradient, a colour cast, sensor noise, lens blur and JPEG (sharp).
 * Also the matching that turns a detection into precision, recall and position error.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { seededRng, type Rng } from '../../src/lib/drill/patterns.ts';
import type { Template } from '../../src/lib/drill/template.ts';
import { fitHomography, invert, type Homography } from '../../src/lib/photo/homography.ts';
import { PAPERS, placeOnPaper, sheetGeometry, type Paper } from '../../src/lib/photo/sheet-layout.ts';
import { practiceSheetPdf } from '../../src/server/photo/sheet-pdf.ts';

/** A rendered sheet: RGB pixels at `dpi`, and where the template's (0, 0) lies on it (px). */
export interface RenderedSheet {
  width: number;
  height: number;
  dpi: number;
  data: Buffer;
  origin: { x: number; y: number };
}

const renders = new Map<string, RenderedSheet>();

/** Renders the template's real sheet PDF with pdftoppm (cached per template, paper, dpi). */
export async function renderSheet(
  t: Template,
  paper: Paper = 'a4',
  dpi = 300,
  sheet = 'TEST-1',
): Promise<RenderedSheet> {
  const key = `${t.id}/${t.version}/${paper}/${dpi}/${sheet}`;
  const hit = renders.get(key);
  if (hit) return hit;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stipple-sheet-'));
  try {
    fs.writeFileSync(path.join(dir, 's.pdf'), await practiceSheetPdf(t, { paper, sheet }));
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', path.join(dir, 's.pdf'), path.join(dir, 's')]);
    const { data, info } = await sharp(path.join(dir, 's.png'))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at = placeOnPaper(sheetGeometry(t.width, t.height), paper);
    const mm = dpi / 25.4;
    const r = { width: info.width, height: info.height, dpi, data, origin: { x: at.x * mm, y: at.y * mm } };
    renders.set(key, r);
    return r;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An impression drawn on the sheet (mm) with its diameter. */
export interface TrueDot {
  x: number;
  y: number;
  d: number;
}

/** Draws impressions (near-black discs, slightly irregular in size and tone) onto a rendered sheet. */
export async function drawImpressions(sheet: RenderedSheet, dots: TrueDot[], rng: Rng): Promise<RenderedSheet> {
  const mm = sheet.dpi / 25.4;
  const circles = dots
    .map((d) => {
      const tone = Math.round(10 + rng() * 40);
      return `<circle cx="${(sheet.origin.x + d.x * mm).toFixed(2)}" cy="${(sheet.origin.y + d.y * mm).toFixed(2)}" r="${((d.d / 2) * mm).toFixed(2)}" fill="rgb(${tone},${tone},${tone + 8})"/>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${sheet.width}" height="${sheet.height}">${circles}</svg>`;
  const data = await sharp(sheet.data, { raw: { width: sheet.width, height: sheet.height, channels: 3 } })
    .composite([{ input: Buffer.from(svg) }])
    .removeAlpha()
    .raw()
    .toBuffer();
  return { ...sheet, data };
}

/** What the synthetic camera does. */
export interface CameraOptions {
  /** Output size (px); 4000 × 3000 is a 12-megapixel phone photo. */
  width: number;
  height: number;
  /** In-plane rotation of the sheet (degrees, any). */
  rotation: number;
  /** Perspective tilt (degrees, 0–25). */
  tilt: number;
  /** Share of the frame's short side the sheet's long side… fills (0.5–0.95). */
  fill: number;
  /** Light falls from 1 to this across the sheet (0.4–1). */
  lightLow: number;
  /** Per-channel gain (a colour cast), e.g. [1, 0.92, 0.78] warm. */
  cast: [number, number, number];
  /** Gaussian sensor noise (grey levels) and lens blur (sigma, px). */
  noise: number;
  blur: number;
  /** JPEG quality. */
  quality: number;
}

/** A plausible random phone camera for a seed. */
export function randomCamera(rng: Rng, overrides: Partial<CameraOptions> = {}): CameraOptions {
  const casts: [number, number, number][] = [
    [1, 0.93, 0.78],
    [0.85, 0.95, 1],
    [0.95, 1, 0.88],
    [1, 1, 1],
  ];
  return {
    width: 4000,
    height: 3000,
    rotation: rng() * 360,
    tilt: 5 + rng() * 15,
    fill: 0.75 + rng() * 0.15,
    lightLow: 0.55 + rng() * 0.3,
    cast: casts[Math.floor(rng() * casts.length)]!,
    noise: 3,
    blur: 0.8 + rng() * 0.7,
    quality: 80,
    ...overrides,
  };
}

/** A photo and the map from sheet render pixels to photo pixels. */
export interface SyntheticPhoto {
  jpeg: Buffer;
  sheetToPhoto: Homography;
}

/** Photographs a rendered sheet with the camera: one JPEG. */
export async function photograph(sheet: RenderedSheet, cam: CameraOptions, rng: Rng): Promise<SyntheticPhoto> {
  const { width: W, height: H } = cam;
  // Where the paper's corners land: rotate, scale to fit, then tilt (the far edge shrinks).
  const th = (cam.rotation * Math.PI) / 180;
  const c = Math.cos(th);
  const s = Math.sin(th);
  const corners: [number, number][] = [
    [0, 0],
    [sheet.width, 0],
    [sheet.width, sheet.height],
    [0, sheet.height],
  ];
  const rot = corners.map(([x, y]) => {
    const dx = x - sheet.width / 2;
    const dy = y - sheet.height / 2;
    return [dx * c - dy * s, dx * s + dy * c] as [number, number];
  });
  const ext = Math.max(...rot.map(([x]) => Math.abs(x))) / (W / 2);
  const eyt = Math.max(...rot.map(([, y]) => Math.abs(y))) / (H / 2);
  const k = cam.fill / Math.max(ext, eyt);
  const shrink = Math.tan((cam.tilt * Math.PI) / 180) * 0.9;
  const dest = rot.map(([x, y]) => {
    // Tilt about the horizontal axis: points higher in the frame are farther away.
    const depth = 1 + ((shrink * (-y * k)) / (H / 2)) * 0.5;
    return [W / 2 + (x * k) / depth, H / 2 + (y * k) / depth] as [number, number];
  });
  const sheetToPhoto = fitHomography(corners, dest)!;
  const back = invert(sheetToPhoto);
  const out = Buffer.alloc(W * H * 3);
  const { width: sw, height: sh, data } = sheet;
  const gx = Math.cos(rng() * 6.283);
  const gy = Math.sin(rng() * 6.283);
  const [cr, cg, cb] = cam.cast;
  // Sensor noise from a table of Gaussian values, walked with a seeded stride (fast, still seeded).
  const table = Float32Array.from(
    { length: 65536 },
    () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(6.283 * rng()),
  );
  let nk = Math.floor(rng() * 65536);
  const stride = 7919 + 2 * Math.floor(rng() * 1000);
  const gauss = () => table[(nk = (nk + stride) & 65535)]!;
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      const w = back[6]! * i + back[7]! * j + back[8]!;
      const u = (back[0]! * i + back[1]! * j + back[2]!) / w;
      const v = (back[3]! * i + back[4]! * j + back[5]!) / w;
      const light = cam.lightLow + (1 - cam.lightLow) * (0.5 + 0.5 * ((i / W - 0.5) * gx + (j / H - 0.5) * gy) * 1.4);
      const o = (j * W + i) * 3;
      let r: number;
      let g: number;
      let b: number;
      const ix = Math.floor(u);
      const iy = Math.floor(v);
      if (ix >= 0 && iy >= 0 && ix < sw - 1 && iy < sh - 1) {
        const fx = u - ix;
        const fy = v - iy;
        const p = (iy * sw + ix) * 3;
        const q = p + sw * 3;
        const w00 = (1 - fx) * (1 - fy);
        const w10 = fx * (1 - fy);
        const w01 = (1 - fx) * fy;
        const w11 = fx * fy;
        r = data[p]! * w00 + data[p + 3]! * w10 + data[q]! * w01 + data[q + 3]! * w11;
        g = data[p + 1]! * w00 + data[p + 4]! * w10 + data[q + 1]! * w01 + data[q + 4]! * w11;
        b = data[p + 2]! * w00 + data[p + 5]! * w10 + data[q + 2]! * w01 + data[q + 5]! * w11;
      } else {
        // A wooden table: brown with a grain.
        const grain = 0.8 + 0.2 * Math.sin(j * 0.02 + Math.sin(i * 0.003) * 4);
        r = 120 * grain;
        g = 84 * grain;
        b = 52 * grain;
      }
      out[o] = Math.max(0, Math.min(255, r * light * cr + cam.noise * gauss()));
      out[o + 1] = Math.max(0, Math.min(255, g * light * cg + cam.noise * gauss()));
      out[o + 2] = Math.max(0, Math.min(255, b * light * cb + cam.noise * gauss()));
    }
  }
  let img = sharp(out, { raw: { width: W, height: H, channels: 3 } });
  if (cam.blur >= 0.3) img = img.blur(cam.blur);
  return { jpeg: await img.jpeg({ quality: cam.quality }).toBuffer(), sheetToPhoto };
}

/** Random impressions: the template's natural pattern, diameters around the template's. */
export function trueDots(xs: number[], ys: number[], t: Template, rng: Rng): TrueDot[] {
  return xs.map((x, i) => ({ x, y: ys[i]!, d: t.impressionDiameterMm * (0.85 + 0.3 * rng()) }));
}

/** How a detection compares with the truth: matches within `tolerance` mm (nearest first, one to one). */
export function compareDots(truth: { x: number; y: number }[], found: { x: number; y: number }[], tolerance = 0.5) {
  const pairs: [number, number, number][] = [];
  const cell = tolerance;
  const grid = new Map<string, number[]>();
  found.forEach((f, k) => {
    const key = `${Math.floor(f.x / cell)},${Math.floor(f.y / cell)}`;
    (grid.get(key) ?? grid.set(key, []).get(key)!).push(k);
  });
  truth.forEach((t, i) => {
    const cx = Math.floor(t.x / cell);
    const cy = Math.floor(t.y / cell);
    for (let a = -1; a <= 1; a++)
      for (let b = -1; b <= 1; b++)
        for (const k of grid.get(`${cx + a},${cy + b}`) ?? []) {
          const d = Math.hypot(found[k]!.x - t.x, found[k]!.y - t.y);
          if (d <= tolerance) pairs.push([d, i, k]);
        }
  });
  pairs.sort((p, q) => p[0] - q[0]);
  const usedT = new Set<number>();
  const usedF = new Set<number>();
  const errors: number[] = [];
  for (const [d, i, k] of pairs) {
    if (usedT.has(i) || usedF.has(k)) continue;
    usedT.add(i);
    usedF.add(k);
    errors.push(d);
  }
  errors.sort((a, b) => a - b);
  return {
    matched: errors.length,
    precision: found.length ? errors.length / found.length : 1,
    recall: truth.length ? errors.length / truth.length : 1,
    medianErrorMm: errors.length ? errors[Math.floor(errors.length / 2)]! : NaN,
  };
}

/** Re-exported so tests need one import for seeded randomness. */
export { seededRng };
/** The paper sizes, for tests that try both. */
export { PAPERS };
