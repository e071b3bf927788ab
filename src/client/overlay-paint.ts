/**
 * The problem overlay's drawing (clumps, rows, gaps, strays, tracks, marks), shared by the
 * canvas (main thread: review pages, or without a worker) and the score worker, which paints
 * it into an OffscreenCanvas and sends the page a bitmap, so that the page never rasterises
 * thousands of strokes itself (at 5,000 impressions that costs ~30 ms of the main thread's
 * frame without a GPU).
 *
 * A view is the canvas's size and the stage's scale and position: with it, what is painted
 * matches the page's canvas pixel for pixel, and a bitmap painted for one view can be shown
 * moved and scaled in another until it is painted again.
 */
import type { DrillScore } from '../lib/drill/scoring.ts';

/** Where the overlay is painted: canvas size in CSS pixels, device pixel ratio, the stage's scale (px per mm) and offset (px). */
export interface OverlayView {
  width: number;
  height: number;
  pixelRatio: number;
  scale: number;
  x: number;
  y: number;
}

/** An overlay painted for `view`, as the worker sends it. */
export interface OverlayImage {
  bitmap: ImageBitmap;
  view: OverlayView;
}

/** Whether two views paint the same pixels. */
export function sameView(a: OverlayView, b: OverlayView): boolean {
  // Both are built by `DrillCanvas.overlayView` (the worker sends back the view it was given), so their keys come in one order.
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The transform from mm to the device pixels of `view`'s canvas, as [a, b, c, d, e, f]. */
export function viewMatrix(v: OverlayView): [number, number, number, number, number, number] {
  const s = v.pixelRatio * v.scale;
  return [s, 0, 0, s, v.pixelRatio * v.x, v.pixelRatio * v.y];
}

/**
 * The overlay without what only its drawing needs (the pairs, runs and strays: tens of
 * kilobytes at 5,000 impressions), for a page that gets the drawing as a bitmap: gaps and
 * marks stay (the legend lists the marks' kinds).
 */
export function slimOverlay(o: DrillScore['overlay']): DrillScore['overlay'] {
  return { ...o, clumps: [], rows: [], outside: [], edgeFront: [], holes: [], tracks: [], blots: [] };
}
