/**
 * Impressions in a rectified photo: dark blobs in a "darkness" image (1 − pixel / local
 * paper brightness, so uneven lighting and colour casts cancel), grouped into 8-connected
 * components above a threshold, filtered by the expected impression size and shape, and
 * returned in template millimetres with a confidence.
 */

/** A darkness image on the template's grid: pixel (i, j) covers mm [i/p, (i+1)/p) × [j/p, (j+1)/p). */
export interface DarknessImage {
  width: number;
  height: number;
  /** Pixels per millimetre. */
  pxPerMm: number;
  /** 0 (paper) … 1 (black), row-major. */
  data: Float32Array;
}

/** A detected impression (mm), its diameter estimate (mm) and confidence 0…1. */
export interface DetectedImpression {
  x: number;
  y: number;
  d: number;
  confidence: number;
}

/** How blobs are told from template lines, specks and smudges. */
export interface BlobOptions {
  /** Darkness a blob must reach (paper 0, ink 1); template lines print lighter than this. */
  threshold: number;
  /** Darkness a pixel needs to belong to a blob already found. */
  grow: number;
  /** Smallest and largest equivalent diameter kept (mm). */
  minDiameterMm: number;
  maxDiameterMm: number;
  /** Longest side of the bounding box over the shorter one; lines and text strokes exceed it. */
  maxElongation: number;
}

/** Defaults for an impression diameter d (mm): blobs from ⅓·d to about 4·d (blur spreads a dot). */
export function blobOptionsFor(diameterMm: number): BlobOptions {
  return {
    threshold: 0.14,
    grow: 0.08,
    minDiameterMm: Math.max(0.1, diameterMm / 3),
    maxDiameterMm: Math.max(1.6, diameterMm * 4),
    maxElongation: 2.6,
  };
}

/**
 * Finds the dark blobs. A blob is seeded by a pixel at least `threshold` dark and grows
 * through 8-neighbours at least `grow` dark; its position is the darkness-weighted centroid.
 * Runs in O(pixels).
 */
export function findImpressions(img: DarknessImage, options: BlobOptions): DetectedImpression[] {
  const { width: w, height: h, data, pxPerMm: p } = img;
  const label = new Int32Array(w * h);
  const stack = new Int32Array(w * h);
  const out: DetectedImpression[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== 0 || data[start]! < options.threshold) continue;
    next++;
    let top = 0;
    stack[top++] = start;
    label[start] = next;
    let area = 0;
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let peak = 0;
    let minX = w;
    let maxX = 0;
    let minY = h;
    let maxY = 0;
    while (top > 0) {
      const k = stack[--top]!;
      const x = k % w;
      const y = (k - x) / w;
      const v = data[k]!;
      area++;
      sw += v;
      sx += v * x;
      sy += v * y;
      if (v > peak) peak = v;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const n = yy * w + xx;
          if (label[n] === 0 && data[n]! >= options.grow) {
            label[n] = next;
            stack[top++] = n;
          }
        }
      }
    }
    // Size from the blob's ink (summed darkness), which blur spreads but does not change.
    const ink = sw / (p * p);
    const d = 2 * Math.sqrt(Math.max(ink, area / (p * p) / 4) / Math.PI);
    const bw = maxX - minX + 1;
    const bh = maxY - minY + 1;
    const elongation = Math.max(bw, bh) / Math.min(bw, bh);
    if (d < options.minDiameterMm || d > options.maxDiameterMm || elongation > options.maxElongation) continue;
    // Touching the image edge: cut off, position unreliable.
    if (minX === 0 || minY === 0 || maxX === w - 1 || maxY === h - 1) continue;
    const contrast = Math.min(1, (peak - options.grow) / (options.threshold + 0.2 - options.grow));
    const shape = Math.min(1, 2 / elongation);
    out.push({
      x: (sx / sw + 0.5) / p,
      y: (sy / sw + 0.5) / p,
      d,
      confidence: Math.round(Math.max(0, contrast) * shape * 100) / 100,
    });
  }
  return out;
}
