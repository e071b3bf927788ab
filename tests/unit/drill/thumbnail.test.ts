import { describe, expect, it } from 'vitest';
import type { StoredDot } from '../../../src/lib/drill/dots.ts';
import { seededRng } from '../../../src/lib/drill/patterns.ts';
import { thumbnailSvg } from '../../../src/lib/drill/thumbnail.ts';

const template = {
  width: 100,
  height: 60,
  region: [
    [10, 10],
    [90, 10],
    [90, 50],
    [10, 50],
  ] as Array<[number, number]>,
  holes: [],
};
const dots = (n: number, seed: number): StoredDot[] => {
  const random = seededRng(seed);
  return Array.from({ length: n }, (_, i) => [10 + random() * 80, 10 + random() * 40, i * 500, 0.3]);
};

describe('attempt thumbnails', () => {
  it('draws every impression of a small canvas and a labelled standalone SVG', () => {
    const svg = thumbnailSvg(template, dots(40, 1), 'Attempt <1> & "2"');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('aria-label="Attempt &#60;1&#62; &#38; &#34;2&#34;"');
    expect(svg.match(/M[\d.-]+ [\d.-]+a/g)).toHaveLength(40);
  });

  it('stays bounded by the thumbnail size, not the number of impressions', () => {
    const sizes = [5_000, 20_000, 80_000].map((n) => thumbnailSvg(template, dots(n, n), 'x').length);
    // The thumbnail has 120 × 72 cells of 2 × 2 pixels: the drawing grows far slower than the impressions and stops growing.
    expect(sizes[1]! / sizes[0]!).toBeLessThan(1.8);
    expect(sizes[2]! / sizes[1]!).toBeLessThan(1.1);
    expect(sizes[2]!).toBeLessThan(120 * 72 * 60);
  });
});
