import { describe, expect, it } from 'vitest';
import { correctedDots, correctionsSchema, type DetectedDot } from '../../../src/lib/photo/corrections.ts';
import { fitHomography, invert, project } from '../../../src/lib/photo/homography.ts';
import { blobOptionsFor, findImpressions } from '../../../src/lib/photo/impressions.ts';
import {
  decodeSheetCode,
  encodeSheetCode,
  MARKER_IDS,
  PAPERS,
  placeOnPaper,
  sheetCodeFor,
  sheetGeometry,
  traineeOfSheet,
} from '../../../src/lib/photo/sheet-layout.ts';
import { allTemplates, template } from '../../support/templates.ts';

describe('the sheet layout', () => {
  it('fits every template on A4 and Letter with the marks outside the canvas, in clockwise id order', () => {
    for (const t of allTemplates())
      for (const paper of Object.keys(PAPERS) as (keyof typeof PAPERS)[]) {
        const g = sheetGeometry(t.width, t.height);
        expect(placeOnPaper(g, paper).fits, `${t.id} on ${paper}`).toBe(true);
        expect(g.markers.map((m) => m.id)).toEqual([...MARKER_IDS]);
        for (const m of g.markers)
          for (const [x, y] of m.corners) expect(x < 0 || y < 0 || x > t.width || y > t.height).toBe(true);
        expect(g.qr.y).toBeGreaterThan(t.height);
      }
  });

  it('round-trips the QR text and refuses text that is not a sheet code', () => {
    const code = { templateId: 'crown-whorl', version: 3, sheet: sheetCodeFor(42, 1_790_000_000_000) };
    expect(decodeSheetCode(encodeSheetCode(code))).toEqual(code);
    expect(traineeOfSheet(code.sheet)).toBe(42);
    expect(decodeSheetCode('https://example.com')).toBeNull();
    expect(decodeSheetCode('STIPPLE-SHEET;t=../etc;v=1;s=A')).toBeNull();
  });
});

describe('homographies', () => {
  it('recovers a perspective map from four or more pairs and inverts it', () => {
    const h = Float64Array.of(9.1, 1.4, 510, -0.7, 10.2, 260, 0.0006, -0.0003, 1);
    const from: [number, number][] = [
      [-16, -16],
      [164, -16],
      [164, 106],
      [-16, 106],
      [80, 45],
    ];
    const fitted = fitHomography(
      from,
      from.map(([x, y]) => project(h, x, y)),
    )!;
    for (const [x, y] of from) {
      const [u, v] = project(fitted, x, y);
      const [a, b] = project(h, x, y);
      expect(Math.hypot(u - a, v - b)).toBeLessThan(1e-6);
      const back = project(invert(fitted), u, v);
      expect(Math.hypot(back[0] - x, back[1] - y)).toBeLessThan(1e-6);
    }
  });

  it('refuses too few pairs and points on one line', () => {
    expect(fitHomography([[0, 0]], [[1, 1]])).toBeNull();
    const line: [number, number][] = [0, 1, 2, 3, 4].map((i) => [i, i]);
    expect(fitHomography(line, line)).toBeNull();
  });
});

describe('dark blobs', () => {
  const p = 8;
  const blank = (w: number, h: number) => ({
    width: w * p,
    height: h * p,
    pxPerMm: p,
    data: new Float32Array(w * p * h * p),
  });
  const disc = (img: ReturnType<typeof blank>, x: number, y: number, r: number, v: number) => {
    for (let j = 0; j < img.height; j++)
      for (let i = 0; i < img.width; i++) {
        const d = Math.hypot((i + 0.5) / p - x, (j + 0.5) / p - y);
        if (d <= r) img.data[j * img.width + i] = Math.max(img.data[j * img.width + i]!, v * (1 - (d / r) ** 4));
      }
  };

  it('finds impressions at their millimetres and ignores a light line, a long dark stroke and specks', () => {
    const img = blank(20, 10);
    disc(img, 4.3, 3.1, 0.25, 0.6);
    disc(img, 12.05, 7.4, 0.3, 0.35);
    // A template line, lighter than the grow threshold.
    for (let i = 0; i < img.width; i++) img.data[5 * p * img.width + i] = 0.05;
    // A dark stroke (handwriting): long and thin.
    for (let i = 2 * p; i < 9 * p; i++) img.data[8 * p * img.width + i] = 0.7;
    // A speck of one pixel.
    img.data[2 * p * img.width + 17 * p] = 0.9;
    const found = findImpressions(img, blobOptionsFor(0.3));
    expect(found).toHaveLength(2);
    const [a, b] = found.sort((u, v) => u.x - v.x);
    expect(Math.hypot(a!.x - 4.3, a!.y - 3.1)).toBeLessThan(0.07);
    expect(Math.hypot(b!.x - 12.05, b!.y - 7.4)).toBeLessThan(0.07);
    expect(a!.confidence).toBeGreaterThan(b!.confidence);
  });
});

describe('corrections', () => {
  const t = template('crown-whorl');
  const detected: DetectedDot[] = [
    [10, 10, 0.31, 0.9],
    [20, 20, 0.3, 0.2],
    [30, 30, 9, 0.8],
  ];

  it('removes, adds with the template diameter, and keeps diameters within what can be stored', () => {
    const c = correctionsSchema(t, detected.length).parse({ removed: [1, 1], added: [[40, 41]] });
    expect(c.removed).toEqual([1]);
    expect(correctedDots(t, detected, c)).toEqual([
      [10, 10, 0, 0.31],
      [30, 30, 0, 3],
      [40, 41, 0, t.impressionDiameterMm],
    ]);
  });

  it('refuses a removal of an impression that was not detected and an addition off the canvas', () => {
    expect(correctionsSchema(t, 3).safeParse({ removed: [3] }).success).toBe(false);
    expect(correctionsSchema(t, 3).safeParse({ added: [[t.width + 1, 5]] }).success).toBe(false);
    expect(correctionsSchema(t, 3).safeParse({ added: [['a', 5]] }).success).toBe(false);
  });
});
