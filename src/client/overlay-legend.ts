/**
 * How the problem overlay draws each kind of mark, shared by the canvas (drawing) and the
 * pages' legends (only the kinds on the canvas are listed). No DOM access at import time.
 */
import type { MarkKind } from '../lib/drill/scoring.ts';
import { MARK_LOOKS, TRACK_COLOUR } from './overlay-styles.ts';

/** Stroke colour, dashed or solid, and the legend's words for one kind of overlay mark. */
export interface MarkStyle {
  colour: string;
  dashed: boolean;
  label: string;
}

const LABELS: Record<MarkKind, string> = {
  bare: 'bare patch',
  heavy: 'heavy area',
  thin: 'thin area',
  grid: 'grid patch',
  track: 'track',
  row: 'row',
  blot: 'blot or double tap',
  hole: 'impression in a hole',
  outside: 'spill outside the area',
  'front-gap': 'unreached hairline',
  'on-earlier': 'on top of a healed impression',
};

/** Style of every overlay mark kind of scoring v2 (circles in mm round the problem): `./overlay-styles.ts` with the legend's words. */
export const MARK_STYLES = Object.fromEntries(
  (Object.keys(MARK_LOOKS) as MarkKind[]).map((k) => [k, { ...MARK_LOOKS[k], label: LABELS[k] }]),
) as Record<MarkKind, MarkStyle>;

/** Colour of track lines (curved rows) in the overlay. */
export { TRACK_COLOUR };

/** What each legend element shows now (kinds and skipped kinds), so an unchanged legend is left alone. */
const shownLegends = new WeakMap<HTMLElement, string>();

/**
 * Fills `el` with a legend entry (a line in the mark's colour and style, and its words) per
 * kind of mark in `marks` but those in `skip` (a page's fixed legend has them already), and
 * records every kind present in `el.dataset.marks` (space-separated).
 */
export function renderMarkLegend(
  el: HTMLElement,
  marks: readonly { kind: MarkKind }[] | undefined | null,
  skip: readonly MarkKind[] = [],
): void {
  const kinds = markKindsIn(marks ?? []);
  // The live score renders after every impression: an unchanged legend is left alone.
  const shown = `${kinds.join(' ')}|${skip.join(' ')}`;
  if (shownLegends.get(el) === shown) return;
  shownLegends.set(el, shown);
  el.dataset.marks = kinds.join(' ');
  el.replaceChildren(
    ...kinds
      .filter((kind) => !skip.includes(kind))
      .map((kind) => {
        const style = MARK_STYLES[kind];
        const item = document.createElement('span');
        item.className = 'mark-key';
        item.dataset.mark = kind;
        const key = document.createElement('span');
        key.className = 'key';
        key.style.borderTop = `3px ${style.dashed ? 'dashed' : 'solid'} ${style.colour}`;
        item.append(key, ` ${style.label}`);
        return item;
      }),
  );
}

/** The mark kinds present in an overlay, in the order of `MARK_STYLES` (for a legend of what is shown). */
export function markKindsIn(marks: readonly { kind: MarkKind }[] | undefined): MarkKind[] {
  const present = new Set((marks ?? []).map((m) => m.kind));
  return (Object.keys(MARK_STYLES) as MarkKind[]).filter((k) => present.has(k));
}
