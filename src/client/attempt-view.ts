/**
 * A frozen attempt, read-only: the canvas at the recorded geometry with the problem
 * overlay, and a replay of the placement order (play, pause, scrub). Attempts worked in
 * sessions show each session in its colour; the replay goes through them in order and says
 * which session it is in.
 */
import { scoreDrill } from '../lib/drill/scoring.ts';
import { sessionPlan } from '../lib/drill/sessions.ts';
import type { StoredDot } from '../lib/drill/dots.ts';
import type { Template } from '../lib/drill/template.ts';
import { DrillCanvas, type Annotation } from './drill-canvas.ts';
import { renderMarkLegend } from './overlay-legend.ts';

/** What a page embeds for `startAttemptView` (JSON in `script[data-attempt]`). */
export interface AttemptViewData {
  template: Template;
  dots: StoredDot[];
  /** The session of each impression; null or absent for attempts from before sessions. */
  sessions?: number[] | null;
  /** The session the attempt was judged as; null or absent: finished work. */
  session?: number | null;
  annotations?: Annotation[];
  /** Impressions detected on a photographed sheet: no placement times, so replay goes in detection order. */
  fromPhoto?: boolean;
}

/** The running view: its canvas, for pages that add to it (annotations). */
export interface AttemptView {
  canvas: DrillCanvas;
}

/** A replay runs at 8× real speed, stretched or squeezed to last between 3 and 20 seconds. */
const REPLAY_SPEED = 8;
const REPLAY_MIN_MS = 3_000;
const REPLAY_MAX_MS = 20_000;

/** Starts the read-only view and replay inside `root`; `onCanvasClick` receives clicks in mm (annotating). */
export function startAttemptView(root: HTMLElement, onCanvasClick?: (x: number, y: number) => void): AttemptView {
  const data = JSON.parse(root.querySelector('script[data-attempt]')!.textContent!) as AttemptViewData;
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel);
  const canvas = new DrillCanvas({
    container: $<HTMLDivElement>('[data-canvas]')!,
    template: data.template,
    dots: data.dots,
    sessions: data.sessions ? { dotSessions: data.sessions, session: data.session ?? null } : undefined,
    colourBySession: Boolean(data.sessions),
    editable: false,
    onCanvasClick,
  });
  // Recompute the overlay as the server scored it: with sessions when the attempt has them.
  const { xs, ys, diameters, sessions } = canvas.columns();
  const score = scoreDrill(
    data.template,
    data.sessions ? { xs, ys, diameters, sessions } : { xs, ys, diameters },
    data.session ? { session: data.session } : {},
  );
  const plan = sessionPlan(data.template);
  const sessionAt = (k: number) => {
    if (!data.sessions || !k) return '';
    const s = canvas.store.sessionOf(k - 1);
    return ` · session ${s}${plan[s - 1] ? ` (${plan[s - 1]!.name})` : ''}`;
  };
  const overlayToggle = $<HTMLInputElement>('[data-action="overlay"]');
  const markLegend = $('[data-mark-legend]');
  const applyOverlay = () => {
    canvas.setOverlay(overlayToggle?.checked ? score.overlay : null);
    if (markLegend) renderMarkLegend(markLegend, overlayToggle?.checked ? score.overlay.marks : null);
  };
  overlayToggle?.addEventListener('change', applyOverlay);
  applyOverlay();
  canvas.setAnnotations(data.annotations ?? []);

  // Replay.
  const scrub = $<HTMLInputElement>('[data-replay="scrub"]');
  const play = $<HTMLButtonElement>('[data-replay="play"]');
  const label = $('[data-replay="label"]');
  const n = canvas.count;
  // A photo's impressions carry no placement times: replay steps through them in detection order.
  const timeOf = data.fromPhoto ? (i: number) => i + 1 : (i: number) => canvas.timeOf(i);
  const duration = n ? timeOf(n - 1) : 0;
  const replayMs = Math.min(REPLAY_MAX_MS, Math.max(REPLAY_MIN_MS, duration / REPLAY_SPEED));
  const speed = Math.max(duration, 1) / replayMs;
  let playing = false;
  let frame = 0;
  let clock = 0; // ms of attempt time shown
  let last = 0;
  const show = (k: number) => {
    canvas.setVisibleCount(k >= n ? null : k);
    canvas.setOverlay(k >= n && overlayToggle?.checked ? score.overlay : null);
    if (scrub) scrub.value = String(k);
    if (label)
      label.textContent = data.fromPhoto
        ? `${k} of ${n} impressions · from photo (detection order, no placement times)`
        : `${k} of ${n} impressions · ${formatMs(k ? timeOf(k - 1) : 0)}${sessionAt(k)}`;
    root.dataset.replaySession = data.sessions && k ? String(canvas.store.sessionOf(k - 1)) : '';
  };
  const countAt = (ms: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (timeOf(mid) <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const tick = (now: number) => {
    clock += (now - last) * speed;
    last = now;
    const k = countAt(clock);
    show(k);
    if (k >= n) return stop();
    frame = requestAnimationFrame(tick);
  };
  const stop = () => {
    playing = false;
    cancelAnimationFrame(frame);
    if (play) play.textContent = 'Replay';
    root.dataset.replaying = 'false';
  };
  play?.addEventListener('click', () => {
    if (playing) return stop();
    playing = true;
    play.textContent = 'Pause';
    root.dataset.replaying = 'true';
    const k = Number(scrub?.value ?? n);
    clock = k >= n ? 0 : k ? timeOf(k - 1) : 0;
    last = performance.now();
    frame = requestAnimationFrame(tick);
  });
  if (scrub) {
    scrub.max = String(n);
    scrub.addEventListener('input', () => {
      stop();
      show(Number(scrub.value));
    });
  }
  show(n);
  root.dataset.ready = 'true';
  return { canvas };
}

function formatMs(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
