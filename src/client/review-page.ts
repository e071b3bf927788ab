/**
 * The instructor's review page: the trainee's canvas (read-only, with overlay and replay),
 * pins and circles with comments tied to rubric criteria, and the rubric form, sent as
 * JSON to the grading endpoint.
 */
import { startAttemptView } from './attempt-view.ts';
import { attachAnnotateKeyboard, type AnnotateTool } from './annotate-keyboard.ts';
import { renderScore } from './score-panel.ts';
import type { Rubric } from '../lib/grading/rubric.ts';
import type { DrillScore } from '../lib/drill/scoring.ts';

interface ReviewData {
  score: DrillScore;
  rubric: Rubric;
  reviewUrl: string;
  supersedes: number | null;
  prefill: { verdict: 'pass' | 'redo'; comment: string; levels: Record<string, number>; annotations: Note[] } | null;
}

interface Note {
  kind: 'pin' | 'circle';
  x: number;
  y: number;
  radius: number;
  criterion: string | null;
  text: string;
}

/**
 * Starts the instructor's review page under `root`: reads the attempt data embedded in the page,
 * shows the score panel and the attempt canvas, and wires up the review form and its annotations.
 */
export function startReviewPage(root: HTMLElement): void {
  const data = JSON.parse(root.querySelector('script[data-attempt]')!.textContent!) as ReviewData;
  if (data.score) renderScore(root.querySelector<HTMLElement>('[data-score-panel]')!, data.score);
  const { canvas } = startAttemptView(root);
  const form = root.querySelector<HTMLFormElement>('[data-review-form]');
  if (!form) return;

  const list = root.querySelector<HTMLOListElement>('[data-annotations]')!;
  const empty = root.querySelector<HTMLElement>('[data-annotations-empty]')!;
  const errorBox = root.querySelector<HTMLElement>('[data-review-error]')!;
  const notes: Note[] = data.prefill ? data.prefill.annotations.map((a) => ({ ...a })) : [];
  let preview: Note | null = null;

  const draw = () => {
    const all = preview ? [...notes, preview] : notes;
    canvas.setAnnotations(all.map((n, i) => ({ ...n, label: String(i + 1) })));
  };

  const renderList = () => {
    list.replaceChildren(
      ...notes.map((n, i) => {
        const li = document.createElement('li');
        li.dataset.annotationIndex = String(i);
        const text = document.createElement('textarea');
        text.rows = 2;
        text.maxLength = 1000;
        text.placeholder = n.kind === 'pin' ? 'What should the trainee notice here?' : 'What is wrong in this region?';
        text.value = n.text;
        text.setAttribute('aria-label', `Comment for annotation ${i + 1}`);
        text.addEventListener('input', () => (n.text = text.value));
        const select = document.createElement('select');
        select.setAttribute('aria-label', `Criterion for annotation ${i + 1}`);
        select.append(
          new Option('No criterion', ''),
          ...data.rubric.map((c) => new Option(c.label, c.id, false, c.id === n.criterion)),
        );
        select.addEventListener('change', () => (n.criterion = select.value || null));
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'link';
        remove.textContent = `Remove ${i + 1}`;
        remove.addEventListener('click', () => {
          notes.splice(i, 1);
          renderList();
          draw();
        });
        const title = document.createElement('strong');
        title.textContent = `${i + 1}. ${n.kind === 'pin' ? 'Pin' : `Circle (${(2 * n.radius).toFixed(1)} mm across)`}`;
        li.append(title, remove, text, select);
        return li;
      }),
    );
    empty.hidden = notes.length > 0;
  };

  const add = (n: Note) => {
    notes.push(n);
    renderList();
    draw();
    list.querySelector<HTMLTextAreaElement>(`li[data-annotation-index="${notes.length - 1}"] textarea`)?.focus();
  };

  // Annotation tools.
  let start: { x: number; y: number } | null = null;
  const setTool = (tool: 'none' | 'pin' | 'circle') => {
    for (const b of root.querySelectorAll<HTMLButtonElement>('[data-annotate]'))
      b.setAttribute('aria-pressed', String(b.dataset.annotate === tool));
    root.dataset.annotateTool = tool;
    canvas.pointerHandler =
      tool === 'none'
        ? null
        : {
            down: (p) => (start = p),
            move: (p) => {
              if (!start || tool !== 'circle') return;
              preview = {
                kind: 'circle',
                x: start.x,
                y: start.y,
                radius: Math.hypot(p.x - start.x, p.y - start.y),
                criterion: null,
                text: '',
              };
              draw();
            },
            up: (p) => {
              if (!start) return;
              const r = Math.hypot(p.x - start.x, p.y - start.y);
              const s = start;
              start = null;
              preview = null;
              if (tool === 'circle' && r >= 0.5)
                add({ kind: 'circle', x: s.x, y: s.y, radius: r, criterion: null, text: '' });
              else add({ kind: 'pin', x: s.x, y: s.y, radius: 0, criterion: null, text: '' });
            },
          };
  };
  root
    .querySelectorAll<HTMLButtonElement>('[data-annotate]')
    .forEach((b) => b.addEventListener('click', () => setTool(b.dataset.annotate as 'none' | 'pin' | 'circle')));

  // The same by keyboard: the canvas becomes an application while a tool is chosen.
  const box = root.querySelector<HTMLElement>('[data-canvas]')!;
  const status = root.querySelector<HTMLElement>('[data-annotate-status]');
  const viewRole = { role: box.getAttribute('role') ?? 'img', label: box.getAttribute('aria-label') ?? '' };
  const keyboardLabel =
    'Submitted canvas. Arrow keys move a cursor 1 mm, with Shift 5 mm; Enter drops a pin, or with the circle tool sets the centre and then the size.';
  for (const b of root.querySelectorAll<HTMLButtonElement>('[data-annotate]'))
    b.addEventListener('click', () => {
      const active = b.dataset.annotate !== 'none';
      box.setAttribute('role', active ? 'application' : viewRole.role);
      box.setAttribute('aria-label', active ? keyboardLabel : viewRole.label);
    });
  attachAnnotateKeyboard({
    canvas,
    box,
    tool: () => (root.dataset.annotateTool as AnnotateTool | undefined) ?? 'none',
    add: (n) => add({ ...n, criterion: null, text: '' }),
    preview: (n) => {
      preview = n ? { ...n, criterion: null, text: '' } : null;
      draw();
    },
    say: (text) => {
      if (status) status.textContent = text;
    },
  });
  box.addEventListener('blur', () => canvas.hideKeyboardCursor());

  // Prefill a correction with the current review.
  if (data.prefill) {
    const p = data.prefill;
    form.querySelector<HTMLInputElement>(`input[name="verdict"][value="${p.verdict}"]`)!.checked = true;
    form.querySelector<HTMLTextAreaElement>('textarea[name="comment"]')!.value = p.comment;
    for (const [id, level] of Object.entries(p.levels)) {
      const input = form.querySelector<HTMLInputElement>(`input[name="level.${id}"][value="${level}"]`);
      if (input) input.checked = true;
    }
  }
  renderList();
  draw();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errorBox.hidden = true;
    const fd = new FormData(form);
    const levels: Record<string, number> = {};
    for (const c of data.rubric) {
      const v = fd.get(`level.${c.id}`);
      if (v) levels[c.id] = Number(v);
    }
    const body = {
      verdict: fd.get('verdict'),
      comment: String(fd.get('comment') ?? ''),
      levels,
      annotations: notes.map((n) => ({ ...n, x: round(n.x), y: round(n.y), radius: round(n.radius) })),
      ...(data.supersedes ? { supersedes: data.supersedes } : {}),
    };
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    try {
      const res = await fetch(data.reviewUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const out = (await res.json().catch(() => ({}))) as { error?: string };
      if (!res.ok) throw new Error(out.error ?? `The server answered ${res.status}.`);
      location.assign(`/instructor?message=${encodeURIComponent('Review saved. The trainee has been notified.')}`);
    } catch (err) {
      errorBox.textContent = (err as Error).message;
      errorBox.hidden = false;
      submit.disabled = false;
    }
  });
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
