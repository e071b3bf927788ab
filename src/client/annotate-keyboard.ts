/**
 * Pins and circles by keyboard on the review page. With the pin or circle tool chosen and the
 * canvas focused: arrow keys move a cursor 1 mm (Shift: 5 mm); Enter drops a pin at the cursor;
 * with the circle tool the first Enter fixes the centre, the arrows then set the radius (a
 * preview is drawn) and the second Enter draws the circle; Escape cancels a circle under way.
 */
import type { DrillCanvas } from './drill-canvas.ts';

/** The annotation tool chosen on the review page. */
export type AnnotateTool = 'none' | 'pin' | 'circle';

/** A pin or circle made by keyboard, in template millimetres. */
export interface KeyboardNote {
  kind: 'pin' | 'circle';
  x: number;
  y: number;
  radius: number;
}

/** What the keyboard annotator acts on. */
export interface AnnotateKeyboardOptions {
  canvas: DrillCanvas;
  box: HTMLElement;
  tool: () => AnnotateTool;
  add: (note: KeyboardNote) => void;
  /** Shows (or clears, with null) the circle under way. */
  preview: (note: KeyboardNote | null) => void;
  /** Tells the instructor what the keys do now (a polite status line). */
  say: (text: string) => void;
}

const MOVES: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** Wires the keys; returns a function that removes the listener. */
export function attachAnnotateKeyboard(o: AnnotateKeyboardOptions): () => void {
  let centre: { x: number; y: number } | null = null;
  const onKey = (e: KeyboardEvent) => {
    const tool = o.tool();
    if (tool === 'none' || e.ctrlKey || e.metaKey || e.altKey) return;
    const move = MOVES[e.key];
    if (move) {
      e.preventDefault();
      const step = e.shiftKey ? 5 : 1;
      const at = o.canvas.moveKeyboardCursor(move[0] * step, move[1] * step);
      if (centre) o.preview({ kind: 'circle', ...centre, radius: Math.hypot(at.x - centre.x, at.y - centre.y) });
      return;
    }
    if (e.key === 'Escape' && centre) {
      e.preventDefault();
      centre = null;
      o.preview(null);
      o.say('Circle cancelled.');
      return;
    }
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    const at = o.canvas.keyboardPoint();
    if (tool === 'pin') {
      o.add({ kind: 'pin', x: at.x, y: at.y, radius: 0 });
      o.say(`Pin dropped at ${at.x.toFixed(0)} mm, ${at.y.toFixed(0)} mm. Write its comment in the list.`);
    } else if (!centre) {
      centre = { ...at };
      o.say('Centre set. Move with the arrow keys to set the size, then press Enter; Escape cancels.');
    } else {
      const radius = Math.hypot(at.x - centre.x, at.y - centre.y);
      const c = centre;
      centre = null;
      o.preview(null);
      if (radius < 0.5) o.say('The circle is too small: move the cursor away from the centre first.');
      else {
        o.add({ kind: 'circle', x: c.x, y: c.y, radius });
        o.say(`Circle drawn, ${(2 * radius).toFixed(1)} mm across. Write its comment in the list.`);
      }
    }
  };
  o.box.addEventListener('keydown', onKey);
  return () => o.box.removeEventListener('keydown', onKey);
}
