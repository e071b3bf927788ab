/**
 * Keyboard work on the drill canvas.
 *
 * - Arrow keys move the canvas's cursor about half a target spacing, each step a little
 *   longer or shorter and a little to the side at random, so that keyboard work is free-hand
 *   work and not a lattice (a grid of exact spacings scores as "reads as a square grid").
 *   Shift makes a small step (a fifth of a spacing) for fine placing.
 * - Enter or Space places (or erases with the Erase tool) at the cursor.
 * - Single-key shortcuts (P, E, M, O, 0, +, −) act only while the canvas has focus, and can
 *   be turned off (WCAG 2.1.4 Character Key Shortcuts); the choice is remembered.
 * - Ctrl/⌘+Z and Ctrl/⌘+Shift+Z / Ctrl+Y undo and redo anywhere outside a form field.
 */
import type { DrillCanvas, Tool } from './drill-canvas.ts';

/** Share of the target spacing an arrow key moves, and the fine step with Shift. */
export const STEP_SHARE = 0.5;
/** The fine step (Shift + arrow), as a share of the spacing. */
export const FINE_STEP_SHARE = 0.2;
/** How much a step varies along its direction (±, as a share of the step). */
export const STEP_ALONG_JITTER = 0.3;
/** How far a step strays across its direction (±, as a share of the step). */
export const STEP_ACROSS_JITTER = 0.3;

const STORAGE_KEY = 'stipple.drill.shortcuts';

/**
 * One cursor step in millimetres for an arrow key's direction (unit `dx`, `dy`): about
 * `STEP_SHARE` of the spacing (or `FINE_STEP_SHARE` when fine), varied along and across
 * the direction by `random` (0–1).
 */
export function keyboardStep(
  spacingMm: number,
  direction: readonly [number, number],
  fine: boolean,
  random: () => number = Math.random,
): [number, number] {
  const base = spacingMm * (fine ? FINE_STEP_SHARE : STEP_SHARE);
  const along = base * (1 + (random() * 2 - 1) * STEP_ALONG_JITTER);
  const across = base * (random() * 2 - 1) * STEP_ACROSS_JITTER;
  const [dx, dy] = direction;
  // The perpendicular of (dx, dy) is (-dy, dx).
  return [dx * along - dy * across, dy * along + dx * across];
}

const DIRECTIONS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** What the keyboard acts on: the canvas, its focusable box, and the page's tool and overlay controls. */
export interface DrillKeyboardOptions {
  canvas: DrillCanvas;
  box: HTMLElement;
  spacingMm: number;
  setTool: (tool: Tool) => void;
  toggleOverlay: () => void;
  /** Where the cursor's position is written after each move (not a live region). */
  readout?: HTMLElement | null;
  /** The "single-key shortcuts" checkbox, if the page has one. */
  shortcutsToggle?: HTMLInputElement | null;
  random?: () => number;
}

/** Whether single-key shortcuts are on (default on; the trainee's choice is stored in localStorage). */
export function shortcutsPreferred(storage: Pick<Storage, 'getItem'> | null): boolean {
  try {
    return storage?.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** Wires the keyboard to the canvas; returns a function that removes the listeners. */
export function attachDrillKeyboard(o: DrillKeyboardOptions): () => void {
  const { canvas, box, spacingMm } = o;
  const toggle = o.shortcutsToggle ?? null;
  const storage = typeof localStorage === 'undefined' ? null : localStorage;
  if (toggle) {
    toggle.checked = shortcutsPreferred(storage);
    toggle.addEventListener('change', () => {
      try {
        storage?.setItem(STORAGE_KEY, toggle.checked ? 'on' : 'off');
      } catch {
        /* private mode: the choice lasts for this page */
      }
    });
  }
  const shortcutsOn = () => (toggle ? toggle.checked : true);

  const onDocumentKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).closest?.('input, select, textarea, [contenteditable="true"]')) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      if (e.shiftKey) canvas.redo();
      else canvas.undo();
    } else if (mod && e.key.toLowerCase() === 'y') {
      e.preventDefault();
      canvas.redo();
    }
  };

  const onCanvasKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const direction = DIRECTIONS[e.key];
    if (direction) {
      e.preventDefault();
      const at = canvas.moveKeyboardCursor(...keyboardStep(spacingMm, direction, e.shiftKey, o.random));
      showCursor(at);
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const p = canvas.keyboardPoint();
      showCursor(p);
      if (canvas.tool === 'erase') canvas.eraseNear(p.x, p.y, spacingMm);
      else canvas.place(p.x, p.y);
      return;
    }
    if (!shortcutsOn()) return;
    const keys: Record<string, () => void> = {
      p: () => o.setTool('place'),
      e: () => o.setTool('erase'),
      m: () => o.setTool('move'),
      '+': () => canvas.zoom(1.25),
      '=': () => canvas.zoom(1.25),
      '-': () => canvas.zoom(0.8),
      '0': () => canvas.fit(),
      o: () => o.toggleOverlay(),
    };
    const run = keys[e.key.toLowerCase()];
    if (run) {
      e.preventDefault();
      run();
    }
  };
  const onBlur = () => canvas.hideKeyboardCursor();
  const readout = o.readout ?? null;
  function showCursor(at: { x: number; y: number }): void {
    if (!readout) return;
    readout.textContent = `Cursor ${at.x.toFixed(1)} mm from the left, ${at.y.toFixed(1)} mm from the top`;
    readout.dataset.x = String(at.x);
    readout.dataset.y = String(at.y);
  }

  document.addEventListener('keydown', onDocumentKey);
  box.addEventListener('keydown', onCanvasKey);
  box.addEventListener('blur', onBlur);
  return () => {
    document.removeEventListener('keydown', onDocumentKey);
    box.removeEventListener('keydown', onCanvasKey);
    box.removeEventListener('blur', onBlur);
  };
}
