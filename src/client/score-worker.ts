/**
 * The drill score off the main thread: a module worker that scores each canvas it is sent
 * (the same `scoreDrill` the server runs) and posts the score back with the request's id.
 * The template comes once; the first job builds its raster, so the page warms the worker
 * at idle with the canvas it opened.
 */
import { naturalPattern, seededRng, type Dots } from '../lib/drill/patterns.ts';
import { scoreDrill } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';
import type { ScoreJob, ScoreReply } from './live-score.ts';

let template: Template | null = null;
let warmCanvas: Dots | null = null;

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
    self.postMessage({ id: job.id, warm: true, ms: performance.now() - t0 } satisfies ScoreReply);
    return;
  }
  const t0 = performance.now();
  const score = scoreDrill(
    template,
    { xs: job.xs, ys: job.ys, diameters: job.diameters, sessions: job.sessions },
    { session: job.session },
  );
  const reply: ScoreReply = { id: job.id, score, ms: performance.now() - t0 };
  self.postMessage(reply);
};
