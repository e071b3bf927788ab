/**
 * The drill score off the main thread: a module worker that scores each canvas it is sent
 * (the same `scoreDrill` the server runs) and posts the score back with the request's id.
 * The template comes once; the first job builds its raster, so the page warms the worker
 * at idle with the canvas it opened.
 *
 * When the page sends the view its overlay is shown in (and OffscreenCanvas exists here), the
 * worker also paints the problem overlay for that view (`./overlay-paint.ts`) and sends it as
 * a bitmap, with the score's overlay slimmed to what the page still reads (gaps, marks); a
 * `render` job paints the latest score's overlay again for a new view (after a pan or zoom).
 */
import { naturalPattern, seededRng, type Dots } from '../lib/drill/patterns.ts';
import { scoreDrill, type DrillScore } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';
import type { ScoreJob, ScoreReply } from './live-score.ts';
import { paintOverlay } from './overlay-draw.ts';
import { slimOverlay, viewMatrix, type OverlayImage, type OverlayView } from './overlay-paint.ts';

let template: Template | null = null;
let warmCanvas: Dots | null = null;
/** The latest score and the impressions it indexes, for `render` jobs. */
let latest: { score: DrillScore; xs: Float64Array; ys: Float64Array } | null = null;
let surface: OffscreenCanvas | null = null;
const canPaint = typeof OffscreenCanvas !== 'undefined';

/** The latest score's overlay painted for `view` (null when it cannot be painted here). */
function paint(view: OverlayView): OverlayImage | null {
  if (!latest || !canPaint) return null;
  const w = Math.max(1, Math.round(view.width * view.pixelRatio));
  const h = Math.max(1, Math.round(view.height * view.pixelRatio));
  surface ??= new OffscreenCanvas(w, h);
  if (surface.width !== w || surface.height !== h) {
    surface.width = w;
    surface.height = h;
  }
  const c = surface.getContext('2d');
  if (!c) return null;
  c.setTransform(1, 0, 0, 1, 0, 0);
  c.clearRect(0, 0, w, h);
  c.setTransform(...viewMatrix(view));
  paintOverlay(c, latest.score.overlay, latest.xs, latest.ys, latest.xs.length, view);
  return { bitmap: surface.transferToImageBitmap(), view };
}

function send(reply: ScoreReply): void {
  const image = 'image' in reply ? reply.image : null;
  self.postMessage(reply, { transfer: image ? [image.bitmap] : [] });
}

self.onmessage = (e: MessageEvent<ScoreJob>) => {
  const job = e.data;
  if (job.template) template = job.template;
  if (!template) return;
  if (job.warm) {
    // A warm-up at idle: a natural canvas of the template, scored so the JIT compiles the scorer
    // before the trainee's own canvases need it (the first calls after load cost several times more).
    warmCanvas ??= naturalPattern(template, seededRng(1));
    const t0 = performance.now();
    scoreDrill(template, { xs: warmCanvas.xs, ys: warmCanvas.ys });
    send({ id: job.id, warm: true, ms: performance.now() - t0 });
    return;
  }
  if (job.render) {
    send({ id: job.id, render: true, image: paint(job.render) });
    return;
  }
  const t0 = performance.now();
  const score = scoreDrill(
    template,
    { xs: job.xs, ys: job.ys, diameters: job.diameters, sessions: job.sessions },
    { session: job.session },
  );
  const ms = performance.now() - t0;
  latest = { score, xs: job.xs, ys: job.ys };
  if (!canPaint) {
    send({ id: job.id, score, ms });
    return;
  }
  const image = job.overlayView ? paint(job.overlayView) : null;
  send({ id: job.id, score: { ...score, overlay: slimOverlay(score.overlay) }, ms, image, slim: true });
};
