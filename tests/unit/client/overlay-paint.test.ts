import { describe, expect, it } from 'vitest';
import { sameView, slimOverlay, viewMatrix, type OverlayView } from '../../../src/client/overlay-paint.ts';
import type { DrillScore } from '../../../src/lib/drill/scoring.ts';

const view: OverlayView = { width: 800, height: 600, pixelRatio: 2, scale: 6.5, x: 12.5, y: -4 };

describe('overlay painted for a view', () => {
  it('maps mm to the device pixels of the view (pixel ratio × stage scale and offset)', () => {
    expect(viewMatrix(view)).toEqual([13, 0, 0, 13, 25, -8]);
    // A point in mm lands where the stage shows it, in device pixels.
    const [a, , , d, e, f] = viewMatrix(view);
    expect([a * 10 + e, d * 20 + f]).toEqual([(10 * 6.5 + 12.5) * 2, (20 * 6.5 - 4) * 2]);
  });

  it('tells views apart by size, pixel ratio, scale and position', () => {
    expect(sameView(view, { ...view })).toBe(true);
    for (const change of [{ width: 801 }, { height: 599 }, { pixelRatio: 1 }, { scale: 6.6 }, { x: 12 }, { y: -3 }])
      expect(sameView(view, { ...view, ...change })).toBe(false);
  });

  it('slims an overlay to what the page reads once the worker paints it: gaps and marks stay', () => {
    const overlay: DrillScore['overlay'] = {
      clumps: [
        [0, 1],
        [2, 3],
      ],
      gaps: [{ x: 1, y: 2, r: 3 } as DrillScore['overlay']['gaps'][number]],
      rows: [[0, 1, 2]],
      outside: [4],
      edgeFront: [5],
      holes: [4],
      tracks: [[1, 2, 3]],
      blots: [[0, 1]],
      marks: [{ kind: 'heavy', x: 1, y: 1, r: 2, where: null }],
    };
    const slim = slimOverlay(overlay);
    expect(slim).toEqual({
      ...overlay,
      clumps: [],
      rows: [],
      outside: [],
      edgeFront: [],
      holes: [],
      tracks: [],
      blots: [],
    });
    expect(slim.gaps).toBe(overlay.gaps);
    expect(slim.marks).toBe(overlay.marks);
    // The score's own overlay is left whole.
    expect(overlay.clumps).toHaveLength(2);
  });
});
