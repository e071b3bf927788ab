/**
 * The drill score off the main thread: a module worker that scores each canvas it is sent
 * (the same `scoreDrill` the server runs) and posts the score back with the request's id.
 * The template comes once; the first job builds its raster, so the page warms the worker
 * at idle with the canvas it opened.
 */
import { scoreDrill } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';
import type { ScoreJob, ScoreReply } from './live-score.ts';

let template: Template | null = null;

self.onmessage = (e: MessageEvent<ScoreJob>) => {
  const job = e.data;
  if (job.template) template = job.template;
  if (!template) return;
  const t0 = performance.now();
  const score = scoreDrill(
    template,
    { xs: job.xs, ys: job.ys, diameters: job.diameters, sessions: job.sessions },
    { session: job.session },
  );
  const reply: ScoreReply = { id: job.id, score, ms: performance.now() - t0 };
  self.postMessage(reply);
};
