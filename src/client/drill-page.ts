/**
 * The practice page: wires the canvas to its toolbar, keyboard shortcuts, the session control
 * (work session by session; earlier sessions heal), the live score (the same scoring code the
 * server runs, judging the canvas as the end of the current session), draft autosave and
 * "Submit for review".
 */
import { describeWorking } from '../lib/judged-session.ts';
import type { DrillScore } from '../lib/drill/scoring.ts';
import { sessionTarget } from '../lib/drill/sessions.ts';
import type { StoredDot } from '../lib/drill/dots.ts';
import type { Template } from '../lib/drill/template.ts';
import { DrillCanvas, type Tool } from './drill-canvas.ts';
import { attachDrillKeyboard } from './drill-keyboard.ts';
import { LiveScorer } from './live-score.ts';
import type { OverlayImage } from './overlay-paint.ts';
import { renderMarkLegend } from './overlay-legend.ts';
import { attachScoreFold, renderScore } from './score-panel.ts';
import { ScoreAnnouncer } from './score-announcer.ts';
import { renderWorkProgress, submitQuestion } from './work-guide.ts';
import { renderScoreBar } from './score-bar.ts';
import { showRedoNotes, type RedoNote } from './redo-notes.ts';
import { DraftSync } from './draft-sync.ts';

interface PageData {
  template: Template;
  dots: StoredDot[];
  /** The session of each impression (parallel to `dots`). */
  sessions: number[];
  /** The session being worked. */
  session: number;
  draftUrl: string;
  submitUrl: string;
  /** About how many impressions a finished canvas holds (`estimateWork`). */
  expectedImpressions: number;
  /** The instructor's pins and circles of the latest redo on this template. */
  notes?: RedoNote[];
}

const AUTOSAVE_DELAY_MS = 1200;
const RETRY_DELAY_MS = 5000;

/** Starts the drill page inside `root` (the element holding the page's JSON data and controls). */
export function startDrillPage(root: HTMLElement): void {
  const data = JSON.parse(root.querySelector('script[data-drill]')!.textContent!) as PageData;
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const panel = $('[data-score-panel]');
  const status = $('[data-save-status]');
  const overlayToggle = $<HTMLInputElement>('[data-action="overlay"]');
  const needle = $<HTMLSelectElement>('[data-needle]');
  const submit = $<HTMLButtonElement>('[data-action="submit"]');
  const message = $('[data-message]');
  const sessionLabel = $('[data-session-label]');
  const nextSession = $<HTMLButtonElement>('[data-action="next-session"]');
  const markLegend = $('[data-mark-legend]');
  // In tablet portrait the panel's details fold; the score bar's "Details" link opens them.
  attachScoreFold(panel, root.querySelectorAll<HTMLElement>('[data-score-bar] a[href="#score-heading"]'));

  let dirty = false;
  let saving: Promise<void> | null = null;
  const draftSync = new DraftSync(data.draftUrl);
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let saveIdle = 0;
  /** Autosaves after `ms` without changes, once the page is idle (building the delta costs a few ms at 5,000 impressions). */
  function scheduleSave(ms: number): void {
    cancelSave();
    saveTimer = setTimeout(() => {
      if ('requestIdleCallback' in window) saveIdle = requestIdleCallback(() => void save(), { timeout: 1000 });
      else void save();
    }, ms);
  }
  function cancelSave(): void {
    clearTimeout(saveTimer);
    if (saveIdle) cancelIdleCallback(saveIdle);
    saveIdle = 0;
  }
  const announcer = new ScoreAnnouncer($('[data-score-announce]'));
  let announced = false;
  let lastScore: DrillScore | null = null;

  const canvas = new DrillCanvas({
    container: $<HTMLDivElement>('[data-canvas]'),
    template: data.template,
    dots: data.dots,
    sessions: { dotSessions: data.sessions, session: data.session },
    editable: true,
    // Only a worker's bitmap goes stale: it paints the overlay again for the view at rest.
    onOverlayStale: (view) => void scorer.renderOverlay(view),
    onChange: () => {
      dirty = true;
      setStatus('Unsaved changes…', 'pending');
      scheduleScore();
      scheduleSave(AUTOSAVE_DELAY_MS);
      updateButtons();
    },
  });
  canvas.diameterMm = Number(needle.value) || data.template.impressionDiameterMm;

  // Scoring runs in a worker (`?scorer=main` keeps it on the main thread, for comparison); the
  // worker also paints the problem overlay for the canvas's view while it is shown.
  const scorer = new LiveScorer(
    data.template,
    (score, extras) => {
      lastScore = score;
      lastSlim = extras.slim;
      showScore(score);
      showOverlay(extras.image);
      // The page is ready once the canvas and its first score are shown.
      root.dataset.ready = 'true';
    },
    {
      useWorker: new URLSearchParams(location.search).get('scorer') !== 'main',
      overlayView: () => (overlayToggle.checked ? canvas.overlayView() : null),
      onOverlay: (image) => {
        if (image && overlayToggle.checked) canvas.setOverlayImage(image);
        else image?.bitmap.close();
      },
    },
  );
  /** Whether the latest score's overlay was slimmed (the worker paints it: ask it for a bitmap). */
  let lastSlim = false;
  function showScore(score: DrillScore): void {
    renderScore(panel, score);
    renderWorkProgress($('[data-work-progress]'), canvas.count, data.expectedImpressions);
    renderScoreBar($('[data-score-bar]'), score);
    // The first score (the restored draft) is the baseline; later ones are spoken after a pause.
    if (announced) announcer.update(score);
    else announcer.baseline(score);
    announced = true;
    // The page's fixed legend already shows rows and spills.
    renderMarkLegend(markLegend, overlayToggle.checked ? score.overlay.marks : null, ['row', 'outside']);
  }
  /** Shows the latest score's overlay (the worker's bitmap when it sent one), or hides it when the toggle is off. */
  function showOverlay(image: OverlayImage | null): void {
    if (!overlayToggle.checked || !lastScore) {
      image?.bitmap.close();
      canvas.setOverlay(null);
    } else if (image) canvas.setOverlayImage(image);
    else if (!lastSlim) canvas.setOverlay(lastScore.overlay);
    else scorer.renderOverlay(canvas.overlayView());
  }
  function rescore(): void {
    scorer.request(canvas.columns(), canvas.session);
  }
  function scheduleScore(): void {
    rescore();
  }
  function toggleOverlay(): void {
    if (lastScore) {
      showScore(lastScore);
      showOverlay(null);
    } else rescore();
  }

  function setStatus(text: string, state: 'saved' | 'pending' | 'error'): void {
    // Unchanged text is not written again (each write costs a layout in the click's frame).
    if (status.textContent !== text) status.textContent = text;
    status.dataset.state = state;
    // Saving is not announced after every impression; only a failure is spoken.
    if (state === 'error') $('[data-score-announce]').textContent = text;
  }

  async function save(): Promise<void> {
    if (saving) {
      await saving;
      if (!dirty) return;
    }
    dirty = false;
    setStatus('Saving…', 'pending');
    saving = (async () => {
      try {
        // Only the changes since the last acknowledged save, once there is one (draft-sync.ts).
        const answer = await draftSync.save({
          dots: canvas.dots(),
          sessions: canvas.sessions(),
          session: canvas.session,
        });
        if (!dirty) setStatus(`Draft saved ${new Date(answer.savedAt).toLocaleTimeString()}`, 'saved');
      } catch (e) {
        dirty = true;
        setStatus(`Not saved: ${(e as Error).message} Retrying…`, 'error');
        scheduleSave(RETRY_DELAY_MS);
      } finally {
        saving = null;
      }
    })();
    await saving;
  }

  /** The canvas as the draft and submit endpoints read it: impressions, their sessions, the current session. */
  function canvasBody(): string {
    return JSON.stringify({ dots: canvas.dots(), sessions: canvas.sessions(), session: canvas.session });
  }

  function showSession(): void {
    const target = sessionTarget(data.template, canvas.session);
    sessionLabel.textContent = describeWorking(target);
    nextSession.disabled = target.final;
    nextSession.textContent = target.final ? 'Last session' : `Start session ${target.session + 1}`;
    root.dataset.session = String(target.session);
  }

  function startNextSession(): void {
    const target = sessionTarget(data.template, canvas.session);
    if (target.final) return;
    if (
      !confirm(
        `Finish session ${target.session} (${target.name}) and start session ${target.session + 1}? Everything placed so far heals: it is drawn lighter and can no longer be erased or undone.`,
      )
    )
      return;
    canvas.startNextSession();
    showSession();
  }

  function setTool(tool: Tool): void {
    canvas.tool = tool;
    for (const b of root.querySelectorAll<HTMLButtonElement>('button[data-tool]'))
      b.setAttribute('aria-pressed', String(b.dataset.tool === tool));
    $('[data-canvas]').dataset.tool = tool;
  }

  function updateButtons(): void {
    $<HTMLButtonElement>('[data-action="undo"]').disabled = !canvas.canUndo();
    $<HTMLButtonElement>('[data-action="redo"]').disabled = !canvas.canRedo();
    submit.disabled = canvas.count === 0;
  }

  async function submitForReview(): Promise<void> {
    if (!canvas.count) return;
    // A canvas that does not pass is never submitted without a word: the question says what fails.
    if (!confirm(submitQuestion(lastScore, canvas.session))) return;
    submit.disabled = true;
    message.hidden = true;
    cancelSave();
    // An autosave still on its way would land after the submission and leave a stale draft.
    if (saving) await saving;
    cancelSave();
    try {
      const res = await fetch(data.submitUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: canvasBody(),
      });
      const body = (await res.json().catch(() => ({}))) as { error?: string; url?: string };
      if (!res.ok) throw new Error(body.error ?? `The server answered ${res.status}.`);
      dirty = false;
      location.assign(body.url!);
    } catch (e) {
      message.textContent = `Not submitted: ${(e as Error).message}`;
      message.hidden = false;
      submit.disabled = false;
    }
  }

  const actions: Record<string, () => void> = {
    undo: () => canvas.undo(),
    redo: () => canvas.redo(),
    clear: () => {
      const own = canvas.count - canvas.store.healedCount;
      const which = canvas.store.healedCount ? ` of session ${canvas.session}` : '';
      if (own && confirm(`Remove all ${own} impressions${which}? You can undo this.`)) canvas.clear();
    },
    'zoom-in': () => canvas.zoom(1.25),
    'zoom-out': () => canvas.zoom(0.8),
    fit: () => canvas.fit(),
    'next-session': () => startNextSession(),
    submit: () => void submitForReview(),
  };
  root.addEventListener('click', (e) => {
    const target = (e.target as HTMLElement).closest<HTMLButtonElement>('button');
    if (!target) return;
    if (target.dataset.tool) setTool(target.dataset.tool as Tool);
    const action = target.dataset.action;
    if (action && actions[action]) actions[action]();
  });
  overlayToggle.addEventListener('change', toggleOverlay);
  needle.addEventListener('change', () => (canvas.diameterMm = Number(needle.value)));

  // Keyboard: free-hand cursor steps, Enter places; single-key shortcuts only on the focused canvas.
  attachDrillKeyboard({
    canvas,
    box: $<HTMLDivElement>('[data-canvas]'),
    spacingMm: data.template.targetSpacingMm,
    setTool,
    toggleOverlay: () => {
      overlayToggle.checked = !overlayToggle.checked;
      toggleOverlay();
    },
    shortcutsToggle: root.querySelector<HTMLInputElement>('[data-shortcuts]'),
    readout: root.querySelector<HTMLElement>('[data-cursor-readout]'),
  });

  window.addEventListener('beforeunload', (e) => {
    if (dirty) {
      void save();
      e.preventDefault();
    }
  });

  showRedoNotes(canvas, data.notes ?? [], root.querySelector<HTMLInputElement>('[data-notes-toggle]'));
  setTool('place');
  showSession();
  updateButtons();
  rescore();
  setStatus(data.dots.length ? `Draft restored: ${data.dots.length} impressions` : 'Nothing placed yet', 'saved');
  warmScorerAtIdle(scorer);
}

/** Warm-up jobs the score worker runs while the page is idle after load (the first calls cost the most). */
const WARM_RUNS = 10;

/** Sends the score worker a warm-up job whenever the page is idle and the worker free, WARM_RUNS times. */
function warmScorerAtIdle(scorer: LiveScorer): void {
  let runs = 0;
  const later = (fn: () => void) =>
    'requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 250);
  const step = () => {
    if (scorer.warm()) runs++;
    if (runs < WARM_RUNS && scorer.inWorker) later(step);
  };
  later(step);
}
