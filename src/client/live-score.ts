/**
 * The live score of the drill page, computed in a Web Worker (`./score-worker.ts`) so that a
 * click paints within one frame however long scoring takes. Requests coalesce: while one job
 * runs, only the latest canvas waits, and is sent when the job's score comes back. A job is
 * sent once the frame after the request has been painted, so scoring never competes with the
 * click's own frame for the CPU. Each score is handed to `onScore`; with an `overlayView`, the
 * worker also paints the problem overlay for that view and the score comes with the bitmap
 * (its overlay slimmed, see `./overlay-paint.ts`). Without worker support it falls back to
 * scoring on the main thread (loaded only then), once per animation frame.
 */
import type { DrillScore, ScoreOptions } from '../lib/drill/scoring.ts';
import type { Template } from '../lib/drill/template.ts';
import type { OverlayImage, OverlayView } from './overlay-paint.ts';

/** The columns of a canvas as the scorer reads them. */
export interface ScoreColumns {
  xs: Float64Array;
  ys: Float64Array;
  diameters: Float64Array;
  sessions: Float64Array;
}

/**
 * A job for the worker (the template only with the first job): a canvas to score, and the view
 * to paint its overlay for (null: no painting); `warm`: a warm-up, see `LiveScorer.warm`;
 * `render`: paint the latest score's overlay again for this view (no columns).
 */
export interface ScoreJob extends ScoreColumns {
  id: number;
  session: number;
  template?: Template;
  warm?: true;
  render?: OverlayView;
  overlayView?: OverlayView | null;
}

/**
 * The worker's answer to job `id`: a score and how long scoring took there (ms), with the
 * overlay's bitmap when it painted one (`slim`: the score's overlay lost what only its drawing
 * needs); a warm-up's carries no score; a `render` job's carries only the bitmap.
 */
export type ScoreReply =
  | { id: number; score: DrillScore; ms: number; image?: OverlayImage | null; slim?: true }
  | { id: number; warm: true; ms: number }
  | { id: number; render: true; image: OverlayImage | null };

/** What comes with a score besides it: the overlay painted by the worker, and whether the score's overlay was slimmed. */
export interface ScoreExtras {
  image: OverlayImage | null;
  slim: boolean;
}

/** Options of a `LiveScorer`. */
export interface LiveScorerOptions {
  /** Score in a worker when the browser has them (default true). */
  useWorker?: boolean;
  /** The view the overlay is shown in, read when a job is sent; null (or absent): the worker paints no overlay. */
  overlayView?: () => OverlayView | null;
  /** Receives the overlays painted again for a new view (`renderOverlay`). */
  onOverlay?: (image: OverlayImage | null) => void;
}

/** Runs `fn` once the next frame has been painted (or after 100 ms when no frame comes, e.g. a hidden tab). */
function afterNextPaint(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  setTimeout(run, 100);
  requestAnimationFrame(() => setTimeout(run, 0));
}

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
  private sending = false;
  private readonly template: Template;
  private readonly onScore: (score: DrillScore, extras: ScoreExtras) => void;
  private readonly options: LiveScorerOptions;
  /** Scoring time of the last job (ms), in the worker or on the main thread. */
  lastMs = 0;

  constructor(
    template: Template,
    onScore: (score: DrillScore, extras: ScoreExtras) => void,
    options: LiveScorerOptions = {},
  ) {
    this.template = template;
    this.onScore = onScore;
    this.options = options;
    if (options.useWorker === false || typeof Worker === 'undefined') return;
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

  /**
   * Paints the latest score's overlay again for `view` in the worker (after the view moved);
   * the bitmap goes to `onOverlay`. False when there is no worker (draw the overlay yourself).
   */
  renderOverlay(view: OverlayView): boolean {
    if (!this.worker) return false;
    this.post({ ...this.noCanvas(), render: view });
    return true;
  }

  /** A job that carries no canvas (a warm-up or a repaint). */
  private noCanvas(): ScoreJob {
    const none = new Float64Array(0);
    return { id: this.nextId++, session: 1, xs: none, ys: none, diameters: none, sessions: none };
  }

  /** Sends `job` to the worker, with the template if the worker does not have it yet. */
  private post(job: ScoreJob): void {
    if (!this.sentTemplate) {
      job.template = this.template;
      this.sentTemplate = true;
    }
    this.worker!.postMessage(job);
  }

  private pump(): void {
    if (this.busy || !this.waiting || this.sending) return;
    if (!this.worker) {
      const { columns, session } = this.waiting;
      this.waiting = null;
      this.busy = true;
      this.frame = requestAnimationFrame(() => void this.onMain(columns, session));
      return;
    }
    // The job leaves once the frame showing the change is painted: the worker then has the CPU
    // the frame needed, and requests made meanwhile coalesce into the latest.
    this.sending = true;
    afterNextPaint(() => {
      this.sending = false;
      this.send();
    });
  }

  private send(): void {
    if (this.busy || !this.waiting) return;
    if (!this.worker) {
      this.pump();
      return;
    }
    const { columns, session } = this.waiting;
    this.waiting = null;
    this.busy = true;
    this.inFlight = { columns, session };
    this.post({ id: this.nextId++, session, ...columns, overlayView: this.options.overlayView?.() ?? null });
  }

  /**
   * A warm-up job when the worker is idle (nothing running or waiting): it scores a natural
   * canvas of the template once, so that the trainee's first canvases are scored by compiled
   * code. Returns whether a job was sent; the page calls it at idle a few times after load.
   */
  warm(): boolean {
    if (!this.worker || this.busy || this.waiting || this.sending) return false;
    this.busy = true;
    this.post({ ...this.noCanvas(), warm: true });
    return true;
  }

  private answered(reply: ScoreReply): void {
    if ('render' in reply) {
      this.options.onOverlay?.(reply.image);
      return;
    }
    this.busy = false;
    this.inFlight = null;
    if ('warm' in reply) {
      this.pump();
      return;
    }
    this.lastMs = reply.ms;
    // A newer canvas is waiting: its score follows; show this one meanwhile (it is the latest known).
    this.onScore(reply.score, { image: reply.image ?? null, slim: reply.slim === true });
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
    this.onScore(score, { image: null, slim: false });
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
