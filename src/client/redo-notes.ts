/** The instructor's pins and circles of the latest redo, drawn as a layer over the trainee's canvas while working. */
import type { DrillCanvas } from './drill-canvas.ts';

/** A pin or circle of the review, as the page embeds it. */
export interface RedoNote {
  kind: 'pin' | 'circle';
  x: number;
  y: number;
  radius: number;
  label: string;
  text: string;
}

/** Draws the notes on the canvas while `toggle` (if any) is checked, and follows it. */
export function showRedoNotes(canvas: DrillCanvas, notes: RedoNote[], toggle: HTMLInputElement | null): void {
  if (!notes.length) return;
  const apply = () => canvas.setAnnotations(!toggle || toggle.checked ? notes : []);
  toggle?.addEventListener('change', apply);
  apply();
}
