/**
 * The live score of the drill page, computed in a Web Worker (`./score-worker.ts`) so that a
 * click paints within one frame however long scoring takes. Requests coalesce: while one job
 * runs, only the latest canvas waits, and is sent when the job's score comes back. Each score
 * is handed to `onScore` with the columns it was computed from. Without worker support it
 * falls back to scoring on the main thread (loaded only then), once per animation frame.
 */
import type { DrillScore, ScoreOptions } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';

/** The columns of a canvas as the scorer reads them. */
export interface ScoreColumns {
  xs: Float64Array;
  ys: Float64Array;
  diameters: Float64Array;
  sessions: Float64Array;
}

/** A job for the worker (the template only with the first job; `warm`: a warm-up, see `LiveScorer.warm`). */
export interface ScoreJob extends ScoreColumns {
  id: number;
  session: number;
  template?: Template;
  warm?: true;
}

/** The worker's answer to job `id`, and how long scoring took there (ms); a warm-up's carries no score. */
export type ScoreReply = { id: number; score: DrillScore; ms: number } | { id: number; warm: true; ms: number };

const copy = (c: ScoreColumns): ScoreColumns => ({
  xs: c.xs.slice(),
  ys: c.ys.slice(),
  diameters: c.diameters.slice(),
  sessions: c.sessions.slice(),
});

/** Scores canvases of one template off the main thread, newest request wins. */
export class LiveScorer {
  private worker: Worker | null = null;
  private sentTemplate = false;
  private nextId = 1;
  private busy = false;
  private waiting: { columns: ScoreColumns; session: number } | null = null;
  private inFlight: { columns: ScoreColumns; session: number } | null = null;
  private frame = 0;
  private readonly template: Template;
  private readonly onScore: (score: DrillScore) => void;
  /** Scoring time of the last job (ms), in the worker or on the main thread. */
  lastMs = 0;

  constructor(template: Template, onScore: (score: DrillScore) => void, useWorker = true) {
    this.template = template;
    this.onScore = onScore;
    if (!useWorker || typeof Worker === 'undefined') return;
    try {
      this.worker = new Worker(new URL('./score-worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<ScoreReply>) => this.answered(e.data);
      this.worker.onerror = () => this.fallBack();
    } catch {
      this.worker = null;
    }
  }

  /** Whether scores come from the worker. */
  get inWorker(): boolean {
    return this.worker !== null;
  }

  /** Asks for the score of these columns (copied now, so later edits do not change the job). */
  request(columns: ScoreColumns, session: number): void {
    this.waiting = { columns: copy(columns), session };
    this.pump();
  }

  /** Stops the worker. */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private pump(): void {
    if (this.busy || !this.waiting) return;
    const { columns, session } = this.waiting;
    this.waiting = null;
    this.busy = true;
    if (!this.worker) {
      this.frame = requestAnimationFrame(() => void this.onMain(columns, session));
      return;
    }
    this.inFlight = { columns, session };
    const job: ScoreJob = { id: this.nextId++, session, ...columns };
    if (!this.sentTemplate) {
      job.template = this.template;
      this.sentTemplate = true;
    }
    this.worker.postMessage(job);
  }

  /**
   * A warm-up job when the worker is idle (nothing running or waiting): it scores a natural
   * canvas of the template once, so that the trainee's first canvases are scored by compiled
   * code. Returns whether a job was sent; the page calls it at idle a few times after load.
   */
  warm(): boolean {
    if (!this.worker || this.busy || this.waiting) return false;
    this.busy = true;
    const none = new Float64Array(0);
    const job: ScoreJob = {
      id: this.nextId++,
      session: 1,
      warm: true,
      xs: none,
      ys: none,
      diameters: none,
      sessions: none,
    };
    if (!this.sentTemplate) {
      job.template = this.template;
      this.sentTemplate = true;
    }
    this.worker.postMessage(job);
    return true;
  }

  private answered(reply: ScoreReply): void {
    this.busy = false;
    this.inFlight = null;
    if ('warm' in reply) {
      this.pump();
      return;
    }
    this.lastMs = reply.ms;
    // A newer canvas is waiting: its score follows; show this one meanwhile (it is the latest known).
    this.onScore(reply.score);
    this.pump();
  }

  private async onMain(columns: ScoreColumns, session: number): Promise<void> {
    this.frame = 0;
    const { scoreDrill } = await import('../lib/drill/scoring.ts');
    const t0 = performance.now();
    const options: ScoreOptions = { session };
    const score = scoreDrill(this.template, columns, options);
    this.lastMs = performance.now() - t0;
    this.busy = false;
    this.onScore(score);
    this.pump();
  }

  /** The worker failed (e.g. blocked): score on the main thread from now on, starting with any lost job. */
  private fallBack(): void {
    this.worker?.terminate();
    this.worker = null;
    this.sentTemplate = false;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.busy = false;
    if (this.inFlight && !this.waiting) this.waiting = this.inFlight;
    this.inFlight = null;
    this.pump();
  }
}
