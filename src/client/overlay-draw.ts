/**
 * The problem overlay's drawing itself (see `./overlay-paint.ts` for views and bitmaps): used
 * by the score worker, and loaded on demand by the canvas where it draws the overlay on the
 * main thread (review pages, or without a worker), so the drill page does not ship it twice.
 */
import type { DrillScore } from '../lib/drill/scoring.ts';
import { MARK_LOOKS, TRACK_COLOUR } from './overlay-styles.ts';
import type { OverlayView } from './overlay-paint.ts';

/** At most this many overlay marks of each kind (clumps, rows, spills, tracks) are drawn: the first ones in view. */
export const OVERLAY_CAP = 1500;

/** What a 2D context needs for the overlay (a canvas's or an OffscreenCanvas's). */
type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Paints `overlay` (indices into `xs`, `ys`; only the first `n` impressions exist) on a context
 * already transformed to mm, culled to `view` (with a margin) and capped at OVERLAY_CAP of each kind.
 */
export function paintOverlay(
  c: Context2D,
  o: DrillScore['overlay'],
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  n: number,
  view: OverlayView,
): void {
  const px = 1 / view.scale;
  /** Strokes the current path in this colour, `width` screen pixels wide. */
  const stroke = (colour: string, width: number) => {
    c.strokeStyle = colour;
    c.lineWidth = width * px;
    c.stroke();
  };
  // Only what lies in view (with a margin) is drawn, and at most OVERLAY_CAP of each kind.
  const margin = 20 * px;
  const x0 = -view.x / view.scale - margin;
  const y0 = -view.y / view.scale - margin;
  const x1 = x0 + view.width / view.scale + 2 * margin;
  const y1 = y0 + view.height / view.scale + 2 * margin;
  const inView = (i: number) => xs[i]! >= x0 && xs[i]! <= x1 && ys[i]! >= y0 && ys[i]! <= y1;
  const circleInView = (x: number, y: number, r: number) => x + r >= x0 && x - r <= x1 && y + r >= y0 && y - r <= y1;
  const lineInView = (line: readonly number[]) => line.some((i) => i < n && inView(i));
  // Clumps: a red bar joining each pair that will blur together.
  c.beginPath();
  let drawn = 0;
  for (const [i, j] of o.clumps) {
    if (i >= n || j >= n || !(inView(i) || inView(j))) continue;
    if (drawn++ >= OVERLAY_CAP) break;
    c.moveTo(xs[i]!, ys[i]!);
    c.lineTo(xs[j]!, ys[j]!);
    c.moveTo(xs[i]! + 2.5 * px, ys[i]!);
    c.arc(xs[i]!, ys[i]!, 2.5 * px, 0, 2 * Math.PI);
  }
  stroke('#d0342c', 2);
  // Rows: a blue line through each straight run.
  c.beginPath();
  drawn = 0;
  for (const run of o.rows) {
    if (!lineInView(run)) continue;
    if (drawn++ >= OVERLAY_CAP) break;
    run.forEach((i, k) => (k ? c.lineTo(xs[i]!, ys[i]!) : c.moveTo(xs[i]!, ys[i]!)));
  }
  stroke('rgba(47, 111, 223, 0.75)', 2);
  // Gaps: the largest empty circles.
  c.beginPath();
  for (const g of o.gaps.slice(0, 30)) {
    if (!circleInView(g.x, g.y, g.r)) continue;
    c.moveTo(g.x + g.r, g.y);
    c.arc(g.x, g.y, g.r, 0, 2 * Math.PI);
  }
  c.setLineDash([5 * px, 4 * px]);
  stroke('#e07b00', 2);
  c.setLineDash([]);
  // Outside the area: a ring round each stray impression.
  c.beginPath();
  drawn = 0;
  for (const i of o.outside) {
    if (i >= n || !inView(i)) continue;
    if (drawn++ >= OVERLAY_CAP) break;
    c.moveTo(xs[i]! + 5 * px, ys[i]!);
    c.arc(xs[i]!, ys[i]!, 5 * px, 0, 2 * Math.PI);
  }
  stroke('#8e24aa', 2);
  // v2: curved tracks over their row line, then a circle per mark (bare patch, heavy
  // area, grid patch, blot, hole, spill, …) in its kind's style (see ./overlay-legend.ts).
  c.beginPath();
  drawn = 0;
  for (const track of o.tracks ?? []) {
    if (!lineInView(track)) continue;
    if (drawn++ >= OVERLAY_CAP) break;
    track.forEach((i, k) => (k ? c.lineTo(xs[i]!, ys[i]!) : c.moveTo(xs[i]!, ys[i]!)));
  }
  c.setLineDash([6 * px, 3 * px]);
  stroke(TRACK_COLOUR, 3);
  for (const m of o.marks ?? []) {
    const style = MARK_LOOKS[m.kind];
    if (!style || !circleInView(m.x, m.y, m.r)) continue;
    c.beginPath();
    c.arc(m.x, m.y, Math.max(m.r, 4 * px), 0, 2 * Math.PI);
    c.setLineDash(style.dashed ? [5 * px, 4 * px] : []);
    stroke(style.colour, 2.5);
  }
  c.setLineDash([]);
}
